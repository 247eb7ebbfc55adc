"""Goodreads exports for tests, written as Goodreads writes them."""

from stdnum import ean

from moving.goodreads import COLUMNS

HEADER = ",".join(COLUMNS)


def line(**values):
    """One export line: every column, quoted as Goodreads quotes them."""
    defaults = {"Book Id": "1", "My Rating": "0", "Exclusive Shelf": "to-read", "ISBN": '=""', "ISBN13": '=""'}
    cells = []
    for name in COLUMNS:
        value = str(values.get(name, defaults.get(name, "")))
        cells.append('"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n') else value)
    return ",".join(cells)


def export(*lines, newline="\n", bom=False):
    text = newline.join([HEADER, *lines]) + newline
    return (("\ufeff" if bom else "") + text).encode()


def isbn_of(n):
    """The n-th made-up book's ISBN-13: a valid one (its check digit right), as real exports have."""
    digits = f"978{n:09d}"
    return digits + ean.calc_check_digit(digits)


def book(n, **values):
    """The n-th book of a made-up library: a new title, one author, an ISBN-13, read and rated."""
    row = {
        "Book Id": str(1000 + n),
        "Title": f"Imported Book {n}",
        "Author": f"Writer {n % 7}",
        "ISBN13": f'="{isbn_of(n)}"',
        "My Rating": str(n % 5 + 1),
        "Exclusive Shelf": "read",
        "Date Read": "2024/05/0" + str(n % 9 + 1),
        "Number of Pages": "300",
    }
    row.update(values)
    return line(**row)
