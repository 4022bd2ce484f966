"""A teacher's own data folder, started from the small example in ``routes/template``."""

from __future__ import annotations

import os
import shutil
from importlib.resources import as_file, files
from pathlib import Path

from routes.errors import OutputError


def start_data_folder(folder: str | Path) -> Path:
    """Copy the example (one route, two places, two figures) into a new or empty ``folder``.

    Raises :class:`~routes.errors.OutputError` if ``folder`` is a file, a folder
    that is not empty, or cannot be written; nothing is overwritten.
    """
    folder = Path(folder)
    if os.path.lexists(folder) and not folder.is_dir():
        raise OutputError(f"{folder} is a file, not a folder; choose a new folder name")
    try:
        if folder.is_dir() and any(folder.iterdir()):
            raise OutputError(f"{folder} already exists and is not empty; choose a new folder")
        with as_file(files("routes").joinpath("template")) as template:
            shutil.copytree(template, folder, dirs_exist_ok=True)
    except OSError as exc:
        raise OutputError(f"could not make {folder}: {exc.strerror or exc}") from exc
    return folder
