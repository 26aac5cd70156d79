"""Personal names: 'Wade McKinney' is a given name and a surname, whatever places share them.

The lists are the US Census Bureau's 1990 given names and surnames (public
domain), as the ``names`` package ships them, each with its share of the
population. Share floors keep the names a reader would know as names and drop
the rare entries that are more often words ("Police", "Mayor", "Junior").
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from geomap.zipf import zipf

__all__ = ["MIN_GIVEN_SHARE", "MIN_SURNAME_SHARE", "is_given_name", "is_surname"]

MIN_GIVEN_SHARE = 0.005
"""Per cent of men or of women bearing a given name for it to count (about 2,500 names)."""

MIN_SURNAME_SHARE = 0.002
"""Per cent of people bearing a surname for it to count."""

_RARE_ZIPF = 3.0  # a word rarer than this in English is no everyday word a name run takes


@lru_cache(maxsize=3)
def _census(*files: str, floor: float) -> frozenset[str]:
    """Casefolded names from the census files whose share is at least ``floor``.

    Each file lists its names by rank, largest share first, so reading stops
    at the first name below ``floor``: the surname list holds 88,799 names,
    of which the 7,500 above the floor open the file (about 50 ms saved on
    the first document a process parses).
    """
    found: set[str] = set()
    package = resources.files("names")
    for name in files:
        with package.joinpath(name).open(encoding="ascii") as lines:
            for line in lines:
                fields = line.split()
                if len(fields) < 2:
                    continue
                if float(fields[1]) < floor:
                    break
                found.add(fields[0].casefold())
    return frozenset(found)


def is_given_name(word: str) -> bool:
    """True for a common given name written as one ("Mary", "Wade"), not in capitals."""
    given = _census("dist.male.first", "dist.female.first", floor=MIN_GIVEN_SHARE)
    return not word.isupper() and word.casefold() in given


def is_surname(word: str) -> bool:
    """True for a word that may follow a given name as a surname.

    A census surname ("McKinney", "Jackson"), or a word too rare in English
    to be an everyday word ("Wethington", "Magdalene"); not "Police" or
    "Mayor", which census lists as surnames of a handful of people.
    """
    surnames = _census("dist.all.last", floor=MIN_SURNAME_SHARE)
    return word.casefold() in surnames or zipf(word) < _RARE_ZIPF
