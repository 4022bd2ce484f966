"""How the build and the page grow with the data: 10 to 10,000 legs (and as many places).

For each size, a synthetic voyage-by-voyage data folder (bench/synthetic.py) is built in a
fresh process with the cache off, and the page is opened in headless Chromium with the
network blocked. Writes the "scale" section of bench/RESULTS.md and bench/scale.png
(needs matplotlib: `pip install -e '.[bench]'`).

    .venv/bin/python bench/scale.py [--sizes 10 100 1000 10000] [--runs 3]

Targets (issue 5): growth about linear; at 10,000 legs a build of at most 10 s, routes
drawn within 2 s, at most 1 GB of memory. Issue 8: a period switch in at most 50 ms, also
at 10,000 legs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare import WATCH_DRAW, write_section  # noqa: E402
from switching import period_switch_ms  # noqa: E402
from synthetic import make_dataset  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PLOT = ROOT / "bench" / "scale.png"

# The build, in a child process that reports its own peak memory (kB) on stderr's last line.
BUILD = (
    "import resource, runpy, sys\n"
    "sys.argv = ['supply-atlas'] + sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_module('mapgen', run_name='__main__')\n"
    "finally:\n"
    "    print('peak-kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def build(data: Path, out: Path) -> tuple[float, int]:
    env = {**os.environ, "SUPPLY_ATLAS_CACHE": "off"}
    command = [
        sys.executable,
        "-c",
        BUILD,
        "build",
        "--data",
        str(data),
        "--out",
        str(out),
        "--lang",
        "en",
    ]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    seconds = time.perf_counter() - start
    peak = int(done.stderr.strip().splitlines()[-1].split()[-1])
    return seconds, peak * 1024


def draw_and_switch_ms(browser, page_path: Path) -> tuple[float, dict]:
    """Navigation to routes drawn, and a period switch (issue 8: at most 50 ms at 10,000 legs)."""
    page = browser.new_page(viewport={"width": 1400, "height": 850})
    try:
        page.add_init_script(WATCH_DRAW)
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        page.goto(page_path.resolve().as_uri(), wait_until="commit")
        page.wait_for_function("window.__routesDrawn !== undefined", timeout=120_000)
        drawn = page.evaluate("window.__routesDrawn")
        return drawn, period_switch_ms(page, rounds=3)
    finally:
        page.close()


def linear_fit(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least-squares ``y = fixed + per_item * x``."""
    n = len(xs)
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    per_item = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=False)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    return mean_y - per_item * mean_x, per_item


def worst_misfit(xs: list[float], ys: list[float]) -> float:
    """The largest relative distance of a measurement from the straight line: small means linear."""
    fixed, per_item = linear_fit(xs, ys)
    return max(abs(y - (fixed + per_item * x)) / y for x, y in zip(xs, ys, strict=False))


