"""The TOML manifest that lists the source documents to import.

    [[source]]
    file = "000_6f7103e773a01e57.txt"   # relative to the manifest
    kind = "goodreads"
    [[source]]
    file = "001_846595c33c0a9eba.txt"
    kind = "blog"
    book = "The Betrayal"                # title of a book from a goodreads source here
    # optional for blog sources: title, author, site, url, date

tomllib gives no line numbers, so errors find the line of the offending key in the raw text.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .parsers import SourceError

KINDS = ("goodreads", "blog")
_GOODREADS_KEYS = {"file", "kind"}
_BLOG_KEYS = {"file", "kind", "book", "title", "author", "site", "url", "date"}


@dataclass
class SourceEntry:
    path: Path
    kind: str
    index: int  # 0-based position in the manifest
    line: int  # line of its [[source]] header
    book: str | None = None
    title: str | None = None
    author: str | None = None
    site: str = ""
    url: str = ""
    date: date | None = None
    key_lines: dict[str, int] | None = None

    def line_of(self, key):
        return (self.key_lines or {}).get(key, self.line)


@dataclass
class Manifest:
    path: Path
    sources: list[SourceEntry]
    imported_on: date | None = None


_SOURCE_HEADER_RE = re.compile(r"^\s*\[\[\s*source\s*\]\]")
_TABLE_HEADER_RE = re.compile(r"^\s*\[")
_KEY_RE = re.compile(r"^\s*([A-Za-z_][\w-]*)\s*=")


def _source_tables(text):
    """For each [[source]] table, in order: its header line and the line of each of its keys."""
    tables = []
    current = None
    for number, line in enumerate(text.splitlines(), start=1):
        if _SOURCE_HEADER_RE.match(line):
            current = (number, {})
            tables.append(current)
        elif _TABLE_HEADER_RE.match(line):
            current = None  # another table: its keys are not a source's
        elif current is not None and (match := _KEY_RE.match(line)):
            current[1].setdefault(match[1], number)
    return tables


def load_manifest(path):
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(path, None, f"cannot read the manifest: {exc.strerror}") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise SourceError(path, int(match[1]) if match else None, f"not valid TOML: {exc}") from exc

    unknown = set(data) - {"source", "imported_on"}
    if unknown:
        raise SourceError(path, None, f"unknown top-level key(s): {', '.join(sorted(unknown))}")
    imported_on = data.get("imported_on")
    if imported_on is not None and not isinstance(imported_on, date):
        raise SourceError(path, None, "expected imported_on to be a date like 2026-11-23")
    raw_sources = data.get("source", [])
    if not isinstance(raw_sources, list) or not raw_sources:
        raise SourceError(path, None, "expected at least one [[source]] table")

    tables = _source_tables(text)
    entries = []
    for index, raw in enumerate(raw_sources):
        line, keys = tables[index] if index < len(tables) else (None, {})
        entries.append(_entry(path, index, raw, line, keys))
    return Manifest(path=path, sources=entries, imported_on=imported_on)


def _entry(manifest_path, index, raw, line, keys):
    def fail(key, message):
        raise SourceError(manifest_path, keys.get(key, line), message)

    kind = raw.get("kind")
    if kind not in KINDS:
        fail("kind", f"source #{index + 1}: expected kind to be one of {', '.join(KINDS)}, found {kind!r}")
    allowed = _GOODREADS_KEYS if kind == "goodreads" else _BLOG_KEYS
    for key in raw:
        if key not in allowed:
            fail(key, f"source #{index + 1}: unknown key {key!r} for a {kind} source")
    file = raw.get("file")
    if not isinstance(file, str) or not file:
        fail("file", f'source #{index + 1}: expected file = "NAME.txt"')
    for key in ("book", "title", "author", "site", "url"):
        if key in raw and not isinstance(raw[key], str):
            fail(key, f"source #{index + 1}: expected {key} to be a string")
    if "date" in raw and not isinstance(raw["date"], date):
        fail("date", f"source #{index + 1}: expected date to be a date like 2014-05-09")
    if kind == "blog" and not raw.get("book", "").strip():
        fail("book", f'source #{index + 1}: a blog source needs book = "TITLE" of a goodreads source')
    source_path = (manifest_path.parent / file).resolve()
    if not source_path.is_file():
        fail("file", f"source #{index + 1}: no such file: {file}")
    return SourceEntry(
        path=source_path,
        kind=kind,
        index=index,
        line=line,
        book=raw.get("book"),
        title=raw.get("title"),
        author=raw.get("author"),
        site=raw.get("site", ""),
        url=raw.get("url", ""),
        date=raw.get("date"),
        key_lines=keys,
    )
