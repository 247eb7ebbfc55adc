"""Form helpers every app uses: text limits come from the models' max_length, said one way."""

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
