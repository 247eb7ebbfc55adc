from clubs.tests.conftest import world  # noqa: F401  (every kind of reader, one club of each visibility)
