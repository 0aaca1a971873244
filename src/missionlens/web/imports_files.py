"""The files of an upload laid out as a data folder, bounded and safe.

Files may be sent one by one (CSV in any dialect the import reads, .xlsx, .parquet) or in a zip.
Every name is reduced to its last part, so an archive cannot write outside the upload folder
(zip slip); links, encrypted members and names that leave the folder are refused. An archive is
bounded by its member count, by the total it unpacks to, and by each member's compression ratio,
and the bytes actually written are counted, since the sizes an archive declares can lie (zip
bomb). What cannot be used is reported as a problem in the import's own shape (file, message,
fix), beside the validation's.
"""

from __future__ import annotations

import re
import shutil
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from missionlens.data.problems import Problem
from missionlens.data.wording import Wording, wording

DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".parquet")
MAX_FILES = 40
MAX_UPLOAD_BYTES = 512 * 1024 * 1024  # what is sent, all files together
MAX_UNPACKED_BYTES = 2 * 1024 * 1024 * 1024  # what a zip may unpack to
MAX_RATIO = 200  # a member may unpack to at most this many times its compressed size
CHUNK = 1024 * 1024
_SAFE = re.compile(r"[^\w.\- ()]", re.UNICODE)


class Uploaded(Protocol):
    """What Django's UploadedFile offers and this module needs."""

    name: str | None
    size: int | None

    def chunks(self, chunk_size: int | None = None) -> Iterable[bytes]: ...


