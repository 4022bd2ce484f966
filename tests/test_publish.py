"""A build is all-or-nothing (mapgen.publish): on a data error, a full disk, a file-size limit,
Ctrl-C or SIGTERM the output folder is exactly as before and nothing temporary is left beside it.

The signals are sent to real builds in their own processes, at the moment the site is being
written (a slowed-down writer makes that moment long enough to hit).
"""

from __future__ import annotations

import errno
import hashlib
import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import mapgen.publish
from mapgen import build_all
from mapgen.publish import STAGING_MARK, publish_site
from routes.errors import OutputError

ROOT = Path(__file__).resolve().parent.parent


def tree_hash(folder: Path) -> dict:
    """Each file's hash and inode, and the names beside the folder."""
    files = {
        p.relative_to(folder).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_ino,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    return {"files": files, "beside": sorted(p.name for p in folder.parent.iterdir())}


@pytest.fixture
def site(tmp_path) -> Path:
    """An output folder built earlier, with committed thumbnails and a teacher's own page."""
    out = tmp_path / "site" / "output"
    (out / "thumbnails").mkdir(parents=True)
    (out / "ru" / "thumbnails").mkdir(parents=True)
    (out / "index.html").write_text("<title>old index</title>", encoding="utf-8")
    (out / "spain-1936-39.html").write_text("<title>old map</title>", encoding="utf-8")
    (out / "thumbnails" / "spain-1936-39.jpg").write_bytes(b"\xff\xd8 english picture")
    (out / "ru" / "thumbnails" / "spain-1936-39.jpg").write_bytes(b"\xff\xd8 russian picture")
    (out / "lesson-plan.html").write_text("a teacher's own page", encoding="utf-8")
    return out


def test_publish_writes_the_site_and_keeps_what_it_does_not_write(site):
    written = publish_site(
        site, {"index.html": "new index", "ru/index.html": "новый", "data/a.csv": b"x,y\n"}
    )
    assert written == [site / "index.html", site / "ru/index.html", site / "data/a.csv"]
    assert (site / "index.html").read_text(encoding="utf-8") == "new index"
    assert (site / "ru" / "index.html").read_text(encoding="utf-8") == "новый"
    assert (site / "thumbnails" / "spain-1936-39.jpg").read_bytes() == b"\xff\xd8 english picture"
    assert (site / "lesson-plan.html").read_text(encoding="utf-8") == "a teacher's own page"
    assert not [p for p in site.parent.iterdir() if STAGING_MARK in p.name]


def test_an_old_file_is_never_written_through_its_link(site, tmp_path):
    """The staging folder holds the old files as hard links; a rewritten file must be a new file."""
    elsewhere = tmp_path / "a-link-to-the-old-index.html"
    os.link(site / "index.html", elsewhere)
    publish_site(site, {"index.html": "new index"})
    assert elsewhere.read_text(encoding="utf-8") == "<title>old index</title>"


def test_a_new_output_folder_is_made_whole(tmp_path):
    out = tmp_path / "deep" / "new-maps"
    publish_site(out, {"index.html": "x"})
    assert (out / "index.html").read_text(encoding="utf-8") == "x"
    mask = os.umask(0)
    os.umask(mask)
    assert oct(out.stat().st_mode & 0o777) == oct(0o777 & ~mask)  # not mkdtemp's private 0o700


def test_an_output_folder_that_is_a_link_stays_a_link(site, tmp_path):
    link = tmp_path / "published"
    link.symlink_to(site, target_is_directory=True)
    publish_site(link, {"index.html": "through the link"})
    assert (
        link.is_symlink()
        and (site / "index.html").read_text(encoding="utf-8") == "through the link"
    )


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_both_ways_of_swapping(site, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(mapgen.publish, "_exchange", lambda a, b: False)
    publish_site(site, {"index.html": "swapped"})
    assert (site / "index.html").read_text(encoding="utf-8") == "swapped"
    assert (site / "lesson-plan.html").is_file()
    assert not [p for p in site.parent.iterdir() if STAGING_MARK in p.name]


@pytest.mark.parametrize(
    "failure",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        OSError(errno.EFBIG, "File too large"),
        KeyboardInterrupt(),
        RuntimeError("a bug"),
    ],
    ids=["disk-full", "file-size-limit", "ctrl-c", "a-bug"],
)
def test_a_failure_while_writing_changes_nothing(site, monkeypatch, failure):
    calls = []
    original = mapgen.publish._write_new

    def failing(path, content):
        calls.append(path)
        if len(calls) == 3:
            raise failure
        original(path, content)

    monkeypatch.setattr(mapgen.publish, "_write_new", failing)
    before = tree_hash(site)
    with pytest.raises(OutputError if isinstance(failure, OSError) else type(failure)) as caught:
        publish_site(site, {"index.html": "a", "b.html": "b", "c.html": "c", "d.html": "d"})
    assert tree_hash(site) == before
    if isinstance(failure, OSError):
        assert failure.strerror in str(caught.value) and str(site / "c.html") in str(caught.value)


def test_a_failed_swap_changes_nothing(site, monkeypatch):
    def refused(a, b):
        raise OSError(errno.EBUSY, "Device or resource busy", str(b))

    monkeypatch.setattr(mapgen.publish, "_exchange", refused)
    before = tree_hash(site)
    with pytest.raises(OutputError):
        publish_site(site, {"index.html": "new"})
    assert tree_hash(site) == before


def test_a_build_keeps_the_thumbnails_and_links_them(site):
    """Pictures are not made by a build (supply-atlas thumbnails): a build keeps them, and the
    front page links those that are there."""
    build_all(site, ["spain_1936_39"], languages=["en"])  # one map: the index is not rewritten
    assert (site / "thumbnails" / "spain-1936-39.jpg").read_bytes() == b"\xff\xd8 english picture"
    build_all(site, languages=["en"])
    assert 'src="thumbnails/spain-1936-39.jpg"' in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "lesson-plan.html").is_file() and (
        site / "ru" / "thumbnails" / "spain-1936-39.jpg"
    ).is_file()


