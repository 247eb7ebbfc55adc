from django import forms

from .models import POST_MAX_LENGTH, TITLE_MAX_LENGTH

BODY_HELP = "Markdown works; hide spoilers inline ||like this||."


def _body_field(label):
    return forms.CharField(
        label=label,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
        error_messages={"required": "Write something before posting."},
    )


def _check_length(body):
    if len(body) > POST_MAX_LENGTH:
        raise forms.ValidationError(f"Keep a post under {POST_MAX_LENGTH:,} characters; this one has {len(body):,}.")
    return body


class ThreadForm(forms.Form):
    title = forms.CharField(
        label="Title",
        strip=True,
        error_messages={"required": "Give the thread a title."},
        help_text=f"Up to {TITLE_MAX_LENGTH} characters.",
    )
    spoiler_note = forms.CharField(
        label="Spoilers up to",
        required=False,
        max_length=100,
        help_text='Leave empty for none, or say how far: "chapter 12", "the end".',
    )
    body = _body_field("First post")

    def clean_title(self):
        title = self.cleaned_data["title"]
        if len(title) > TITLE_MAX_LENGTH:
            raise forms.ValidationError(
                f"Keep the title under {TITLE_MAX_LENGTH} characters; this one has {len(title)}."
            )
        return title

    def clean_body(self):
        return _check_length(self.cleaned_data["body"])


class PostForm(forms.Form):
    body = _body_field("Your reply")
    quoted = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_body(self):
        return _check_length(self.cleaned_data["body"])
