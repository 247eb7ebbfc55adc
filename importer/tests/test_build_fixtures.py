"""The build_fixtures command: manifest in, deterministic fixture out, loadable and idempotent."""

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from books.models import Author, Book, Series
from importer.fixture import same_review_score
from reviews.models import RatingHistogram, Review

from .conftest import DATA, SOURCES, write_manifest

ROOT = Path(__file__).resolve().parents[2]
SEED_SUMMARY = "books=1 authors=1 series=1 reviews=28 reviewers=28 blog_reviews=3 ratings=2834"


def build(manifest, output):
    from io import StringIO

    out = StringIO()
    call_command("build_fixtures", str(manifest), "--output", str(output), stdout=out)
    return out.getvalue().strip()


def test_seed_summary_and_committed_fixture_is_up_to_date(tmp_path):
    output = tmp_path / "seed.json"
    assert build(SOURCES / "manifest.toml", output) == SEED_SUMMARY
    assert output.read_bytes() == (ROOT / "fixtures" / "seed.json").read_bytes()


def test_output_is_deterministic(tmp_path):
    build(SOURCES / "manifest.toml", tmp_path / "a.json")
    build(SOURCES / "manifest.toml", tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_default_paths_and_exit_status(tmp_path):
    """Run as a real process: the defaults, the summary on stdout, exit status 0 and 1."""
    work = tmp_path / "project"
    shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns(".venv", ".git", "*.sqlite3", "staticfiles", "media"))
    (work / "fixtures" / "seed.json").unlink()
    run = subprocess.run([sys.executable, "manage.py", "build_fixtures"], cwd=work, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == SEED_SUMMARY
    assert (work / "fixtures" / "seed.json").read_bytes() == (ROOT / "fixtures" / "seed.json").read_bytes()

    manifest = write_manifest(tmp_path, '[[source]]\nfile = "x.txt"\nkind = "goodreads"\n')
    run = subprocess.run(
        [sys.executable, "manage.py", "build_fixtures", str(manifest)], cwd=work, capture_output=True, text=True
    )
    assert run.returncode == 1
    assert f"{manifest}:2: source #1: no such file: x.txt" in run.stderr


@pytest.mark.django_db
def test_seed_fixture_loads_into_an_empty_database_and_reloads_without_duplicates(seed):
    counts = (
        Book.objects.count(),
        Author.objects.count(),
        Series.objects.count(),
        User.objects.count(),
        Review.objects.count(),
        RatingHistogram.objects.count(),
    )
    assert counts == (1, 1, 1, 28, 31, 1)
    call_command("loaddata", str(ROOT / "fixtures" / "seed.json"), verbosity=0)
    assert (Book.objects.count(), User.objects.count(), Review.objects.count()) == (1, 28, 31)


@pytest.mark.django_db
def test_seed_fixture_content(seed):
    book = Book.objects.select_related("series", "main_edition").get()
    assert book.slug == "the-betrayal"
    assert book.series_line == "The Siege #2"
    assert [a.name for a in book.authors.all()] == ["Helen Dunmore"]
    # "330 pages, Hardcover" describes the book's first (and main) edition.
    edition = book.main_edition
    assert (edition.pages, edition.format, edition.format_detail) == (330, "hardcover", "Hardcover")
    assert book.first_published_display == "January 1, 2010"
    assert list(book.editions.all()) == [edition]
    assert (book.source_currently_reading_count, book.source_want_to_read_count) == (238, 2395)
    assert book.rating_count == 2834
    assert f"{book.rating_average:.2f}" == "4.04"
    assert (book.ratings_5, book.ratings_4, book.ratings_3, book.ratings_2, book.ratings_1) == (886, 1305, 539, 84, 20)
    emma = User.objects.get(username="emma@goodreads")
    assert (emma.name, emma.source_review_count, emma.source_follower_count) == ("Emma", 1006, 1185)
    kate = User.objects.get(display_name="Kate Quinn")
    assert kate.source_book_count == 29
    assert User.objects.filter(is_anonymous_reviewer=True).count() == 5
    assert not User.objects.filter(is_active=True).exists()
    assert not any(user.has_usable_password() for user in User.objects.all())
    laura = Review.objects.get(reviewer__display_name="Laura")
    assert laura.is_spoiler and laura.source == Review.Source.COMMUNITY


@pytest.mark.django_db
def test_blog_review_that_repeats_a_community_review_is_linked(seed):
    steven = Review.objects.get(source=Review.Source.COMMUNITY, reviewer__display_name="Steven Z.")
    blog = Review.objects.get(import_key="blog:the-betrayal:001_846595c33c0a9eba")
    assert blog.same_as == steven
    assert blog.reviewer == steven.reviewer
    assert blog.blog_title == "THE BETRAYAL by Helen Dunmore"
    others = Review.objects.blog().exclude(pk=blog.pk)
    assert [(r.same_as, r.reviewer) for r in others] == [(None, None), (None, None)]
    assert sorted(r.blog_title for r in others) == ["", "Paranoia and Empty Promises"]


def test_same_review_score_separates_copies_from_other_reviews():
    text = "one two three four five six seven eight nine ten eleven twelve"
    assert same_review_score(text, "Intro. " + text.upper() + " And more.") == 1.0
    assert same_review_score(text, "something else entirely, with other words in it too") == 0.0
    assert same_review_score("too short", text) == 0.0


# --- Other pages of the same shape --------------------------------------------------------

OTHER_MANIFEST = """
imported_on = 2026-11-01

[[source]]
file = "{data}/lantern_keepers_10.txt"
kind = "goodreads"

[[source]]
file = "{data}/lantern_keepers_1_5.txt"
kind = "goodreads"

[[source]]
file = "{data}/standalone.txt"
kind = "goodreads"

[[source]]
file = "{seed}"
kind = "goodreads"

[[source]]
file = "{data}/blog_lantern.txt"
kind = "blog"
book = "the lantern-keeper's \\"last\\" winter"
author = "Renée Dubois"
site = "Salt & Ink"
url = "https://example.org/lantern"
date = 2024-03-01

[[source]]
file = "{data}/blog_lantern.txt"
kind = "blog"
book = "Tidewater: A Saltmarsh Novella"
author = "Renée Dubois"
"""


@pytest.fixture
def other_fixture(tmp_path):
    manifest = write_manifest(tmp_path, OTHER_MANIFEST.format(data=DATA, seed=SOURCES / "000_6f7103e773a01e57.txt"))
    output = tmp_path / "other.json"
    summary = build(manifest, output)
    return summary, output


def test_other_pages_summary(other_fixture):
    summary, _ = other_fixture
    # 7 + 1 + 0 + 28 reviews; Emma and José are one person each across pages; Renée the blogger is
    # a blog identity of her own, named once.
    assert summary == "books=4 authors=3 series=2 reviews=36 reviewers=35 blog_reviews=2 ratings=2295512"


@pytest.mark.django_db
def test_other_pages_load_with_every_field(other_fixture):
    _, output = other_fixture
    call_command("loaddata", str(output), verbosity=0)
    saga = Series.objects.get(slug="the-saltmarsh-chronicles")
    assert [(b.title, b.series_position_display) for b in saga.books.order_by("series_position")] == [
        ("Tidewater: A Saltmarsh Novella", "1.5"),
        ('The Lantern-Keeper\'s "Last" Winter', "10"),
    ]
    lantern = Book.objects.get(slug="the-lantern-keepers-last-winter")
    assert lantern.series_line == "The Saltmarsh Chronicles #10"
    assert (lantern.main_edition.pages, lantern.main_edition.format_label, lantern.main_edition.format) == (
        1204,
        "Kindle Edition",
        "ebook",
    )
    assert lantern.first_published_display == "March 5, 1998"
    assert (lantern.source_currently_reading_count, lantern.source_want_to_read_count) == (15200, 1_024_331)
    assert lantern.source_review_count == 12345
    assert lantern.rating_count == 2_292_673
    assert lantern.created_at.isoformat() == "2026-11-01T00:00:00+00:00"
    zoe = Author.objects.get(name="Zoë O'Connell-Ibáñez")
    assert (zoe.slug, zoe.source_book_count, zoe.source_follower_count) == ("zoe-oconnell-ibanez", 2110, 1_200_000)
    assert zoe.books.count() == 2
    novella = Book.objects.get(slug="tidewater-a-saltmarsh-novella")
    assert (novella.series_position, novella.first_published_display) == (Decimal("1.50"), "2001")
    standalone = Book.objects.get(title="A Standalone Book About Nothing #1 In Particular")
    assert (standalone.series, standalone.series_position, standalone.first_published_display) == (
        None,
        None,
        "September 2015",
    )
    assert Author.objects.get(name="Tomás Ó Briain").source_follower_count is None

    emma = User.objects.get(username="emma@goodreads")
    assert emma.reviews.count() == 2
    jose = User.objects.get(display_name="José Álvarez")
    assert jose.username == "jose-alvarez@goodreads"
    assert jose.reviews.count() == 2
    renee = Review.objects.community().get(book=lantern, reviewer__display_name='Renée "Bookworm" Dubois')
    assert renee.is_spoiler and renee.reviewer.source_book_count == 3
    assert User.objects.get(display_name="李小龍").username.endswith("@goodreads")
    assert lantern.reviews.filter(reviewer__is_anonymous_reviewer=True).count() == 2

    copy = Review.objects.get(book=lantern, source=Review.Source.BLOG)
    assert copy.same_as == renee and copy.reviewer == renee.reviewer  # the same text: linked
    assert (copy.blog_site, copy.blog_url, copy.reviewed_on.isoformat()) == (
        "Salt & Ink",
        "https://example.org/lantern",
        "2024-03-01",
    )
    not_a_copy = Review.objects.get(book=novella, source=Review.Source.BLOG)
    assert not_a_copy.same_as is None
    assert not_a_copy.reviewer.username == "renee-dubois@blog"
    assert not_a_copy.reviewer.imported_from == "blog"


# --- Errors: exit status 1, file and line, and no partial output --------------------------


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ('[[source]]\nfile = "{page}"\nkind = "poem"\n', "manifest.toml:3: source #1: expected kind to be one of"),
        (
            '[[source]]\nfile = "{page}"\nkind = "goodreads"\n\n[[source]]\nfile = "{blog}"\nkind = "blog"\n'
            'book = "Nope"\n',
            "manifest.toml:8: 001_846595c33c0a9eba.txt reviews 'Nope', which no goodreads source",
        ),
        ('[[source]]\nfile = "{blog}"\nkind = "blog"\n', "manifest.toml:1: source #1: a blog source needs book"),
        ('[[source]]\nfile = "missing.txt"\nkind = "goodreads"\n', "manifest.toml:2: source #1: no such file"),
        (
            '[[source]]\nfile = "{page}"\nkind = "goodreads"\ncolour = "red"\n',
            "manifest.toml:4: source #1: unknown key 'colour'",
        ),
        ("[[source]\nfile = 1\n", "manifest.toml:1: not valid TOML"),
        ('title = "x"\n', "manifest.toml: unknown top-level key(s): title"),
        (
            '[[source]]\nfile = "{page}"\nkind = "goodreads"\n' + '\n[[source]]\nfile = "{blog}"\nkind = "blog"\n'
            'book = "The Betrayal"\n' * 2,
            "manifest.toml:11: 001_846595c33c0a9eba.txt is listed twice for 'The Betrayal'",
        ),
        ("", "manifest.toml: expected at least one [[source]] table"),
        (
            '[[source]]\nfile = "{page}"\nkind = "goodreads"\n[[source]]\nfile = "{page}"\nkind = "goodreads"\n',
            "manifest.toml:5: 000_6f7103e773a01e57.txt defines 'The Betrayal' by Helen Dunmore, already defined",
        ),
    ],
)
def test_manifest_errors(tmp_path, manifest, message):
    path = write_manifest(
        tmp_path, manifest.format(page=SOURCES / "000_6f7103e773a01e57.txt", blog=SOURCES / "001_846595c33c0a9eba.txt")
    )
    with pytest.raises(CommandError) as error:
        build(path, tmp_path / "out.json")
    assert message in str(error.value)
    assert not (tmp_path / "out.json").exists()


