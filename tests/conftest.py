"""Shared fixtures: the shipped atlas, scratch copies of the data, built maps, a real browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from routes import load_atlas
from routes.loader import default_data_dir

ROOT = Path(__file__).resolve().parent.parent
# ../shared holds the founding texts and the reference sheet the data was built from. What the
# tests need of them is copied into tests/reference/ (see its README); the checks that the
# copies and the figures' quotes match the originals run where ../shared is present.
SHARED = Path(os.environ.get("ATLAS_SHARED_DIR", ROOT.parent / "shared"))


# Property tests: no deadline under CI, where a loaded machine made one flake; elsewhere
# hypothesis's own defaults. The profile is chosen by CI being set (as CI services set it).
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("ci" if os.environ.get("CI") else "default")


def pytest_configure(config):
    """Builds in the tests cache sea tracks and land in a scratch folder, not the user's cache."""
    import tempfile

    os.environ.setdefault("SUPPLY_ATLAS_CACHE", tempfile.mkdtemp(prefix="atlas-test-cache-"))


def pytest_collection_modifyitems(session, config, items):
    """Two stages in one run: every test that drives Chromium (marked ``browser``, or using the
    ``browser`` fixture) runs after all the others, so a data error fails in the first minute."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "browser"
        ):
            item.add_marker(pytest.mark.browser)
    items.sort(
        key=lambda item: item.get_closest_marker("browser") is not None
    )  # stable: order kept


_FAILED_BEFORE_BROWSER: list[str] = []


def pytest_runtest_logreport(report):
    if report.failed and "browser" not in report.keywords:
        _FAILED_BEFORE_BROWSER.append(report.nodeid)


def pytest_runtest_setup(item):
    """The browser stage does not start after the first stage failed (set ATLAS_BROWSER_ANYWAY=1 to
    run it regardless)."""
    if (
        item.get_closest_marker("browser")
        and _FAILED_BEFORE_BROWSER
        and not os.environ.get("ATLAS_BROWSER_ANYWAY")
    ):
        reason = (
            f"{len(dict.fromkeys(_FAILED_BEFORE_BROWSER))} test(s) failed before the browser "
            "stage; "
            "it was not run (ATLAS_BROWSER_ANYWAY=1 runs it regardless)"
        )
        item.session.shouldstop = reason
        pytest.skip(reason)


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


def _shared(inside: str, what: str) -> Path:
    """``SHARED`` if it holds ``inside``. Else the test is skipped, saying so plainly; under CI
    (``CI`` set), where the shared material is always checked out, it fails instead."""
    if (SHARED / inside).exists():
        return SHARED
    message = (
        f"not checked against {what}: {SHARED / inside} is not there (clone the project beside "
        "../shared, or set ATLAS_SHARED_DIR)"
    )
    if os.environ.get("CI"):
        pytest.fail(message + "; CI must have them")
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared with the reference sheet the data's positions were taken from."""
    return _shared("reference/facts.md", "the reference sheet")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """../shared with the founding texts (seeds/) the figures quote."""
    return _shared("seeds", "the founding texts")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, launched once for all browser tests."""
    from browser import launched_browser

    try:
        with launched_browser() as launched:
            yield launched
    except RuntimeError as exc:  # no Chromium or Playwright: a failure, never a skip
        pytest.fail(str(exc))
