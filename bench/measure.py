"""Measure the atlas: build time, page sizes, and time to draw in headless Chromium.

Run from the repository root with the project installed:

    .venv/bin/python bench/measure.py [--runs 5]

Targets (issue 2): building all maps <= 3 s on a 2-core machine; each page
<= 1 MB, self-contained; routes drawn <= 1 s after navigation, offline.
Figures are medians; nothing here is a test.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mapgen.chromium import launched_browser

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare import WATCH_DRAW  # noqa: E402


def build_seconds(runs: int) -> tuple[float, Path]:
    """Wall time of `supply-atlas build` in a fresh process (imports included)."""
    out = Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    command = [sys.executable, "-m", "mapgen", "build", "--out", str(out)]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def draw_milliseconds(browser, page_path: Path, runs: int) -> float:
    """Navigation start to the frame after the routes first appear, by the page's own clock."""
    times = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1400, "height": 850})
        page.add_init_script(WATCH_DRAW)
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        page.goto(page_path.as_uri(), wait_until="commit")
        page.wait_for_function("window.__routesDrawn !== undefined")
        times.append(page.evaluate("window.__routesDrawn"))
        page.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    seconds, out = build_seconds(args.runs)
    print(f"build all maps: {seconds:.2f} s (median of {args.runs}, fresh process each)")
    pages = sorted(out.glob("**/*.html"))
    with launched_browser() as browser:
        for page in pages:
            raw = page.stat().st_size
            packed = len(gzip.compress(page.read_bytes(), compresslevel=9))
            line = f"{page.relative_to(out)}: {raw / 1024:.0f} KB ({packed / 1024:.0f} KB gzip)"
            if page.name != "index.html":
                drawn = draw_milliseconds(browser, page, args.runs)
                line += f", routes drawn {drawn:.0f} ms after navigation"
            print(line)


if __name__ == "__main__":
    main()
