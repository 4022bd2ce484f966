"""The whole site: every map in every language, the front pages, the data files and the pictures."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from mapgen.datafiles import data_files
from mapgen.i18n import Locale
from mapgen.page import build_map, render_page
from mapgen.publish import check_out_dir, publish_site
from mapgen.specs import MapSpec, atlas_languages, language_folder, map_specs, relative_link
from mapgen.templating import render
from routes import load_atlas
from routes.errors import UsageError
from routes.model import BASE_LANGUAGE

DATA_FOLDER = "data"  # beside each index: the figures and routes as CSV and GeoJSON
THUMBNAIL_DIR = "thumbnails"


def thumbnail_path(spec: MapSpec) -> str:
    """Where a map's picture goes, relative to its language's folder."""
    return f"{THUMBNAIL_DIR}/{Path(spec.filename).stem}.jpg"


def build_all(
    out_dir: str | Path,
    names: list[str] | None = None,
    *,
    data_dir: str | Path | None = None,
    languages: list[str] | None = None,
    thumbnails: bool = False,
    note: Callable[[str], None] = lambda message: None,
) -> list[Path]:
    """Build maps (all, or those named) and the front pages into ``out_dir``.

    English pages go into ``out_dir``, those of another language into a folder named
    after it (``out_dir/ru``). A full build also writes the data as ``data/figures.csv``,
    ``data/routes.geojson`` and, where the data has convoys, ``data/convoys.csv`` beside each
    index, and, with ``thumbnails``, photographs each map for its front page in headless
    Chromium (``note`` says so when it cannot).
    Every page is made in memory first, then the whole site is published at once
    (:func:`mapgen.publish.publish_site`): a failure leaves ``out_dir`` as it was.
    """
    check_out_dir(out_dir, data_dir)
    atlas = load_atlas(data_dir)
    everywhere = {s.name for s in map_specs(atlas)}
    unknown = [n for n in names or [] if n not in everywhere]
    if unknown:
        known = ", ".join(sorted(everywhere))
        raise UsageError(f"no map named {', '.join(map(repr, unknown))}; the maps are: {known}")
    available = atlas_languages(atlas)
    for lang in languages or []:
        if lang not in available:
            raise UsageError(
                f"no map is built in {lang!r}; the languages are: {', '.join(available)}"
            )
    out = Path(out_dir)
    files: dict[str, bytes] = {}
    built: list[MapSpec] = []
    for lang in languages or available:
        chosen = [s for s in map_specs(atlas, lang) if not names or s.name in names]
        for spec in chosen:
            files[spec.path] = render_page(build_map(spec.name, lang=lang, atlas=atlas)).encode(
                "utf-8"
            )
        built.extend(chosen)
    if not names:
        if thumbnails:
            files.update(_pictures(files, built, note))
        for lang in languages or available:
            specs = map_specs(atlas, lang)
            folder = language_folder(lang)
            present = {
                s.name: thumbnail_path(s)
                for s in specs
                if folder + thumbnail_path(s) in files
                or (out / folder / thumbnail_path(s)).is_file()
            }
            data = {f"{DATA_FOLDER}/{name}": text for name, text in data_files(atlas, lang).items()}
            files.update({folder + name: text.encode("utf-8") for name, text in data.items()})
            others = [other for other in available if other != lang]
            files[folder + "index.html"] = index_html(
                specs, present, Locale(lang), others, list(data)
            ).encode("utf-8")
    return publish_site(out_dir, files)


def _pictures(
    files: dict[str, bytes], specs: list[MapSpec], note: Callable[[str], None]
) -> dict[str, bytes]:
    """Pictures of the built maps for the front pages, or none (and a note) without Chromium."""
    from mapgen.chromium import BrowserUnavailable
    from mapgen.thumbnails import photograph
    from routes.errors import OutputError

    with tempfile.TemporaryDirectory(prefix="atlas-pages-") as scratch:
        for path, data in files.items():
            target = Path(scratch) / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        try:
            pictures = photograph(Path(scratch), specs)
        except (
            BrowserUnavailable,
            OutputError,
        ) as exc:  # no Chromium here, or a page it could not draw
            note(f"no pictures for the front pages: {exc}")
            return {}
    return {
        language_folder(spec.lang) + thumbnail_path(spec): picture
        for spec, picture in pictures.items()
    }


def index_html(
    specs: list[MapSpec],
    thumbnails: dict[str, str] | None = None,
    loc: Locale | None = None,
    other_languages: list[str] = (),
    data_links: list[str] = (),
) -> str:
    """The atlas's front page: the maps in the order of their years, each with its picture (where
    one exists), the question it answers, who it is for, its period and summary."""
    loc = loc or Locale(BASE_LANGUAGE)
    thumbnails = thumbnails or {}
    ordered = sorted(specs, key=lambda s: (s.period.first_day, s.period.last_day, s.name))
    labels = {
        "figures.csv": loc.t("atlas.data_figures"),
        "routes.geojson": loc.t("atlas.data_routes"),
        "convoys.csv": loc.t("atlas.data_convoys"),
    }
    return str(
        render(
            "index.html",
            loc=loc,
            specs=[
                {"spec": s, "picture": thumbnails.get(s.name), "period_text": loc.period(s.period)}
                for s in ordered
            ],
            languages=[
                {
                    "href": relative_link(loc.lang, other, "index.html"),
                    "lang": other,
                    "name": Locale(other).t("language.name"),
                }
                for other in other_languages
            ],
            downloads=[
                {"href": link, "label": labels.get(link.rsplit("/", 1)[-1], link)}
                for link in data_links
            ],
        )
    )
