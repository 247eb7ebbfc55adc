import pytest

from clubs.tests.conftest import world as club_world  # noqa: F401  (every kind of reader and club)
from notifications.models import DigestDue, Notification


@pytest.fixture
def world(club_world):  # noqa: F811
    """The clubs' world, with the notifications its making sent (invitations) cleared."""
    Notification.objects.all().delete()
    DigestDue.objects.all().delete()
    return club_world
