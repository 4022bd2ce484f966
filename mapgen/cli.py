"""The ``supply-atlas`` command line (also ``python -m mapgen``).

A thin layer over :mod:`mapgen.build` and :mod:`routes`: it turns their
errors into ``Error: ...`` lines and exit status 1, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from routes import RouteDataError, load_atlas
from routes.model import BASE_LANGUAGE, LANGUAGES

DEFAULT_OUT = Path("output")


def _fail(messages: list[str]) -> None:
    for message in messages:
        click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _run(action):
    try:
        return action()
    except RouteDataError as exc:
        _fail([str(p) for p in exc.problems])
    except KeyError as exc:
        _fail([exc.args[0] if exc.args else str(exc)])
    except FileNotFoundError as exc:
        _fail([str(exc)])
    except OSError as exc:
        _fail([f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": ")])


def out_option(default: Path, help: str):
    """The --out folder of the commands that write files."""
    return click.option(
        "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=default, show_default=True,
        help=help,
    )


data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="A data folder laid out like routes/data (default: the shipped data).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Offline, layered maps of the supply routes into and out of the USSR."""


@cli.command()
@click.argument("names", nargs=-1)
@out_option(DEFAULT_OUT, "Folder to write the maps into.")
@data_option
@click.option(
    "--lang",
    "languages",
    multiple=True,
    type=click.Choice(list(LANGUAGES)),
    help="Build only the maps in this language (repeatable). Default: every language each map declares.",
)
@click.option(
    "--thumbnails/--no-thumbnails", default=True, show_default=True,
    help="Photograph each map for the front page (needs Chromium; without it the front page has no pictures).",
)
def build(
    names: tuple[str, ...], out_dir: Path, data_dir: Path | None, languages: tuple[str, ...], thumbnails: bool
) -> None:
    """Build all maps (and index.html), or only the maps NAMES.

    English maps go into OUT, Russian ones into OUT/ru.
    """
    from mapgen.site import build_all

    def note(message: str) -> None:
        click.echo(f"Note: {message}", err=True)

    written = _run(
        lambda: build_all(
            out_dir, list(names) or None, data_dir=data_dir, languages=list(languages) or None,
            thumbnails=thumbnails, note=note,
        )
    )
    for path in written:
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("names", nargs=-1)
@out_option(DEFAULT_OUT, "Folder holding the built maps; pictures go into its thumbnails/ folder.")
@data_option
def thumbnails(names: tuple[str, ...], out_dir: Path, data_dir: Path | None) -> None:
    """Photograph the built maps for the front page (needs Chromium and Playwright)."""
    from mapgen.chromium import BrowserUnavailable
    from mapgen.thumbnails import make_thumbnails

    try:
        written = _run(lambda: make_thumbnails(out_dir, list(names) or None, data_dir=data_dir))
    except BrowserUnavailable as exc:
        _fail([str(exc)])
    for path in written:
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("name")
@click.option("--lang", default=BASE_LANGUAGE, show_default=True, type=click.Choice(list(LANGUAGES)))
@click.option(
    "--src",
    default=None,
    help="The map's address as the host page reaches it (default: its path in the output folder).",
)
@click.option("--aspect", default="16:10", show_default=True, help="Width:height of the frame, e.g. 9:16 for a phone.")
@click.option("--bare", is_flag=True, help="Hide the title, legend and summary panels.")
@click.option("--view", default="", help="Open on this view, as the map writes it: '#layers=arctic&year=1942'.")
@data_option
def embed(name: str, lang: str, src: str | None, aspect: str, bare: bool, view: str, data_dir: Path | None) -> None:
    """Print an <iframe> snippet that shows the map NAME in another page (an LMS page, a slide)."""
    from mapgen.specs import map_specs
    from mapgen.embed import embed_snippet

    atlas = _run(lambda: load_atlas(data_dir))
    specs = {s.name: s for s in map_specs(atlas, lang)}
    if name not in specs:
        _fail([f"no map named {name!r} in {lang!r}; the maps are: {', '.join(specs) or 'none'}"])
    try:
        click.echo(embed_snippet(specs[name], src=src, aspect=aspect, bare=bare, view=view))
    except ValueError as exc:
        _fail([str(exc)])


