"""The web tests' fixtures live in conftest_infra.py (pytest refuses `pytest_plugins` here: only the
rootdir's conftest may declare plugins), so its fixtures and hooks are imported by name."""

from tests.web.conftest_infra import *  # noqa: F403
