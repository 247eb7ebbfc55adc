"""The WSGI entry point: the application, and what it keeps out of the garbage collector's walks."""

import gc
import importlib

import pytest


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_loading_the_application_freezes_what_it_loaded(unfrozen):
    assert gc.get_freeze_count() == 0
    wsgi = importlib.reload(importlib.import_module("bookclub.wsgi"))
    assert callable(wsgi.application)
    # Django, the apps and every view: tens of thousands of objects no full collection walks again.
    assert gc.get_freeze_count() > 10_000
