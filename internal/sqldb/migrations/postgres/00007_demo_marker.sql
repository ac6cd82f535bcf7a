-- +goose Up
-- One row when the database was made by the demo (ims serve --demo, ims demo). serve --demo points
-- every GOV.UK Pay account at the built-in simulator, so it refuses a database without this row: test
-- card payments must never reach a council's real ledger.
CREATE TABLE demo_marker (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    marked_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE demo_marker;
