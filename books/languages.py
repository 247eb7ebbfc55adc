"""Languages of books and editions, by ISO 639 code (pycountry's list, kept up to date upstream).

Codes are stored as ISO 639-1 ("en", "fr") where the language has one, else ISO 639-3 ("ast"); the
choices offered are the languages with a two-letter code, which is every language publishers print
in. Open Library names languages by MARC code ("/languages/fre"), which code_from_marc() reads.
"""

from functools import cache

import pycountry
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.safestring import mark_safe


@cache
def _languages():
    """{code: English name} of the living languages with a two-letter code, by name."""
    found = {}
    for language in pycountry.languages:
        code = getattr(language, "alpha_2", None)
        if code:
            found[code] = language.name
    return dict(sorted(found.items(), key=lambda item: item[1]))


def language_choices(blank="(not known)"):
    return [("", blank), *_languages().items()]


# The id of the page's list of language names, which language fields offer as the member types.
DATALIST_ID = "language-names"


@cache
def language_datalist():
    """<datalist> of every language's name, made once: a select of 180 options rendered by Django's widget
    templates cost a form page more than the rest of it."""
    options = "".join(f'<option value="{escape(name)}">' for name in _languages().values())
    return mark_safe(f'<datalist id="{DATALIST_ID}">{options}</datalist>')


@cache
def _lookup(code):
    if not code:
        return None
    code = code.strip().lower()
    if code in _languages():
        return code
    try:
        language = pycountry.languages.lookup(code)
    except LookupError:
        return None
    return getattr(language, "alpha_2", None) or language.alpha_3


def language_code(text):
    """The stored code of a language given by code or English name ("fre", "French", "fr"), or None."""
    return _lookup((text or "").strip()[:40])


def code_from_marc(marc):
    """ "fre" (MARC 21, ISO 639-2/B) to "fr"; None for a code no language has."""
    marc = (marc or "").strip().lower()
    if not marc:
        return None
    language = pycountry.languages.get(bibliographic=marc) or pycountry.languages.get(alpha_3=marc)
    if language is None:
        return None
    return getattr(language, "alpha_2", None) or language.alpha_3


def language_name(code):
    if not code:
        return ""
    if code in _languages():
        return _languages()[code]
    language = pycountry.languages.get(alpha_3=code)
    return language.name if language else code


def validate_language(code):
    if code and _lookup(code) != code:
        raise ValidationError("Choose a language from the list.", code="language")
