import django.contrib.postgres.search
from django.db import migrations

# The GIN index and the first fill exist on PostgreSQL only: SQLite searches without them.
CREATE_INDEX = "CREATE INDEX IF NOT EXISTS book_search_vector_gin ON books_book USING gin (search_vector)"
DROP_INDEX = "DROP INDEX IF EXISTS book_search_vector_gin"
FILL = """
UPDATE books_book AS book SET search_vector =
    setweight(to_tsvector('english', coalesce(book.title, '')), 'A')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(author.name, ' ') FROM books_author AS author
        JOIN books_book_authors AS link ON link.author_id = author.id WHERE link.book_id = book.id), '')), 'B')
    || setweight(to_tsvector('english', coalesce((
        SELECT series.name FROM books_series AS series WHERE series.id = book.series_id), '')), 'B')
    || setweight(to_tsvector('english', coalesce(book.description, '')), 'C')
"""


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_INDEX)
        schema_editor.execute(FILL)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("books", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="book",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create_index, drop_index),
    ]
