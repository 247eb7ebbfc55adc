"""ISBNs as readers type them: ISBN-10 or ISBN-13, with or without hyphens and spaces, checked digit by
digit by python-stdnum, kept as ISBN-13 (the ISBN-10 too, where there is one)."""

from django.core.exceptions import ValidationError
from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.exceptions import ValidationError as Bad

# Spaces, hyphens and the dashes a phone's keyboard or a copied page puts between an ISBN's groups.
TYPED_PUNCTUATION = str.maketrans("", "", " -\u2010\u2011\u2012\u2013\u2014_.")


def parse_isbn(text):
    """(isbn13, isbn10) for what was typed, "" for the ISBN-10 of a 979 number; ValidationError saying
    what is wrong (letters, the length, the check digit)."""
    typed = (text or "").strip()
    compact = typed.translate(TYPED_PUNCTUATION).upper()
    if not compact:
        raise ValidationError("Type the ISBN: 10 or 13 digits.", code="empty")
    if not all(char.isdigit() for char in compact[:-1]) or not (compact[-1].isdigit() or compact[-1] == "X"):
        raise ValidationError(
            "An ISBN has only digits (and an X at the end of some ISBN-10s): check what was typed.", code="format"
        )
    try:
        valid = stdnum_isbn.validate(compact)
    except InvalidLength as error:
        raise ValidationError(f"An ISBN has 10 or 13 digits; this has {len(compact)}.", code="length") from error
    except InvalidChecksum as error:
        raise ValidationError(
            "That ISBN's last digit (its check digit) does not fit the others: a digit is probably mistyped.",
            code="checksum",
        ) from error
    except (InvalidComponent, InvalidFormat, Bad) as error:
        raise ValidationError("That is not an ISBN: an ISBN-13 begins with 978 or 979.", code="invalid") from error
    isbn13 = stdnum_isbn.to_isbn13(valid)
    return isbn13, isbn_ten(isbn13)


def isbn_ten(isbn13):
    """The ISBN-10 of a 978 ISBN-13, "" for a 979 one."""
    return stdnum_isbn.to_isbn10(isbn13) if isbn13 and isbn13.startswith("978") else ""


def isbn13_or_none(text):
    """The ISBN-13 of text when it is a valid ISBN, else None (for a search box, an import's cell)."""
    try:
        return parse_isbn(text)[0]
    except ValidationError:
        return None


def looks_like_isbn(text):
    compact = (text or "").strip().translate(TYPED_PUNCTUATION)
    return len(compact) in (10, 13) and compact[:-1].isdigit()


def hyphenated(isbn13):
    """978-0-14-103223-8: how it is printed, where stdnum knows the ranges; the digits otherwise."""
    if not isbn13:
        return ""
    try:
        return stdnum_isbn.format(isbn13)
    except Bad:
        return isbn13
