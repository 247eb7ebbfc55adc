from django import forms

from books.models import Book
from core.forms import LengthLimits

from .models import Club


class ClubForm(LengthLimits, forms.ModelForm):
    class Meta:
        model = Club
        fields = ["name", "description", "visibility", "time_zone", "member_cap", "cover"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6}), "visibility": forms.RadioSelect}
        help_texts = {"description": "Markdown works.", "time_zone": "Where the club meets: its dates are its own."}
        error_messages = {"name": {"required": "Give the club a name."}}


def find_book(text):
    """The catalogue's book that text names (its title, or its address here), or a ValidationError
    that says what matched."""
    text = text.strip()
    slug = text.rstrip("/").rsplit("/", 1)[-1]
    found = Book.objects.filter(slug=slug).first() or Book.objects.filter(title__iexact=text).first()
    if found is None:
        matches = list(Book.objects.filter(title__icontains=text).order_by("title")[:6])
        if len(matches) == 1:
            found = matches[0]
        elif matches:
            names = "; ".join(book.title for book in matches[:5])
            raise forms.ValidationError(f"Several books match: {names}. Type the whole title.")
        else:
            raise forms.ValidationError(f"No book in the catalogue is called “{text}”.")
    return found


class JoinRequestForm(LengthLimits, forms.Form):
    message = forms.CharField(
        required=False, max_length=1_000, widget=forms.Textarea(attrs={"rows": 3}), label="A note to the organisers"
    )


class DecisionForm(LengthLimits, forms.Form):
    answer = forms.CharField(
        required=False, max_length=1_000, label="A note for them (if you decline)", widget=forms.TextInput
    )


class InvitationForm(forms.Form):
    username = forms.CharField(required=False, max_length=150, label="Invite a member by username")
    email = forms.EmailField(required=False, label="or by e-mail")
    days = forms.IntegerField(min_value=1, max_value=90, initial=14, label="Valid for (days)")
    max_uses = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=1_000,
        label="How many people may use the link",
        help_text="Empty for no limit.",
    )


class PickForm(forms.Form):
    book = forms.CharField(max_length=300, label="Book", help_text="Its title, or its address on this site.")
    starts_on = forms.DateField(label="Start", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="End", widget=forms.DateInput(attrs={"type": "date"}))
    reread = forms.BooleanField(required=False, label="Read it again (the club has read it before)")

    def clean_book(self):
        return find_book(self.cleaned_data["book"])

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end comes after the start.")
        return data


class MilestoneForm(forms.Form):
    label = forms.CharField(max_length=80, label="Label", help_text="“Week 1”, “Part One”.")
    chapter = forms.IntegerField(required=False, min_value=1, max_value=10_000, label="Up to chapter")
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        label="ends at page",
        help_text="In the club's edition; with a chapter, where that chapter ends.",
    )
    percent = forms.IntegerField(required=False, min_value=1, max_value=100, label="or percent")
    due_on = forms.DateField(label="Read by", widget=forms.DateInput(attrs={"type": "date"}))


# Empty rows shown: enough for a short schedule at once, and always two to add to a saved one.
NEW_SCHEDULE_ROWS = 4
MORE_ROWS = 2


def milestone_formset(saved):
    """The schedule's formset class, with room for more milestones after the saved ones."""
    extra = max(MORE_ROWS, NEW_SCHEDULE_ROWS - len(saved))
    return forms.formset_factory(MilestoneForm, extra=extra, max_num=52, validate_max=True)


class ScheduleVersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    edition = forms.ChoiceField(
        required=False,
        label="The club's edition",
        help_text="Pages in the schedule count in it; members read or listen to whichever edition they like.",
    )

    def __init__(self, *args, editions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.editions = {str(edition.pk): edition for edition in editions}
        if self.editions:
            self.fields["edition"].choices = [
                (pk, edition.summary or edition.display_title) for pk, edition in self.editions.items()
            ]
        else:
            del self.fields["edition"]

    def clean_edition(self):
        return self.editions.get(self.cleaned_data.get("edition") or "")


class LeaveForm(forms.Form):
    successor = forms.ChoiceField(required=False, label="Who will own the club after you")
