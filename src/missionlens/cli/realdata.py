"""Real public data: `convert kiva`, `convert mix` and the `network` review of an institution panel."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, cast

import click

import typer  # already imported (warnings filtered) by missionlens.cli, which imports this module

from missionlens.cli import write_json, write_pages, app, guarded, refuse, Lang, Dialect, DialectOpt


convert_app = typer.Typer(
    name="convert",
    help="Convert real public data sets into missionlens's contracts (Kiva loans, the MIX Market panel).",
    no_args_is_help=True,
)
app.add_typer(convert_app, name="convert")


@convert_app.command("kiva")
@guarded
def convert_kiva(
    source: Annotated[Path, typer.Argument(help="A Kiva export: API snapshot pages (*.json) or Kaggle-shaped CSVs.")],
    out: Annotated[Path, typer.Argument(help="Folder to write one data set per field partner into (partner-<id>/).")],
) -> None:
    """Turn Kiva loans into the import contract: one organisation per field partner (docs/real-data.md)."""
    from missionlens.console import out as stdout
    from missionlens.convert.kiva import convert_kiva as run
    from missionlens.convert.kiva_source import KivaSourceError

    try:
        done = run(source, out)
    except KivaSourceError as exc:
        raise refuse(str(exc)) from None
    stdout.print(f"Converted {done.loans:,} Kiva loans ({done.shape} shape) into {len(done.partners)} partner "
                 f"data sets under {out}", markup=False)
    for p in done.partners:
        rows = ", ".join(f"{n} {t}" for t, n in p.rows.items())
        stdout.print(f"  {p.folder}: {rows}", markup=False)
    stdout.print(f"Every mapping choice is in {out / 'conversion.json'} and docs/real-data.md.", markup=False)


@convert_app.command("mix")
@guarded
def convert_mix(
    source: Annotated[Path, typer.Argument(help="The mix-africa folder, or amelia.csv itself.")],
    out: Annotated[Path, typer.Argument(help="Folder to write institutions.csv (the institution panel) into.")],
) -> None:
    """Turn the MIX Market African panel into the institution panel (GDP per capita stands in for GNI)."""
    from missionlens.console import out as stdout
    from missionlens.convert.mix import MixSourceError
    from missionlens.convert.mix import convert_mix as run

    try:
        done = run(source, out)
    except MixSourceError as exc:
        raise refuse(str(exc)) from None
    stdout.print(f"Wrote {out / 'institutions.csv'}: {done.rows:,} rows, {done.institutions} institutions, "
                 f"{done.years[0]}-{done.years[1]}", markup=False)
    stdout.print("GDP per capita (constant 2010 US$) stands in for GNI per capita, which the source lacks.",
                 markup=False)
    blanked = ", ".join(f"{n} {c}" for c, n in done.blanked.items()) or "none"
    stdout.print(f"Values outside the panel contract left blank: {blanked}.", markup=False)


@app.command()
@guarded
def network(
    panel: Annotated[Path, typer.Argument(help="A folder holding institutions.csv, or the panel file itself.")],
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the network review as JSON here ('-': stdout).")] = None,
    html_out: Annotated[Path | None, typer.Option("--html", help="Write the HTML report here.")] = None,
    pdf_out: Annotated[Path | None, typer.Option("--pdf", help="Write the PDF report here.")] = None,
    lang: Annotated[str, typer.Option("--lang", click_type=click.Choice(["fr", "en"]), help="Language.")] = "en",
    dialect: DialectOpt = "auto",
) -> None:
    """Review many institutions at once from a yearly panel: depth, breadth, women, PAR30 and drift."""
    from missionlens.console import count_progress, err
    from missionlens.network import NetworkRefusal, dumps, review_network
    from missionlens.network.html import render_html

    with count_progress() as progress:
        result = review_network(panel, lang=cast(Lang, lang), generated=datetime.now(timezone.utc).date().isoformat(),
                                dialect=cast(Dialect, dialect), progress=progress)
    written: list[Path] = []
    if json_out is not None:
        written += write_json(json_out, dumps(result))
    if isinstance(result, NetworkRefusal):
        for problem in result.problems:
            err.print(str(problem), markup=False, soft_wrap=True)
        errors = sum(1 for p in result.problems if p.severity == "error")
        raise refuse(f"{panel}: the panel is refused ({errors} error(s)); nothing was computed.")
    for problem in result.warnings:
        err.print(str(problem), markup=False, soft_wrap=True)
    if html_out is not None or pdf_out is not None:
        written += write_pages(render_html(result), html_out, pdf_out)
    err.print(f"{len(result.institutions)} institutions, {result.tested} series tested, "
              f"{len(result.ranking)} with a change against the mission.", markup=False)
    for path in written:
        err.print(f"Wrote {path}", markup=False)
