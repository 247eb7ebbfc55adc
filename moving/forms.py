from django import forms
from django.conf import settings


class ImportForm(forms.Form):
    export = forms.FileField(
        label="Your Goodreads export",
        help_text="goodreads_library_export.csv, from Goodreads: My Books, Import and export, Export Library.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_export(self):
        upload = self.cleaned_data["export"]
        limit = settings.LIBRARY_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"This file is {upload.size / 1_000_000:.1f} MB; an export of up to {limit // 1_000_000} MB is "
                "imported here (about 50,000 books)."
            )
        return upload


class DeleteAccountForm(forms.Form):
    KEEP, DELETE = "keep", "delete"

    password = forms.CharField(
        label="Your password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    writing = forms.ChoiceField(
        label="Your reviews, comments and posts",
        choices=[
            (KEEP, "Keep them, signed “a deleted member”, so that conversations still read well"),
            (DELETE, "Delete them (a post in a thread leaves a “deleted” stub, so others’ replies keep their place)"),
        ],
        widget=forms.RadioSelect,
        initial=KEEP,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
