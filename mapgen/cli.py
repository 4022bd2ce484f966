"""The ``supply-atlas`` command line (also ``python -m mapgen``).

A thin layer over :mod:`mapgen.site` and :mod:`routes`. Errors are handled in
one place, :meth:`AtlasCommandLine.main`: every :class:`~routes.errors.AtlasError`
the library raises becomes ``Error: ...`` lines on stderr, cleaned of control
characters and terminal escapes, and an exit status:

- 0: done; 1: bad data, an output that could not be written, or a missing tool;
- 2: a usage error (an unknown option, map or language; a bad --out, --src,
  --aspect or --size), in one line, as click's own usage errors;
- 130: interrupted with Ctrl-C (quietly, at any moment, even while modules load);
  143: ended by SIGTERM. Nothing half-written is left either way.

Anything else is a bug, and shows as one (a traceback).
"""

from __future__ import annotations

import sys

try:
    from pathlib import Path

    import click

    from routes.errors import AtlasError, UsageError
    from routes.model import BASE_LANGUAGE, LANGUAGES
except KeyboardInterrupt:  # Ctrl-C while the command line loads: quietly, as at any other moment
    sys.exit(130)

DEFAULT_OUT = Path("output")
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
EXIT_TERMINATED = 128  # + the signal's number (143 for SIGTERM)


def terminal_safe(text: str) -> str:
    """``text`` with what a terminal would act on written out: control characters, escape
    sequences, bidirectional overrides and lone surrogates (from data or file names).

    >>> terminal_safe("red \\x1b[31mtext\\x1b[0m\\r\\u202e!")
    'red \\\\x1b[31mtext\\\\x1b[0m\\\\r\\\\u202e!'
    """
    out = []
    for char in text:
        code = ord(char)
        if char == "\t":
            out.append(char)  # moves the cursor, nothing more; `list` separates its columns with it
        elif code < 0x20 or 0x7F <= code <= 0x9F:
            out.append({"\n": "\\n", "\r": "\\r"}.get(char, f"\\x{code:02x}"))
        elif 0xD800 <= code <= 0xDFFF or code in _INVISIBLE:
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


# Bidirectional marks and overrides, the byte-order mark, and the line and paragraph separators.
_INVISIBLE = {0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0xFEFF, *range(0x202A, 0x202F)}
_INVISIBLE.update(range(0x2066, 0x206A))


def say(text: str) -> None:
    """Output on stdout, each of its lines safe for a terminal."""
    for line in str(text).split("\n"):
        click.echo(terminal_safe(line))


def _fail(lines: list[str], status: int) -> None:
    """Each problem on one line: a line break inside one is written out, not made."""
    for line in lines:
        click.echo(f"Error: {terminal_safe(str(line))}", err=True)
    sys.exit(status)


