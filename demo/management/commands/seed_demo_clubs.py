import sys

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from books.models import Book
from clubs.models import Club
from demo.clubs import generate_clubs
from demo.gatherings import generate_gatherings
from demo.generator import Plan, _insert


class Command(BaseCommand):
    help = "Add demo clubs, meetings and votes to demo data made before seed_demo made them (the benchmark's data set)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, seed, **options):
        prefix = f"demo{seed}"
        books = list(
            Book.objects.filter(slug__startswith=f"{prefix}-book-").order_by("pk").values_list("pk", flat=True)
        )
        members = list(
            User.objects.filter(username__startswith=f"{prefix}-member-").order_by("pk").values_list("pk", flat=True)
        )
        if not books or not members:
            raise CommandError(f"No demo data for seed {seed}: run seed_demo first.")
        plan = Plan(books=len(books), reviews=0, posts=0, members=len(members), seed=seed)
        insert = lambda model, rows, label, total: _insert(model, rows, label, total, sys.stderr)  # noqa: E731
        counts = {}
        if not Club.objects.filter(slug=f"{prefix}-club-0").exists():
            counts = generate_clubs(plan, prefix, books, members, insert, sys.stderr)
        counts |= generate_gatherings(prefix, books, insert)
        self.stdout.write(" ".join(f"{name}={count}" for name, count in counts.items()))
