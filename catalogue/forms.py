"""The forms of the open catalogue: finding a book before adding it, a book with its first edition, an
edition, an edit, a flag. Every refusal keeps what was typed (a cover must be chosen again: browsers
never keep a file)."""

import re
from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from books.isbn import parse_isbn
from books.languages import DATALIST_ID, language_code, language_name
from books.models import Book, DatePrecision, Format
from core.forms import ClockField, LengthLimits

NAME_SEPARATORS = re.compile(r"[\n;]|,(?![^()]*\))")
# Covers larger than this (either side, in pixels) are refused: a page never shows one that big, and a
# small file that unpacks to a huge image (a decompression bomb) is refused before it is.
COVER_MAX_SIDE = 6_000


def names(text):
    """ "Ann Patchett, Tom Hanks" or one name a line: the names, in order."""
    return [name for name in (" ".join(part.split()) for part in NAME_SEPARATORS.split(text or "")) if name]


def partial_date(text):
    """(date, precision) for "2010", "2010-03", "March 2010", "2010-03-05": as precise as given."""
    text = (text or "").strip()
    if not text:
        return None, DatePrecision.YEAR
    found = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
    if found:
        year, month, day = (int(value) if value else None for value in found.groups())
    else:
        months = {
            name.casefold(): n
            for n, name in enumerate(
                [
                    "January",
                    "February",
                    "March",
                    "April",
                    "May",
                    "June",
                    "July",
                    "August",
                    "September",
                    "October",
                    "November",
                    "December",
                ],
                start=1,
            )
        }
        words = text.replace(",", " ").split()
        month = next((months[w.casefold()] for w in words if w.casefold() in months), None)
        numbers = [int(w) for w in words if w.isdigit()]
        year = next((n for n in numbers if n > 31), None)
        day = next((n for n in numbers if n <= 31), None) if month else None
        if year is None:
            raise ValidationError("Give a year (2010), a month (2010-03) or a day (2010-03-05).")
    if not 1 <= year <= date.today().year + 2:
        raise ValidationError(f"{year} is not a year books were published in.")
    try:
        if day:
            return date(year, month, day), DatePrecision.DAY
        if month:
            return date(year, month, 1), DatePrecision.MONTH
    except ValueError:
        raise ValidationError("That day does not exist.") from None
    return date(year, 1, 1), DatePrecision.YEAR


def partial_date_text(value, precision):
    """A date as precise as it is known, as PartialDateField reads it back: 2010, 2010-03, 2010-03-05."""
    if value is None:
        return ""
    return value.strftime(
        {DatePrecision.YEAR: "%Y", DatePrecision.MONTH: "%Y-%m", DatePrecision.DAY: "%Y-%m-%d"}[precision]
    )


class LanguageField(forms.CharField):
    """A language typed by name or code ("French", "fr"), offered from the page's list of names
    (books.languages.language_datalist); cleaned to its code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Its name in English, like French or Japanese.")
        super().__init__(max_length=60, required=False, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "list": DATALIST_ID, "autocomplete": "off"}

    def prepare_value(self, value):
        return language_name(value) if value and value == language_code(value) else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        code = language_code(value)
        if code is None:
            raise ValidationError("Choose a language from the list (its name in English, like French).")
        return code


class PartialDateField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "A year, a month (2010-03) or a day (2010-03-05).")
        super().__init__(max_length=30, required=False, **kwargs)

    def clean(self, value):
        return partial_date(super().clean(value))


class IsbnField(forms.CharField):
    """An ISBN-10 or ISBN-13 as typed (hyphens, spaces): cleaned to (isbn13, isbn10), or None."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "ISBN")
        kwargs.setdefault(
            "help_text", "10 or 13 digits, hyphens or not: on the back of the book or its copyright page."
        )
        super().__init__(max_length=40, required=False, **kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "numeric", "autocomplete": "off"}

    def clean(self, value):
        value = super().clean(value)
        return parse_isbn(value) if value else None


class CoverField(forms.ImageField):
    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "A JPEG, PNG or WebP picture of the front cover, up to 5 MB.")
        super().__init__(required=False, **kwargs)

    def to_python(self, data):
        if data and data.size > settings.COVER_MAX_BYTES:
            raise ValidationError(f"That picture is larger than {settings.COVER_MAX_BYTES // (1024 * 1024)} MB.")
        found = super().to_python(data)  # Pillow reads it: not a picture, or a decompression bomb, fails here
        image = getattr(found, "image", None)
        if image is not None and max(image.size) > COVER_MAX_SIDE:
            raise ValidationError(f"That picture is more than {COVER_MAX_SIDE:,} pixels across: make it smaller.")
        if image is not None and image.format not in ("JPEG", "PNG", "WEBP", "GIF"):
            raise ValidationError("Upload a JPEG, PNG or WebP picture.")
        return found


