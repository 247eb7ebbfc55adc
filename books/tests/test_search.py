"""Search: the same page on both databases; full text, ranking and the GIN index on PostgreSQL."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from books.models import LISTINGS, Book
from books.search import highlight, refresh_search_vectors, search_books, search_terms

from .factories import make_author, make_book, make_series

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")


def result_titles(html):
    return re.findall(r'<h3 class="book-title"><a [^>]+>([^<]+)</a>', html)


def search(client, q, **params):
    response = client.get(reverse("books:search"), {"q": q, **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("query", "matched"),
    [("Leningrad", "description"), ("Dunmore", "author"), ("betrayal", "title"), ("Siege", "series")],
)
def test_seed_book_is_found_by_each_field(client, seed, query, matched):
    html = search(client, query)
    assert result_titles(html) == ["The Betrayal"]
    assert re.search(rf"Matched in [^<]*\b{matched}\b", html)


def test_description_excerpt_marks_the_match(client, seed):
    html = search(client, "Leningrad")
    assert "<mark>Leningrad</mark>" in html


def test_empty_query_and_no_results_say_so(client, seed):
    assert "Type a title, an author, a series" in search(client, "")
    assert "Type a title, an author, a series" in search(client, "   ")
    html = search(client, "zeppelin")
    assert "No books match “zeppelin”" in html
    assert result_titles(html) == []


def test_query_text_is_escaped(client, seed):
    html = search(client, '<script>alert("q")</script>')
    assert '<script>alert("q")</script>' not in html
    assert "&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;" in html


def test_highlight_escapes_before_marking():
    assert highlight("<b>Leningrad</b> & more", ["leningrad"]) == "&lt;b&gt;<mark>Leningrad</mark>&lt;/b&gt; &amp; more"
    assert search_terms('"Stalin" OR siege -') == ["stalin", "siege"]


def test_words_must_all_match(client):
    make_book("Winter Lighthouse", description="Storms on the coast.")
    make_book("Summer Lighthouse", description="Calm seas.")
    assert result_titles(search(client, "lighthouse storms")) == ["Winter Lighthouse"]


@pytest.mark.parametrize("matches", [3, 30])
def test_search_query_count_is_constant(client, django_assert_num_queries, matches):
    saga = make_series("Saltmarsh")
    for number in range(matches):
        make_book(f"Lighthouse {number:02}", series=saga, position=number + 1, authors=[make_author(), make_author()])
    make_book("Unrelated")
    with django_assert_num_queries(5):  # count, page of results with stats, their authors; authors; series
        html = search(client, "lighthouse")
    assert len(result_titles(html)) == min(matches, 24)


@postgresql_only
def test_full_text_ranks_title_above_description_and_stems_words():
    make_book("A Quiet Book", description="It mentions lighthouses in passing.")
    make_book("The Lighthouse", description="About the sea.")
    assert [book.title for book in search_books("lighthouse")] == ["The Lighthouse", "A Quiet Book"]


@postgresql_only
def test_search_vector_follows_author_and_series_renames():
    author = make_author("Ann Smith")
    book = make_book("Plain Title", authors=[author])
    assert list(search_books("Smith")) == [book]
    author.name = "Ann Zweig"
    author.save()
    assert list(search_books("Smith")) == [] and list(search_books("Zweig")) == [book]
    series = make_series("Moonfall")
    book.series, book.series_position = series, 1
    book.save()
    assert list(search_books("Moonfall")) == [book]


@postgresql_only
def test_saving_a_book_keeps_the_vector_the_database_computed():
    book = make_book("Quiet Harbour", description="Lighthouses.")  # in memory, the vector is still empty
    book.original_language = "en"
    book.save()
    assert list(search_books("lighthouses")) == [book]
    partial = Book.objects.only("pk", "title", "original_language").get(pk=book.pk)
    partial.original_language = "fr"
    partial.save()
    assert list(search_books("harbour")) == [book]
    assert Book.objects.get(pk=book.pk).original_language == "fr"


@postgresql_only
def test_gin_index_on_the_search_vector():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'book_search_vector_gin'")
        (definition,) = cursor.fetchone()
    assert "USING gin (search_vector)" in definition


@postgresql_only
def test_seed_fixture_books_are_searchable_after_loaddata(seed):
    assert Book.objects.filter(search_vector__isnull=False).count() == Book.objects.count() == 1


def test_authors_and_series_are_found_too_with_one_search_box(client, seed):
    html = search(client, "dunmore")
    assert re.search(
        r'<h2 id="authors-heading">Authors</h2>\s*<ul class="names"><li><a href="/authors/helen-dunmore/">', html
    )
    assert html.count('type="search"') == 1  # the header's box, holding the query
    assert 'value="dunmore"' in html
    assert '<a href="/series/the-siege/">The Siege</a>' in search(client, "siege")


def test_the_excerpt_is_cut_at_whole_words(client, seed):
    excerpt = re.search(r'<p class="excerpt">(.*?)</p>', search(client, "Leningrad"), re.S).group(1)
    text = re.sub(r"</?mark>", "", excerpt)
    assert text.startswith("…") and text[1] != " " and text.endswith("…")
    words = text.strip("…").split()
    description = Book.objects.get().description
    assert words[0] in description.split() and words[-1] in description.split()  # no word cut in half


@postgresql_only
def test_a_title_typed_with_a_slip_is_still_found_and_suggested(client, seed):
    html = search(client, "betrayl")
    assert 'Did you mean <a href="?q=The%20Betrayal">The Betrayal</a>?' in html
    assert result_titles(html) == ["The Betrayal"] and "Books with titles like “betrayl”" in html
    assert "Did you mean" not in search(client, "betrayal")  # found as typed: nothing to suggest
    assert "Helen Dunmore" in search(client, "dunmor")


def test_a_new_rating_shows_at_once_without_ranking_the_catalogue_again(client, django_assert_num_queries):
    keeper = make_book("Lighthouse Keeper")
    make_book("Lighthouse Logs")
    assert "No ratings yet" in search(client, "lighthouse")  # ranked, and the ranking remembered
    # What reviews.ratings does after a member rates the book: the listings are stale, not the ranking.
    Book.objects.filter(pk=keeper.pk).update(ratings_5=1, rating_count=1, rating_average=5.0)
    with django_assert_num_queries(2) as captured:  # the two books by id, their authors
        html = search(client, "lighthouse")
    assert "COUNT(" not in " ".join(query["sql"] for query in captured)
    assert '<span class="average">5.00</span> · 1 rating' in html
    assert result_titles(html) == result_titles(search(client, "lighthouse", utm_source="x"))


def test_what_search_reads_changes_what_it_finds_at_once(client):
    """Each write below changes only what the remembered ranking depends on (books.models.SEARCH)."""
    assert result_titles(search(client, "harbour")) == []
    added = make_book("Harbour Lights")
    assert result_titles(search(client, "harbour")) == ["Harbour Lights"]
    quiet = make_book("Quiet Water", description="Nothing here.")
    quiet.description = "A harbour at dawn."
    quiet.save()
    assert sorted(result_titles(search(client, "harbour"))) == ["Harbour Lights", "Quiet Water"]
    added.delete()
    assert result_titles(search(client, "harbour")) == ["Quiet Water"]
    assert result_titles(search(client, "Tidewright")) == []
    quiet.authors.add(make_author("Mara Tidewright"))
    assert result_titles(search(client, "Tidewright")) == ["Quiet Water"]
    assert result_titles(search(client, "Saltings")) == []
    (imported,) = Book.objects.bulk_create([Book(title="Saltings", slug="saltings")], invalidates=(LISTINGS,))
    refresh_search_vectors([imported.pk])  # as a library import does
    assert result_titles(search(client, "Saltings")) == ["Saltings"]


@postgresql_only
@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("miserables", "Les Misérables"),
        ("Misérables", "Les Misérables"),
        ("GARCIA MARQUEZ", "Cien años de soledad"),
        ("años", "Cien años de soledad"),
        ("Война", "Война и мир"),
        ("Толстой", "Война и мир"),
    ],
)
def test_search_finds_titles_with_accents_and_in_other_scripts(client, query, title):
    make_book("Les Misérables", authors=[make_author("Victor Hugo")])
    make_book("Cien años de soledad", authors=[make_author("Gabriel García Márquez")])
    make_book("Война и мир", authors=[make_author("Лев Толстой")])
    assert result_titles(search(client, query)) == [title]


def test_an_isbn_finds_the_book_it_is_an_edition_of(client):
    book = make_book("The Betrayal", isbn13="9780141032238")
    make_book("Another book")
    for typed in ("9780141032238", "0-14-103223-5"):
        assert result_titles(search(client, typed)) == [book.title]
