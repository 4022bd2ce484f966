"""Time a period switch on an open atlas page: the restyle, and the restyle until the next frame.

Shared by measure.py (the shipped maps) and scale.py (synthetic maps of up to 10,000 legs).
Issue 8's target: a period switch restyles in at most 50 ms.
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