@dataclass(frozen=True)
class Laid:
    """The data folder of an upload: the files written, and the problems met on the way."""

    folder: Path
    files: tuple[str, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return bool(self.files) and not any(p.severity == "error" for p in self.problems)


class _TooBig(Exception):
    pass


def safe_name(name: str) -> str:
    """The last part of a name, with only plain characters (a table is matched by its name)."""
    last = PurePosixPath(name.replace("\\", "/")).name
    return _SAFE.sub("_", last).strip(" .")


def _problem(file: str, message: str, fix: str, *, severity: str = "error", code: str = "unusable_upload") -> Problem:
    return Problem(file or "(upload)", None, None, message, fix, severity="warning" if severity == "warning" else "error",
                   code=code)


def lay_out(uploads: Iterable[Uploaded], folder: Path) -> Laid:
    """Write the uploaded files (a zip unpacked) into `folder`, which is made, owner-only."""
    folder.mkdir(parents=True, exist_ok=False, mode=0o700)
    problems: list[Problem] = []
    written: list[str] = []
    total = 0
    items = list(uploads)
    if len(items) > MAX_FILES:
        return Laid(folder, (), (_problem("(upload)", f"{len(items)} files were sent: at most {MAX_FILES} are read",
                                          "send one file per table, or one zip"),))
    for item in items:
        name = safe_name(item.name or "")
        total += int(item.size or 0)
        if total > MAX_UPLOAD_BYTES:
            problems.append(_problem(name, f"the upload is over {MAX_UPLOAD_BYTES // 2**20} MiB",
                                     "send a zip of the tables, or fewer files at a time"))
            break
        if name.lower().endswith(".zip"):
            archive = folder / ".upload.zip"
            _copy(item.chunks(CHUNK), archive, MAX_UPLOAD_BYTES)
            _unpack(archive, name, folder, written, problems)
            archive.unlink()
        elif name.lower().endswith(DATA_SUFFIXES) and not name.startswith((".", "~$")):
            if name in written:
                problems.append(_problem(name, "two files have this name", "send each table once"))
                continue
            _copy(item.chunks(CHUNK), folder / name, MAX_UPLOAD_BYTES)
            written.append(name)
        else:
            problems.append(_problem(name, "this kind of file is not read",
                                     "send .csv, .tsv, .txt, .xlsx or .parquet files named like their table, "
                                     "or a .zip of them", severity="warning", code="ignored_file"))
    if not written and not any(p.severity == "error" for p in problems):
        problems.append(_problem("(upload)", "no data file was sent",
                                 "choose the files of the tables (loans.csv, borrowers.csv, ...) or a zip of them"))
    return Laid(folder, tuple(written), tuple(problems))


def _copy(chunks: Iterable[bytes], target: Path, limit: int) -> int:
    size = 0
    with open(target, "xb") as out:
        for chunk in chunks:
            size += len(chunk)
            if size > limit:
                raise _TooBig(target.name)
            out.write(chunk)
    return size


def _unpack(archive: Path, shown: str, folder: Path, written: list[str], problems: list[Problem]) -> None:
    try:
        with zipfile.ZipFile(archive) as zipped:
            members = [m for m in zipped.infolist() if not m.is_dir()]
            refusal = _refusal(members)
            if refusal is not None:
                problems.append(_problem(shown, refusal, "send a plain zip of the data files (made by your "
                                                          "system's 'compress' command), or the files themselves"))
                return
            for member in members:
                _member(zipped, member, shown, folder, written, problems)
    except zipfile.BadZipFile:
        problems.append(_problem(shown, "the zip cannot be opened", "make the zip again, or send the files themselves"))


def _refusal(members: list[zipfile.ZipInfo]) -> str | None:
    """Why a whole archive is refused before anything is unpacked (None: it may be read)."""
    if len(members) > MAX_FILES * 5:
        return f"the zip holds {len(members)} files: at most {MAX_FILES * 5} are read"
    declared = sum(m.file_size for m in members)
    if declared > MAX_UNPACKED_BYTES:
        return f"the zip would unpack to {declared // 2**20} MiB: at most {MAX_UNPACKED_BYTES // 2**20} MiB are read"
    for member in members:
        path = PurePosixPath(member.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", member.filename):
            return f"the zip holds a name that leaves its folder ({safe_name(member.filename)})"
        if stat.S_ISLNK(member.external_attr >> 16):
            return f"the zip holds a link ({safe_name(member.filename)})"
        if member.flag_bits & 0x1:
            return "the zip is protected by a password"
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            return f"the zip holds a file that unpacks to more than {MAX_RATIO} times its size ({safe_name(member.filename)})"
    return None


def _member(zipped: zipfile.ZipFile, member: zipfile.ZipInfo, shown: str, folder: Path, written: list[str],
            problems: list[Problem]) -> None:
    parts = PurePosixPath(member.filename.replace("\\", "/")).parts
    name = safe_name(member.filename)
    if any(p.startswith(".") or p == "__MACOSX" for p in parts) or name.startswith("~$") or not name:
        return  # a system's hidden companions (.DS_Store, __MACOSX/._x): not data
    if not name.lower().endswith(DATA_SUFFIXES):
        if not name.lower().endswith((".json", ".md", ".pdf")):
            problems.append(_problem(f"{shown}: {name}", "this kind of file is not read",
                                     "keep .csv, .tsv, .txt, .xlsx or .parquet files in the zip",
                                     severity="warning", code="ignored_file"))
        return
    if name in written:
        problems.append(_problem(f"{shown}: {name}", "the zip holds two files with this name (in different folders)",
                                 "keep one file per table in the zip"))
        return
    # Never more than the member declares: a lying header cannot unpack more than was checked.
    with zipped.open(member) as source:
        _copy(_read(source, member.file_size), folder / name, member.file_size)
    written.append(name)


def _read(source: IO[bytes], declared: int) -> Iterable[bytes]:
    left = declared + 1  # one byte more than declared is enough to tell a lie
    while left > 0:
        chunk = source.read(min(CHUNK, left))
        if not chunk:
            return
        left -= len(chunk)
        yield chunk


# The French of the problems above (data.wording shows each in the reader's language).
WORDING: tuple[Wording, ...] = tuple(wording(en, fr) for en, fr in (
    ("{count} files were sent: at most {count2} are read", "{count} fichiers ont été envoyés : {count2} au plus sont lus"),
    ("send one file per table, or one zip", "envoyez un fichier par table, ou un seul zip"),
    ("the upload is over {mib} MiB", "l’envoi dépasse {mib} Mio"),
    ("send a zip of the tables, or fewer files at a time", "envoyez un zip des tables, ou moins de fichiers à la fois"),
    ("two files have this name", "deux fichiers portent ce nom"),
    ("send each table once", "envoyez chaque table une seule fois"),
    ("this kind of file is not read", "ce type de fichier n’est pas lu"),
    ("send .csv, .tsv, .txt, .xlsx or .parquet files named like their table, or a .zip of them",
     "envoyez des fichiers .csv, .tsv, .txt, .xlsx ou .parquet nommés comme leur table, ou un .zip qui les contient"),
    ("keep .csv, .tsv, .txt, .xlsx or .parquet files in the zip",
     "ne mettez dans le zip que des fichiers .csv, .tsv, .txt, .xlsx ou .parquet"),
    ("no data file was sent", "aucun fichier de données n’a été envoyé"),
    ("choose the files of the tables (loans.csv, borrowers.csv, ...) or a zip of them",
     "choisissez les fichiers des tables (loans.csv, borrowers.csv, ...) ou un zip qui les contient"),
    ("send a plain zip of the data files (made by your system's 'compress' command), or the files themselves",
     "envoyez un zip simple des fichiers de données (fait par la commande « compresser » de votre système), "
     "ou les fichiers eux-mêmes"),
    ("the zip holds {count} files: at most {count2} are read", "le zip contient {count} fichiers : {count2} au plus sont lus"),
    ("the zip would unpack to {mib} MiB: at most {mib2} MiB are read",
     "le zip se décompresserait en {mib} Mio : {mib2} Mio au plus sont lus"),
    ("the zip holds a name that leaves its folder ({name})", "le zip contient un nom qui sort de son dossier ({name})"),
    ("the zip holds a link ({name})", "le zip contient un lien ({name})"),
    ("the zip is protected by a password", "le zip est protégé par un mot de passe"),
    ("the zip holds a file that unpacks to more than {ratio} times its size ({name})",
     "le zip contient un fichier qui se décompresse en plus de {ratio} fois sa taille ({name})"),
    ("the zip cannot be opened", "le zip ne peut pas être ouvert"),
    ("make the zip again, or send the files themselves", "refaites le zip, ou envoyez les fichiers eux-mêmes"),
    ("the zip holds two files with this name (in different folders)",
     "le zip contient deux fichiers de ce nom (dans des dossiers différents)"),
    ("keep one file per table in the zip", "gardez un seul fichier par table dans le zip"),
    ("the file is larger than allowed, or larger than its zip says",
     "le fichier est plus gros que permis, ou plus gros que ne l’annonce son zip"),
    ("send at most {mib} MiB, as plain files or a zip", "envoyez au plus {mib} Mio, en fichiers simples ou en zip"),
))


def lay_out_safely(uploads: Iterable[Uploaded], folder: Path) -> Laid:
    """lay_out, with an upload over a bound turned into a problem (the folder is emptied)."""
    try:
        return lay_out(uploads, folder)
    except _TooBig as exc:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        return Laid(folder, (), (_problem(str(exc), "the file is larger than allowed, or larger than its zip says",
                                          f"send at most {MAX_UPLOAD_BYTES // 2**20} MiB, as plain files or a zip"),))


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
