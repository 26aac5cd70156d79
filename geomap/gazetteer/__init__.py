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

__all__ = ["Country", "Gazetteer", "default_path", "ensure_gazetteer", "open_gazetteer"]

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
    if not target.exists():
        from geomap.gazetteer.build import build_default

        if progress:
            progress(f"first run: building the embedded gazetteer at {target}")
        build_default(target, progress=progress)
    return target


def open_gazetteer(
    path: Path | str | None = None, *, progress: Callable[[str], None] | None = None
) -> Gazetteer:
    """Open the gazetteer read-only, building the default first if needed."""
    return Gazetteer.open(ensure_gazetteer(path, progress=progress))
