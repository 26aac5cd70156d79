"""geomap's one error hierarchy.

Library code raises these; the CLI turns any of them into one line on stderr
and exit code 2. Subclasses also derive from a builtin so callers may catch
either.
"""

from __future__ import annotations

__all__ = [
    "EngineError",
    "GazetteerError",
    "GazetteerNotFound",
    "GeomapError",
    "HintError",
    "InputError",
    "OutputError",
]


class GeomapError(Exception):
    """Root of every error geomap raises on purpose."""


class InputError(GeomapError, ValueError):
    """An input document or path cannot be read: missing, empty or not text."""


class GazetteerError(GeomapError, RuntimeError):
    """The gazetteer file is unusable (corrupt, wrong schema, unreadable source)."""


class GazetteerNotFound(GazetteerError, FileNotFoundError):
    """The gazetteer file named by ``--gazetteer`` or ``GEOMAP_GAZETTEER`` is absent.

    Build it with ``geomap gazetteer build --gazetteer PATH``.
    """


class HintError(GeomapError, ValueError):
    """A relative-location phrase cannot be applied (e.g. a negative distance)."""


class EngineError(GeomapError, RuntimeError):
    """The chosen ``--engine`` cannot run: Dask not installed, or its scheduler unreachable.

    Install the extra with ``pip install 'geomap[dask]'``, check ``--scheduler``,
    or leave out ``--engine`` to parse on this machine.
    """


class OutputError(GeomapError, OSError):
    """An output file cannot be written."""
