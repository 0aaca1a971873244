"""The web app's commands: `demo` (the README's main job) and `serve` (production)."""

from __future__ import annotations

import os
from importlib import resources
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, cast

import click

import typer  # already imported (warnings filtered) by missionlens.cli, which imports this module

from missionlens.cli import app, guarded, Lang


@app.command()
@guarded
def demo(
    folder: Annotated[Path, typer.Option("--dir", help="Where the demo's data, store, reviews and database go.")] = Path("demo"),
    reset: Annotated[bool, typer.Option("--reset", help="Simulate, import and review again even if a demo exists.")] = False,
    lang: Annotated[str, typer.Option(click_type=click.Choice(["fr", "en"]), help="Language of the demo's data.")] = "fr",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to serve the app on, at 127.0.0.1.")] = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Prepare everything, print the logins, but do not serve.")] = False,
) -> None:
    """The main job: simulate the demo organisation (volume_push), import it, review it and serve the app."""
    from missionlens.console import count_progress, fraction_progress, out, print_import_summary
    from missionlens.data.importer import import_dataset
    from missionlens.data.simulator import simulate as run_simulation
    from missionlens.data.store import Store

    now = datetime.now(timezone.utc)
    # The demo organisation's own mission: the template plus the volume target of its story.
    mission_file = Path(str(resources.files("missionlens.mission").joinpath("templates/demo/mission.toml")))
    store = Store.open_or_create(folder / "store")
    fresh = reset or store.current() is None
    if fresh:
        data = folder / "data"
        out.print(f"Simulating the demo organisation into {data} ...", markup=False)
        with fraction_progress() as progress:
            run_simulation(data, scale=1.0, years=5, start="2021-01", seed=2024, scenario="volume_push",
                           fmt="csv", lang=cast(Lang, lang), progress=progress)
        with count_progress() as progress:
            result = import_dataset(data, store, now=now, progress=progress)
        if result.version is None:
            raise RuntimeError("the simulated demo data was refused; this is a bug, please report it")
        print_import_summary(result.version)
    else:
        out.print(f"Reusing the demo in {folder} (use --reset to simulate it again).", markup=False)

    from missionlens.web import demo as web_demo
    from missionlens.web.server import prepare, serve, setup

    os.environ.update(web_demo.environment(folder, mission_file))
    setup()
    from missionlens.web import reviews
    from missionlens.web.field_evidence import app_evidence

    prepare()
    if fresh or reviews.current_run(folder.resolve()) is None:
        with count_progress() as progress:
            run = reviews.compute_reviews(
                folder.resolve(), mission_path=mission_file, now=now, progress=progress,
                evidence=app_evidence(),
            )
        out.print(f"Reviewed version {run.version}: {run.path}", markup=False)
    else:
        out.print("Reusing the computed review.", markup=False)
    with count_progress() as progress:
        out.print(web_demo.network(folder.resolve(), now=now, fresh=fresh, progress=progress), markup=False)
    branches = web_demo.branches(reviews.branches_of(folder.resolve()))
    logins = web_demo.accounts(branches[0] if branches else None)
    web_demo.published_voices(reviews.notes_for(folder.resolve()))
    address = f"http://127.0.0.1:{port}"
    out.print(f"\nThe demo organisation's mission: {address}", markup=False)
    out.print(f"Sign in with one of these accounts (password: {web_demo.PASSWORD}):", markup=False)
    for name, role, branch in logins:
        out.print(f"  {name:8} {role}{' (' + branch + ')' if branch else ''}", markup=False)
    if not no_serve:
        out.print("Press Ctrl-C to stop.", markup=False)
        serve(bind=f"127.0.0.1:{port}", workers=2)


@app.command()
@guarded
def serve(
    bind: Annotated[str, typer.Option(envvar="MISSIONLENS_BIND", help="Address and port to listen on.")] = "127.0.0.1:8000",
    workers: Annotated[int, typer.Option(envvar="MISSIONLENS_WORKERS", min=1, max=64, help="Server processes.")] = 3,
) -> None:
    """Serve the web app in production with gunicorn, configured by the MISSIONLENS_* variables."""
    from missionlens.web.server import prepare, setup
    from missionlens.web.server import serve as run_server

    setup()
    prepare()
    run_server(bind=bind, workers=workers)
