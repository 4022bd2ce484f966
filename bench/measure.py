"""Measure the shipped maps: page sizes, time to draw the routes, time to switch a period.

Run from the repository root with the project installed:

    .venv/bin/python bench/measure.py [--runs 5]

Builds every map in both languages into a scratch folder (the build is timed too), opens
each page in headless Chromium with the network blocked, and writes the "page" section of
bench/RESULTS.md. Targets (issue 8): the WWII map at most 600 KB in both languages; routes
drawn within 300 ms of navigation; a period switch restyles in at most 50 ms. KB are 1,024
bytes. Figures are medians; nothing here is a test.
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
from compare import WATCH_DRAW, chromium_version, write_section  # noqa: E402
from switching import month_switch_ms, period_switch_ms  # noqa: E402

WWII_PAGE = "lend-lease-1941-45.html"
# Issue 8: 600 KB; issue 12 lets the WWII map, which carries every Arctic convoy, grow to 700 KB.
TARGET_KB, TARGET_CONVOY_KB, TARGET_DRAW_MS, TARGET_SWITCH_MS = 600, 700, 300, 50


def build_seconds(runs: int, out: Path) -> float:
    """Wall time of `supply-atlas build` (all maps, both languages) in a fresh process."""
    command = [sys.executable, "-m", "mapgen", "build", "--out", str(out), "--no-thumbnails"]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def open_page(browser, page_path: Path):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.add_init_script(WATCH_DRAW)
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(page_path.as_uri(), wait_until="commit")
    page.wait_for_function("window.__routesDrawn !== undefined")
    return page


def measure_page(browser, page_path: Path, runs: int) -> dict:
    draws, switches, months = [], [], []
    for _ in range(runs):
        page = open_page(browser, page_path)
        draws.append(page.evaluate("window.__routesDrawn"))
        switch = period_switch_ms(page, rounds=1)
        if switch:
            switches.append(switch)
        month = month_switch_ms(page, rounds=1)
        if month:
            months.append(month)
        page.close()
    raw = page_path.read_bytes()
    row = {
        "bytes": len(raw),
        "gzip": len(gzip.compress(raw, compresslevel=9, mtime=0)),
        "draw_ms": statistics.median(draws),
    }
    if switches:
        row["switch_ms"] = statistics.median(s["painted_ms"] for s in switches)
        row["restyle_ms"] = statistics.median(s["restyle_ms"] for s in switches)
        row["periods"] = switches[0]["periods"]
    if months:
        row["month_ms"] = statistics.median(m["painted_ms"] for m in months)
        row["month_switch_ms"] = statistics.median(m["switch_ms"] for m in months)
        row["worst_month_ms"] = max(m["worst_painted_ms"] for m in months)
        row["months"] = months[0]["months"]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as scratch:
        out = Path(scratch) / "output"
        seconds = build_seconds(args.runs, out)
        pages = sorted(p for p in out.glob("**/*.html") if p.name != "index.html")
        rows = {}
        with launched_browser() as browser:
            for page_path in pages:
                name = str(page_path.relative_to(out))
                rows[name] = measure_page(browser, page_path, args.runs)
                print(name, rows[name], flush=True)

    def kb(n: int) -> str:
        return f"{n / 1024:,.0f} KB"

    wwii = [rows[WWII_PAGE], rows["ru/" + WWII_PAGE]]
    lines = [
        "## The shipped maps",
        "",
        f"`bench/measure.py --runs {args.runs}`, {time.strftime('%Y-%m-%d')}; {os.cpu_count()} "
        f"cores, {chromium_version()}. All maps built in both languages (median "
        f"{seconds:.2f} s, fresh process, no thumbnails); each page opened {args.runs} times at "
        "1366×768 with the network blocked. *Routes drawn*: navigation to the frame after the "
        "first route path exists. *Period switch*: `atlas.period(id)` for every period in turn, "
        "to the end of the next painted frame (the restyle alone in brackets); *month of "
        "convoys*: `atlas.month(id)` for every month in turn, the same way. KB = 1,024 bytes.",
        "",
        "| target (issue 8) | result |",
        "|---|---|",
        f"| WWII map ≤ {TARGET_KB} KB in both languages (issue 8); ≤ {TARGET_CONVOY_KB} KB with "
        "every convoy (issue 12) | "
        + ", ".join(f"{kb(r['bytes'])} ({kb(r['gzip'])} gzip)" for r in wwii)
        + " |",
        f"| routes drawn ≤ {TARGET_DRAW_MS} ms | "
        + f"{max(r['draw_ms'] for r in rows.values()):.0f} ms at most (WWII map: "
        + ", ".join(f"{r['draw_ms']:.0f} ms" for r in wwii)
        + ") |",
        f"| period switch ≤ {TARGET_SWITCH_MS} ms | WWII map: "
        + ", ".join(f"{r['switch_ms']:.0f} ms ({r['restyle_ms']:.1f} ms)" for r in wwii)
        + "; the 10,000-leg map: see the scale section |",
        f"| month of convoys ≤ {TARGET_SWITCH_MS} ms, the whole table (issue 12) | WWII map: "
        + ", ".join(
            f"{r['month_ms']:.0f} ms ({r['month_switch_ms']:.1f} ms; slowest "
            f"{r['worst_month_ms']:.0f} ms), {r['months']} months"
            for r in wwii
        )
        + " |",
        "",
        "| page | size | gzip | routes drawn | period switch |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in rows.items():
        switch = (
            f"{r['switch_ms']:.0f} ms ({r['restyle_ms']:.1f} ms), {r['periods']} periods"
            if "switch_ms" in r
            else "no periods"
        )
        lines.append(
            f"| {name} | {kb(r['bytes'])} | {kb(r['gzip'])} | {r['draw_ms']:.0f} ms | {switch} |"
        )
    write_section("page", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
