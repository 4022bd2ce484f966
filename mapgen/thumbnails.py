"""Small pictures of each map for the atlas's front page, taken in headless Chromium.

Pictures depend on the machine's fonts, so they are not part of the
byte-for-byte build. ``supply-atlas build`` takes them itself when Chromium
is installed; ``supply-atlas thumbnails`` retakes them for built maps.
"""

from __future__ import annotations

from pathlib import Path

from mapgen.chromium import browser_errors, launched_browser, offline_page
from mapgen.publish import check_out_dir, write_file
from mapgen.site import thumbnail_path
from mapgen.specs import MapSpec, atlas_languages, map_specs
from routes import load_atlas
from routes.errors import OutputError

WIDTH, HEIGHT = 480, 300  # pixels of the picture
SCALE = 0.5  # the map is laid out at twice that size, then scaled down
JPEG_QUALITY = 80
MAP_MARK = b"atlas-map"  # in every map page (the selector the picture waits for)
DRAW_TIMEOUT_MS = 30_000


def photograph(pages: Path, specs: list[MapSpec], *, browser=None) -> dict[MapSpec, bytes]:
    """A JPEG of each map in ``pages`` (a built site), panels hidden, framed on its routes."""
    if browser is None:
        with launched_browser() as launched:
            return photograph(pages, specs, browser=launched)
    pictures = {}
    for spec in specs:
        page = offline_page(
            browser, width=int(WIDTH / SCALE), height=int(HEIGHT / SCALE), scale=SCALE
        )
        try:
            with browser_errors(f"{pages / spec.path} did not draw its map"):
                page.goto((pages / spec.path).resolve().as_uri() + "?chrome=0")
                page.wait_for_selector(
                    ".atlas-map[data-drawn='all']", state="attached", timeout=DRAW_TIMEOUT_MS
                )
                pictures[spec] = page.screenshot(type="jpeg", quality=JPEG_QUALITY)
        finally:
            page.close()
    return pictures


def make_thumbnails(
    out_dir: str | Path,
    names: list[str] | None = None,
    *,
    data_dir=None,
    browser=None,
    languages=None,
) -> list[Path]:
    """Photograph each built map into ``thumbnails/`` beside it: the English maps' pictures in
    ``out_dir/thumbnails``, the Russian ones' in ``out_dir/ru/thumbnails``.

    ``languages``: only the maps in these languages (default: all). ``browser``: an already
    launched Playwright browser to use (one Playwright session per thread), else Chromium is
    launched for the job.
    """
    out = Path(out_dir)
    check_out_dir(out, data_dir)
    atlas = load_atlas(data_dir)
    specs = [
        s
        for lang in languages or atlas_languages(atlas)
        for s in map_specs(atlas, lang)
        if not names or s.name in names
    ]
    missing = [s.path for s in specs if not (out / s.path).is_file()]
    if missing:
        raise OutputError(f"build the maps first; not found in {out}: {', '.join(missing)}")
    not_maps = [s.path for s in specs if MAP_MARK not in (out / s.path).read_bytes()]
    if not_maps:
        raise OutputError(
            f"not maps built by supply-atlas build: {', '.join(str(out / p) for p in not_maps)}; "
            "build them again, then take their pictures"
        )
    return [
        write_file(out / Path(spec.path).parent / thumbnail_path(spec), picture)
        for spec, picture in photograph(out, specs, browser=browser).items()
    ]
