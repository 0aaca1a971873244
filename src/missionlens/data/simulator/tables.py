"""Generated arrays -> Arrow tables with the contract's columns and stored types.

Stored types (brief): text/enum -> string; date -> date32; decimal -> float64;
integer -> int64; boolean -> bool; sessions.topics -> list<string>. Internal codes: -1 is
null for integers, booleans, dates and enums; NaN for decimals; "" for text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from missionlens.data.contract import TABLES

ARROW_TYPES = {"text": pa.string(), "enum": pa.string(), "date": pa.date32(), "decimal": pa.float64(),
               "integer": pa.int64(), "boolean": pa.bool_()}


def arrow_type(table: str, column: str) -> pa.DataType:
    c = TABLES[table].column(column)
    return pa.list_(pa.string()) if c.list_of_text else ARROW_TYPES[c.type]


def schema(table: str) -> pa.Schema:
    return pa.schema([pa.field(name, arrow_type(table, name)) for name in TABLES[table].column_names])


def ids(prefix: str, index: np.ndarray, width: int) -> pa.Array:
    """'L0000042' style identifiers; null where index < 0."""
    digits = pc.utf8_lpad(pa.array(np.maximum(index, 0).astype(np.int64)).cast(pa.string()), width, "0")
    values = pc.binary_join_element_wise(prefix, digits, "")
    return pc.if_else(pa.array(index < 0), pa.scalar(None, pa.string()), values)


def lookup(labels: Sequence[str], codes: np.ndarray) -> pa.Array:
    values = np.array(list(labels), dtype=object)[np.maximum(codes, 0)]
    return pa.array(values, type=pa.string(), mask=codes < 0)


def dates(days: np.ndarray) -> pa.Array:
    return pa.array(days.astype("datetime64[D]"), type=pa.date32(), mask=days < 0)


def booleans(codes: np.ndarray) -> pa.Array:
    return pa.array(codes == 1, type=pa.bool_(), mask=codes < 0)


def integers(values: np.ndarray) -> pa.Array:
    return pa.array(values.astype(np.int64), type=pa.int64(), mask=values < 0)


def decimals(values: np.ndarray, places: int = 2) -> pa.Array:
    return pa.array(np.round(values.astype(np.float64), places), type=pa.float64(), mask=np.isnan(values))


def texts(values: np.ndarray) -> pa.Array:
    return pa.array(values.astype(object), type=pa.string(), mask=values == "")


def topic_lists(offsets: np.ndarray, values: np.ndarray) -> pa.Array:
    """Lists of topics; null where a session has none."""
    flat = pa.array(values.astype(object), type=pa.string())
    empty = pa.array(np.diff(offsets) == 0)
    return pa.ListArray.from_arrays(pa.array(offsets.astype(np.int32)), flat, mask=empty)


def table(name: str, columns: Mapping[str, pa.Array]) -> pa.Table:
    """An Arrow table with exactly the contract's columns, in the contract's order."""
    expected = TABLES[name].column_names
    missing = set(expected) ^ set(columns)
    if missing:
        raise ValueError(f"{name}: columns {sorted(missing)} do not match the contract")
    return pa.Table.from_arrays([columns[c] for c in expected], schema=schema(name))
