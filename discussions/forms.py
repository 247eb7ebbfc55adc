from django import forms

from core.forms import LengthLimits

from .models import Post, Thread

BODY_HELP = "Markdown works; hide spoilers inline ||like this||."


def _body_field(label):
    return Post._meta.get_field("body").formfield(
        label=label,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
        error_messages={"required": "Write something before posting."},
    )


class ThreadForm(LengthLimits, forms.ModelForm):
    body = _body_field("First post")

    class Meta:
        model = Thread
        fields = ["title", "spoiler_note"]
        labels = {"spoiler_note": "Spoilers up to"}
        help_texts = {
            "title": f"Up to {Thread._meta.get_field('title').max_length} characters.",
            "spoiler_note": 'Leave empty for none, or say how far: "chapter 12", "the end".',
        }
        error_messages = {"title": {"required": "Give the thread a title."}}


class PostForm(LengthLimits, forms.Form):
    body = _body_field("Your reply")
    quoted = forms.IntegerField(required=False, widget=forms.HiddenInput)
