import time

from django.core.management.base import BaseCommand, CommandError

from demo.generator import Plan, generate


class Command(BaseCommand):
    help = "Write synthetic, clearly labelled demo data (deterministic for a seed), fast, in batches."

    def add_arguments(self, parser):
        parser.add_argument("--books", type=int, default=1_000)
        parser.add_argument("--reviews", type=int, default=10_000)
        parser.add_argument("--posts", type=int, default=10_000)
        parser.add_argument("--members", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, books, reviews, posts, members, seed, **options):
        if min(books, members) < 1 or min(reviews, posts) < 0:
            raise CommandError("--books and --members must be at least 1; --reviews and --posts not negative.")
        from books.models import Book

        if Book.objects.filter(slug=f"demo{seed}-book-0").exists():
            raise CommandError(f"Demo data for seed {seed} is already there; use another --seed or a fresh database.")
        started = time.monotonic()
        counts = generate(
            Plan(books=books, reviews=reviews, posts=posts, members=members, seed=seed), stream=self.stderr
        )
        elapsed = time.monotonic() - started
        self.stdout.write(" ".join(f"{name}={count}" for name, count in counts.items()) + f" seconds={elapsed:.1f}")
