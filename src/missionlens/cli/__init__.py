"""The `missionlens` command line: parse, call the domain, print. Nothing else lives here.

Exit status: 0 success; 2 the input is refused (validation errors, a bad argument about the
data); 1 anything else. Unexpected failures print one short line; MISSIONLENS_DEBUG=1 shows
the traceback.
"""

from __future__ import annotations

import functools
import os
import re
import warnings
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, cast

import click

with warnings.catch_warnings():
    # typer 0.20 reads click.utils names that click 8.3 deprecates; harmless, and the suite
    # turns warnings into errors.
    warnings.simplefilter("ignore", DeprecationWarning)
    import typer

app = typer.Typer(
    name="missionlens",
    help="missionlens: keep the whole mission in view. Simulate, check, import and version "
    "the activity data of a social micro-credit organisation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DEBUG_ENV = "MISSIONLENS_DEBUG"
REFUSED = 2
FAILED = 1
DIALECTS = ["auto", "csv", "fr-csv", "xlsx", "parquet"]
Dialect = Literal["auto", "csv", "fr-csv", "xlsx", "parquet"]
Format = Literal["csv", "fr-csv", "xlsx", "parquet"]
Lang = Literal["fr", "en"]


def env_flag(name: str, environ: Mapping[str, str] | None = None) -> bool:
    """A boolean setting: unset, '', 0/false/no/off or 1/true/yes/on; anything else is refused."""
    text = (os.environ if environ is None else environ).get(name, "").strip().lower()
    if text in ("", "0", "false", "no", "off"):
        return False
    if text in ("1", "true", "yes", "on"):
        return True
    raise ValueError(f"{name} must be 1 or 0 (true/false, yes/no), not {text!r}.")


F = TypeVar("F", bound=Callable[..., Any])


def guarded(command: F) -> F:
    """Turn known and unexpected failures into a short message and exit status 1."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, click.exceptions.ClickException, click.exceptions.Abort):
            raise
        except Exception as exc:
            from missionlens.data.store import UnknownVersion

            from missionlens.console import err

            if env_flag(DEBUG_ENV):
                raise
            err.print(f"Error: {exc}", markup=False, soft_wrap=True)
            if not _is_known(exc):
                err.print(f"(unexpected {type(exc).__name__}; set {DEBUG_ENV}=1 for details)", markup=False)
            raise typer.Exit(REFUSED if isinstance(exc, UnknownVersion) or _is_setting(exc) else FAILED) from None

    return cast(F, run)


def _is_known(exc: Exception) -> bool:
    from missionlens.data.pseudonyms import SecretError
    from missionlens.data.store import StoreError

    return isinstance(exc, StoreError | SecretError) or _is_setting(exc)


def _is_setting(exc: Exception) -> bool:
    """A MISSIONLENS_* variable with a bad value: the user's to fix, said in plain words."""
    from missionlens.web.environment import SettingError

    return isinstance(exc, SettingError)


def write_json(target: Path, document: str) -> list[Path]:
    """`--json`: to standard output when the target is '-', else to the file (returned, to be listed)."""
    from missionlens.console import out

    if str(target) == "-":
        out.print(document, markup=False, end="")
        return []
    target.write_text(document, encoding="utf-8")
    return [target]


def write_pages(page: str, html_out: Path | None, pdf_out: Path | None) -> list[Path]:
    """`--html` and `--pdf`: the rendered page, and the same page printed by WeasyPrint; the files
    written, to be listed."""
    from missionlens.report import html_to_pdf

    written: list[Path] = []
    if html_out is not None:
        html_out.write_text(page, encoding="utf-8")
        written.append(html_out)
    if pdf_out is not None:
        pdf_out.write_bytes(html_to_pdf(page))
        written.append(pdf_out)
    return written


def refuse(message: str) -> typer.Exit:
    from missionlens.console import err

    err.print(message, markup=False, soft_wrap=True)
    return typer.Exit(REFUSED)


def _existing_data(data: Path) -> Path:
    if not data.exists():
        raise refuse(f"{data}: no such file or folder. Fix: give the folder that holds loans and borrowers.")
    return data


DataArg = Annotated[Path, typer.Argument(help="The data set: a folder of CSV/Parquet files or an .xlsx workbook.")]
StoreOpt = Annotated[Path, typer.Option("--store", help="The store folder (created by the first import).")]
DialectOpt = Annotated[
    str,
    typer.Option(
        "--dialect",
        click_type=click.Choice(DIALECTS),
        help="Force a dialect instead of detecting it: csv (UTF-8, comma), fr-csv (';', decimal comma, "
        "dd/mm/yyyy), xlsx, parquet.",
    ),
]
JsonOpt = Annotated[
    Path | None,
    typer.Option("--json", help="Also write the result and every problem as JSON to this file ('-': stdout)."),
]


@app.command()
@guarded
def simulate(
    out: Annotated[Path, typer.Argument(help="Folder to write the simulated data set into.")],
    scale: Annotated[float, typer.Option(min=0.001, help="1 ≈ a regional association (1,000–1,500 loans a year).")] = 1.0,
    years: Annotated[int, typer.Option(min=1, max=50, help="Number of years simulated.")] = 5,
    start: Annotated[str, typer.Option(help="First month, YYYY-MM.")] = "2021-01",
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same data.")] = 0,
    scenario: Annotated[str, typer.Option(help="Story to simulate (steady, volume_push, quiet_erosion, ...).")] = "steady",
    fmt: Annotated[
        str, typer.Option("--format", click_type=click.Choice(["csv", "fr-csv", "xlsx", "parquet"]), help="Output format.")
    ] = "csv",
    lang: Annotated[str, typer.Option(click_type=click.Choice(["fr", "en"]), help="Language of the notes.")] = "fr",
) -> None:
    """Write a realistic simulated micro-credit organisation in the import contract, plus truth.json."""
    from missionlens.console import fraction_progress, print_rows
    from missionlens.console import out as stdout
    from missionlens.data.simulator import SCENARIOS
    from missionlens.data.simulator import simulate as run_simulation

    if scenario not in SCENARIOS:
        raise refuse(f"Unknown scenario {scenario!r}. Fix: choose one of {', '.join(sorted(SCENARIOS))}.")
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", start):
        raise refuse(f"--start {start!r} is not a month. Fix: write it as YYYY-MM, e.g. 2021-01.")
    with fraction_progress() as progress:
        summary = run_simulation(
            out, scale=scale, years=years, start=start, seed=seed, scenario=scenario,
            fmt=cast(Format, fmt), lang=cast(Lang, lang), progress=progress,
        )
    stdout.print(f"Simulated {scenario!r} ({SCENARIOS[scenario]}) into {out}", markup=False)
    stdout.print(f"months {summary.start} to {summary.end}; {summary.changes} change(s) listed in truth.json",
                 markup=False)
    print_rows("Simulated tables", summary.rows)


@app.command()
@guarded
def check(data: DataArg, dialect: DialectOpt = "auto", json_out: JsonOpt = None) -> None:
    """Validate a data set without importing it: every problem, with file, line and column."""
    from missionlens.console import count_progress, print_problems, print_rows, report, write_json
    from missionlens.data.importer import check_dataset

    with count_progress() as progress:
        validation = check_dataset(_existing_data(data), dialect=cast(Dialect, dialect), progress=progress)
    print_problems(validation)
    if json_out is not None:
        write_json(json_out, report(validation))
    if not validation.ok:
        raise refuse("The data set has errors: an import would refuse it.")
    if json_out is None or str(json_out) != "-":
        print_rows("The data set is valid", dict(validation.rows))


@app.command("import")
@guarded
def import_(data: DataArg, store: StoreOpt, dialect: DialectOpt = "auto", json_out: JsonOpt = None) -> None:
    """Validate a data set and, when it has no errors, store it as the new current version."""
    from missionlens.console import count_progress, print_import_summary, print_problems, report, write_json
    from missionlens.data.importer import import_dataset
    from missionlens.data.store import Store

    source = _existing_data(data)
    target = Store.open_or_create(store)
    with count_progress() as progress:
        result = import_dataset(
            source, target, dialect=cast(Dialect, dialect), now=datetime.now(timezone.utc), progress=progress
        )
    print_problems(result.validation)
    if json_out is not None:
        write_json(json_out, report(result.validation, result.version))
    if result.version is None:
        raise refuse("The data set is refused: nothing was imported. Fix the errors above and retry.")
    if json_out is None or str(json_out) != "-":
        print_import_summary(result.version)


@app.command()
@guarded
def versions(
    store: StoreOpt,
    as_json: Annotated[bool, typer.Option("--json", help="Print the versions as JSON.")] = False,
) -> None:
    """List the store's versions, oldest first; the current one is marked with *."""
    from missionlens.console import print_versions, version_summary, write_json
    from missionlens.data.store import Store

    found = Store.open(store).versions()
    if as_json:
        write_json(Path("-"), [version_summary(v) for v in found])
    else:
        print_versions(found)


@app.command()
@guarded
def rollback(
    version: Annotated[str, typer.Argument(help="The version to make current again (v000002, v2 or 2).")],
    store: StoreOpt,
) -> None:
    """Make an earlier version current again. Nothing is deleted; the rollback is logged."""
    from missionlens.console import out
    from missionlens.data.store import Store

    target = Store.open(store).rollback(version, now=datetime.now(timezone.utc))
    out.print(f"Version {target.name} is current again.", markup=False)


@app.command()
@guarded
def review(
    data: Annotated[Path, typer.Argument(help="A data folder in the import contract, or a store made by `import`.")],
    mission: Annotated[
        Path | None, typer.Option("--mission", help="The mission file (default: the built-in micro-credit template).")
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the review as JSON here ('-': stdout).")] = None,
    html_out: Annotated[Path | None, typer.Option("--html", help="Write the HTML report here.")] = None,
    pdf_out: Annotated[Path | None, typer.Option("--pdf", help="Write the PDF report here.")] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", click_type=click.Choice(["fr", "en"]), help="Language (default: the mission's).")
    ] = None,
) -> None:
    """Review a data set against the mission: JSON, HTML and PDF, every number with its card."""
    from missionlens.console import count_progress, err
    from missionlens.report import render_html
    from missionlens.review import Refusal, build_review, dumps

    with count_progress() as progress:
        result = build_review(
            data, mission_path=mission, lang=lang, now=datetime.now(timezone.utc), progress=progress  # type: ignore[arg-type]
        )
    written: list[Path] = []
    if json_out is not None:
        written += write_json(json_out, dumps(result))
    if isinstance(result, Refusal):
        for problem in result.problems:
            err.print(str(problem), markup=False, soft_wrap=True)
        raise refuse(f"{data}: the input is refused ({len(result.problems)} problem(s)); no review was written.")
    if html_out is not None or pdf_out is not None:
        written += write_pages(render_html(result), html_out, pdf_out)
    for path in written:
        err.print(f"Wrote {path}", markup=False)



def main() -> None:
    app()


# The commands of the other modules register themselves on `app` when imported.
from missionlens.cli import realdata, web  # noqa: E402, F401
