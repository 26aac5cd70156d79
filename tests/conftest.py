"""Shared fixtures: the real embedded gazetteer, built once per machine.

The gazetteer is GeoNames data (CC BY 4.0) shipped by registry packages; it is
built into the per-user cache on first use (about a minute) and reused, or
taken from ``GEOMAP_GAZETTEER`` when set.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from geomap.gazetteer import Gazetteer, ensure_gazetteer

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_2ceb462fc3a04c59.txt"


@pytest.fixture(scope="session")
def gazetteer_path() -> Path:
    return ensure_gazetteer()


@pytest.fixture(scope="session")
def gazetteer(gazetteer_path: Path) -> Iterator[Gazetteer]:
    with Gazetteer.open(gazetteer_path) as gaz:
        yield gaz


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
