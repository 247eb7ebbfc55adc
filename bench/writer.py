"""Members writing to a hot page while the benchmark reads it: a process of its own (bench/run.py starts it).

    python bench/writer.py rate <book slug> <writes a second>
    python bench/writer.py reply <thread id> <writes a second>

Writes go through the services members use (reviews.services.review_save, discussions.services.
reply_create), from the benchmark's writer members in turn, at a steady rate until the process is told
to stop (SIGTERM); then it prints how many it made and how many seconds it ran.
"""

import os
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRITERS = 50
WRITER_PREFIX = "bench-writer-"


def writer_members():
    """The benchmark's writers: confirmed members, made once."""
    from allauth.account.models import EmailAddress

    from accounts.models import User

    members = []
    for number in range(WRITERS):
        username = f"{WRITER_PREFIX}{number}"
        member, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com", "display_name": f"Bench Writer {number}"}
        )
        if created:
            member.set_unusable_password()
            member.save()
            EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=True)
        members.append(member)
    return members


def rater(slug):
    """Each write: a writer rates the book (one to five stars in turn), as a member does from its page."""
    from books.models import Book
    from reviews import services
    from reviews.models import Review

    book = Book.objects.get(slug=slug)
    members = writer_members()

    def write(number):
        member = members[number % len(members)]
        review = Review.objects.filter(book=book, reviewer=member, source=Review.Source.MEMBER).first()
        rating = number % 5 + 1
        body = review.body if review else ""
        services.review_save(book=book, reviewer=member, rating=rating, body=body, is_spoiler=False, review=review)

    return write


def replier(thread_id):
    """Each write: a writer replies to the thread, as a member does from its last page."""
    from discussions import services
    from discussions.models import Thread

    thread = Thread.objects.get(pk=thread_id)
    members = writer_members()

    def write(number):
        member = members[number % len(members)]
        services.reply_create(thread=thread, author=member, body=f"Reply {number} from the benchmark's writers.")

    return write


def main():
    kind, target, rate = sys.argv[1], sys.argv[2], float(sys.argv[3])
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bookclub.settings")
    import django

    django.setup()
    write = {"rate": rater, "reply": replier}[kind](target)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    print("ready", flush=True)
    started = time.monotonic()
    done = 0
    while not stopping:
        # On a fixed schedule: a slow write is caught up, not dropped.
        wait = started + done / rate - time.monotonic()
        if wait > 0:
            time.sleep(min(wait, 0.1))
            continue
        write(done)
        done += 1
    print(f"{done} {time.monotonic() - started:.2f}", flush=True)


if __name__ == "__main__":
    main()