class FindForm(LengthLimits, forms.Form):
    """The first step of adding a book: is it here already? An ISBN, or a title and an author."""

    isbn = IsbnField()
    title = forms.CharField(max_length=300, required=False, label="or its title")
    author = forms.CharField(max_length=200, required=False, label="and an author")

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("isbn") and not data.get("title", "").strip():
            raise ValidationError("Give the ISBN, or the title (and an author) to look for.")
        return data


class EditionFields(LengthLimits, forms.Form):
    """What tells one edition of a book from another."""

    format = forms.ChoiceField(choices=[("", "(not known)"), *Format.choices], required=False)
    format_detail = forms.CharField(
        max_length=100,
        required=False,
        label="Format as printed",
        help_text="“Mass Market Paperback”, “Kindle Edition”.",
    )
    isbn = IsbnField()
    edition_title = forms.CharField(
        max_length=300, required=False, label="Title of this edition", help_text="Only if it differs (a translation)."
    )
    language = LanguageField(label="Language of this edition")
    translators = forms.CharField(
        max_length=600,
        required=False,
        help_text="Separate several with commas.",
        label="Translated by",
        widget=forms.TextInput(
            attrs={"data-author-names": reverse_lazy("catalogue:author_names"), "autocomplete": "off"}
        ),
    )
    publisher = forms.CharField(max_length=200, required=False)
    published = PartialDateField(label="Published")
    pages = forms.IntegerField(required=False, min_value=1, max_value=100_000)
    audio_length = ClockField(
        required=False, label="or audio length", help_text="Hours:minutes:seconds, like 10:05:00."
    )
    chapters = forms.IntegerField(required=False, min_value=1, max_value=10_000, label="Number of chapters")
    cover = CoverField()

    def edition_values(self):
        """The cleaned values as Edition fields."""
        data = self.cleaned_data
        isbn13, isbn10 = data.get("isbn") or ("", "")
        published, precision = data.get("published") or (None, DatePrecision.YEAR)
        values = {
            "format": data.get("format") or "",
            "format_detail": data.get("format_detail", "").strip(),
            "isbn13": isbn13,
            "isbn10": isbn10,
            "title": data.get("edition_title", "").strip(),
            "language": data.get("language") or "",
            "publisher": data.get("publisher", "").strip(),
            "published_on": published,
            "published_precision": precision,
            "pages": data.get("pages"),
            "audio_seconds": data.get("audio_length") or None,
            "chapters": data.get("chapters"),
        }
        if data.get("cover"):
            values["cover"] = data["cover"]
        return values

    def clean(self):
        data = super().clean()
        if data.get("format") == Format.AUDIOBOOK and data.get("pages") and not data.get("audio_length"):
            self.add_error("audio_length", "Give the audiobook's length (its pages are the print edition's).")
        return data


class BookForm(EditionFields):
    """A new book and its first edition, in one form: what a member fills in from a phone in a minute.
    Only the title and an author are required."""

    title = forms.CharField(max_length=300, error_messages={"required": "Give the book's title."})
    authors = forms.CharField(
        max_length=600,
        label="Author",
        help_text="Separate several with commas; existing authors are found by name.",
        error_messages={"required": "Give an author (“Anonymous” if nobody knows)."},
        widget=forms.TextInput(
            attrs={"data-author-names": reverse_lazy("catalogue:author_names"), "autocomplete": "off"}
        ),
    )
    original_language = LanguageField(label="Written in")
    first_published = PartialDateField(label="First published")
    series = forms.CharField(max_length=200, required=False, help_text="Its name, if it belongs to one.")
    series_position = forms.DecimalField(
        required=False, min_value=0, max_value=99_999, decimal_places=2, label="Number in the series"
    )
    description = forms.CharField(required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}))
    # The signature of the title, authors and ISBN the member said are not a book the catalogue has.
    confirmed = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = [
        "isbn",
        "title",
        "authors",
        "format",
        "format_detail",
        "pages",
        "audio_length",
        "chapters",
        "language",
        "original_language",
        "series",
        "series_position",
        "cover",
        "description",
        "first_published",
        "publisher",
        "published",
        "edition_title",
        "translators",
    ]

    def clean_authors(self):
        found = names(self.cleaned_data["authors"])
        if not found:
            raise ValidationError("Give an author (“Anonymous” if nobody knows).")
        return found

    def clean(self):
        data = super().clean()
        if data.get("series_position") is not None and not (data.get("series") or "").strip():
            self.add_error("series_position", "A number in a series needs the series' name.")
        return data

    def book_values(self):
        data = self.cleaned_data
        first, precision = data.get("first_published") or (None, DatePrecision.YEAR)
        return {
            "title": data["title"],
            "authors": data["authors"],
            "translators": names(data.get("translators")),
            "series": data.get("series") or None,
            "series_position": data.get("series_position"),
            "description": data.get("description", ""),
            "first_published": first,
            "first_published_precision": precision,
            "original_language": data.get("original_language") or "",
        }


