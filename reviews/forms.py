from django import forms

from books.models import STARS

BODY_MAX_LENGTH = 10_000


class ReviewForm(forms.Form):
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
    body = forms.CharField(
        required=False,
        strip=True,
        label="Your review",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Markdown works: *emphasis*, **strong**, [links](https://example.org), > quotes. "
        "Blank lines start new paragraphs.",
    )
    is_spoiler = forms.BooleanField(required=False, label="This review contains spoilers")

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) > BODY_MAX_LENGTH:
            raise forms.ValidationError(f"Keep your review under {BODY_MAX_LENGTH:,} characters; it has {len(body):,}.")
        return body

    def clean(self):
        cleaned = super().clean()
        if not self.errors and cleaned.get("rating") is None and not cleaned.get("body"):
            raise forms.ValidationError("Give the book a rating, write a review, or both.")
        return cleaned

    @classmethod
    def for_review(cls, review, data=None):
        initial = {"rating": review.rating, "body": review.body, "is_spoiler": review.is_spoiler} if review else None
        return cls(data, initial=initial)


COMMENT_MAX_LENGTH = 2_000


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write something before posting."},
        help_text="Markdown works. Be kind.",
    )

    def clean_body(self):
        body = self.cleaned_data["body"]
        if len(body) > COMMENT_MAX_LENGTH:
            raise forms.ValidationError(
                f"Keep comments under {COMMENT_MAX_LENGTH:,} characters; this one has {len(body):,}."
            )
        return body
