"""Build the same five routes three ways and measure them side by side; write bench/RESULTS.md.

The five routes (Arctic, Pacific, Persian Corridor, ALSIB, Spain) are built by
- this project (`supply-atlas build`, the two maps that hold them, English),
- a plain folium script (bench/peers/plain_folium.py: one FeatureGroup per route, defaults),
- geopandas' `GeoDataFrame.explore()` (bench/peers/explore.py, defaults).

For each: build wall time (fresh process, median of N), bytes and gzip bytes, requests the
page makes to other hosts, whether the routes draw with the network blocked, time from
navigation to routes drawn (network blocked; for a page that cannot draw offline, again with
its CDN files served from their npm packages), whether a rebuild gives the same bytes,
whether the Pacific and Bering crossings are drawn the short way, and whether each route
can be toggled. Run from the repository root with `pip install -e '.[bench]'`:

    .venv/bin/python bench/compare.py [--runs 5]

Nothing here is a test; the numbers depend on the machine and are written down with it.
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
NPM_CACHE = ROOT / "bench" / ".npm-cache"
ROUTES = ["arctic", "pacific", "persian_corridor", "alsib", "spain"]

# CDN addresses the peers' pages load, and the npm package and file that hold the same thing.
CDN_TO_NPM = [
    (r"https://cdn\.jsdelivr\.net/npm/(@[^/]+/[^@/]+|[^@/]+)@([^/]+)/(.+)", None),  # npm by name
    (
        r"https://code\.jquery\.com/jquery-3\.7\.1\.min\.js",
        ("jquery", "3.7.1", "dist/jquery.min.js"),
    ),
    (
        r"https://code\.jquery\.com/ui/1\.12\.1/jquery-ui\.js",
        ("jquery-ui-dist", "1.12.1", "jquery-ui.js"),
    ),
    # 2.0.2 is not on npm; 2.0.5 is the nearest release
    (
        r"https://cdnjs\.cloudflare\.com/ajax/libs/Leaflet\.awesome-markers/2\.0\.2/(.+)",
        ("leaflet.awesome-markers", "2.0.5", "dist/{0}"),
    ),
]
CONTENT_TYPES = {
    ".js": "application/javascript",
    ".css": "text/css",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
}

# Navigation to drawn: the start of the animation frame that first paints a route (an SVG path,
# or the canvas of a large map), by the page's own clock. Shared by every script in bench/.
# (A second frame would also count work the page puts off until the routes are on screen.)
WATCH_DRAW = """
new MutationObserver(function (records, observer) {
  if (document.querySelector('.leaflet-overlay-pane path, .leaflet-overlay-pane canvas')) {
    observer.disconnect();
    requestAnimationFrame(function () { window.__routesDrawn = performance.now(); });
  }
}).observe(document, {subtree: true, childList: true});
"""

FIND_MAP = "Object.values(window).find(v => v && window.L && v instanceof L.Map)"


@dataclass
class Tool:
    name: str
    command: list[str]  # "{out}" is replaced by the output folder
    pages: list[str]  # pages of the output folder that hold the five routes
    env: dict = field(default_factory=dict)
    results: dict = field(default_factory=dict)


def tools() -> list[Tool]:
    python = sys.executable
    return [
        Tool(
            "this project",
            [
                python,
                "-m",
                "mapgen",
                "build",
                "lend_lease_1941_45",
                "spain_1936_39",
                "--lang",
                "en",
                "--no-thumbnails",
                "--out",
                "{out}",
            ],
            ["lend-lease-1941-45.html", "spain-1936-39.html"],
        ),
        Tool(
            "plain folium",
            [python, str(ROOT / "bench" / "peers" / "plain_folium.py"), "{out}/map.html"],
            ["map.html"],
        ),
        Tool(
            "geopandas explore()",
            [python, str(ROOT / "bench" / "peers" / "explore.py"), "{out}/map.html"],
            ["map.html"],
        ),
    ]


def run_build(tool: Tool, out: Path, cache: Path | None) -> float:
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SUPPLY_ATLAS_CACHE": str(cache) if cache else "off"}
    command = [part.replace("{out}", str(out)) for part in tool.command]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - start


def measure_builds(tool: Tool, scratch: Path, runs: int) -> None:
    cold, warm = [], []
    warm_cache = scratch / f"{tool.name}-cache-warm"
    for i in range(runs):
        cold.append(
            run_build(
                tool, scratch / f"{tool.name}-cold-{i}", scratch / f"{tool.name}-cache-cold-{i}"
            )
        )
    run_build(tool, scratch / f"{tool.name}-prime", warm_cache)
    for i in range(runs):
        warm.append(run_build(tool, scratch / f"{tool.name}-warm-{i}", warm_cache))
    tool.results["build_cold"] = statistics.median(cold)
    tool.results["build_warm"] = statistics.median(warm)
    first, second = scratch / f"{tool.name}-cold-0", scratch / f"{tool.name}-cold-1"
    tool.results["deterministic"] = all(
        (first / page).read_bytes() == (second / page).read_bytes() for page in tool.pages
    )
    tool.results["out"] = first


def npm_file(package: str, version: str, path: str) -> Path | None:
    """A file of an npm package, fetched once with `npm pack` into bench/.npm-cache."""
    folder = NPM_CACHE / f"{package.replace('/', '+')}@{version}"
    if not folder.is_dir():
        NPM_CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as work:
            done = subprocess.run(
                ["npm", "pack", f"{package}@{version}", "--silent"],
                cwd=work,
                capture_output=True,
                text=True,
                check=False,
            )
            tarballs = list(Path(work).glob("*.tgz"))
            if done.returncode != 0 or not tarballs:
                return None
            with tarfile.open(tarballs[0]) as tar:
                tar.extractall(work, filter="data")
            shutil.move(str(Path(work) / "package"), folder)
    target = folder / path
    return target if target.is_file() else None


def local_copy(url: str) -> Path | None:
    for pattern, spec in CDN_TO_NPM:
        match = re.fullmatch(pattern, url.split("?")[0])
        if not match:
            continue
        if spec is None:
            return npm_file(match[1], match[2], match[3])
        package, version, path = spec
        return npm_file(package, version, path.format(*match.groups()))
    return None


def open_page(browser, page_path: Path, *, serve_cdn: bool):
    """A page with every request outside file: aborted (or, with serve_cdn, answered from npm)."""
    page = browser.new_page(viewport={"width": 1400, "height": 850})
    page.add_init_script(WATCH_DRAW)
    external: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith("file:"):
            return request_route.continue_()
        external.append(url)
        copy = local_copy(url) if serve_cdn else None
        if copy is None:
            return request_route.abort()
        request_route.fulfill(
            path=str(copy), content_type=CONTENT_TYPES.get(copy.suffix, "application/octet-stream")
        )

    page.route("**/*", route)
    page.goto(page_path.resolve().as_uri(), wait_until="commit")
    return page, external


def draw_time(
    browser, page_path: Path, runs: int, *, serve_cdn: bool
) -> tuple[float | None, list[str]]:
    times, external = [], []
    for _ in range(runs):
        page, external = open_page(browser, page_path, serve_cdn=serve_cdn)
        try:
            page.wait_for_function("window.__routesDrawn !== undefined", timeout=8000)
            times.append(page.evaluate("window.__routesDrawn"))
        except Exception:  # noqa: BLE001 - a page that never draws is a result, not an error
            page.close()
            return None, external
        page.close()
    return statistics.median(times), external


CROSSING_CHECK = """(ids) => {
  const map = FIND_MAP;
  if (!map) return null;
  const lngs = {};  // a leg may be drawn as several layers (its two halves): one span for all
  map.eachLayer(layer => {
    const p = layer.feature && layer.feature.properties;  // GeoJSON layers (folium, explore)
    const id = p ? (p.leg || p.id) : layer.options.leg;  // this project's lines name their leg
    if (!ids.includes(id) || !layer.getLatLngs) return;
    (lngs[id] = lngs[id] || []).push(...layer.getLatLngs().flat(3).map(q => q.lng));
  });
  return ids.map(id => lngs[id] ? Math.max(...lngs[id]) - Math.min(...lngs[id]) : null);
}""".replace("FIND_MAP", FIND_MAP)

TOGGLE_CHECK = """() => {
  // Leaflet's layer control, or this project's panel of layers (one box per route)
  const boxes = Array.from(document.querySelectorAll(
    '.leaflet-control-layers-overlays input, .atlas-layers input[data-layer]'));
  const count = () => document.querySelectorAll('.leaflet-overlay-pane path').length;
  const results = boxes.map(box => {
    const before = count(); box.click(); const hidden = count(); box.click();
    return hidden < before && count() === before;
  });
  return {boxes: boxes.length, toggling: results.filter(Boolean).length};
}"""


def page_checks(browser, tool: Tool, crossing_ids: list[str], runs: int) -> None:
    out = tool.results["out"]
    sizes = [(out / p).stat().st_size for p in tool.pages]
    tool.results["bytes"] = sizes
    tool.results["gzip"] = [len(gzip.compress((out / p).read_bytes(), 9)) for p in tool.pages]
    offline, external = draw_time(browser, out / tool.pages[0], runs, serve_cdn=False)
    tool.results["draw_offline"] = offline
    tool.results["external"] = sorted(set(external))
    served = None
    if offline is None:
        served, _ = draw_time(browser, out / tool.pages[0], runs, serve_cdn=True)
    tool.results["draw_served"] = served
    spans = evaluate_drawn(browser, out / tool.pages[0], CROSSING_CHECK, crossing_ids)
    tool.results["antimeridian"] = bool(spans) and all(s is not None and s < 180 for s in spans)
    tool.results["spans"] = spans
    # the five routes may be on more than one page: their boxes are counted on all of them
    counts = [evaluate_drawn(browser, out / page, TOGGLE_CHECK) for page in tool.pages]
    toggles = {key: sum(count[key] for count in counts) for key in counts[0]}
    tool.results["toggle"] = toggles["toggling"] >= len(ROUTES)
    tool.results["toggles"] = toggles


def evaluate_drawn(browser, page_path: Path, script: str, *args):
    """``script`` evaluated on a page once its routes are drawn (its CDN files served locally)."""
    page, _ = open_page(browser, page_path, serve_cdn=True)
    try:
        page.wait_for_function("window.__routesDrawn !== undefined", timeout=8000)
        page.wait_for_timeout(300)
        return page.evaluate(script, *args)
    finally:
        page.close()


def crossing_legs() -> list[str]:
    from routes import load_atlas

    atlas = load_atlas()
    return [leg.id for leg in atlas.legs if leg.route in ROUTES and len(leg.parts) > 1]


def hosts(urls: list[str]) -> list[str]:
    return sorted({url.split("/")[2] for url in urls if "://" in url})


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB"


def yes(value) -> str:
    return "yes" if value else "**no**"


def table(all_tools: list[Tool], runs: int) -> str:
    folium_time = next(t for t in all_tools if t.name == "plain folium").results["build_warm"]
    rows = [
        (
            f"build, fresh process, median of {runs} (s)",
            lambda t: (
                f"{t.results['build_warm']:.2f} ({t.results['build_warm'] / folium_time:.2f}× "
                "folium)"
                + (
                    f"; {t.results['build_cold']:.2f} with an empty cache"
                    if t.name == "this project"
                    else ""
                )
            ),
        ),
        (
            "HTML bytes (gzip)",
            lambda t: " + ".join(
                f"{kb(b)} ({kb(g)})"
                for b, g in zip(t.results["bytes"], t.results["gzip"], strict=False)
            ),
        ),
        ("requests to other hosts", lambda t: str(len(t.results["external"]))),
        (
            "routes drawn with the network blocked",
            lambda t: yes(t.results["draw_offline"] is not None),
        ),
        (
            "navigation to routes drawn, network blocked (median)",
            lambda t: (
                f"{t.results['draw_offline']:.0f} ms"
                if t.results["draw_offline"] is not None
                else "never"
            ),
        ),
        (
            "…with its CDN files served locally from npm",
            lambda t: (
                f"{t.results['draw_served']:.0f} ms"
                if t.results["draw_served"] is not None
                else "n/a"
            ),
        ),
        ("same bytes when rebuilt", lambda t: yes(t.results["deterministic"])),
        (
            "Pacific and Bering crossings drawn the short way",
            lambda t: yes(t.results["antimeridian"]),
        ),
        (
            "each route can be toggled",
            lambda t: yes(t.results["toggle"]) + f" ({t.results['toggles']['boxes']} layer boxes)",
        ),
    ]
    head = (
        "| | "
        + " | ".join(t.name for t in all_tools)
        + " |\n|---|"
        + "---|" * len(all_tools)
        + "\n"
    )
    return head + "".join(
        f"| {label} | " + " | ".join(cell(t) for t in all_tools) + " |\n" for label, cell in rows
    )


def write_section(marker: str, text: str) -> None:
    begin, end = f"<!-- {marker}: begin -->", f"<!-- {marker}: end -->"
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    block = f"{begin}\n{text.rstrip()}\n{end}"
    if begin in current:
        current = re.sub(
            re.escape(begin) + r".*?" + re.escape(end), lambda _: block, current, flags=re.S
        )
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(current, encoding="utf-8")


def chromium_version() -> str:
    command = ["/usr/bin/chromium", "--version"]
    return subprocess.run(command, capture_output=True, text=True).stdout.strip()


def machine() -> str:
    import folium
    import geopandas

    return (
        f"{platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"folium {folium.__version__}, geopandas {geopandas.__version__}, "
        f"headless Chromium ({chromium_version()})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from mapgen.chromium import launched_browser

    all_tools = tools()
    crossing = crossing_legs()
    with tempfile.TemporaryDirectory(prefix="atlas-compare-") as scratch:
        for tool in all_tools:
            print(f"building with {tool.name}...", flush=True)
            measure_builds(tool, Path(scratch), args.runs)
        with launched_browser() as browser:
            for tool in all_tools:
                print(f"opening {tool.name}'s page...", flush=True)
                page_checks(browser, tool, crossing, args.runs)
        text = (
            "## The same five routes, three ways\n\n"
            f"`bench/compare.py --runs {args.runs}`, {time.strftime('%Y-%m-%d')}; {machine()}.\n"
            "This project builds its two maps that hold the five routes (English); the peers read "
            "the same "
            "route files (`routes/data/*.geojson`) into one map each. Build times are fresh "
            "processes "
            "(imports included); this project's are with its on-disk cache of sea tracks and land "
            "warm, "
            "and, separately, empty. Drawing is timed in headless Chromium from navigation to the "
            "first "
            "animation frame after the first route path exists.\n\n"
            + table(all_tools, args.runs)
            + "\nHosts the pages ask for: "
            + "; ".join(
                f"{t.name}: " + (", ".join(hosts(t.results["external"])) or "none")
                for t in all_tools
            )
            + ".\n\nThe crossing legs checked: "
            + ", ".join(crossing)
            + "; a leg is drawn the short way when the longitudes of its drawn points span "
            "less than 180°"
            + " (spans: "
            + "; ".join(f"{t.name} {t.results['spans']}" for t in all_tools)
            + ").\n"
        )
    write_section("compare", text)
    print(text)


if __name__ == "__main__":
    main()
