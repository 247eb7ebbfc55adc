"""Search that finds "Les Misérables" when "miserables" is typed (and the other way round), on
PostgreSQL: the unaccent extension, and a text search configuration of the site's own, English with
accents taken away, for every vector and query (books.search.SEARCH_CONFIG). Words in other scripts
(Война, 戦争) are kept as they are. The vectors are made again in it. Nothing on SQLite."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CREATE = """
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'bookclub') THEN
        CREATE TEXT SEARCH CONFIGURATION bookclub (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION bookclub
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
    END IF;
END $$;
"""


def create_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_configuration(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS bookclub")


def remake_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # As books.search.refresh_search_vectors makes them (weighted title; authors and series; description).
    schema_editor.execute(
        """
        UPDATE books_book SET search_vector =
            setweight(to_tsvector('bookclub', coalesce(title, '')), 'A')
            || setweight(to_tsvector('bookclub', coalesce((
                SELECT string_agg(a.name, ' ') FROM books_author a
                JOIN books_book_authors ba ON ba.author_id = a.id WHERE ba.book_id = books_book.id), '')), 'B')
            || setweight(to_tsvector('bookclub', coalesce((
                SELECT s.name FROM books_series s WHERE s.id = books_book.series_id), '')), 'B')
            || setweight(to_tsvector('bookclub', coalesce(description, '')), 'C')
        """
    )


class Migration(migrations.Migration):
    dependencies = [("books", "0010_author_name_key")]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create_configuration, drop_configuration),
        migrations.RunPython(remake_vectors, migrations.RunPython.noop),
    ]
