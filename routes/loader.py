"""Read a route-data folder, check every record, and return an :class:`~routes.atlas.Atlas`.

The folder layout and every field are described in ``routes/data/README.md``.
All problems found are reported together in one :class:`~routes.errors.RouteDataError`;
each names the file, the record, the field and the bad value. The checks
themselves are passes in :mod:`routes.load`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from routes.atlas import Atlas
from routes.errors import RouteDataError


def default_data_dir() -> Path:
    """The data folder shipped inside the ``routes`` package."""
    return Path(str(files("routes").joinpath("data")))


def load_atlas(data_dir: str | Path | None = None, *, languages: tuple[str, ...] = ()) -> Atlas:
    """Load and validate a route-data folder.

    Parameters
    ----------
    data_dir : path, optional
        A folder laid out like ``routes/data``. Defaults to the shipped data.
    languages : optional
        Languages to check every map's translations in, beyond those each
        group declares in its ``languages`` column (which are always checked).

    Raises
    ------
    RouteDataError
        With every problem found, each naming file, record, field and value.
    """
    from routes.load import load

    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    return load(folder, tuple(languages))


__all__ = ["load_atlas", "default_data_dir", "RouteDataError"]
