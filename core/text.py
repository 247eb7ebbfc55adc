"""Text hygiene shared by every app."""

import re
import unicodedata

# C0 controls but tab, line feed and carriage return; DEL; the two non-characters XML refuses. None of
# them belongs in anything a person types, and one of them in a title broke its Atom feed for everyone.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def strip_control(text):
    return CONTROL_CHARACTERS.sub("", text) if text else text


def normalise(text):
    """For matching titles and names: no accents, case, punctuation or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    plain = plain.replace("&", " and ")
    return " ".join(re.sub(r"[^\w\s]|_", " ", plain).split())
