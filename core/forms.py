"""Form helpers every app uses: text limits come from the models' max_length, said one way."""

from django.core.exceptions import ValidationError
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