def plot(rows: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    legs = [r["legs"] for r in rows]
    figure, axes = plt.subplots(1, 3, figsize=(12, 3.6), dpi=100)
    series = [
        ("build (s)", [r["build_s"] for r in rows], 10),
        ("routes drawn (s)", [r["draw_ms"] / 1000 for r in rows], 2),
        ("peak memory of the build (MB)", [r["peak_bytes"] / 2**20 for r in rows], 1024),
    ]
    for axis, (label, values, target) in zip(axes, series, strict=False):
        fixed, per_item = linear_fit(legs, values)
        axis.plot(legs, values, "o-", color="#0072B2", label="measured")
        axis.plot(
            legs,
            [fixed + per_item * n for n in legs],
            ":",
            color="#555555",
            label="straight line fit",
        )
        axis.axhline(
            target, color="#D55E00", linestyle="--", linewidth=1, label="target at 10,000 legs"
        )
        axis.set_xlabel("legs (and as many places)")
        axis.set_ylim(bottom=0)
        axis.set_title(label, fontsize=10)
        axis.grid(True, alpha=0.3)
    axes[0].legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(PLOT, metadata={"Software": None})
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from mapgen.chromium import launched_browser

    rows = []
    with (
        tempfile.TemporaryDirectory(prefix="atlas-scale-") as scratch,
        launched_browser() as browser,
    ):
        for legs in args.sizes:
            data = make_dataset(Path(scratch) / f"data-{legs}", legs)
            builds = [build(data, Path(scratch) / f"out-{legs}-{i}") for i in range(args.runs)]
            page = Path(scratch) / f"out-{legs}-0" / "synthetic.html"
            measured = [draw_and_switch_ms(browser, page) for _ in range(args.runs)]
            row = {
                "legs": legs,
                "build_s": statistics.median(b[0] for b in builds),
                "peak_bytes": max(b[1] for b in builds),
                "html_bytes": page.stat().st_size,
                "draw_ms": statistics.median(m[0] for m in measured),
                "switch_ms": statistics.median(m[1]["painted_ms"] for m in measured),
                "restyle_ms": statistics.median(m[1]["restyle_ms"] for m in measured),
            }
            rows.append(row)
            print(row, flush=True)
    plot(rows)
    xs = [r["legs"] for r in rows]
    lines = [
        "## Scale: 10 to 10,000 legs",
        "",
        f"`bench/scale.py --runs {args.runs}`, {time.strftime('%Y-%m-%d')}, {os.cpu_count()} "
        "cores. Synthetic "
        "voyage-by-voyage data (bench/synthetic.py): four routes, N legs between N+4 places, one "
        "sourced figure "
        "per leg; built in a fresh process with the cache off (median of the runs; peak memory is "
        "the "
        "largest); drawn in headless Chromium with the network blocked. Above "
        "1,500 legs, places and losses a map is drawn on a canvas; routes of more than 200 legs "
        "have no "
        "arrows, and maps of more than 500 places no layer of names.",
        "",
        "",
        "*Period switch*: the map's two periods and the whole span, each in turn, three times: "
        "`atlas.period(id)` to the end of the next painted frame (the restyle alone in brackets).",
        "",
        "| legs | build | routes drawn | period switch | peak memory (build) | HTML |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['legs']:,} | {r['build_s']:.2f} s | {r['draw_ms']:,.0f} ms | "
        f"{r['switch_ms']:,.0f} ms ({r['restyle_ms']:.1f} ms) | "
        f"{r['peak_bytes'] / 2**20:,.0f} MB "
        f"| {r['html_bytes'] / 2**20:,.1f} MB |"
        for r in rows
    ]
    if len(rows) >= 3:
        fits = {
            name: (linear_fit(xs, ys), worst_misfit(xs, ys))
            for name, ys in (
                ("build", [r["build_s"] for r in rows]),
                ("drawing", [r["draw_ms"] / 1000 for r in rows]),
                ("memory", [r["peak_bytes"] / 2**20 for r in rows]),
                ("HTML", [r["html_bytes"] / 2**20 for r in rows]),
            )
        }
        units = {"build": "s", "drawing": "s", "memory": "MB", "HTML": "MB"}
        lines += [
            "",
            "A straight line (a fixed cost, then the same cost per 1,000 legs) fitted to each, "
            "with its largest "
            "miss. The build, its memory and the page grow in a straight line. Drawing does not "
            "quite: up to "
            "1,500 legs, places and losses each is an SVG element, and above that they share one "
            "canvas, "
            "which is cheaper per leg; the largest map is still drawn well within the target.",
            "",
        ] + [
            f"- {name}: {fixed:.2f} {units[name]} + {per_item * 1000:.3g} {units[name]} per 1,000 "
            "legs "
            f"(largest miss {misfit:.0%})"
            for name, ((fixed, per_item), misfit) in fits.items()
        ]
    lines += ["", "![Build time, drawing time and memory against the number of legs](scale.png)"]
    write_section("scale", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