@cli.command(name="export")
@click.argument("names", nargs=-1)
@out_option(DEFAULT_OUT / "export", "Folder to write the pictures into.")
@click.option("--format", "formats", multiple=True, type=click.Choice(["png", "pdf"]), help="Default: both.")
@click.option("--size", default="1600x1000", show_default=True, help="Width x height in pixels.")
@click.option("--lang", "languages", multiple=True, type=click.Choice(list(LANGUAGES)), help="Default: all.")
@click.option("--view", default="", help="A view as the map writes it in its address: '#layers=arctic&year=1942'.")
@data_option
def export_pictures(names, out_dir, formats, size, languages, view, data_dir) -> None:
    """Save maps as PNG and PDF (title, legend, scale, sources) for slides and worksheets.

    Needs Chromium and Playwright, like the tests.
    """
    from mapgen.chromium import BrowserUnavailable
    from mapgen.export import FORMATS, export_maps, parse_size

    try:
        dimensions = parse_size(size)
    except ValueError as exc:
        _fail([str(exc)])
    try:
        written = _run(
            lambda: export_maps(
                out_dir, list(names) or None, languages=list(languages) or None,
                formats=tuple(formats) or FORMATS, size=dimensions, view=view, data_dir=data_dir,
            )
        )
    except BrowserUnavailable as exc:
        _fail([str(exc)])
    for path in written:
        click.echo(f"wrote {path}")


@cli.command(name="export-data")
@out_option(DEFAULT_OUT / "data", "Folder to write figures.csv and routes.geojson into.")
@click.option("--lang", default=BASE_LANGUAGE, show_default=True, type=click.Choice(list(LANGUAGES)))
@data_option
def export_data(out_dir: Path, lang: str, data_dir: Path | None) -> None:
    """Write every figure (CSV) and the routes, places and losses (GeoJSON) for analysis."""
    from mapgen.site import write_atomically
    from mapgen.datafiles import data_files

    atlas = _run(lambda: load_atlas(data_dir, languages=(lang,) if lang != BASE_LANGUAGE else ()))
    for name, text in data_files(atlas, lang).items():
        _run(lambda target=out_dir / name, text=text: write_atomically(target, text))
        click.echo(f"wrote {out_dir / name}")


@cli.command(name="new")
@click.argument("folder", type=click.Path(path_type=Path))
def new_data_folder(folder: Path) -> None:
    """Start a data folder of your own from a small example (one route, two places, two figures)."""
    import shutil
    from importlib.resources import as_file, files

    if folder.exists() and any(folder.iterdir()):
        _fail([f"{folder} already exists and is not empty; choose a new folder"])
    with as_file(files("routes").joinpath("template")) as template:
        _run(lambda: shutil.copytree(template, folder, dirs_exist_ok=True))
    click.echo(f"created {folder}: edit its files, then run")
    click.echo(f"  supply-atlas validate {folder}")
    click.echo(f"  supply-atlas build --data {folder} --out {folder}-maps")


@cli.command(name="list")
@data_option
def list_maps(data_dir: Path | None) -> None:
    """List the maps and the routes on each."""
    from mapgen.specs import map_specs

    atlas = _run(lambda: load_atlas(data_dir))
    for spec in map_specs(atlas):
        click.echo(f"{spec.name}\t{spec.filename}\t{spec.title}\t({', '.join(spec.route_ids)})")


@cli.command()
@click.argument("data_dir", required=False, type=click.Path(path_type=Path))
@click.option(
    "--lang",
    "languages",
    multiple=True,
    type=click.Choice([lang for lang in LANGUAGES if lang != BASE_LANGUAGE]),
    help="Also check that every map has its texts in this language (each map's declared languages are always checked).",
)
def validate(data_dir: Path | None, languages: tuple[str, ...]) -> None:
    """Check a data folder (default: the shipped data) and report every problem."""
    atlas = _run(lambda: load_atlas(data_dir, languages=languages))
    click.echo(
        f"OK: {len(atlas.routes)} routes, {len(atlas.legs)} legs, {len(atlas.places)} places, "
        f"{len(atlas.events)} losses, {len(atlas.figures)} figures, {len(atlas.sources)} sources"
    )


def main() -> None:
    cli(prog_name="supply-atlas")
