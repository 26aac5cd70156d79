"""Great-circle distance on a sphere: the quick measure for "are these near?".

Scoring uses geopy's geodesic (WGS84, exact); deciding whether two places
are within tens of kilometres of each other does not need the ellipsoid, and
runs thousands of times per document.
"""

from __future__ import annotations

import math

__all__ = ["EARTH_RADIUS_KM", "haversine_km"]

EARTH_RADIUS_KM = 6371.0088
"""The mean Earth radius (IUGG)."""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees.

    >>> round(haversine_km(33.3152, 44.3661, 36.3350, 43.1189))  # Baghdad - Mosul
    355
    >>> haversine_km(10.0, 179.9, 10.0, -179.9) < 25  # across the antimeridian
    True
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
