from django import forms

from clubs.forms import find_book
from core.forms import LengthLimits

from .models import Method


class RoundForm(LengthLimits, forms.Form):
    title = forms.CharField(max_length=120, initial="What do we read next?")
    method = forms.ChoiceField(
        choices=Method.choices,
        initial=Method.IRV,
        widget=forms.RadioSelect,
        label="How the votes are counted",
        help_text="Instant runoff: the least-wanted book drops out until one has a majority. Schulze: the book "
        "preferred to each other one, head to head. Borda: points by rank.",
    )
    nominations_per_member = forms.IntegerField(min_value=1, max_value=10, initial=2, label="Nominations per member")
    show_running_count = forms.BooleanField(
        required=False, label="Show the count while the vote is open", help_text="Otherwise it shows when it closes."
    )


class NominationForm(LengthLimits, forms.Form):
    book = forms.CharField(max_length=300, label="Book", help_text="Its title, or its address on this site.")
    pitch = forms.CharField(
        max_length=280, required=False, label="Your pitch", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the club should read it, in a few words.",
    )  # fmt: skip

    def clean_book(self):
        return find_book(self.cleaned_data["book"])


ORDINALS = ["1st", "2nd", "3rd"] + [f"{n}th" for n in range(4, 21)]


class BallotForm(forms.Form):
    """One select per place in the ranking: "1st choice", "2nd choice"... A book chosen at two places
    is refused with its name, and what was chosen stays chosen."""

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.nominations = {str(n.pk): n for n in nominations}
        choices = [("", "(no more)")] + [(str(n.pk), n.book.title) for n in nominations]
        for place in range(len(nominations)):
            self.fields[f"rank_{place + 1}"] = forms.ChoiceField(
                choices=choices, required=place == 0, label=f"{ORDINALS[place] if place < 20 else place + 1} choice"
            )
        if nominations:
            self.fields["rank_1"].error_messages["required"] = "Choose at least your first choice."

    def clean(self):
        data = super().clean()
        ranking, seen = [], set()
        for name in self.fields:
            value = data.get(name)
            if not value:
                continue
            if value in seen:
                self.add_error(name, f"You ranked {self.nominations[value].book.title} twice: rank each book once.")
            seen.add(value)
            ranking.append(int(value))
        data["ranking"] = ranking
        return data


class PickDatesForm(forms.Form):
    starts_on = forms.DateField(label="Start", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="End", widget=forms.DateInput(attrs={"type": "date"}))
