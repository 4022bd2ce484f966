"""A small on-disk cache for results that are slow to compute and fixed by their inputs.

Sea routing and land clipping give the same answer for the same input every
time, so a build stores them and the next build reads them back instead of
loading the router again. Keys are hashes of the inputs *and* of the source
code that computes them, so a change to that code never reads a stale entry.
Values are JSON; floats survive the round trip exactly, so cached and fresh
builds are byte-identical (a test checks).

The folder is ``$SUPPLY_ATLAS_CACHE`` if set (``off`` disables the cache),
else ``$XDG_CACHE_HOME/ussr-supply-route-atlas`` or
``~/.cache/ussr-supply-route-atlas``. Anything unreadable is recomputed; a
folder that cannot be written is simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

CACHE_ENV = "SUPPLY_ATLAS_CACHE"
FORMAT = 1  # bump to drop every entry written by an older layout


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ussr-supply-route-atlas"


@cache
def source_digest(paths: tuple[str, ...]) -> str:
    """A hash of the files whose code produces a cached value."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def code_of(modules: Iterable[Any]) -> str:
    """:func:`source_digest` of the given modules' source files."""
    return source_digest(tuple(sorted(str(Path(m.__file__)) for m in modules)))


def cached(namespace: str, key: Any, compute: Callable[[], Any]) -> Any:
    """``compute()``, or the value stored for ``key`` by an earlier call.

    ``key`` must be JSON-serialisable and hold everything the value depends on
    (including a :func:`code_of` digest); the value must be JSON-serialisable
    (tuples come back as lists).
    """
    folder = cache_dir()
    if folder is None:
        return compute()
    text = json.dumps([FORMAT, namespace, key], sort_keys=True, separators=(",", ":"))
    path = folder / namespace / f"{hashlib.sha256(text.encode()).hexdigest()}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = compute()
    _store(path, value)
    return value


def _store(path: Path, value: Any) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return  # e.g. a read-only home folder: the build goes on without the cache
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(value, out, separators=(",", ":"))
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
