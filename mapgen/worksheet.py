"""Worksheets: a tour of a map on A4 for students, and its answer key, as PDF made in Chromium.

For each step: a picture of the map as the step shows it, the step's words, its
questions with room to answer, the sources of its figures as footnotes, and a QR
code that opens the map at that step (``--src``: the published address; without
it, the map's file name, for a class that has the files). The answer key is a
second PDF with each question's answer.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

from markupsafe import Markup

from mapgen.chromium import browser_errors, launched_browser, offline_page
from mapgen.i18n import Locale
from mapgen.page import build_map, render_page
from mapgen.publish import check_out_dir, write_file
from mapgen.specs import MapSpec, find_spec, language_folder
from mapgen.templating import render
from routes import load_atlas
from routes.addresses import address_problem
from routes.atlas import Atlas
from routes.errors import UsageError
from routes.load.numbers import figures_written
from routes.model import Tour, TourStep

PICTURE = (960, 560)  # CSS pixels of the map in each picture
PICTURE_SCALE = 1.5  # device pixels per CSS pixel: sharp on paper
JPEG_QUALITY = 82
HIDE_ON_PICTURE = (
    ".atlas-tour, .atlas-card, .leaflet-control-zoom, .leaflet-control-zoom-fullscreen"
    " { display: none !important; }"
)


def step_address(spec: MapSpec, tour: int, step: int, src: str | None = None) -> str:
    """Where a step's QR code leads: ``src`` (the published map) or the map's file, with the step.

    >>> from routes import Period
    >>> spec = MapSpec("m", "m.html", "M", "", Period("1941", "1945"), ("r",))
    >>> step_address(spec, 1, 3), step_address(spec, 1, 3, "https://school.example/m.html#x")
    ('m.html#tour=1&step=3', 'https://school.example/m.html#tour=1&step=3')
    """
    base = (src if src is not None else spec.filename).split("#", 1)[0]
    return f"{base}#tour={tour}&step={step}"


def check_src(src: str | None) -> None:
    if src is None:
        return
    problem = address_problem(src, relative=True)
    if problem:
        raise UsageError(
            f"--src {src!r} {problem}; give the map's published address, e.g. "
            "https://your.school/maps/spain-1936-39.html"
        )


def qr_svg(address: str) -> Markup:
    """A QR code of ``address`` as inline SVG (made by segno; no text of ours inside)."""
    import segno

    return Markup(segno.make(address, error="m").svg_inline(scale=3, border=2))


def step_sources(atlas: Atlas, spec: MapSpec, step: TourStep, lang: str) -> list:
    """The sources behind a step: of the figures it names and writes, else of its feature."""
    figures = [f for f in atlas.figures if f.route in spec.route_ids or f.route == spec.name]
    cited = [f for f in figures if f.id in step.figures] or figures_written(
        step.text, lang, figures
    )
    ids = [f.source for f in cited]
    if not ids and step.feature:
        legs = {leg.id: leg for leg in atlas.legs}
        if step.feature in legs:
            ids = list(legs[step.feature].sources)
        elif step.feature in atlas.events:
            ids = list(atlas.events[step.feature].sources)
    return [atlas.sources[i] for i in dict.fromkeys(ids) if i in atlas.sources]


def _pictures(browser, page_file: Path, tour: Tour) -> list[str]:
    """A JPEG (as a data: address) of the map at each step, without the step's box or card."""
    width, height = PICTURE
    page = offline_page(browser, width=width, height=height, scale=PICTURE_SCALE)
    pictures = []
    try:
        with browser_errors(f"{page_file.name} could not be drawn"):
            page.goto(page_file.as_uri() + "?chrome=0")
            page.wait_for_selector(".atlas-map[data-drawn='all']", state="attached")
            page.add_style_tag(content=HIDE_ON_PICTURE)
            for step in tour.steps:
                page.evaluate(f"location.hash = '#tour={tour.number}&step={step.number}'")
                page.wait_for_function(
                    f"atlasTour.current() && atlasTour.current().step === {step.number}"
                )
                page.evaluate(
                    "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
                )
                shot = page.locator(".atlas-stage").screenshot(type="jpeg", quality=JPEG_QUALITY)
                pictures.append("data:image/jpeg;base64," + base64.b64encode(shot).decode("ascii"))
    finally:
        page.close()
    return pictures


def _pdf(browser, html: str, what: str) -> bytes:
    page = offline_page(browser, width=794, height=1123)
    try:
        with browser_errors(f"{what} could not be printed"):
            page.set_content(html, wait_until="load")
            return page.pdf(
                format="A4",
                print_background=True,
                margin={"top": "12mm", "right": "14mm", "bottom": "14mm", "left": "14mm"},
            )
    finally:
        page.close()


def make_worksheet(
    name: str,
    *,
    tour: int = 1,
    lang: str = "en",
    src: str | None = None,
    out_dir: str | Path = Path("output") / "worksheets",
    data_dir=None,
    browser=None,
) -> list[Path]:
    """Write ``<out>/[<lang>/]<map>-tour-<n>.pdf`` and its ``-answers.pdf``; return their paths."""
    check_src(src)
    check_out_dir(out_dir, data_dir)
    atlas = load_atlas(data_dir)
    try:
        spec = find_spec(atlas, name, lang)
    except KeyError as exc:
        raise UsageError(exc.args[0]) from None
    local = atlas.in_language(lang)
    tours = {t.number: t for t in local.tours_of(name)}
    if tour not in tours:
        there = ", ".join(map(str, tours)) or "none (add tours/<map id>-1.csv to the data)"
        raise UsageError(f"the map {name!r} has no tour {tour}; its tours: {there}")
    chosen = tours[tour]
    if browser is None:
        with launched_browser() as launched:
            return make_worksheet(
                name, tour=tour, lang=lang, src=src, out_dir=out_dir, data_dir=data_dir,
                browser=launched,
            )  # fmt: skip
    loc = Locale(lang)
    with tempfile.TemporaryDirectory(prefix="atlas-worksheet-") as scratch:
        page_file = Path(scratch) / spec.filename
        page_file.write_text(render_page(build_map(name, lang=lang, atlas=atlas)), encoding="utf-8")
        pictures = _pictures(browser, page_file, chosen)
    steps = []
    for step, picture in zip(chosen.steps, pictures, strict=True):
        address = step_address(spec, tour, step.number, src)
        steps.append(
            {
                "step": step,
                "picture": picture,
                "qr": qr_svg(address),
                "address": address,
                "questions": list(
                    zip(
                        [q for q in step.question.splitlines() if q.strip()],
                        [a for a in step.answer.splitlines() if a.strip()],
                        strict=False,
                    )
                ),
                "sources": step_sources(local, spec, step, lang),
            }
        )
    documents = {}
    for key in (False, True):
        html = render("worksheet.html", loc=loc, title=spec.title, tour=tour, steps=steps, key=key)
        documents[key] = _pdf(browser, str(html), f"the worksheet of {name}")
    target = Path(out_dir) / language_folder(lang) / f"{Path(spec.filename).stem}-tour-{tour}"
    return [
        write_file(target.with_name(target.name + ".pdf"), documents[False]),
        write_file(target.with_name(target.name + "-answers.pdf"), documents[True]),
    ]
