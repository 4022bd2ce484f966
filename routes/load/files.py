"""Pass 1, reading files: only regular files inside the folder, as text, each problem said once
(``csvfile`` and ``jsonfile`` read the text of the tables and the route files).

A data folder is read only inside itself: a symbolic link, a file that resolves
outside the folder, a device, a pipe or a folder where a file should be is
refused before it is opened, and nothing of a refused file's content is ever
quoted. Text is UTF-8 (a byte-order mark, as Excel's "CSV UTF-8" writes, is
dropped); UTF-16 and Windows-1251 files are recognised and named, with how to
save them.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat

from routes.errors import Code
from routes.load.context import LoadContext
from routes.load.schema import MAX_FILE_BYTES, OPTIONAL_FILES

SAVE_AS_UTF8 = (
    "save it as UTF-8: in Excel 'CSV UTF-8 (Comma delimited)', in LibreOffice 'Text CSV' with the "
    "character set 'Unicode (UTF-8)'"
)
_RUSSIAN_LETTER = re.compile(r"[А-Яа-яЁё]")
_RUSSIAN_WORD = re.compile(r"[А-Яа-яЁё]{3}")


def is_hidden(name: str) -> bool:
    """What a system or an office program leaves beside data: ``.DS_Store``, ``._x``, ``~$x``."""
    return name.startswith((".", "~$"))


def data_file_names(ctx: LoadContext, suffix: str) -> list[str]:
    """The names in the folder ending in ``suffix``, hidden files left out, sorted."""
    try:
        names = os.listdir(ctx.folder)
    except OSError as exc:
        ctx.add(str(ctx.folder), "", "", f"cannot be listed: {exc.strerror}", Code.UNREADABLE_FILE)
        return []
    return sorted(name for name in names if name.endswith(suffix) and not is_hidden(name))


def read_text(ctx: LoadContext, name: str) -> str | None:
    """The text of ``name`` in the folder, or None (with the problem reported).

    An optional file that is absent gives None and no problem.
    """
    raw = _read_bytes(ctx, name)
    text = None if raw is None else _decode(ctx, name, raw)
    if text is None and (raw is not None or name not in OPTIONAL_FILES or _exists(ctx, name)):
        ctx.unreadable.add(name)
    return text


def _exists(ctx: LoadContext, name: str) -> bool:
    return os.path.lexists(ctx.folder / name)


def _read_bytes(ctx: LoadContext, name: str) -> bytes | None:
    path = ctx.folder / name
    file = ctx.label(name)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        if name not in OPTIONAL_FILES:
            ctx.add(file, "", "", "file is missing", Code.MISSING_FILE)
        return None
    except OSError as exc:
        ctx.add(file, "", "", f"cannot be read: {exc.strerror}", Code.UNREADABLE_FILE)
        return None
    if stat.S_ISLNK(info.st_mode):
        ctx.add(
            file,
            "",
            "",
            "is a symbolic link; a data folder is read only inside itself: put the file itself "
            "here",
            Code.SYMLINK,
        )
        return None
    if not stat.S_ISREG(info.st_mode):
        ctx.add(file, "", "", f"is {_kind_of(info.st_mode)}, not a file", Code.NOT_A_FILE)
        return None
    if os.path.realpath(path) != os.path.join(os.path.realpath(ctx.folder), name):
        ctx.add(
            file,
            "",
            "",
            "lies outside the data folder; put the file itself here",
            Code.OUTSIDE_FOLDER,
        )
        return None
    if info.st_size > MAX_FILE_BYTES:
        ctx.add(
            file,
            "",
            "",
            f"file is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,} bytes",
            Code.FILE_TOO_LARGE,
        )
        return None
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_CLOEXEC", 0)
    )
    try:
        handle = os.open(path, flags)
    except OSError as exc:  # replaced since lstat, or no permission
        reason = (
            "is a symbolic link" if exc.errno == errno.ELOOP else f"cannot be read: {exc.strerror}"
        )
        ctx.add(
            file, "", "", reason, Code.SYMLINK if exc.errno == errno.ELOOP else Code.UNREADABLE_FILE
        )
        return None
    try:
        opened = os.fstat(handle)
        if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (
            info.st_dev,
            info.st_ino,
        ):
            ctx.add(
                file, "", "", "changed while it was being read; try again", Code.UNREADABLE_FILE
            )
            return None
        chunks, total = [], 0
        while total <= MAX_FILE_BYTES:
            chunk = os.read(handle, min(1 << 20, MAX_FILE_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_FILE_BYTES:
            ctx.add(
                file,
                "",
                "",
                f"file is over the limit of {MAX_FILE_BYTES:,} bytes",
                Code.FILE_TOO_LARGE,
            )
            return None
        return b"".join(chunks)
    except OSError as exc:
        ctx.add(file, "", "", f"cannot be read: {exc.strerror}", Code.UNREADABLE_FILE)
        return None
    finally:
        os.close(handle)


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _decode(ctx: LoadContext, name: str, raw: bytes) -> str | None:
    file = ctx.label(name)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or raw[:200].count(b"\x00") > 10:
        ctx.add(
            file,
            "",
            "",
            f"is saved as UTF-16 ('Unicode text'), not UTF-8; {SAVE_AS_UTF8}",
            Code.UTF16,
        )
        return None
    raw = raw.removeprefix(codecs.BOM_UTF8)  # Excel's "CSV UTF-8" writes one
    if not raw.strip():
        ctx.add(file, "", "", "file is empty", Code.EMPTY_FILE)
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _looks_like_windows_1251(raw):
            ctx.add(
                file,
                "",
                "",
                f"is saved in Windows-1251 (Cyrillic), not UTF-8; {SAVE_AS_UTF8}",
                Code.WINDOWS_1251,
            )
            return None
        line = raw[: exc.start].count(b"\n") + 1
        ctx.add(
            file,
            f"line {line}",
            "",
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            f"{SAVE_AS_UTF8}",
            Code.NOT_UTF8,
        )
        return None


def _looks_like_windows_1251(raw: bytes) -> bool:
    """Russian text in the Windows code page: its high bytes read as Russian words in cp1251.

    UTF-8 Russian read as cp1251 is mostly punctuation and rare letters; a Latin-1
    accent is one letter, never a word of three.
    """
    text = raw.decode("cp1251", errors="replace")
    high = [c for c in text if ord(c) > 127]
    russian = sum(1 for c in high if _RUSSIAN_LETTER.match(c))
    return bool(high) and russian >= 0.9 * len(high) and bool(_RUSSIAN_WORD.search(text))
