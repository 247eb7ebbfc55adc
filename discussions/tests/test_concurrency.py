"""Members replying at the same moment, each on their own PostgreSQL connection."""

import pytest
from django.db import connection

from books.tests.factories import make_book
from discussions import services
from discussions.models import Thread
from reviews.tests.test_concurrency import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_simultaneous_replies_all_land_with_right_counts(make_member):
    thread, _ = services.thread_create(book=make_book(), starter=make_member("ada"), title="Race", body="Go")
    members = [make_member(f"m{n}") for n in range(10)]
    results, errors = run_together(
        [
            (lambda member=member: services.reply_create(thread=thread, author=member, body=f"From {member.username}"))
            for member in members
        ]
    )
    assert errors == []
    thread = Thread.objects.get(pk=thread.pk)
    numbers = sorted(post.number for post in results)
    assert numbers == list(range(2, 12))
    assert thread.post_count == 11 == thread.posts.count()
    assert thread.last_post == thread.posts.get(number=11)
    assert thread.last_post_at == thread.last_post.created_at
