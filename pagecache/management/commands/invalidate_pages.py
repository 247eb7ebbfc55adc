from django.core.management.base import BaseCommand

from pagecache.cache import invalidate_everything


class Command(BaseCommand):
    help = "Make every cached page stale at once (after a deploy that changes templates, say)."

    def handle(self, *args, **options):
        invalidate_everything()
        self.stdout.write("Every cached page is stale now.")
