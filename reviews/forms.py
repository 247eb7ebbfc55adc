from django import forms

from books.models import STARS
from core.forms import LengthLimits

from .models import Review, ReviewComment


class ReviewForm(LengthLimits, forms.ModelForm):
    """A rating, a review, or both; the member's text is kept whatever goes wrong."""

    rating = forms.TypedChoiceField(
        choices=[("", "No rating")] + [(star, f"{star} star{'s' if star > 1 else ''}") for star in reversed(STARS)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label="Your rating",
        error_messages={"invalid_choice": "A rating is from 1 to 5 stars."},
    )

    class Meta:
        model = Review
        fields = ["rating", "body", "is_spoiler", "spoils_earlier"]
        labels = {
            "body": "Your review",
            "is_spoiler": "This review contains spoilers",
            "spoils_earlier": "It spoils the earlier books of the series",
        }
        help_texts = {
            "body": "Markdown works: *emphasis*, **strong**, [links](https://example.org), > quotes. "
            "Blank lines start new paragraphs."
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("rating") is None and not cleaned.get("body"):
            raise forms.ValidationError("Give the book a rating, write a review, or both.")
        return cleaned

    @classmethod
    def for_review(cls, review, data=None):
        return cls(data, instance=review)


class CommentForm(LengthLimits, forms.ModelForm):
    class Meta:
        model = ReviewComment
        fields = ["body"]
        labels = {"body": "Your comment"}
        help_texts = {"body": "Markdown works. Be kind."}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"body": {"required": "Write something before posting."}}
