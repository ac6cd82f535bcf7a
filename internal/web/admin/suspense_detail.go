package admin

import (
	"net/http"
	"strconv"

	"github.com/ims-council/ims"
	"github.com/ims-council/ims/internal/web"
)

// suspenseDetailPage is one suspense item: its amounts and status, what arrived with it, its notes
// and the allocations that took from it, with the note form.
type suspenseDetailPage struct {
	ims.SuspenseItem
	Amount, AllocatedText, Remaining, Received, Created, Status, TagClass string
	Open                                                                  bool
	Notes                                                                 []suspenseNoteRow
	Allocations                                                           []suspenseAllocationRow
	NoteText, NoteError                                                   string
}

type suspenseNoteRow struct{ Who, When, Text string }

type suspenseAllocationRow struct{ Receipt, Amount, Who, When string }

// suspenseDetail shows a suspense item.
func (a *Admin) suspenseDetail(w http.ResponseWriter, r *http.Request) {
	a.showSuspenseItem(w, r, http.StatusOK, "", nil)
}

// suspenseAddNote records a note on an item and shows the item again.
func (a *Admin) suspenseAddNote(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "suspense item")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	text := r.PostFormValue("text")
	if err := a.Suspense.AddNote(r.Context(), web.PrincipalFrom(r.Context()), id, text); err != nil {
		a.formFailed(w, r, err, func() { a.showSuspenseItem(w, r, http.StatusUnprocessableEntity, text, err) })
		return
	}
	a.flash(r, "Note added")
	http.Redirect(w, r, suspenseItemPath(id)+"#notes", http.StatusSeeOther)
}

func (a *Admin) showSuspenseItem(w http.ResponseWriter, r *http.Request, status int, note string, noteErr error) {
	id, err := pathID(r, "suspense item")
	if err != nil {
		a.fail(w, r, err)
		return
	}
	it, err := a.Suspense.Get(r.Context(), web.PrincipalFrom(r.Context()), id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	actors := []string{it.CreatedBy}
	for _, al := range it.Allocations {
		actors = append(actors, al.AllocatedBy)
	}
	names, err := a.Suspense.ActorNames(r.Context(), web.PrincipalFrom(r.Context()), actors)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	it.CreatedBy = names[it.CreatedBy]
	v := suspenseDetailPage{SuspenseItem: it, Amount: it.Amount.Display(), AllocatedText: it.Allocated.Display(),
		Remaining: it.Remaining().Display(), Received: ukDate(it.Received), Created: ukTime(it.CreatedAt),
		Open: it.Remaining() > 0, NoteText: note}
	v.Status, v.TagClass = statusTag(it.Status())
	for _, n := range it.Notes {
		who := n.AuthorName
		if who == "" {
			who = n.Author
		}
		v.Notes = append(v.Notes, suspenseNoteRow{Who: who, When: ukTime(n.At), Text: n.Text})
	}
	for _, al := range it.Allocations {
		v.Allocations = append(v.Allocations, suspenseAllocationRow{Receipt: al.Receipt, Amount: al.Amount.Display(),
			Who: names[al.AllocatedBy], When: ukTime(al.At)})
	}
	title := "Suspense item " + strconv.FormatInt(it.ID, 10)
	if noteErr != nil {
		v.NoteError = ims.ErrorFields(noteErr)["text"]
		if v.NoteError == "" {
			v.NoteError = ims.ErrorMessage(noteErr)
		}
		title = "Error: " + title
	}
	a.render(w, r, status, "admin-suspense-detail", title, v)
}
