"""manage.py import_openlibrary: books from Open Library's dump files, for operators (catalogue.openlibrary)."""

from django.core.management.base import BaseCommand, CommandError

from books.languages import language_code
from catalogue.openlibrary import DumpError
from catalogue.openlibrary_import import import_dumps


class Command(BaseCommand):
    help = (
        "Import authors, works (as books) and editions from Open Library's dumps (gzipped or plain), keyed "
        "by their Open Library ids: importing again updates nothing twice. Nothing is written if any line is "
        "malformed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--authors", help="ol_dump_authors_*.txt.gz")
        parser.add_argument("--works", help="ol_dump_works_*.txt.gz")
        parser.add_argument("--editions", help="ol_dump_editions_*.txt.gz")
        parser.add_argument(
            "--languages", default="", help="Only editions in these languages: codes or names, comma-separated (en,fr)."
        )
        parser.add_argument("--with-isbn", action="store_true", help="Only editions with a valid ISBN.")

    def handle(self, *args, authors, works, editions, languages, with_isbn, **options):
        if not (authors or works or editions):
            raise CommandError("Give at least one of --authors, --works and --editions.")
        codes = []
        for name in filter(None, (part.strip() for part in languages.split(","))):
            code = language_code(name)
            if code is None:
                raise CommandError(f"Unknown language: {name!r} (give an ISO code, like en or fr).")
            codes.append(code)
        try:
            counts = import_dumps(
                authors=authors,
                works=works,
                editions=editions,
                languages=codes,
                with_isbn=with_isbn,
                stream=self.stderr,
            )
        except DumpError as error:
            raise CommandError(f"{error} (nothing was written)") from error
        self.stdout.write(counts.line())
