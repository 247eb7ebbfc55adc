from django import forms

from core.forms import LengthLimits

from .models import User


class ProfileForm(LengthLimits, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "bio", "time_zone"]
        labels = {"display_name": "Display name", "bio": "About you", "time_zone": "Your time zone"}
        help_texts = {
            "display_name": "Shown instead of your username. Leave empty to use your username.",
            "time_zone": "Meeting times are shown in it, with the club's beside them; empty for the club's own.",
            "bio": f"A few words for your public page (up to {User._meta.get_field('bio').max_length:,} characters).",
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 5})}

    def clean_bio(self):
        return self.cleaned_data["bio"].strip()

    def clean_display_name(self):
        return self.cleaned_data["display_name"].strip()


class SignupForm(forms.Form):
    """allauth's sign-up plus a honeypot: a field people never see, that spam robots fill in."""

    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        # A person's browser sends the field, empty; a robot fills it in, or leaves it out altogether.
        if self.cleaned_data["website"] or "website" not in self.data:
            raise forms.ValidationError("Sign-up refused.")
        return ""

    def signup(self, request, user):
        """allauth's hook after its own fields are saved; nothing more to store."""
