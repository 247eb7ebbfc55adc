import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from importer.fixture import build_fixture
from importer.parsers import SourceError


class Command(BaseCommand):
    help = "Parse the source documents listed in a TOML manifest into one Django fixture."

    def add_arguments(self, parser):
        parser.add_argument(
            "manifest",
            nargs="?",
            default=str(settings.BASE_DIR / "fixtures" / "sources" / "manifest.toml"),
            help="TOML manifest listing the sources (default: fixtures/sources/manifest.toml)",
        )
        parser.add_argument(
            "--output",
            default=str(settings.BASE_DIR / "fixtures" / "seed.json"),
            help="fixture file to write (default: fixtures/seed.json)",
        )

    def handle(self, *args, manifest, output, **options):
        try:
            fixture = build_fixture(manifest)
        except SourceError as exc:
            raise CommandError(str(exc)) from exc
        write_atomically(Path(output), fixture.dumps())
        self.stdout.write(fixture.summary.line())


def write_atomically(path, text):
    """Write through a temporary file and rename it: a failure never leaves a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
