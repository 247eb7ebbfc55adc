"""Titles like a new one, found in a few milliseconds however many books there are (PostgreSQL): a GiST
trigram index on the title, which answers "the six nearest titles" (ORDER BY title <-> '...' LIMIT 6)
by walking the index, where the GIN one must score every title sharing a few letters with it
(catalogue.duplicates). Nothing on SQLite."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'CREATE INDEX IF NOT EXISTS "book_title_trigram_gist" ON "books_book" USING gist ("title" gist_trgm_ops)'
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('DROP INDEX IF EXISTS "book_title_trigram_gist"')


class Migration(migrations.Migration):
    dependencies = [("books", "0011_unaccent_search")]

    operations = [migrations.RunPython(create_index, drop_index)]
