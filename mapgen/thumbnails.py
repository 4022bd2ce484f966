"""Small pictures of each map for the atlas's front page, taken in headless Chromium.

Pictures depend on the machine's fonts, so they are not part of the
byte-for-byte build: ``supply-atlas thumbnails`` makes them from the built
maps and they are committed beside them in ``output/thumbnails/``.
"""

from __future__ import annotations

from pathlib import Path

from mapgen.build import MapSpec, atlas_languages, map_specs, write_bytes_atomically
from mapgen.chromium import launched_browser, offline_page
from routes import load_atlas

THUMBNAIL_DIR = "thumbnails"
WIDTH, HEIGHT = 480, 300  # pixels of the picture
SCALE = 0.5  # the map is laid out at twice that size, then scaled down
JPEG_QUALITY = 80


def thumbnail_name(spec: MapSpec) -> str:
    return f"{THUMBNAIL_DIR}/{Path(spec.filename).stem}.jpg"


def make_thumbnails(
    out_dir: str | Path, names: list[str] | None = None, *, data_dir=None, browser=None, languages=None
) -> list[Path]:
    """Photograph each built map (panels hidden) into ``thumbnails/`` beside it: pictures of the
    English maps in ``out_dir/thumbnails``, of the Russian ones in ``out_dir/ru/thumbnails``.

    ``languages``: only the maps in these languages (default: all).
    ``browser``: an already launched Playwright browser to use (one Playwright
    session per thread), else Chromium is launched for the job.
    """
    out = Path(out_dir)
    atlas = load_atlas(data_dir)
    specs = [
        s
        for lang in languages or atlas_languages(atlas)
        for s in map_specs(atlas, lang)
        if not names or s.name in names
    ]
    missing = [s.path for s in specs if not (out / s.path).is_file()]
    if missing:
        raise FileNotFoundError(f"build the maps first; not found in {out}: {', '.join(missing)}")
    if browser is None:
        with launched_browser() as launched:
            return make_thumbnails(out, names, data_dir=data_dir, browser=launched, languages=languages)
    written = []
    for spec in specs:
        page = offline_page(browser, width=int(WIDTH / SCALE), height=int(HEIGHT / SCALE), scale=SCALE)
        try:
            page.goto((out / spec.path).resolve().as_uri())
            page.wait_for_selector(".atlas-map[data-land='drawn']", state="attached")
            page.add_style_tag(content=".leaflet-control-container { display: none; }")
            page.evaluate("atlas.refit()")
            picture = page.screenshot(type="jpeg", quality=JPEG_QUALITY)
        finally:
            page.close()
        target = out / Path(spec.path).parent / thumbnail_name(spec)
        write_bytes_atomically(target, picture)
        written.append(target)
    return written
