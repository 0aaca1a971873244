"""The demo's web side: its settings, its accounts, a few published voices and the network (the
MIX African panel, when the workplace's shared data is there).

`missionlens demo` (cli.py) simulates and imports the demo organisation, then calls these.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from missionlens.web.models import Branch

# Django is set up only after `environment` has been applied: the model imports are inside.
PASSWORD = "demo"
ACCOUNTS = (("manager", "manager"), ("advisor", "advisor"), ("board", "board"), ("investor", "investor"))
# The MIX Market African panel (issue 7), read where the repository sits beside the shared data.
MIX_SOURCE = Path("shared") / "data" / "mix-africa" / "amelia.csv"
PUBLISHED_PER_DIMENSION = 2


def environment(folder: Path, mission_file: Path) -> dict[str, str]:
    """The MISSIONLENS_* settings of the demo: served on http://127.0.0.1, data under `folder`.

    The secret key is made once and kept in the folder (owner-only), so sessions survive a
    restart; a variable already set in the environment wins.
    """
    key_file = folder / "web-secret.key"
    if not key_file.exists():
        folder.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    values = {
        "MISSIONLENS_DATA_DIR": str(folder.resolve()),
        "MISSIONLENS_SECRET_KEY": key_file.read_text(encoding="utf-8").strip(),
        "MISSIONLENS_HTTPS": "0",
        "MISSIONLENS_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MISSIONLENS_MISSION_FILE": str(mission_file),
    }
    return {k: v for k, v in values.items() if not os.environ.get(k)} | {"MISSIONLENS_DATA_DIR": values["MISSIONLENS_DATA_DIR"]}


def branches(found: list[dict[str, str]]) -> list[Branch]:
    """The data's branches as Branch rows (created or renamed)."""
    from missionlens.web.models import Branch

    out = []
    for row in found:
        branch, _ = Branch.objects.update_or_create(code=row["code"], defaults={"name": row["name"], "region": row.get("region", "")})
        out.append(branch)
    return out


def accounts(branch: Branch | None) -> list[tuple[str, str, str]]:
    """manager, advisor (of `branch`), board and investor, password `demo`; (name, role, branch name)."""
    from django.contrib.auth import get_user_model

    from missionlens.web.models import Profile, Role

    users = get_user_model()
    out = []
    for name, role in ACCOUNTS:
        user, created = users.objects.get_or_create(username=name)
        if created or not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save()
        home = branch if role == "advisor" else None
        Profile.objects.update_or_create(user=user, defaults={"role": role, "branch": home})
        out.append((name, str(dict(Role.choices)[role]), home.name if home else ""))
    return out


def published_voices(notes: dict[str, list[dict[str, object]]]) -> int:
    """A few of the latest field notes, published by the manager, so the board sees voices too.

    Only notes without a borrower are published (a board never sees a pseudonym); done once.
    """
    from django.contrib.auth import get_user_model

    from missionlens.web.models import Branch, Evidence, EvidenceKind

    manager = get_user_model().objects.get(username="manager")
    if Evidence.objects.filter(author=manager).exists():
        return 0
    made = 0
    kinds = {"observation": EvidenceKind.OBSERVATION, "story": EvidenceKind.STORY, "concern": EvidenceKind.CONCERN}
    for dimension, rows in notes.items():
        chosen = [r for r in rows if not r.get("borrower") and str(r.get("kind")) in kinds][:PUBLISHED_PER_DIMENSION]
        for row in chosen:
            Evidence.objects.create(
                kind=kinds[str(row["kind"])], text=str(row["text"]), dimension=dimension,
                branch=Branch.objects.filter(code=str(row.get("branch") or "")).first(), author=manager,
                published=True, observed_on=date.fromisoformat(str(row["date"])[:10]),
            )
            made += 1
    return made


def mix_source() -> Path | None:
    """amelia.csv beside the repository (../shared/data/mix-africa), or beside the current folder."""
    repository = Path(__file__).resolve().parents[3]
    for base in (repository.parent, Path.cwd().resolve().parent):
        if (base / MIX_SOURCE).is_file():
            return base / MIX_SOURCE
    return None


def network(
    data_dir: Path, *, now: datetime, fresh: bool, progress: Callable[[str, int, int | None], None] | None = None,
) -> str:
    """The network pages' review: the MIX panel converted into DATA_DIR/network and reviewed once
    (reused on the next start unless `fresh`). Returns the line the demo prints."""
    from missionlens.convert.mix import convert_mix
    from missionlens.network import NetworkRefusal
    from missionlens.web.network import compute_network, current_run, network_dir

    source = mix_source()
    if source is None:
        return ("No MIX panel beside the repository (../shared/data/mix-africa): the network page waits for a "
                "manager to upload a panel.")
    if not fresh and current_run(data_dir) is not None:
        return "Reusing the network review."
    convert_mix(source, network_dir(data_dir))
    result = compute_network(data_dir, now=now, progress=progress)
    if isinstance(result, NetworkRefusal):
        raise RuntimeError("the converted MIX panel was refused; this is a bug, please report it")
    return f"Reviewed the MIX African panel: {result.institutions} institutions ({result.path})."
