"""Write a whole site or nothing: a staging folder beside ``--out``, swapped in at the end.

:func:`publish_site` writes every file of a build into a new folder next to
the output folder, holding (as hard links, so nothing is copied) every file
already there that the build does not write: the committed thumbnails, other
maps, a teacher's own pages. Only when all are written is the staging folder
swapped with the output folder, in one step where the system allows it
(Linux ``renameat2(RENAME_EXCHANGE)``), else in two renames with Ctrl-C and
SIGTERM held off between them. On any failure (a full disk, a file-size
limit, Ctrl-C, SIGTERM, a bug) the output folder is exactly as it was and the
staging folder is removed.

A file the build writes never reuses an old file's inode: it is written new
and put in place, so an old file linked into the staging folder is never
changed through its link.
"""

from __future__ import annotations

import _thread
import ctypes
import errno
import os
import shutil
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from routes.errors import OutputError, UsageError

STAGING_MARK = ".atlas-staging-"  # in the staging folder's name, beside the output folder
_HELD_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Terminated(BaseException):  # noqa: N818 - a signal, like KeyboardInterrupt
    """SIGTERM or SIGHUP arrived; raised so cleanup runs, as Ctrl-C raises KeyboardInterrupt."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


@contextmanager
def signals_as_exceptions() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise :class:`Terminated` (unless someone handles them)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum, frame):
        raise Terminated(signum)

    def redeliver(unraisable) -> None:
        # A signal whose exception was raised where Python cannot raise one (a weakref callback
        # of the import system, at Ctrl-C during an import) would be printed and lost: send it
        # again a moment later, from another thread (sent from here, it would land in this hook
        # and be lost too), so it ends the command as usual.
        error = unraisable.exc_value
        if isinstance(error, (KeyboardInterrupt, Terminated)):
            signum = error.signum if isinstance(error, Terminated) else signal.SIGINT
            threading.Timer(0.01, _thread.interrupt_main, (signum,)).start()
        else:
            hook(unraisable)

    hook, sys.unraisablehook = sys.unraisablehook, redeliver
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            previous[number] = signal.signal(number, terminate)
    try:
        yield
    finally:
        sys.unraisablehook = hook
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait until the block is done (then act as usual)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def check_out_dir(out_dir: str | Path, data_dir: str | Path | None = None) -> None:
    """Refuse an output folder a build must not replace: the data folder, one that holds it or
    lies in it, or the current folder (or one that holds it).

    Raises :class:`~routes.errors.UsageError`.
    """
    from routes.loader import default_data_dir

    if str(out_dir).strip() == "":
        raise UsageError("--out is empty; name the folder to write into, e.g. --out maps")
    out = Path(os.path.realpath(out_dir))
    data = Path(os.path.realpath(data_dir if data_dir is not None else default_data_dir()))
    if out == data or out in data.parents:
        raise UsageError(
            f"--out {str(out_dir)!r} {'is' if out == data else 'holds'} the data folder "
            f"{str(data)!r}: "
            "a build replaces its output folder whole; choose another folder"
        )
    if data in out.parents:
        raise UsageError(
            f"--out {str(out_dir)!r} is inside the data folder {str(data)!r}: nothing is written "
            "there; "
            "choose a folder outside it"
        )
    here = Path(os.path.realpath(Path.cwd()))
    if out == here or out in here.parents or out == Path(os.path.realpath(Path.home())):
        raise UsageError(
            f"--out {str(out_dir)!r} is the current or home folder, or holds it: a build replaces "
            "its "
            "output folder whole; choose a folder of its own, e.g. --out maps"
        )


def publish_site(out_dir: str | Path, files: Mapping[str, bytes | str]) -> list[Path]:
    """Write ``files`` (relative path -> content; text is written as UTF-8) into ``out_dir``,
    all or nothing. Files already in ``out_dir`` that are not in ``files`` are kept.

    Returns the paths written, in the order given. Raises
    :class:`~routes.errors.OutputError` if the site could not be written; then
    ``out_dir`` is exactly as before.
    """
    out = Path(out_dir)
    for name in files:
        parts = Path(name).parts
        if not parts or Path(name).is_absolute() or ".." in parts:
            raise ValueError(f"{name!r} is not a path inside the site")
    target = Path(os.path.realpath(out))  # an output folder that is a link: its folder is replaced
    if os.path.lexists(target) and not target.is_dir():
        raise OutputError(f"{out} is a file, not a folder; choose a folder to write the maps into")
    with signals_as_exceptions():
        staging = written = None
        try:
            with signals_held():  # made and known together, so that it is always removed
                staging = _staging_folder(out, target)
            if target.exists():
                _link_tree(target, staging)
            else:
                os.chmod(staging, 0o777 & ~_umask())
            for written in files:
                _write_new(staging / written, files[written])
            written = None
            _swap(staging, target)
        except OSError as exc:
            what = out / written if written is not None else out
            reason = exc.strerror or str(exc)
            raise OutputError(f"could not write {what}: {reason}; {out} is as it was") from exc
        finally:
            if staging is not None:
                with signals_held():  # after a swap this is the old site
                    shutil.rmtree(staging, ignore_errors=True)
    return [out / name for name in files]


def write_file(path: str | Path, content: bytes | str) -> Path:
    """Write one file whole (readers see the old or the new one), or raise OutputError."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise OutputError(f"could not write {path}: {exc.strerror or exc}") from exc
    try:
        os.fchmod(
            handle, 0o666 & ~_umask()
        )  # mkstemp makes the file private; a map is for everyone
        with os.fdopen(handle, "wb") as stream:
            stream.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.replace(temporary, path)
    except OSError as exc:
        raise OutputError(
            f"could not write {path}: {exc.strerror or exc}; it is as it was"
        ) from exc
    finally:
        with signals_held():
            Path(temporary).unlink(missing_ok=True)
    return path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _staging_folder(out: Path, target: Path) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}{STAGING_MARK}"))
    except OSError as exc:
        raise OutputError(
            f"cannot write beside {out} ({exc.strerror or exc}): a build is written into a folder "
            f"next to it, then swapped in"
        ) from exc


def _link_tree(source: Path, staging: Path) -> None:
    """``staging`` holds what ``source`` holds, as hard links (copies where links are refused)."""
    shutil.copytree(source, staging, symlinks=True, copy_function=_link_or_copy, dirs_exist_ok=True)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        if not stat.S_ISREG(os.lstat(source).st_mode):
            raise OSError(
                errno.EINVAL, "not a regular file, and cannot be linked", source
            ) from None
        shutil.copy2(source, target)


def _write_new(path: Path, content: bytes | str) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    if os.path.lexists(path):
        os.unlink(path)  # a link to the old file: never written through
    handle = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666
    )
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` where ``target`` is; afterwards ``staging`` holds the old site (if any)."""
    with signals_held():
        if not os.path.lexists(target):
            os.rename(staging, target)
            return
        if _exchange(staging, target):
            return
        backup = staging.with_name(staging.name + ".old")
        os.rename(target, backup)
        try:
            os.rename(staging, target)
        except OSError:
            os.rename(backup, target)
            raise
        os.rename(backup, staging)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    number = ctypes.get_errno()
    if number in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(number, os.strerror(number), str(b))
