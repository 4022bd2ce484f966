"""Maps as pictures for slides and worksheets: PNG and PDF, made offline in headless Chromium.

The page is laid out with its print stylesheet (title, legend, scale, year
summary and a footnote of sources; no buttons), so an export looks like the
browser's own print of the map.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from mapgen.chromium import browser_errors, launched_browser, offline_page
from mapgen.page import build_map
from mapgen.page import render_page as render
from mapgen.publish import check_out_dir, write_file
from mapgen.specs import atlas_languages, map_specs
from routes import load_atlas
from routes.errors import UsageError

FORMATS = ("png", "pdf")
SIZE = re.compile(r"^(\d{2,5})x(\d{2,5})$")
MIN_SIDE, MAX_SIDE = 300, 8000


def parse_size(text: str) -> tuple[int, int]:
    """``"1600x1000"`` -> ``(1600, 1000)`` (pixels; a PDF page of that many CSS pixels).

    >>> parse_size("1600x1000")
    (1600, 1000)
    """
    match = SIZE.match(text)
    if not match:
        raise UsageError(f"{text!r} is not a size such as 1600x1000 (width x height in pixels)")
    width, height = int(match[1]), int(match[2])
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise UsageError(f"{text!r}: each side must be {MIN_SIDE} to {MAX_SIDE} pixels")
    return width, height


def export_maps(
    out_dir: str | Path,
    names: list[str] | None = None,
    *,
    languages: list[str] | None = None,
    formats: tuple[str, ...] = FORMATS,
    size: tuple[int, int] = (1600, 1000),
    view: str = "",
    data_dir=None,
    browser=None,
) -> list[Path]:
    """Write each map (all, or those named) as ``<out_dir>/[<lang>/]<map>.png`` and ``.pdf``.

    ``view``: a view as the map writes it in its address
    (``#layers=arctic&year=1942``); default: all layers, framed on the routes.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(
            f"unknown format {', '.join(map(repr, unknown))}; choose from {', '.join(FORMATS)}"
        )
    check_out_dir(out_dir, data_dir)
    atlas = load_atlas(data_dir)
    everywhere = {s.name for s in map_specs(atlas)}
    missing = [n for n in names or [] if n not in everywhere]
    if missing:
        raise UsageError(
            f"no map named {', '.join(map(repr, missing))}; the maps are: "
            f"{', '.join(sorted(everywhere))}"
        )
    specs = [
        s
        for lang in languages or atlas_languages(atlas)
        for s in map_specs(atlas, lang)
        if not names or s.name in names
    ]
    if browser is None:
        with launched_browser() as launched:
            return export_maps(
                out_dir,
                names,
                languages=languages,
                formats=formats,
                size=size,
                view=view,
                data_dir=data_dir,
                browser=launched,
            )
    width, height = size
    fragment = view if not view or view.startswith("#") else "#" + view
    pictures: dict[Path, bytes] = {}
    with tempfile.TemporaryDirectory(prefix="atlas-export-") as scratch:
        for spec in specs:
            page_file = Path(scratch) / spec.path
            page_file.parent.mkdir(parents=True, exist_ok=True)
            page_file.write_text(
                render(build_map(spec.name, lang=spec.lang, atlas=atlas)), encoding="utf-8"
            )
            page = offline_page(browser, width=width, height=height)
            try:
                with browser_errors(f"{spec.path} could not be drawn"):
                    page.emulate_media(media="print")
                    page.goto(page_file.as_uri() + fragment)
                    page.wait_for_selector(".atlas-map[data-drawn='all']", state="attached")
                    # The paper is the window: the stylesheet's A4 would be shrunk onto it.
                    page.add_style_tag(
                        content=f"@page {{ size: {width}px {height}px; margin: 0; }}"
                    )
                    page.evaluate("(fit) => atlas.preparePrint(fit)", not fragment)
                    # two frames: Leaflet redraws the canvas after the resize
                    page.evaluate(
                        "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
                    )
                    target = Path(out_dir) / Path(spec.path).with_suffix("")
                    if "png" in formats:
                        pictures[target.with_suffix(".png")] = page.screenshot(type="png")
                    if "pdf" in formats:
                        pictures[target.with_suffix(".pdf")] = page.pdf(
                            width=f"{width}px",
                            height=f"{height}px",
                            print_background=True,
                            margin={"top": "0", "right": "0", "bottom": "0", "left": "0"},
                        )
            finally:
                page.close()
    return [write_file(path, data) for path, data in pictures.items()]
