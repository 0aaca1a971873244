"""The network view: many institutions followed at once from a yearly panel (spec/institution-panel.md).

`review_network(PANEL, lang=..., generated=...)` reads and validates the panel whole and returns a
NetworkReview (or a NetworkRefusal with every problem); `dumps` writes its JSON, `render_html` and
`render_pdf` its report. How it works: docs/network.md.
"""

from __future__ import annotations

from missionlens.network.model import InstitutionReview, NetworkAlert, NetworkRefusal, NetworkReview
from missionlens.network.review import review_network
from missionlens.network.serialise import dumps, to_json

__all__ = [
    "InstitutionReview",
    "NetworkAlert",
    "NetworkRefusal",
    "NetworkReview",
    "dumps",
    "review_network",
    "to_json",
]
