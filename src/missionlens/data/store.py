"""The versioned store of activity data (spec/microcredit-data.md, "Import rules": all or nothing).

Layout::

    STORE/versions/v000001/manifest.json    one folder per import: a full snapshot, never changed
    STORE/versions/v000001/<table>.parquet
    STORE/CURRENT                           the name of the current version (text)
    STORE/secret.key                        the pseudonymisation secret (mode 0600)
    STORE/history.jsonl                     append-only log of imports and rollbacks
    STORE/.staging/<random>/                imports in progress
    STORE/.lock                             held (fcntl) by the one import or rollback running

An import writes a staging folder completely, syncs it to disk, renames it into
versions/ (a rename is atomic), then replaces CURRENT by a rename too. A crash at any point
leaves CURRENT naming the previous complete version; what a crash leaves in .staging is
ignored and removed by the next import.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import secrets
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from missionlens.data.pseudonyms import (
    SECRET_ENV,
    SecretError,
    new_secret,
    read_secret,
    secret_from_environment,
    write_secret,
)

MANIFEST_FORMAT = 1
MANIFEST = "manifest.json"
_VERSION_NAME = re.compile(r"v(\d{6})")
_VERSION_INPUT = re.compile(r"v?0*(\d+)")

Pause = Callable[[str], None]


class StoreError(Exception):
    """A problem with the store itself (not with the data); the message says what to do."""


class StoreBusy(StoreError):
    pass


class UnknownVersion(StoreError):
    """A version name that is malformed or names no complete version."""


@dataclass(frozen=True)
class Version:
    """One complete import: a folder of Parquet tables and its manifest."""

    name: str
    path: Path
    manifest: dict[str, Any] = field(compare=False, hash=False)
    current: bool = False

    @property
    def number(self) -> int:
        return int(self.name[1:])

    @property
    def created(self) -> datetime:
        return datetime.fromisoformat(self.manifest["created"])

    @property
    def rows(self) -> dict[str, int]:
        return {t: int(info["rows"]) for t, info in self.manifest["tables"].items()}

    def table_path(self, name: str) -> Path | None:
        """The Parquet file of table `name`, or None when the data set did not give it."""
        info = self.manifest["tables"].get(name)
        return None if info is None else self.path / info["file"]


def version_name(number: int) -> str:
    return f"v{number:06d}"


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_tree(folder: Path) -> None:
    """Flush every file of `folder` and the folder itself to disk."""
    for item in folder.iterdir():
        if item.is_file():
            _fsync_path(item)
    _fsync_path(folder)


def write_json_durably(path: Path, data: Mapping[str, Any]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of a version folder, or None when it is missing or incomplete."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("manifest_format") != MANIFEST_FORMAT:
        return None
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or "created" not in manifest:
        return None
    for info in tables.values():
        if not isinstance(info, dict) or not (folder / str(info.get("file", ""))).is_file():
            return None
    return manifest


class Store:
    """A store folder. `Store(path)` opens an existing store; `Store.create(path)` makes one."""

    def __init__(self, path: Path | str, *, environ: Mapping[str, str] | None = None) -> None:
        self.path = Path(path)
        self._environ: Mapping[str, str] = os.environ if environ is None else environ
        if not self.versions_dir.is_dir():
            raise StoreError(
                f"{self.path} is not a missionlens store (it has no versions/ folder). "
                "Fix: give the folder of an existing store, or a new or empty folder to import into."
            )

    # -- creation ---------------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path | str, *, environ: Mapping[str, str] | None = None) -> Store:
        """Make a new store in `path` (absent or empty). Its secret comes from MISSIONLENS_SECRET
        when set (then nothing secret is written in the store), otherwise a new random one is
        written to secret.key, readable by its owner only."""
        root = Path(path)
        env: Mapping[str, str] = os.environ if environ is None else environ
        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise StoreError(
                f"{root} already exists and is not an empty folder. "
                "Fix: choose a new folder for the store, or open the existing store."
            )
        given = secret_from_environment(env)
        root.mkdir(parents=True, exist_ok=True)
        (root / ".staging").mkdir()
        if given is None:
            write_secret(root / "secret.key", new_secret())
        (root / "versions").mkdir()  # last: a folder with versions/ is a store
        _fsync_path(root)
        return cls(root, environ=env)

    @classmethod
    def open(cls, path: Path | str, *, environ: Mapping[str, str] | None = None) -> Store:
        return cls(path, environ=environ)

    @classmethod
    def open_or_create(cls, path: Path | str, *, environ: Mapping[str, str] | None = None) -> Store:
        root = Path(path)
        if (root / "versions").is_dir():
            return cls(root, environ=environ)
        return cls.create(root, environ=environ)

    # -- paths ------------------------------------------------------------------------------

    @property
    def versions_dir(self) -> Path:
        return self.path / "versions"

    @property
    def staging_dir(self) -> Path:
        return self.path / ".staging"

    @property
    def history_path(self) -> Path:
        return self.path / "history.jsonl"

    # -- the secret -------------------------------------------------------------------------

    @property
    def secret(self) -> bytes:
        """MISSIONLENS_SECRET when set, else secret.key. Refuses an environment secret that
        differs from the store's own file: pseudonyms would no longer match earlier imports."""
        key_file = self.path / "secret.key"
        given = secret_from_environment(self._environ)
        stored = read_secret(key_file) if key_file.exists() else None
        if given is not None and stored is not None and given != stored:
            raise SecretError(
                f"{SECRET_ENV} differs from the secret in {key_file}: borrowers would get other "
                f"pseudonyms than in earlier imports. Fix: unset {SECRET_ENV} or set it to that secret."
            )
        secret = given if given is not None else stored
        if secret is None:
            raise SecretError(
                f"The store {self.path} has no secret.key, so its secret was given by {SECRET_ENV}. "
                f"Fix: set {SECRET_ENV} to the same secret as for earlier imports."
            )
        return secret

    # -- reading ----------------------------------------------------------------------------

    def _current_name(self) -> str | None:
        try:
            name = (self.path / "CURRENT").read_text(encoding="ascii").strip()
        except FileNotFoundError:
            return None
        return name if _VERSION_NAME.fullmatch(name) else None

    def current(self) -> Version | None:
        name = self._current_name()
        if name is None:
            return None
        manifest = _read_manifest(self.versions_dir / name)
        if manifest is None:
            raise StoreError(f"CURRENT names {name}, which is missing or incomplete in {self.path}.")
        return Version(name, self.versions_dir / name, manifest, current=True)

    def versions(self) -> list[Version]:
        """Every complete version, oldest first; incomplete folders are ignored."""
        current = self._current_name()
        found = []
        for folder in sorted(self.versions_dir.iterdir()):
            if not _VERSION_NAME.fullmatch(folder.name):
                continue
            manifest = _read_manifest(folder)
            if manifest is not None:
                found.append(Version(folder.name, folder, manifest, current=folder.name == current))
        return found

    def get(self, name: str) -> Version:
        """The version called `name` ("v000003", "v3" or "3")."""
        match = _VERSION_INPUT.fullmatch(name.strip())
        if match is None:
            raise UnknownVersion(f"{name!r} is not a version name. Fix: use a name listed by `versions`.")
        canonical = version_name(int(match.group(1)))
        manifest = _read_manifest(self.versions_dir / canonical)
        if manifest is None:
            raise UnknownVersion(
                f"There is no complete version {canonical} in {self.path}. "
                "Fix: use a name listed by `versions`."
            )
        folder = self.versions_dir / canonical
        return Version(canonical, folder, manifest, current=canonical == self._current_name())

    def history(self) -> list[dict[str, Any]]:
        if not self.history_path.exists():
            return []
        lines = self.history_path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    # -- writing ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the store's lock; refuse at once when another import or rollback holds it."""
        with open(self.path / ".lock", "a+b") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise StoreBusy(
                    f"Another import or rollback is running on {self.path}. Fix: wait for it to end."
                ) from None
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def next_version_name(self) -> str:
        """One past every version folder, complete or not: a name is never reused."""
        numbers = [
            int(m.group(1))
            for m in (_VERSION_NAME.fullmatch(p.name) for p in self.versions_dir.iterdir())
            if m is not None
        ]
        return version_name(max(numbers, default=0) + 1)

    @contextlib.contextmanager
    def staging(self) -> Iterator[Path]:
        """A fresh staging folder; removed on exit unless it was committed. Call under lock()."""
        self.staging_dir.mkdir(exist_ok=True)
        for stale in self.staging_dir.iterdir():  # left by a crashed import: the lock says so
            shutil.rmtree(stale, ignore_errors=True)
        folder = self.staging_dir / secrets.token_hex(8)
        folder.mkdir()
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def commit(
        self,
        staging: Path,
        manifest: Mapping[str, Any],
        *,
        name: str,
        now: datetime,
        pause: Pause | None = None,
    ) -> Version:
        """Turn a fully written staging folder into version `name` and make it current.

        Call under lock(). Order matters for crash safety: the manifest and tables are on
        disk before the rename; the version folder is complete before CURRENT names it.
        """
        step = pause or (lambda _stage: None)
        write_json_durably(staging / MANIFEST, manifest)
        step("manifest")
        sync_tree(staging)
        step("synced")
        target = self.versions_dir / name
        previous = self._current_name()
        os.rename(staging, target)
        _fsync_path(self.versions_dir)
        _fsync_path(self.staging_dir)
        step("renamed")
        self._point_current_at(name)
        step("switched")
        self._log(now=now, action="import", version=name, previous=previous)
        version = self.current()
        assert version is not None
        return version

    def rollback(self, name: str, *, now: datetime) -> Version:
        """Make an earlier version current again (logged); refuse an unknown version."""
        with self.lock():
            target = self.get(name)
            previous = self._current_name()
            self._point_current_at(target.name)
            self._log(now=now, action="rollback", version=target.name, previous=previous)
        return self.get(target.name)

    def _point_current_at(self, name: str) -> None:
        tmp = self.path / "CURRENT.tmp"
        with open(tmp, "w", encoding="ascii") as f:
            f.write(name + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path / "CURRENT")
        _fsync_path(self.path)

    def _log(
        self, *, now: datetime, action: Literal["import", "rollback"], version: str, previous: str | None
    ) -> None:
        entry = {"time": now.isoformat(), "action": action, "version": version, "previous": previous}
        with open(self.history_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, sort_keys=True) + "\n")
            f.flush()
            os.fsync(f.fileno())
