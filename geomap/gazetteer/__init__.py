"""The gazetteer: where it lives, how it is built, how it is read.

The default file lives in the per-user cache directory; ``--gazetteer PATH``
or the ``GEOMAP_GAZETTEER`` environment variable point elsewhere. A missing
file is built from the embedded default sources on first use.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import platformdirs

from geomap.gazetteer.lookup import Country, Gazetteer

__all__ = [
    "Country",
    "Gazetteer",
    "default_path",
    "ensure_gazetteer",
    "is_current",
    "open_gazetteer",
]

ENV_VAR = "GEOMAP_GAZETTEER"


def default_path() -> Path:
    """``$GEOMAP_GAZETTEER`` if set, else ``<user cache>/geomap/gazetteer.sqlite``."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir("geomap")) / "gazetteer.sqlite"


def ensure_gazetteer(
    path: Path | str | None = None, *, progress: Callable[[str], None] | None = None
) -> Path:
    """The gazetteer's path, building the embedded default there if it is missing."""
    target = Path(path).expanduser() if path else default_path()
    if target.exists() and target == _cache_path() and not is_current(target):
        if progress:
            progress(f"cached gazetteer {target} is from an older geomap; rebuilding it")
        target.unlink()
    if not target.exists():
        from geomap.gazetteer.build import build_default

        if progress:
            progress(f"first run: building the embedded gazetteer at {target}")
        build_default(target, progress=progress)
    return target


def _cache_path() -> Path:
    return Path(platformdirs.user_cache_dir("geomap")) / "gazetteer.sqlite"


def is_current(path: Path) -> bool:
    """True when the file at ``path`` has this geomap's gazetteer schema."""
    import sqlite3

    from geomap.gazetteer.schema import SCHEMA_VERSION

    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return bool(row) and row[0] == SCHEMA_VERSION


def open_gazetteer(
    path: Path | str | None = None, *, progress: Callable[[str], None] | None = None
) -> Gazetteer:
    """Open the gazetteer read-only, building the default first if needed."""
    return Gazetteer.open(ensure_gazetteer(path, progress=progress))
