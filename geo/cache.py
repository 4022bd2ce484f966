"""A small on-disk cache for results that are slow to compute and fixed by their inputs.

Sea routing and land clipping give the same answer for the same input every
time, so a build stores them and the next build reads them back instead of
loading the router again. Keys are hashes of the inputs *and* of the source
code that computes them, so a change to that code never reads a stale entry.
Values are JSON; floats survive the round trip exactly, so cached and fresh
builds are byte-identical (a test checks).

The folder is ``$SUPPLY_ATLAS_CACHE`` if set (``off`` disables the cache and
computes everything afresh), else ``$XDG_CACHE_HOME/ussr-supply-route-atlas``
or ``~/.cache/ussr-supply-route-atlas``. Anything unreadable is recomputed; a
folder that cannot be written is simply not used.

The package also ships the entries a build of its own data needs
(``geo/data/precomputed/<namespace>.json``: the routed sea tracks, the land
of each map, where its names go), keyed the same way, so a fresh machine's first build is as
fast as a warm one. They are read before the cache folder; an entry whose
inputs or code changed is simply not found, and is computed. ``python -m
mapgen.precompute`` writes them again (a test says when they are stale);
``SUPPLY_ATLAS_PRECOMPUTED=off`` leaves them unread.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

CACHE_ENV = "SUPPLY_ATLAS_CACHE"
PRECOMPUTED_ENV = "SUPPLY_ATLAS_PRECOMPUTED"
PRECOMPUTED_FOLDER = "precomputed"  # in geo/data
FORMAT = 1  # bump to drop every entry written by an older layout
_recorders: list[dict[str, dict[str, Any]]] = []  # see recording()


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
    name = entry_name(namespace, key)
    value = _lookup(folder, namespace, name, compute)
    for recorder in _recorders:
        recorder.setdefault(namespace, {})[name] = {"key": key, "value": value}
    return value


def entry_name(namespace: str, key: Any) -> str:
    """The name of an entry: a hash of its namespace, its key and the cache's format."""
    text = json.dumps([FORMAT, namespace, key], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _lookup(folder: Path, namespace: str, name: str, compute: Callable[[], Any]) -> Any:
    shipped = precomputed(namespace)
    if name in shipped:
        return shipped[name]
    path = folder / namespace / f"{name}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = compute()
    _store(path, value)
    return value


def precomputed(namespace: str) -> dict[str, Any]:
    """The entries shipped for ``namespace``: name -> value (none when switched off)."""
    if os.environ.get(PRECOMPUTED_ENV, "").strip().lower() in ("off", "0", "no"):
        return {}
    return _shipped(namespace)


@cache
def _shipped(namespace: str) -> dict[str, Any]:
    try:
        document = json.loads(precomputed_path(namespace).read_text(encoding="utf-8"))
        if document.get("format") != FORMAT:
            return {}
        return {name: entry["value"] for name, entry in document["entries"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # a missing or broken file: everything is computed, as on a cold cache


def precomputed_path(namespace: str) -> Path:
    return Path(str(files("geo").joinpath("data", PRECOMPUTED_FOLDER, f"{namespace}.json")))


@contextmanager
def recording() -> Iterator[dict[str, dict[str, Any]]]:
    """Collect each entry :func:`cached` returns while inside: namespace -> name -> key, value."""
    used: dict[str, dict[str, Any]] = {}
    _recorders.append(used)
    try:
        yield used
    finally:
        _recorders.remove(used)


def write_precomputed(namespace: str, entries: dict[str, Any], path: Path | None = None) -> Path:
    """Write the shipped entries of ``namespace``, one per line, sorted by name (reviewable diffs).
    A value keeps the order of its keys, as the disk cache does: a page built from it must have
    the same bytes as one computed afresh."""
    path = path or precomputed_path(namespace)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"{json.dumps(name)}: {json.dumps(entries[name], separators=(',', ':'))}"
        for name in sorted(entries)
    ]
    head = json.dumps({"format": FORMAT, "namespace": namespace})[:-1]
    path.write_text(head + ', "entries": {\n' + ",\n".join(lines) + "\n}}\n", encoding="utf-8")
    _shipped.cache_clear()
    return path


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
