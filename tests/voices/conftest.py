from __future__ import annotations

import pytest

from missionlens.voices import Lemmatiser


@pytest.fixture(scope="session")
def lemmatiser() -> Lemmatiser:
    """One lemmatiser (and its spaCy tables) for the whole session."""
    return Lemmatiser()