# -- real builds in their own processes -----------------------------------------------------------

SLOW_WRITER = """
import sys, time
import mapgen.publish as publish
original = publish._write_new
def slow(path, content):
    time.sleep(1.0)  # long enough to be hit, on a loaded machine too
    original(path, content)
publish._write_new = slow
from mapgen.cli import main
sys.argv = ["supply-atlas", *sys.argv[1:]]
main()
"""


def as_from_a_terminal() -> None:
    """In the child: Ctrl-C acts as in a terminal. A shell that starts the tests in the background
    (`... &`) ignores SIGINT, the child inherits that, and Python then installs no handler."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_build(
    out: Path, *, slow: bool = False, limit_bytes: int | None = None, extra=()
) -> subprocess.Popen:
    args = ["build", "spain_1936_39", "--out", str(out), *extra]
    command = (
        [sys.executable, "-c", SLOW_WRITER, *args]
        if slow
        else [sys.executable, "-m", "mapgen", *args]
    )

    def limit():
        as_from_a_terminal()
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit,
    )


def wait_for_staging(out: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while not any(STAGING_MARK in p.name for p in out.parent.iterdir()):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.01)
    time.sleep(0.3)  # a file or two into the staging folder


@pytest.mark.parametrize(
    "sig, status",
    [(signal.SIGTERM, 128 + signal.SIGTERM), (signal.SIGINT, 130)],
    ids=["SIGTERM", "ctrl-c"],
)
def test_a_signal_while_the_site_is_written_changes_nothing(site, sig, status):
    before = tree_hash(site)
    process = start_build(site, slow=True)
    wait_for_staging(site, process)
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    assert process.returncode == status, err
    assert "Traceback" not in err and "Error" not in err
    assert tree_hash(site) == before


def test_a_file_size_limit_changes_nothing(site):
    """RLIMIT_FSIZE makes the first large write fail (EFBIG), as a full disk does (ENOSPC)."""
    before = tree_hash(site)
    process = start_build(site, limit_bytes=100_000)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1
    lines = err.splitlines()
    assert (
        len(lines) == 1
        and lines[0].startswith(f"Error: could not write {site}")
        and "File too large" in lines[0]
    )
    assert f"{site} is as it was" in lines[0]
    assert tree_hash(site) == before


def test_ctrl_c_while_the_modules_load_exits_quietly(site):
    """Status 130, as shells report Ctrl-C, and no traceback: sent while folium is imported."""
    before = tree_hash(site)
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "mapgen", "build", "--out", str(site)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_from_a_terminal,
    )
    for line in process.stderr:
        if "folium" in line:
            process.send_signal(signal.SIGINT)
            break
    err = process.stderr.read()
    process.wait(timeout=60)
    said = "\n".join(line for line in err.splitlines() if not line.startswith("import time:"))
    assert process.returncode == 130, said
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, said
    assert tree_hash(site) == before


def test_a_finished_build_leaves_nothing_beside_the_output(site):
    process = start_build(site)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert f"wrote {site / 'spain-1936-39.html'}" in out
    assert sorted(p.name for p in site.parent.iterdir()) == ["output"]


def test_a_full_disk_changes_nothing(tmp_path):
    """A real full disk: a 1 MB tmpfs holding a site built earlier, too small for a new one."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(
            "mounting a tmpfs needs root; test_a_file_size_limit_changes_nothing fails writes the "
            "same way"
        )
    try:
        site = disk / "output"
        (site / "thumbnails").mkdir(parents=True)
        (site / "index.html").write_text("<title>old index</title>", encoding="utf-8")
        (site / "thumbnails" / "spain-1936-39.jpg").write_bytes(b"\xff\xd8" + b"p" * 100_000)
        before = tree_hash(site)
        result = subprocess.run(
            [sys.executable, "-m", "mapgen", "build", "--out", str(site)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 1, result.stderr
        lines = result.stderr.splitlines()
        assert (
            len(lines) == 1 and "No space left on device" in lines[0] and "is as it was" in lines[0]
        )
        assert tree_hash(site) == before
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True, check=False)


def test_an_interrupt_raised_where_python_cannot_raise_it_is_delivered_again():
    """Ctrl-C during an import can land in a weakref callback of the import system, where Python
    prints the KeyboardInterrupt as 'Exception ignored' and goes on; the command must still stop."""
    import weakref

    from mapgen.publish import signals_as_exceptions

    def interrupted(_ref):
        raise KeyboardInterrupt

    class Thing:
        pass

    # Python's own Ctrl-C handler, as in a terminal: run from a background shell, the tests
    # inherit SIGINT as ignored, and a signal sent again would then do nothing
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with signals_as_exceptions():
            thing = Thing()
            ref = weakref.ref(thing, interrupted)
            with pytest.raises(KeyboardInterrupt):
                del thing  # the callback raises where it cannot: the signal comes again
                deadline = time.monotonic() + 5
                while time.monotonic() < deadline:  # busy, as a build is (a sleep would not wake)
                    pass
    finally:
        signal.signal(signal.SIGINT, previous)
    assert ref() is None
