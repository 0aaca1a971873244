"""The contract's tables as Ibis tables, on DuckDB (default) or PySpark, and the joins indicators share.

A store version (STORE/versions/vNNNNNN/) and an exported folder both hold one `<table>.parquet`
per contract table given (spec/microcredit-data.md). The stored types are fixed (decimals as
float64, dates as date32, `_line` the source line); `_line` is dropped here because no indicator
may depend on where a row sat in the user's file.

Disaggregation (`Tables.grouped`) adds a string column `grp` to a unit table: the branch (the
loan's branch for loan-based indicators, the borrower's branch otherwise), the borrower's gender,
minimum_benefits ("true"/"false"), the branch's zone_type, the loan's product or a note's author
role. A missing attribute is the group "unknown". Without a dimension, `grp` is "*".
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import ibis
import ibis.expr.types as ir
import pandas as pd
from ibis.backends import BaseBackend

from missionlens.data.contract import TABLES

Backend = Literal["duckdb", "pyspark"]
Dimension = Literal["branch", "gender", "zone", "minimum_benefits", "product", "author_role"]
DIMENSIONS: tuple[Dimension, ...] = ("branch", "gender", "zone", "minimum_benefits", "product", "author_role")
ALL = "*"
UNKNOWN = "unknown"


class NotDisaggregable(ValueError):
    """Raised when a unit table cannot be split by the dimension asked for."""


@dataclass(frozen=True)
class Tables:
    """The tables of one data set, opened on one backend. Absent tables are simply not there."""

    tables: Mapping[str, ir.Table]
    backend: Backend
    connection: BaseBackend

    def has(self, name: str) -> bool:
        return name in self.tables

    def __getitem__(self, name: str) -> ir.Table:
        return self.tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def execute(self, expr: ir.Table) -> pd.DataFrame:
        """Run an expression on the backend and return its rows."""
        if self.backend != "pyspark":
            result: pd.DataFrame = self.connection.execute(expr)
            return result
        with warnings.catch_warnings():
            # pyspark 3.5's toPandas calls pandas APIs deprecated in pandas 2.x.
            warnings.filterwarnings("ignore", "is_datetime64tz_dtype is deprecated", DeprecationWarning)
            warnings.filterwarnings("ignore", "is_categorical_dtype is deprecated", DeprecationWarning)
            # and checks the pandas version with distutils' LooseVersion (setuptools' copy warns).
            warnings.filterwarnings("ignore", "distutils Version classes are deprecated", DeprecationWarning)
            warnings.filterwarnings("ignore", "unclosed <socket", ResourceWarning)
            result = self.connection.execute(expr)
        return result

    def execute_all(self, parts: list[ir.Table]) -> pd.DataFrame:
        """Run expressions of the same schema and return all their rows.

        DuckDB gets one query (a union), planned and run together. Spark gets one query per
        expression: Catalyst's planning time grows much faster than the plan, and a union of
        thirty indicators takes it many minutes to plan where thirty small plans take seconds.
        """
        if self.backend != "pyspark":
            return self.execute(ibis.union(*parts, distinct=False) if len(parts) > 1 else parts[0])
        return pd.concat([self.execute(part) for part in parts], ignore_index=True)

    # Units shared by several domains ---------------------------------------------------------

    def disbursed_loans(self) -> ir.Table:
        """Loans that were disbursed (disbursement_date known)."""
        loans = self["loans"]
        return loans.filter(loans.disbursement_date.notnull())

    def first_disbursements(self) -> ir.Table:
        """borrower_id, first_date: the date of each borrower's first disbursed loan."""
        loans = self.disbursed_loans()
        return loans.group_by("borrower_id").aggregate(first_date=loans.disbursement_date.min())

    # Disaggregation ----------------------------------------------------------------------------

    def grouped(
        self,
        unit: ir.Table,
        by: Dimension | None,
        *,
        borrower: str | None = "borrower_id",
        branch: str | None = None,
        product: str | None = None,
        role: str | None = None,
    ) -> ir.Table:
        """`unit` with a `grp` column for the dimension `by` (see the module docstring).

        `branch` names the unit's own branch column (loans.branch_id, staff.branch_id); without it
        the borrower's branch is used. Raises NotDisaggregable when the unit lacks what `by` needs.
        """
        if by is None:
            return unit.mutate(grp=ibis.literal(ALL))
        if by == "product":
            return _with_group(unit, _need(unit, product, by))
        if by == "author_role":
            return _with_group(unit, _need(unit, role, by))
        if by in ("branch", "zone") and branch is not None:
            keyed = unit.mutate(_branch=unit[branch])
        elif by in ("branch", "zone"):
            keyed = self._borrower_attribute(unit, _need(unit, borrower, by), "branch_id", "_branch")
        else:
            column = "gender" if by == "gender" else "minimum_benefits"
            keyed = self._borrower_attribute(unit, _need(unit, borrower, by), column, "_attr")
            if by == "minimum_benefits":
                flag = keyed._attr
                # A null flag must stay null (-> "unknown"); a bare CASE WHEN would make it "false".
                keyed = keyed.mutate(_attr=ibis.cases((flag == True, "true"), (flag == False, "false")))  # noqa: E712
            return _with_group(keyed, "_attr").drop("_attr")
        if by == "branch":
            return _with_group(keyed, "_branch").drop("_branch")
        if not self.has("branches"):
            raise NotDisaggregable("zone needs the branches table")
        zones = self["branches"].select(_zb=ibis._.branch_id, _zone=ibis._.zone_type)
        joined = keyed.left_join(zones, keyed._branch == zones._zb)
        joined = joined.select(*keyed.columns, "_zone")
        return _with_group(joined, "_zone").drop("_branch", "_zone")

    def _borrower_attribute(self, unit: ir.Table, key: str, column: str, name: str) -> ir.Table:
        people = self["borrowers"].select(_bk=ibis._.borrower_id, **{name: ibis._[column]})
        joined = unit.left_join(people, unit[key] == people._bk)
        return joined.select(*unit.columns, name)


