from django import forms

from core.forms import ClockField

MEASURES = ("page", "percent", "time")


def progress_initial(book, entry):
    """What the progress form shows first: where the member is, in their edition."""
    current = entry.progress if entry else None
    edition = (entry.edition if entry else None) or book.main_edition
    initial = {"pages": (current and current.pages) or (edition.pages if edition else None)}
    if entry and entry.edition_id:
        initial["edition"] = str(entry.edition_id)
    if current:
        initial.update(page=current.page, chapter=current.chapter, time=current.seconds)
        if current.page is None and current.seconds is None:
            initial["percent"] = current.percent
    return initial


class ProgressForm(forms.Form):
    """Where a reader is, in their own edition: a page (of its pages), a time of its audio, a chapter,
    or a percentage. What the member typed wins over what the form was filled with: a new percentage
    beside the page it showed counts as the percentage."""

    edition = forms.ChoiceField(required=False, label="Your edition")
    page = forms.IntegerField(required=False, min_value=0, max_value=100_000)
    pages = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        label="of pages",
        help_text="Your edition's page count, if it is not in the list.",
    )
    time = ClockField(required=False, label="or time", help_text="In an audiobook, hours:minutes: 5:00.")
    chapter = forms.IntegerField(required=False, min_value=0, max_value=10_000)
    percent = forms.IntegerField(required=False, min_value=0, max_value=100, label="or percent")

    def __init__(self, *args, editions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.editions = {str(edition.pk): edition for edition in editions}
        if len(self.editions) > 1:
            self.fields["edition"].choices = [("", "(as the book's main edition)")] + [
                (pk, edition.summary or edition.display_title) for pk, edition in self.editions.items()
            ]
        else:
            del self.fields["edition"]
        if not any(edition.audio_seconds for edition in self.editions.values()):
            del self.fields["time"]

    def clean_edition(self):
        value = self.cleaned_data.get("edition")
        return self.editions.get(value) if value else None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        typed = [name for name in MEASURES if name in self.changed_data and data.get(name) is not None]
        if typed:
            # The other measures still hold what the form showed: stale beside what was typed now.
            for name in MEASURES:
                if name not in typed and name in data:
                    data[name] = None
        if all(data.get(name) is None for name in ("page", "chapter", "percent", "time")):
            raise forms.ValidationError("Give a page, a time, a chapter or a percentage.")
        edition = data.get("edition")
        if edition is not None and edition.pages and "pages" not in self.changed_data:
            data["pages"] = None  # the count the form showed was another edition's: the chosen one's counts
        data["seconds"] = data.pop("time", None)
        return data
