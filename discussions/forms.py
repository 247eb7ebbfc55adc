from django import forms

from core.forms import LengthLimits
from shelves.progress import Point

from .models import Post, Thread

BODY_HELP = "Markdown works; hide spoilers inline ||like this||."


def _body_field(label):
    return Post._meta.get_field("body").formfield(
        label=label,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
        error_messages={"required": "Write something before posting."},
    )


class SpoilerMarker(forms.Form):
    """ "Spoilers up to chapter N / page N": the post stays folded for readers not that far yet."""

    spoils_to_chapter = forms.IntegerField(
        required=False, min_value=1, max_value=10_000, label="Spoilers up to chapter"
    )
    spoils_to_page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100_000,
        label="or up to page",
        help_text="Readers not this far yet see your post folded. Leave both empty if it spoils nothing.",
    )

    def spoils_to(self):
        return Point(page=self.cleaned_data.get("spoils_to_page"), chapter=self.cleaned_data.get("spoils_to_chapter"))


class ThreadForm(LengthLimits, forms.ModelForm):
    body = _body_field("First post")

    class Meta:
        model = Thread
        fields = ["title", "spoiler_note", "spoils_earlier"]
        labels = {"spoiler_note": "Spoilers up to", "spoils_earlier": "It spoils the earlier books of the series"}
        help_texts = {
            "title": f"Up to {Thread._meta.get_field('title').max_length} characters.",
            "spoiler_note": 'Leave empty for none, or say how far: "chapter 12", "the end".',
        }
        error_messages = {"title": {"required": "Give the thread a title."}}


class PostForm(LengthLimits, SpoilerMarker):
    body = _body_field("Your reply")
    quoted = forms.IntegerField(required=False, widget=forms.HiddenInput)
    field_order = ["body", "spoils_to_chapter", "spoils_to_page", "quoted"]
