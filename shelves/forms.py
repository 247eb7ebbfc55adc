from django import forms


class ProgressForm(forms.Form):
    """Where a reader is: a page (of their edition's pages), a chapter, or a percentage."""

    page = forms.IntegerField(required=False, min_value=0, max_value=100_000)
    pages = forms.IntegerField(
        required=False, min_value=1, max_value=100_000, label="of pages", help_text="Your edition's page count."
    )
    chapter = forms.IntegerField(required=False, min_value=0, max_value=10_000)
    percent = forms.IntegerField(required=False, min_value=0, max_value=100, label="or percent")

    def clean(self):
        data = super().clean()
        if not self.errors and all(data.get(name) is None for name in ("page", "chapter", "percent")):
            raise forms.ValidationError("Give a page, a chapter or a percentage.")
        return data