class AtlasCommandLine(click.Group):
    """The one place where errors become ``Error:`` lines and exit statuses."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        from mapgen.publish import Terminated, signals_as_exceptions

        try:
            with signals_as_exceptions():
                status = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _NO_ARGS_IS_HELP as exc:  # the command alone: its help, as click shows it
            exc.show()
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx is not None else ""
            _fail([exc.format_message() + hint], exc.exit_code)
        except AtlasError as exc:
            _fail(exc.lines(), exc.exit_status)
        except click.ClickException as exc:
            _fail([exc.format_message()], exc.exit_code)
        except (KeyboardInterrupt, click.Abort):
            sys.exit(EXIT_INTERRUPTED)
        except Terminated as exc:
            sys.exit(EXIT_TERMINATED + exc.signum)
        sys.exit(status if isinstance(status, int) else 0)


# click >= 8.2 says "no arguments" with an error that holds the help (older click prints it itself)
_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def _out_path(ctx, param, value):
    if value is not None and str(value).strip() == "":
        raise click.BadParameter("is empty; name the folder to write into, e.g. --out maps")
    return Path(value) if value is not None else None


def out_option(default: Path, help: str):
    """The --out folder of the commands that write files."""
    return click.option(
        "--out",
        "out_dir",
        type=str,
        default=str(default),
        show_default=True,
        callback=_out_path,
        help=help,
    )


data_option = click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="A data folder laid out like routes/data (default: the shipped data).",
)


@click.group(cls=AtlasCommandLine, context_settings={"help_option_names": ["-h", "--help"]})
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
    help="Build only the maps in this language (repeatable). "
    "Default: every language each map declares.",
)
@click.option(
    "--thumbnails/--no-thumbnails",
    default=True,
    show_default=True,
    help="Photograph each map for the front page (needs Chromium; without it the front page has no pictures).",
)
def build(
    names: tuple[str, ...],
    out_dir: Path,
    data_dir: Path | None,
    languages: tuple[str, ...],
    thumbnails: bool,
) -> None:
    """Build all maps (and index.html), or only the maps NAMES.

    English maps go into OUT, Russian ones into OUT/ru. The whole site is
    written beside OUT and swapped in at the end: on any failure OUT is as it was.
    """
    from mapgen.site import build_all

    def note(message: str) -> None:
        click.echo(terminal_safe(f"Note: {message}"), err=True)

    written = build_all(
        out_dir,
        list(names) or None,
        data_dir=data_dir,
        languages=list(languages) or None,
        thumbnails=thumbnails,
        note=note,
    )
    for path in written:
        say(f"wrote {path}")


@cli.command()
@click.argument("names", nargs=-1)
@out_option(DEFAULT_OUT, "Folder holding the built maps; pictures go into its thumbnails/ folder.")
@data_option
def thumbnails(names: tuple[str, ...], out_dir: Path, data_dir: Path | None) -> None:
    """Photograph the built maps for the front page (needs Chromium and Playwright)."""
    from mapgen.thumbnails import make_thumbnails

    for path in make_thumbnails(out_dir, list(names) or None, data_dir=data_dir):
        say(f"wrote {path}")


@cli.command()
@click.argument("name")
@click.option(
    "--lang", default=BASE_LANGUAGE, show_default=True, type=click.Choice(list(LANGUAGES))
)
@click.option(
    "--src",
    default=None,
    help="The map's address as the host page reaches it (default: its path in the output folder).",
)
@click.option(
    "--aspect",
    default="16:10",
    show_default=True,
    help="Width:height of the frame, e.g. 9:16 for a phone.",
)
@click.option("--bare", is_flag=True, help="Hide the title, legend and summary panels.")
@click.option(
    "--view",
    default="",
    help="Open on this view, as the map writes it: '#layers=arctic&year=1942'.",
)
@data_option
def embed(
    name: str, lang: str, src: str | None, aspect: str, bare: bool, view: str, data_dir: Path | None
) -> None:
    """Print an <iframe> snippet that shows the map NAME in another page (an LMS page, a slide)."""
    from mapgen.embed import embed_snippet
    from mapgen.specs import map_specs
    from routes import load_atlas

    atlas = load_atlas(data_dir)
    specs = {s.name: s for s in map_specs(atlas, lang)}
    if name not in specs:
        raise UsageError(
            f"no map named {name!r} in {lang!r}; the maps are: {', '.join(specs) or 'none'}"
        )
    say(embed_snippet(specs[name], src=src, aspect=aspect, bare=bare, view=view))


@cli.command(name="export")
@click.argument("names", nargs=-1)
@out_option(DEFAULT_OUT / "export", "Folder to write the pictures into.")
@click.option(
    "--format", "formats", multiple=True, type=click.Choice(["png", "pdf"]), help="Default: both."
)
@click.option("--size", default="1600x1000", show_default=True, help="Width x height in pixels.")
@click.option(
    "--lang", "languages", multiple=True, type=click.Choice(list(LANGUAGES)), help="Default: all."
)
@click.option(
    "--view",
    default="",
    help="A view as the map writes it in its address: '#layers=arctic&year=1942'.",
)
@data_option
def export_pictures(names, out_dir, formats, size, languages, view, data_dir) -> None:
    """Save maps as PNG and PDF (title, legend, scale, sources) for slides and worksheets.

    Needs Chromium and Playwright, like the tests.
    """
    from mapgen.export import FORMATS, export_maps, parse_size

    written = export_maps(
        out_dir,
        list(names) or None,
        languages=list(languages) or None,
        formats=tuple(formats) or FORMATS,
        size=parse_size(size),
        view=view,
        data_dir=data_dir,
    )
    for path in written:
        say(f"wrote {path}")


@cli.command()
@click.argument("name")
@click.option("--tour", "tour", type=click.IntRange(1, 99), default=1, show_default=True)
@click.option(
    "--lang", default=BASE_LANGUAGE, show_default=True, type=click.Choice(list(LANGUAGES))
)
@click.option(
    "--src",
    default=None,
    help="The map's published address, for the QR codes (default: its file name).",
)
@out_option(DEFAULT_OUT / "worksheets", "Folder to write the PDFs into.")
@data_option
def worksheet(name, tour, lang, src, out_dir, data_dir) -> None:
    """Print the guided tour of the map NAME for students: an A4 PDF with a picture of the map,
    the questions and a QR code at each step, and its answer key (needs Chromium)."""
    from mapgen.worksheet import make_worksheet

    for path in make_worksheet(
        name, tour=tour, lang=lang, src=src, out_dir=out_dir, data_dir=data_dir
    ):
        say(f"wrote {path}")


@cli.command()
@click.argument("names", nargs=-1)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["scorm12", "zip"]),
    required=True,
    help="scorm12: a SCORM 1.2 package for an LMS (Moodle: add an activity, SCORM package); "
    "zip: a folder for a USB stick or an intranet.",
)
@click.option(
    "--lang", default=BASE_LANGUAGE, show_default=True, type=click.Choice(list(LANGUAGES))
)
@out_option(DEFAULT_OUT / "packages", "Folder to write the zip into.")
@data_option
def package(names, fmt, lang, out_dir, data_dir) -> None:
    """Pack the maps NAMES (default: all) with their data and licences into one zip."""
    from mapgen.package import make_package

    say(
        f"wrote {make_package(list(names), fmt=fmt, lang=lang, out_dir=out_dir, data_dir=data_dir)}"
    )


@cli.command(name="export-data")
@out_option(DEFAULT_OUT / "data", "Folder to write figures.csv and routes.geojson into.")
@click.option(
    "--lang", default=BASE_LANGUAGE, show_default=True, type=click.Choice(list(LANGUAGES))
)
@data_option
def export_data(out_dir: Path, lang: str, data_dir: Path | None) -> None:
    """Write every figure (CSV) and the routes, places and losses (GeoJSON) for analysis."""
    from mapgen.datafiles import data_files
    from mapgen.publish import check_out_dir, publish_site
    from routes import load_atlas

    check_out_dir(out_dir, data_dir)
    atlas = load_atlas(data_dir, languages=(lang,) if lang != BASE_LANGUAGE else ())
    for path in publish_site(out_dir, data_files(atlas, lang)):
        say(f"wrote {path}")


@cli.command(name="new")
@click.argument("folder", type=click.Path(path_type=Path))
def new_data_folder(folder: Path) -> None:
    """Start a data folder of your own from a small example (one route, two places, two figures)."""
    from routes.starter import start_data_folder

    start_data_folder(folder)
    say(f"created {folder}: edit its files, then run")
    say(f"  supply-atlas validate {folder}")
    say(f"  supply-atlas build --data {folder} --out {folder}-maps")


@cli.command(name="list")
@data_option
def list_maps(data_dir: Path | None) -> None:
    """List the maps and the routes on each."""
    from mapgen.specs import map_specs
    from routes import load_atlas

    for spec in map_specs(load_atlas(data_dir)):
        columns = (spec.name, spec.filename, spec.title, f"({', '.join(spec.route_ids)})")
        say("\t".join(column.replace("\t", " ") for column in columns))


@cli.command()
@click.argument("data_dir", required=False, type=click.Path(path_type=Path))
@click.option(
    "--lang",
    "languages",
    multiple=True,
    type=click.Choice([lang for lang in LANGUAGES if lang != BASE_LANGUAGE]),
    help="Also check that every map has its texts in this language "
    "(each map's declared languages are always checked).",
)
def validate(data_dir: Path | None, languages: tuple[str, ...]) -> None:
    """Check a data folder (default: the shipped data) and report every problem.

    A folder that passes builds: every leg is drawn, as a build draws it.
    """
    from mapgen.drawing import draw_legs
    from routes import load_atlas

    atlas = load_atlas(data_dir, languages=languages)
    draw_legs(atlas, tuple(atlas.routes))
    say(
        f"OK: {len(atlas.routes)} routes, {len(atlas.legs)} legs, {len(atlas.places)} places, "
        f"{len(atlas.events)} losses, {len(atlas.figures)} figures, {len(atlas.sources)} sources"
        + (f", {len(atlas.convoys)} convoys" if atlas.convoys else "")
    )


def main() -> None:
    try:
        cli(prog_name="supply-atlas")
    except KeyboardInterrupt:  # between the command line's own handlers
        sys.exit(EXIT_INTERRUPTED)


__all__ = ["cli", "main", "terminal_safe"]
