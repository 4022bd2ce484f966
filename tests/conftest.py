"""Shared fixtures: the shipped atlas, scratch copies of the data, built maps, a real browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from routes import load_atlas
from routes.loader import default_data_dir

ROOT = Path(__file__).resolve().parent.parent
# ../shared holds the seed documents and the reference sheet the data was built from.
SHARED = Path(os.environ.get("ATLAS_SHARED_DIR", ROOT.parent / "shared"))


def pytest_configure(config):
    """Builds in the tests cache sea tracks and land in a scratch folder, not the user's cache."""
    import tempfile

    os.environ.setdefault("SUPPLY_ATLAS_CACHE", tempfile.mkdtemp(prefix="atlas-test-cache-"))


@pytest.fixture(scope="session")
def atlas():
    return load_atlas()


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the shipped data folder, for tests that break it."""
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory) -> Path:
    """All maps built once from the shipped data into a scratch folder.

    The committed thumbnails are copied in first, as they are in output/: the
    index links the pictures that exist.
    """
    from mapgen import build_all

    out = tmp_path_factory.mktemp("built")
    for pictures in (ROOT / "output").glob("**/thumbnails"):
        shutil.copytree(pictures, out / pictures.relative_to(ROOT / "output"))
    build_all(out)
    return out


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "reference" / "facts.md").is_file():
        pytest.fail(
            f"the reference material is missing at {SHARED}; clone the project beside ../shared "
            "or set ATLAS_SHARED_DIR"
        )
    return SHARED


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, launched once for all browser tests."""
    from browser import launched_browser

    try:
        with launched_browser() as launched:
            yield launched
    except RuntimeError as exc:  # no Chromium or Playwright: a failure, never a skip
        pytest.fail(str(exc))
