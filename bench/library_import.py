"""The library import's benchmark: `make bench-import`.

Times what a member moving in and out does, on PostgreSQL, at full size: a 10,000-row Goodreads export
(half of it books the catalogue has, found by ISBN or by title and author; half new books, added) imported
through the same service and task body as the site; the same file imported again (nothing changes); the
library exported as CSV and as the JSON archive; the account deleted. Prints the figures and writes them to
bench/results/<date>-import.md.

Environment: BENCH_IMPORT_DATABASE_URL (a database of its own, made afresh each run), BENCH_IMPORT_ROWS.
"""

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "10000"))
DATABASE_URL = os.environ.get("BENCH_IMPORT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bookclub_bench_import")


def fresh_database():
    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "DJANGO_SETTINGS_MODULE": "bookclub.settings"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)


def main():
    fresh_database()
    os.environ.update({"DATABASE_URL": DATABASE_URL, "DJANGO_SETTINGS_MODULE": "bookclub.settings"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from allauth.account.models import EmailAddress

    from accounts.models import User
    from books.models import Author, Book
    from moving import export, services
    from moving.models import ImportJob
    from moving.tests.exports import book
    from moving.tests.exports import export as export_file

    known = ROWS // 2
    authors = Author.objects.bulk_create([Author(name=f"Writer {n}", slug=f"writer-{n}") for n in range(7)])
    books = Book.objects.bulk_create(
        [
            Book(
                title=f"Imported Book {n}",
                title_key=Book.make_title_key(f"Imported Book {n}"),
                slug=f"catalogue-book-{n}",
                isbn13=f"978{n:010d}" if n % 2 else "",  # half found by ISBN, half by title and author
            )
            for n in range(known)
        ]
    )
    Book.authors.through.objects.bulk_create(
        [Book.authors.through(book_id=b.pk, author_id=authors[n % 7].pk) for n, b in enumerate(books)]
    )
    rows = [
        book(
            n,
            Bookshelves="favourites, 2024" if n % 5 == 0 else "",
            **({"My Review": "Loved it."} if n % 4 == 0 else {}),
        )
        for n in range(ROWS)
    ]
    data = export_file(*rows)
    member = User.objects.create_user("mover", "mover@example.com", "a long passphrase")
    EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=True)

    figures = []

    def timed(label, action):
        started = time.perf_counter()
        result = action()
        seconds = time.perf_counter() - started
        figures.append((label, seconds))
        print(f"{label}: {seconds:.1f} s", flush=True)
        return result

    def import_once():
        job = services.import_start(user=member, file_name="export.csv", data=data)
        services.import_run(job_id=job.pk)
        return ImportJob.objects.get(pk=job.pk)

    first = timed(f"import of {ROWS:,} rows ({known:,} in the catalogue, {ROWS - known:,} new)", import_once)
    again = timed("the same file again (nothing to change)", import_once)
    timed("library exported as CSV", lambda: sum(len(piece) for piece in export.library_csv(member)))
    timed("everything exported as JSON", lambda: sum(len(piece) for piece in export.archive_json(member)))
    timed("account deleted, writing kept", lambda: services.account_delete(user=member, keep_writing=True))

    stamp = datetime.now(UTC)
    lines = [
        f"# Library import, {stamp:%Y-%m-%d %H:%M} UTC",
        "",
        f"PostgreSQL, one process, on {os.cpu_count()} cores; `make bench-import` ({ROWS:,} rows).",
        "",
        "| step | seconds |",
        "|---|---:|",
        *(f"| {label} | {seconds:.1f} |" for label, seconds in figures),
        "",
        f"First import: {first.matched:,} matched, {first.added:,} added, {first.skipped:,} skipped. "
        f"Second: {again.unchanged:,} unchanged, {again.matched + again.added:,} written.",
        "",
    ]
    path = ROOT / "bench" / "results" / f"{stamp:%Y-%m-%d-%H%M}-import.md"
    path.write_text("\n".join(lines))
    print(f"Written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
