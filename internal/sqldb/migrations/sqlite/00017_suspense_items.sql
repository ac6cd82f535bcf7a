-- +goose Up
-- A suspense item is money received that could not be allocated (ADR 23). Its receipt is a posting
-- into the suspense fund; allocations are zero-sum postings out of it. allocated only grows, by a
-- conditional UPDATE on version, so two people allocating the same item at once cannot both take it.
-- posting_line is the item's suspense_in line of that posting (an import's posting has many).
CREATE TABLE suspense_items (
    id              INTEGER PRIMARY KEY,
    amount          BIGINT NOT NULL CHECK (amount > 0),
    allocated       BIGINT NOT NULL CHECK (allocated >= 0 AND allocated <= amount),
    version         BIGINT NOT NULL,
    received_on     DATE NOT NULL,
    reference       TEXT NOT NULL,
    narrative       TEXT NOT NULL,
    mop             TEXT NOT NULL,
    source          TEXT NOT NULL,
    import_id       BIGINT,
    reason          TEXT NOT NULL,
    posting_id      BIGINT NOT NULL REFERENCES postings (id) DEFERRABLE INITIALLY DEFERRED,
    posting_line    BIGINT NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    idempotency_key TEXT,
    request_hash    TEXT NOT NULL,
    UNIQUE (created_by, idempotency_key)
);
CREATE INDEX suspense_items_received ON suspense_items (received_on, id);
CREATE INDEX suspense_items_posting ON suspense_items (posting_id);
CREATE INDEX suspense_items_import ON suspense_items (import_id);
CREATE INDEX suspense_items_open ON suspense_items (id) WHERE allocated < amount;

CREATE TABLE suspense_notes (
    id          INTEGER PRIMARY KEY,
    item_id     BIGINT NOT NULL REFERENCES suspense_items (id),
    author      TEXT NOT NULL,
    author_name TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX suspense_notes_item ON suspense_notes (item_id);

CREATE TABLE suspense_allocations (
    id              INTEGER PRIMARY KEY,
    posting_id      BIGINT NOT NULL REFERENCES postings (id) DEFERRABLE INITIALLY DEFERRED,
    allocated_by    TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    idempotency_key TEXT,
    request_hash    TEXT NOT NULL,
    UNIQUE (allocated_by, idempotency_key)
);
CREATE INDEX suspense_allocations_posting ON suspense_allocations (posting_id);

CREATE TABLE suspense_allocation_items (
    allocation_id BIGINT NOT NULL REFERENCES suspense_allocations (id),
    item_id       BIGINT NOT NULL REFERENCES suspense_items (id),
    amount        BIGINT NOT NULL CHECK (amount > 0),
    PRIMARY KEY (allocation_id, item_id)
);
CREATE INDEX suspense_allocation_items_item ON suspense_allocation_items (item_id);

-- +goose Down
DROP TABLE suspense_allocation_items;
DROP TABLE suspense_allocations;
DROP TABLE suspense_notes;
DROP TABLE suspense_items;
