from pathlib import Path

import pytest

from importer.parsers import parse_book_page

DATA = Path(__file__).resolve().parent / "data"
SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
SEED_PAGE = SOURCES / "000_6f7103e773a01e57.txt"


@pytest.fixture(scope="session")
def seed_page():
    return parse_book_page(SEED_PAGE.read_text(encoding="utf-8"), SEED_PAGE.name)


@pytest.fixture(scope="session")
def lantern_page():
    path = DATA / "lantern_keepers_10.txt"
    return parse_book_page(path.read_text(encoding="utf-8"), path.name)


def write_manifest(directory, text):
    path = Path(directory) / "manifest.toml"
    path.write_text(text, encoding="utf-8")
    return path
