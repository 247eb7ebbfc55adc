"""Form helpers every app uses: text limits come from the models' max_length, said one way."""

import re

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator


class LengthLimit(MaxLengthValidator):
    message = "Keep it to %(limit)s characters: this has %(length)s."

    def __call__(self, value):
        if len(value) > self.limit_value:
            params = {"limit": f"{self.limit_value:,}", "length": f"{len(value):,}"}
            raise ValidationError(self.message, code="max_length", params=params)


class LengthLimits:
    """A form mixin: every field with a max_length (a model's, through a ModelForm) checks it with the
    site's one message, "Keep it to 2,000 characters: this has 2,345."; what was typed is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            limit = getattr(field, "max_length", None)
            if limit:
                others = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
                field.validators = [*others, LengthLimit(limit)]


def save_or_explain(form, write):
    """write() (a service call) and its result; when it refuses (ValidationError, PermissionDenied: a
    suspension or a lost confirmation since the form was shown), None, with why on the form, so that
    the page shows it above what the member typed instead of a bare error page."""
    try:
        return write()
    except ValidationError as error:
        form.add_error(None, error)
    except PermissionDenied as refusal:
        form.add_error(None, str(refusal) or "You cannot do that.")
        form.refused = True
    return None


def form_status(form):
    """The status a form page answers with: 403 when the write was refused, 400 for other errors."""
    if getattr(form, "refused", False):
        return 403
    return 400 if form.errors else 200


def parse_clock(text):
    """Seconds in "5:00:00" or "5:00" (hours and minutes), "1h 20m" or "90" (minutes): a place in an
    audiobook, or its length; ValueError."""
    text = (text or "").strip().lower()
    found = re.fullmatch(r"(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?", text)
    if found and any(found.groups()):
        return int(found[1] or 0) * 3600 + int(found[2] or 0) * 60
    parts = text.split(":")
    if not 1 <= len(parts) <= 3 or not all(part.isdigit() for part in parts):
        raise ValueError(text)
    numbers = [int(part) for part in parts]
    if len(numbers) == 1:
        return numbers[0] * 60
    if any(number >= 60 for number in numbers[1:]):
        raise ValueError(text)
    if len(numbers) == 2:
        return numbers[0] * 3600 + numbers[1] * 60
    return numbers[0] * 3600 + numbers[1] * 60 + numbers[2]


class ClockField(forms.Field):
    """A time typed as hours:minutes (5:42, 5:42:10, 1h 20m), cleaned to seconds."""

    widget = forms.TextInput(attrs={"maxlength": 12, "inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            seconds = parse_clock(value)
        except ValueError:
            raise forms.ValidationError("Give the time as hours:minutes, like 5:00 or 5:42:10.") from None
        if seconds > 500 * 3600:
            raise forms.ValidationError("That is longer than any audiobook.")
        return seconds

    def prepare_value(self, value):
        if isinstance(value, int):
            hours, rest = divmod(value, 3600)
            minutes, seconds = divmod(rest, 60)
            return f"{hours}:{minutes:02d}:{seconds:02d}"
        return value