def _need(unit: ir.Table, column: str | None, by: str) -> str:
    if column is None or column not in unit.columns:
        raise NotDisaggregable(f"this indicator cannot be split by {by}")
    return column


def _with_group(unit: ir.Table, column: str) -> ir.Table:
    return unit.mutate(grp=unit[column].cast("string").fill_null(UNKNOWN))


# Opening ---------------------------------------------------------------------------------------


def table_paths(folder: Path) -> dict[str, Path]:
    """The contract tables present in a folder of Parquet files (a store version or an export)."""
    return {name: folder / f"{name}.parquet" for name in TABLES if (folder / f"{name}.parquet").is_file()}


def open_tables(
    paths: Mapping[str, Path],
    backend: Backend = "duckdb",
    spark_session: Any = None,
    *,
    memory_limit: str | None = None,
    temp_directory: Path | None = None,
    threads: int | None = None,
) -> Tables:
    """Open the given Parquet tables (name -> path) as Ibis tables on `backend`.

    On DuckDB, `memory_limit` (e.g. "6GB") and `temp_directory` make large data spill to disk
    instead of exhausting memory. On PySpark, `spark_session` is used when given; otherwise a
    quiet local session is started (see `local_spark_session`).
    """
    unknown = sorted(set(paths) - set(TABLES))
    if unknown:
        raise ValueError(f"not tables of the contract: {', '.join(unknown)}")
    connection: BaseBackend
    if backend == "duckdb":
        connection = _duckdb(memory_limit, temp_directory, threads)
    elif backend == "pyspark":
        session: Any = spark_session if spark_session is not None else local_spark_session()
        connection = _pyspark(session)
    else:
        raise ValueError(f"unknown backend {backend!r}: use duckdb or pyspark")
    opened: dict[str, ir.Table] = {}
    for name, path in paths.items():
        if backend == "pyspark":
            opened[name] = _spark_table(connection, session, name, path)
        else:
            opened[name] = _duckdb_table(connection, name, path)
    return Tables(opened, backend, connection)


def _duckdb_table(connection: BaseBackend, name: str, path: Path) -> ir.Table:
    """A DuckDB view over the Parquet file without `_line`.

    The column is left out in the view itself rather than by an Ibis projection: a projection is a
    node every indicator shares, which the compiler turns into a CTE that DuckDB materialises
    (every column of the table, read in full) instead of reading only the columns each part needs.
    """
    view = f"ml_{name}"
    source = str(path).replace("'", "''")
    con: Any = getattr(connection, "con")
    columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{source}')").fetchall()]
    kept = ", ".join('"' + c.replace('"', '""') + '"' for c in columns if c != "_line")
    con.execute(f"CREATE OR REPLACE VIEW \"{view}\" AS SELECT {kept} FROM read_parquet('{source}')")
    return connection.table(view)


def _spark_table(connection: BaseBackend, session: Any, name: str, path: Path) -> ir.Table:
    """A Parquet table read once into Spark's cache (memory, spilling to disk): every indicator
    reads the same few tables, and listing and opening the files again for each is most of the
    time of a small review."""
    frame = session.read.parquet(str(path))
    frame = frame.select(*[c for c in frame.columns if c != "_line"]).cache()
    view = f"ml_{name}"
    frame.createOrReplaceTempView(view)
    return connection.table(view)


def _duckdb(memory_limit: str | None, temp_directory: Path | None, threads: int | None) -> BaseBackend:
    config: dict[str, Any] = {}
    if memory_limit:
        config["memory_limit"] = memory_limit
    if temp_directory:
        config["temp_directory"] = str(temp_directory)
    if threads:
        config["threads"] = threads
    # Insertion order is not needed by any indicator; dropping it lets DuckDB spill more freely.
    config["preserve_insertion_order"] = False
    return ibis.duckdb.connect(**config)


def _pyspark(session: Any) -> BaseBackend:
    with warnings.catch_warnings():
        # pyspark 3.5 checks the pandas version with distutils, deprecated in Python 3.11 (and with
        # setuptools' copy of it, which warns about its Version classes, once setuptools is imported).
        warnings.filterwarnings("ignore", "The distutils package is deprecated", DeprecationWarning)
        warnings.filterwarnings("ignore", "distutils Version classes are deprecated", DeprecationWarning)
        backend: BaseBackend = ibis.pyspark.connect(session)
    return backend


# Spark's JVM logs to stderr at WARN by default; a review run should print only its own output.
_LOG4J2 = """rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""


def local_spark_session(memory: str = "1g") -> Any:
    """A small, quiet local Spark session (local[2], no UI, UTC) for tests and single machines."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    for name in ("py4j", "py4j.clientserver", "py4j.java_gateway", "pyspark"):
        logging.getLogger(name).setLevel(logging.ERROR)
    config = Path(tempfile.gettempdir()) / "missionlens-log4j2.properties"
    config.write_text(_LOG4J2, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "The distutils package is deprecated", DeprecationWarning)
        from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("missionlens")
        .config("spark.driver.memory", memory)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.driver.extraJavaOptions", f"-Dlog4j.configurationFile=file:{config}")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    return session