class EditionForm(EditionFields):
    field_order = [
        "isbn",
        "format",
        "format_detail",
        "pages",
        "audio_length",
        "chapters",
        "language",
        "edition_title",
        "translators",
        "publisher",
        "published",
        "cover",
    ]


class BookEditForm(LengthLimits, forms.Form):
    """A book's own facts, as a librarian (or the member who added it) changes them."""

    title = forms.CharField(max_length=300)
    authors = forms.CharField(
        max_length=600,
        label="Authors",
        help_text="Separate several with commas.",
        widget=forms.TextInput(
            attrs={"data-author-names": reverse_lazy("catalogue:author_names"), "autocomplete": "off"}
        ),
    )
    series = forms.CharField(max_length=200, required=False)
    series_position = forms.DecimalField(
        required=False, min_value=0, max_value=99_999, decimal_places=2, label="Number in the series"
    )
    description = forms.CharField(required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 6}))
    first_published = PartialDateField(label="First published")
    original_language = LanguageField(label="Written in")
    cover = CoverField()

    @classmethod
    def initial_for(cls, book):
        first = partial_date_text(book.first_published, book.first_published_precision)
        return {
            "title": book.title,
            "authors": ", ".join(author.name for author in book.authors.all()),
            "series": book.series.name if book.series_id else "",
            "series_position": book.series_position,
            "description": book.description,
            "first_published": first,
            "original_language": book.original_language,
        }

    def clean_authors(self):
        found = names(self.cleaned_data["authors"])
        if not found:
            raise ValidationError("Give at least one author.")
        return found

    def book_fields(self):
        data = self.cleaned_data
        first, precision = data.get("first_published") or (None, DatePrecision.YEAR)
        fields = {
            "title": " ".join(data["title"].split()),
            "series": data.get("series") or None,
            "series_position": data.get("series_position"),
            "description": data.get("description", "").strip(),
            "first_published": first,
            "first_published_precision": precision,
            "original_language": data.get("original_language") or "",
        }
        if data.get("cover"):
            fields["cover"] = data["cover"]
        return fields


def edition_initial(edition):
    published = partial_date_text(edition.published_on, edition.published_precision)
    return {
        "format": edition.format,
        "format_detail": edition.format_detail,
        "isbn": edition.isbn13,
        "edition_title": edition.title,
        "language": edition.language,
        "translators": ", ".join(person.name for person in edition.translators.all()),
        "publisher": edition.publisher,
        "published": published,
        "pages": edition.pages,
        "audio_length": edition.audio_seconds,
        "chapters": edition.chapters,
    }


class NameForm(LengthLimits, forms.Form):
    name = forms.CharField(max_length=200)
    text = forms.CharField(required=False, max_length=10_000, widget=forms.Textarea(attrs={"rows": 6}), label="About")


def find_in_catalogue(text, *, model=Book):
    """The row of model that text names: its address on the site (or the last part of it), or its exact
    title or name. ValidationError otherwise."""
    text = (text or "").strip()
    slug = text.rstrip("/").rsplit("/", 1)[-1]
    label = "title" if model is Book else "name"
    found = model.objects.filter(slug=slug).first() or model.objects.filter(**{f"{label}__iexact": text}).first()
    if found is None:
        raise ValidationError(f"Nothing in the catalogue has that address or {label}: paste its address.")
    return found


class FlagForm(LengthLimits, forms.Form):
    kind = forms.ChoiceField(
        choices=[
            ("wrong", "Something about it is wrong (title, author, a fact, the cover)"),
            ("duplicate", "It is the same book as another one here"),
        ],
        widget=forms.RadioSelect,
        label="What is the problem?",
    )
    duplicate_of = forms.CharField(
        max_length=300,
        required=False,
        label="The other book",
        help_text="Its address on this site, or its exact title.",
    )
    note = forms.CharField(
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What should a librarian know?",
    )

    def clean(self):
        data = super().clean()
        if data.get("kind") == "duplicate":
            try:
                data["duplicate_of"] = find_in_catalogue(data.get("duplicate_of"))
            except ValidationError as error:
                self.add_error("duplicate_of", error)
        else:
            data["duplicate_of"] = None
        return data


class PickRowForm(forms.Form):
    """One row named by its address: the other book (author, series) of a merge, or an edition's new book."""

    other = forms.CharField(
        max_length=300, label="The other one", help_text="Its address on this site, or its exact title."
    )

    def __init__(self, *args, model=Book, **kwargs):
        super().__init__(*args, **kwargs)
        self.model = model

    def clean_other(self):
        return find_in_catalogue(self.cleaned_data["other"], model=self.model)
