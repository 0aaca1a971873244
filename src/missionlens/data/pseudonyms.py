"""Pseudonymisation of borrower identifiers (spec/microcredit-data.md, "Import rules").

A borrower identifier is replaced, before anything is stored, by a keyed hash:
HMAC-SHA-256 of the raw identifier under the store's secret, as lowercase hex truncated to
16 characters and prefixed "b_". A keyed hash (rather than a bare hash) means that someone
who holds the store but not the secret cannot recompute pseudonyms from a list of likely
identifiers. The same identifier under the same secret always gives the same pseudonym, so
a borrower is followed across imports.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

PREFIX = "b_"
HEX_CHARS = 16
SECRET_BYTES = 32
MIN_SECRET_BYTES = 16
SECRET_ENV = "MISSIONLENS_SECRET"
_BLOCK = 64  # SHA-256's block size in bytes

_HEX = re.compile(r"[0-9a-fA-F]+")


class SecretError(ValueError):
    """The secret is missing, unreadable or too weak; the message says what to do."""


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def parse_secret(text: str, *, origin: str = SECRET_ENV) -> bytes:
    """Read a secret written as hex or base64; refuse one shorter than 16 bytes."""
    value = text.strip()
    if not value:
        raise SecretError(f"{origin} is empty. Fix: {_GENERATE}")
    if len(value) % 2 == 0 and _HEX.fullmatch(value):
        raw = bytes.fromhex(value)
    else:
        try:
            raw = base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise SecretError(f"{origin} is neither hex nor base64. Fix: {_GENERATE}") from None
    if len(raw) < MIN_SECRET_BYTES:
        raise SecretError(
            f"{origin} is too short: {len(raw)} bytes, at least {MIN_SECRET_BYTES} are needed. "
            f"Fix: {_GENERATE}"
        )
    return raw


_GENERATE = (
    "set it to at least 32 random bytes in hex, e.g. the output of "
    "`python -c \"import secrets; print(secrets.token_hex(32))\"`."
)


def secret_from_environment(environ: Mapping[str, str]) -> bytes | None:
    """The secret given by MISSIONLENS_SECRET, or None when the variable is not set."""
    text = environ.get(SECRET_ENV)
    return None if text is None else parse_secret(text)


def write_secret(path: Path, secret: bytes) -> None:
    """Write a new secret file readable by its owner only (mode 0600), never replacing one."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)  # the umask may have narrowed it, never widened; be explicit
        os.write(fd, secret.hex().encode("ascii") + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)


def read_secret(path: Path) -> bytes:
    return parse_secret(path.read_text(encoding="ascii"), origin=str(path))


def key_id(secret: bytes) -> str:
    """A short fingerprint of the secret: tells two secrets apart without revealing either."""
    return hmac.new(secret, b"missionlens key id", hashlib.sha256).hexdigest()[:12]


def pseudonym(raw: str, secret: bytes) -> str:
    digest = hmac.new(secret, raw.encode("utf-8"), hashlib.sha256).hexdigest()
    return PREFIX + digest[:HEX_CHARS]


class Pseudonymiser:
    """Pseudonymises Arrow arrays under one secret, remembering the pseudonyms already computed.

    A borrower appears in borrowers, loans, sessions, outcomes, feedback and notes, batch after
    batch: the memory makes each identifier cost one HMAC per import rather than one per batch.
    """

    def __init__(self, secret: bytes) -> None:
        # HMAC as RFC 2104 builds it, with the padded-key states hashed once: half the cost of
        # hmac.new per identifier. pseudonym() (stdlib hmac) is the reference the tests compare to.
        key = secret if len(secret) <= _BLOCK else hashlib.sha256(secret).digest()
        key = key.ljust(_BLOCK, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))
        self._keys: pa.Array | None = None
        self._values: pa.Array | None = None

    def _hash(self, value: str) -> str:
        inner = self._inner.copy()
        inner.update(value.encode("utf-8"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return PREFIX + outer.hexdigest()[:HEX_CHARS]

    def __call__(self, raw: pa.Array | pa.ChunkedArray) -> pa.Array:
        """Replace every identifier in `raw` by its pseudonym; nulls stay null.

        Hashes once per distinct identifier, then maps back with Arrow's vectorised take.
        """
        if isinstance(raw, pa.ChunkedArray):
            raw = raw.combine_chunks()
        if not pa.types.is_string(raw.type):
            raw = raw.cast(pa.string())
        distinct = pc.unique(raw).drop_null()
        # Only identifiers never seen in this import are hashed; the lookup of the known ones is
        # Arrow's hash join, not a Python loop over rows.
        if self._keys is not None and len(self._keys):
            unseen = distinct.filter(pc.is_null(pc.index_in(distinct, value_set=self._keys)))
        else:
            unseen = distinct
        if len(unseen):
            compute = self._hash
            fresh = pa.array([compute(value) for value in unseen.to_pylist()], type=pa.string())
            if self._keys is None:
                self._keys, self._values = unseen, fresh
            else:
                self._keys = pa.concat_arrays([self._keys, unseen])
                self._values = pa.concat_arrays([self._values, fresh])
        if self._keys is None:
            return pa.nulls(len(raw), type=pa.string())
        assert self._values is not None
        result = self._values.take(pc.index_in(raw, value_set=self._keys))
        assert isinstance(result, pa.Array)
        return result


def pseudonymise(raw: pa.Array | pa.ChunkedArray, secret: bytes) -> pa.Array:
    """Replace every identifier in `raw` by its pseudonym under `secret`; nulls stay null."""
    return Pseudonymiser(secret)(raw)
