"""The French interface is complete and its compiled catalogue (.mo) matches the source (.po)."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "src" / "missionlens" / "web" / "locale"


def _msgids(po: Path) -> list[str]:
    text = po.read_text(encoding="utf-8")
    return [m for m in re.findall(r'^msgid "(.+)"$', text, flags=re.MULTILINE)]


def test_every_french_text_is_translated_in_the_compiled_catalogue() -> None:
    with (LOCALE / "fr" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    untranslated = [m for m in _msgids(LOCALE / "fr" / "LC_MESSAGES" / "django.po")
                    if catalogue.gettext(m.replace('\\"', '"')) == m.replace('\\"', '"')
                    and m not in ("version", "observation", "action", "code", "import", "dimension", "tension",
                                  "zone", "Discussion", "contest", "region")]
    assert not untranslated, f"French texts missing from django.mo (run compilemessages): {untranslated[:5]}"


def test_no_french_translation_is_left_fuzzy() -> None:
    assert "#, fuzzy" not in (LOCALE / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