def test_a_malformed_page_names_its_file_and_line_and_keeps_the_old_output(tmp_path):
    bad = tmp_path / "bad.txt"
    text = (SOURCES / "000_6f7103e773a01e57.txt").read_text(encoding="utf-8")
    bad.write_text(text.replace("1,305 (46%)", "many (46%)"), encoding="utf-8")
    manifest = write_manifest(tmp_path, '[[source]]\nfile = "bad.txt"\nkind = "goodreads"\n')
    output = tmp_path / "out.json"
    output.write_text("previous content", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        build(manifest, output)
    assert str(error.value) == (
        "bad.txt:61: expected the number of 4-star ratings like '886 (31%)', found 'many (46%)'"
    )
    assert output.read_text(encoding="utf-8") == "previous content"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_review_with_no_date_stops_the_build(tmp_path):
    bad = tmp_path / "bad.txt"
    text = (SOURCES / "000_6f7103e773a01e57.txt").read_text(encoding="utf-8")
    bad.write_text(text.replace("July 29, 2017\n", ""), encoding="utf-8")
    manifest = write_manifest(tmp_path, '[[source]]\nfile = "bad.txt"\nkind = "goodreads"\n')
    with pytest.raises(CommandError, match=r"^bad\.txt:92: expected the date of Emma's review"):
        build(manifest, tmp_path / "out.json")
    assert not (tmp_path / "out.json").exists()


def test_fixture_is_plain_json_with_natural_keys(tmp_path):
    output = tmp_path / "seed.json"
    build(SOURCES / "manifest.toml", output)
    objects = json.loads(output.read_text(encoding="utf-8"))
    assert all("pk" not in obj for obj in objects)
    assert [obj["model"] for obj in objects][:4] == ["books.author", "books.series", "accounts.user", "accounts.user"]


@pytest.mark.django_db
def test_a_book_from_another_page_reads_right_on_its_pages(other_fixture, client):
    _, output = other_fixture
    call_command("loaddata", str(output), verbosity=0)
    html = client.get("/books/the-lantern-keepers-last-winter/").content.decode()
    assert '<a href="/series/the-saltmarsh-chronicles/">The Saltmarsh Chronicles #10</a>' in html
    assert "<h1>The Lantern-Keeper&#x27;s &quot;Last&quot; Winter</h1>" in html
    assert "1,204 pages, Kindle Edition" in html and "First published March 5, 1998" in html
    assert "15,200 people are currently reading" in html and "1,024,331 people want to read" in html
    assert '<span class="average">4.32</span> · 2,292,673 ratings' in html
    assert "1,204,551 (52%)" in html and "7 (&lt;1%)" in html
    assert "Renée &quot;Bookworm&quot; Dubois" in html and "Author of 3 books" in html
    assert "12,500 reviews · 2,100 followers" in html
    assert '<a href="/books/tidewater-a-saltmarsh-novella/" rel="prev">← #1.5: Tidewater: A Saltmarsh Novella</a>' in (
        html
    )
    assert "2,110 books on Goodreads · 1,200,000 followers there" in html
    series = client.get("/series/the-saltmarsh-chronicles/").content.decode()
    assert series.index("Tidewater") < series.index("The Lantern-Keeper")
    standalone = client.get("/books/a-standalone-book-about-nothing-1-in-particular/").content.decode()
    assert "First published September 2015" in standalone and 'class="series-line"' not in standalone
