from __future__ import annotations

import base64
import re

import pyarrow as pa
import pytest

from missionlens.data.pseudonyms import (
    Pseudonymiser,
    SecretError,
    key_id,
    parse_secret,
    pseudonym,
    pseudonymise,
    secret_from_environment,
)

SECRET = bytes(range(32))
OTHER = bytes(range(1, 33))


def test_pseudonym_is_b_prefix_and_sixteen_lowercase_hex_chars() -> None:
    assert re.fullmatch(r"b_[0-9a-f]{16}", pseudonym("B-000123", SECRET))


def test_same_identifier_and_secret_give_the_same_pseudonym() -> None:
    first = pseudonymise(pa.array(["B1", "B2"]), SECRET).to_pylist()
    again = pseudonymise(pa.array(["B2", "B1", "B1"]), SECRET).to_pylist()
    assert again == [first[1], first[0], first[0]]


def test_different_secrets_give_different_pseudonyms() -> None:
    assert pseudonym("B1", SECRET) != pseudonym("B1", OTHER)


def test_different_identifiers_give_different_pseudonyms() -> None:
    values = pseudonymise(pa.array([f"B{i}" for i in range(5000)]), SECRET).to_pylist()
    assert len(set(values)) == 5000


def test_vectorised_pseudonyms_equal_the_one_by_one_pseudonym() -> None:
    raw = ["é-7", "B1", "B1", "x y"]
    assert pseudonymise(pa.array(raw), SECRET).to_pylist() == [pseudonym(r, SECRET) for r in raw]


def test_nulls_stay_null() -> None:
    out = pseudonymise(pa.array(["B1", None, "B1"]), SECRET)
    assert out.to_pylist()[1] is None
    assert out.null_count == 1


def test_chunked_and_non_string_input_is_accepted() -> None:
    chunked = pa.chunked_array([pa.array([1, 2]), pa.array([2])])
    assert pseudonymise(chunked, SECRET).to_pylist() == [pseudonym(v, SECRET) for v in ("1", "2", "2")]


def test_output_is_a_string_array_even_when_empty() -> None:
    out = pseudonymise(pa.array([], type=pa.string()), SECRET)
    assert out.type == pa.string() and len(out) == 0


def test_secret_is_read_from_hex() -> None:
    assert parse_secret(SECRET.hex()) == SECRET


def test_secret_is_read_from_base64() -> None:
    assert parse_secret(base64.b64encode(SECRET).decode()) == SECRET


def test_too_short_secret_is_refused_with_its_length() -> None:
    with pytest.raises(SecretError, match="too short: 8 bytes"):
        parse_secret("00" * 8)


def test_secret_that_is_neither_hex_nor_base64_is_refused() -> None:
    with pytest.raises(SecretError, match="neither hex nor base64"):
        parse_secret("not a secret!")


def test_unset_environment_gives_no_secret() -> None:
    assert secret_from_environment({}) is None


def test_environment_secret_is_parsed() -> None:
    assert secret_from_environment({"MISSIONLENS_SECRET": SECRET.hex()}) == SECRET


def test_key_id_tells_secrets_apart_without_revealing_them() -> None:
    assert key_id(SECRET) != key_id(OTHER)
    assert SECRET.hex()[:12] not in key_id(SECRET)


def test_pseudonymiser_gives_the_same_pseudonyms_batch_after_batch() -> None:
    pseudonymiser = Pseudonymiser(SECRET)
    first = pseudonymiser(pa.array(["B1", "B2"])).to_pylist()
    second = pseudonymiser(pa.array(["B2", "B3"])).to_pylist()
    assert second == [first[1], pseudonym("B3", SECRET)]


def test_pseudonymiser_with_a_long_secret_matches_the_stdlib_hmac() -> None:
    long_secret = bytes(range(100))
    assert Pseudonymiser(long_secret)(pa.array(["B1"])).to_pylist() == [pseudonym("B1", long_secret)]
