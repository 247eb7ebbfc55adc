from django import forms

from .models import Frequency


class PreferencesForm(forms.Form):
    """How often mail comes: one choice for everything outside clubs, one per club."""

    def __init__(self, *args, clubs, chosen, **kwargs):
        super().__init__(*args, **kwargs)
        self.clubs = clubs
        self.fields["site"] = forms.ChoiceField(
            label="Replies and quotes outside clubs", choices=Frequency.choices, initial=chosen.get(None)
        )
        for club in clubs:
            self.fields[f"club_{club.pk}"] = forms.ChoiceField(
                label=club.name, choices=Frequency.choices, initial=chosen.get(club.pk)
            )

    def choices(self):
        """[(club or None, frequency)] as submitted."""
        return [(None, self.cleaned_data["site"])] + [
            (club, self.cleaned_data[f"club_{club.pk}"]) for club in self.clubs
        ]
