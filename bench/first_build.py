"""A machine's first build against a warm one, in fresh processes (issue 10: "fast first build").

Run from the repository root with the project installed:

    .venv/bin/python bench/first_build.py [--runs 5]

Builds, each in a fresh process (imports included), the two maps that hold compare.py's five
routes (English), as compare.py does, and the whole site:

- first build: an empty cache folder, as on a fresh machine; the package's precomputed entries
  (geo/data/precomputed: routed sea tracks, the land of each map) are read;
- warm: the cache folder filled by an earlier build;
- first build without the precomputed entries (SUPPLY_ATLAS_PRECOMPUTED=off): what a fresh
  machine paid before they were shipped, and what it pays after the data changes until
  `python -m mapgen.precompute` is run again;
- plain folium: bench/peers/plain_folium.py, the yardstick of issue 5's "1.5x" target.

Medians of the runs. It rewrites its section of bench/RESULTS.md. Nothing here is a test.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from compare import machine, write_section  # noqa: E402

TWO_MAPS = ["lend_lease_1941_45", "spain_1936_39", "--lang", "en"]


def timed(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env={**os.environ, **env}, cwd=ROOT)
    return time.perf_counter() - start


def build(scratch: Path, tag: str, maps: list[str], cache: Path, precomputed: bool) -> float:
    env = {
        "SUPPLY_ATLAS_CACHE": str(cache),
        "SUPPLY_ATLAS_PRECOMPUTED": "on" if precomputed else "off",
    }
    out = scratch / f"out-{tag}-{time.perf_counter_ns()}"
    command = [sys.executable, "-m", "mapgen", "build", *maps, "--no-thumbnails", "--out", str(out)]
    return timed(command, env)  # the index's pictures are taken in Chromium: not a build's cost


def measure(scratch: Path, maps: list[str], runs: int) -> dict[str, float]:
    first, warm, unshipped = [], [], []
    for i in range(runs):
        first.append(build(scratch, "first", maps, scratch / f"cache-first-{i}", precomputed=True))
        unshipped.append(
            build(scratch, "unshipped", maps, scratch / f"cache-unshipped-{i}", precomputed=False)
        )
    warm_cache = scratch / "cache-warm"
    build(scratch, "prime", maps, warm_cache, precomputed=False)
    for _ in range(runs):
        warm.append(build(scratch, "warm", maps, warm_cache, precomputed=True))
    return {
        "first": statistics.median(first),
        "warm": statistics.median(warm),
        "unshipped": statistics.median(unshipped),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="atlas-first-build-") as folder:
        scratch = Path(folder)
        folium_runs = [
            timed(
                [
                    sys.executable,
                    str(ROOT / "bench" / "peers" / "plain_folium.py"),
                    str(scratch / f"f{i}.html"),
                ],
                {},
            )
            for i in range(args.runs)
        ]
        folium = statistics.median(folium_runs)
        rows = {
            "two maps (compare.py's five routes, English)": measure(scratch, TWO_MAPS, args.runs),
            "the whole site (5 maps x 2 languages, index, data)": measure(scratch, [], args.runs),
        }
    lines = [
        "## A machine's first build",
        "",
        f"`bench/first_build.py --runs {args.runs}`, {time.strftime('%Y-%m-%d')}; {machine()}. "
        "Fresh processes, imports included, medians; `--no-thumbnails` (the front page's pictures "
        "are taken in Chromium, which a plain folium script does not do). *First build*: an empty "
        "cache folder, the "
        "package's precomputed entries read (geo/data/precomputed); *warm*: the cache folder "
        "filled "
        "by an earlier build; *without precomputed*: an empty cache folder and "
        "SUPPLY_ATLAS_PRECOMPUTED=off, i.e. every sea leg routed, every map's land cut and its names placed, as "
        "before "
        "issue 10. Ratios are to the plain folium script "
        f"(bench/peers/plain_folium.py, {folium:.2f} s).",
        "",
        "| build | first build | warm | without precomputed |",
        "|---|---:|---:|---:|",
    ]
    for label, result in rows.items():
        lines.append(
            f"| {label} | {result['first']:.2f} s ({result['first'] / folium:.2f}×) "
            f"| {result['warm']:.2f} s ({result['warm'] / folium:.2f}×) "
            f"| {result['unshipped']:.2f} s ({result['unshipped'] / folium:.2f}×) |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    write_section("first-build", text)


if __name__ == "__main__":
    main()
