"""Time a period switch, and a month of convoys, on an open atlas page: the switch itself, and
the switch until the next frame is painted.

Shared by measure.py (the shipped maps) and scale.py (synthetic maps of up to 10,000 legs).
Targets: a period switch restyles in at most 50 ms (issue 8); a month switch, with the whole
convoy table, in at most 50 ms (issue 12).
"""

from __future__ import annotations

import statistics

# Every slice in turn (the whole war, each year), `rounds` times over: how long atlas.period()
# runs, and how long until the frame after it has been painted.
SWITCH_ALL = """async (rounds) => {
  const ids = [...document.querySelectorAll('.atlas-period-button')].map(b => b.dataset.period);
  const frame = () => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  const restyle = [], painted = [];
  for (let round = 0; round < rounds; round++) {
    for (const id of ids) {
      await frame();
      const start = performance.now();
      atlas.period(id);
      restyle.push(performance.now() - start);
      await frame();
      painted.push(performance.now() - start);
    }
  }
  return {ids, restyle, painted};
}"""


def period_switch_ms(page, rounds: int = 3) -> dict | None:
    """Median milliseconds of a period switch on ``page`` (already drawn), or None without periods."""
    page.wait_for_function("document.querySelector('.atlas-map[data-drawn=\"all\"]')")
    result = page.evaluate(SWITCH_ALL, rounds)
    if not result["ids"]:
        return None
    return {
        "periods": len(result["ids"]),
        "restyle_ms": statistics.median(result["restyle"]),
        "painted_ms": statistics.median(result["painted"]),
        "worst_painted_ms": max(result["painted"]),
    }


# Every month of the convoys in turn, `rounds` times over: atlas.month() and the painted frame.
MONTHS_ALL = """async (rounds) => {
  const ids = atlas.scene().convoys ? atlas.scene().convoys.months.map(m => m.id) : [];
  const frame = () => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  const switched = [], painted = [];
  for (let round = 0; round < rounds; round++) {
    for (const id of ids) {
      await frame();
      const start = performance.now();
      atlas.month(id);
      switched.push(performance.now() - start);
      await frame();
      painted.push(performance.now() - start);
    }
  }
  return {ids, switched, painted};
}"""


def month_switch_ms(page, rounds: int = 2) -> dict | None:
    """Median milliseconds of a month switch on ``page``, or None on a map without convoys."""
    page.wait_for_function("document.querySelector('.atlas-map[data-drawn=\"all\"]')")
    result = page.evaluate(MONTHS_ALL, rounds)
    if not result["ids"]:
        return None
    return {
        "months": len(result["ids"]),
        "switch_ms": statistics.median(result["switched"]),
        "painted_ms": statistics.median(result["painted"]),
        "worst_painted_ms": max(result["painted"]),
    }
