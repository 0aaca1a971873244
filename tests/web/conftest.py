"""The web tests' fixtures live in conftest_infra.py (pytest refuses `pytest_plugins` here: only the
rootdir's conftest may declare plugins), so its fixtures and hooks are imported by name. The
personas and the small review run most page tests share are below; a test module that needs
another (the network's, English messages) defines its own on top of these."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest_infra import *  # noqa: F403
from tests.web.personas import FAST_HASHERS, Cast, make_cast
from tests.web.review_files import write_run


@pytest.fixture
def cast(db: str) -> Iterator[Cast]:
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield make_cast()


@pytest.fixture
def reviewed(django_environment: Path) -> Path:
    return write_run(django_environment)
