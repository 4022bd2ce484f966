"""Write the precomputed entries the package ships (``geo/data/precomputed/``), after a change
to the data or to the code that routes sea legs or cuts the land:

    python -m mapgen.precompute

It builds every map of the shipped data in every language with an empty cache and without the
entries already shipped, records what each build needed (the routed sea tracks, the land of each
map and where its names go, keyed by their inputs and by the code that computes them), and writes
exactly that.
``tests/test_precomputed.py`` fails when the shipped entries are not what a build needs.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

NAMESPACES = ("sea-tracks", "land", "borders", "labels")


def needed_entries() -> dict[str, dict]:
    """What a build of the shipped data computes: namespace -> name -> {key, value}."""
    from geo.cache import CACHE_ENV, PRECOMPUTED_ENV, recording
    from mapgen.site import build_all

    saved = {name: os.environ.get(name) for name in (CACHE_ENV, PRECOMPUTED_ENV)}
    with tempfile.TemporaryDirectory(prefix="atlas-precompute-") as scratch:
        os.environ[CACHE_ENV] = str(Path(scratch) / "cache")
        os.environ[PRECOMPUTED_ENV] = "off"
        try:
            with recording() as used:
                build_all(Path(scratch) / "site")
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
    return {namespace: used.get(namespace, {}) for namespace in NAMESPACES}


def main() -> None:
    from geo.cache import write_precomputed

    for namespace, entries in needed_entries().items():
        path = write_precomputed(namespace, entries)
        print(f"wrote {path} ({len(entries)} entries)")


if __name__ == "__main__":
    main()
