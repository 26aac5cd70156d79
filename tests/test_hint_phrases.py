"""Relative-location phrasings in the style of conflict reporting, with expected parses.

Each sentence was written for this file in the manner of UCDP/ACLED sources
(wire reports and monitoring-group headlines): "Clashes 20 km north of
Aleppo", "shelling on the outskirts of Idlib", "an IED on the Damascus-Homs
highway". Place names are marked ``[like this]``; the test finds them, builds
the mentions a recogniser would, and checks what :func:`find_hints` makes of
the sentence: which mention holds the hint, its kind, anchor(s), bearing and
distance band. No gazetteer is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from geomap.hints import find_hints
from geomap.records import Hint, Mention

MI = 1.609344
NM = 1.852


def about(value: float, factor: float = 1.0) -> tuple[float, float, float]:
    """The band of a single stated distance: rounding to tens +-30 %, fives +-20 %, else 15 %."""
    rel = 0.3 if value % 10 == 0 else 0.2 if value % 5 == 0 else 0.15
    return value * factor, value * (1 - rel) * factor, value * (1 + rel) * factor


def span(low: float, high: float, factor: float = 1.0) -> tuple[float, float, float]:
    """The band of a stated range: its ends."""
    return (low + high) / 2 * factor, low * factor, high * factor


@dataclass(frozen=True)
class Case:
    """One sentence and what its hint should be (``kind`` None: no hint at all)."""

    text: str  # names in [brackets]
    holder: str | None  # the mention that carries the hint
    kind: str | None
    anchor: str | None = None
    bearing: float | None = None
    distance: tuple[float, float, float] | None = None
    anchor2: str | None = None


def C(text: str, holder: str | None, kind: str | None, anchor: str | None = None, **kw) -> Case:
    """A case whose anchor defaults to the holder (a self-anchored hint)."""
    return Case(text, holder, kind, anchor or holder, **kw)


CASES = [
    # -- distance + direction ------------------------------------------------------
    C("Clashes 20 km north of [Aleppo]", "Aleppo", "offset", bearing=0, distance=about(20)),
    C("A car bomb exploded 30km SW of [Kirkuk] on Tuesday", "Kirkuk", "offset", bearing=225,
      distance=about(30)),
    C("Rebels shelled a checkpoint some 20 miles south-east of [Mosul]", "Mosul", "offset",
      bearing=135, distance=about(20, MI)),
    C("Troops advanced about 15 kilometres to the west of [Ramadi]", "Ramadi", "offset",
      bearing=270, distance=about(15)),
    C("Airstrikes hit a convoy 25-30 km north of [Palmyra]", "Palmyra", "offset", bearing=0,
      distance=span(25, 30)),
    C("An IED struck a patrol a few kilometers east of [Tikrit]", "Tikrit", "offset", bearing=90,
      distance=(3.5, 2.0, 5.0)),
    C("Fighting erupted 5 km NNW of [Manbij]", "Manbij", "offset", bearing=337.5,
      distance=about(5)),
    C("Government forces recaptured a hill 12 km ENE of [Kobani]", "Kobani", "offset",
      bearing=67.5, distance=about(12)),
    C("A mortar round fell 800 metres west of [Jarablus]", "Jarablus", "offset", bearing=270,
      distance=about(800, 0.001)),
    C("Shelling targeted villages 40 kilometers (25 miles) northeast of [Hama]", "Hama",
      "offset", bearing=45, distance=about(40)),
    C("Clashes near a dam 50 km (31 mi) north-west of [Raqqa]", "Raqqa", "offset", bearing=315,
      distance=about(50)),
    C("A drone strike 7 miles south of [Sirte] killed two", "Sirte", "offset", bearing=180,
      distance=about(7, MI)),
    C("Explosions were heard roughly ten kilometres south-southwest of [Idlib]", "Idlib",
      "offset", bearing=202.5, distance=about(10)),
    C("A bomb went off 18 miles north of the provincial capital of [Ramadi]", "Ramadi", "offset",
      bearing=0, distance=about(18, MI)),
    C("Shells landed 30 km south of the capital, [Damascus]", "Damascus", "offset", bearing=180,
      distance=about(30)),
    C("Kurdish fighters held a ridge 20 km east of the besieged Syrian town of [Kobani]",
      "Kobani", "offset", bearing=90, distance=about(20)),
    C("A raid seven km south-west from [Jisr al-Shughur]", "Jisr al-Shughur", "offset",
      bearing=225, distance=about(7)),
    C("Police found bodies 70 km (43 miles) south of [Baghdad]", "Baghdad", "offset",
      bearing=180, distance=about(70)),
    C("Militants seized a post 11 kilometers (7 miles) northwest of [Fallujah]", "Fallujah",
      "offset", bearing=315, distance=about(11)),
    C("Barrel bombs fell a dozen kilometres west of [Deir ez-Zor]", "Deir ez-Zor", "offset",
      bearing=270, distance=about(12)),
    C("Tribal fighters clashed forty miles WSW of [Kirkuk]", "Kirkuk", "offset", bearing=247.5,
      distance=about(40, MI)),
    C("A landmine exploded some 2,500 metres south of [Daraa]", "Daraa", "offset", bearing=180,
      distance=about(2500, 0.001)),
    C("A shepherd was killed 1.5 km south of [Palmyra]", "Palmyra", "offset", bearing=180,
      distance=about(1.5)),
    C("Jets bombed an oil field an estimated 45 km southeast of [Deir ez-Zor]", "Deir ez-Zor",
      "offset", bearing=135, distance=about(45)),
    C("The front line now runs nearly 100 km to the south of [Raqqa]", "Raqqa", "offset",
      bearing=180, distance=about(100)),
    C("Clashes were reported at least 8 km north of [Qamishli]", "Qamishli", "offset", bearing=0,
      distance=about(8)),
    C("Gunmen ambushed a bus between 10 and 15 km south of [Kirkuk]", "Kirkuk", "offset",
      bearing=180, distance=span(10, 15)),
    C("A tanker was hit two to three miles NE of [Basra]", "Basra", "offset", bearing=45,
      distance=span(2, 3, MI)),
    C("The militia dug in twenty-five km west of [Ramadi]", "Ramadi", "offset", bearing=270,
      distance=about(25)),
    C("A sniper opened fire half a mile north of [Hit]", "Hit", "offset", bearing=0,
      distance=about(0.5, MI)),
    C("Rockets landed a couple of kilometres south of [Saraqib]", "Saraqib", "offset",
      bearing=180, distance=(2.5, 2.0, 3.0)),
    C("Insurgents regrouped several miles east of [Baiji]", "Baiji", "offset", bearing=90,
      distance=(6 * MI, 3 * MI, 9 * MI)),
    C("An airstrike killed five just 4 km due east of [Al-Bab]", "Al-Bab", "offset", bearing=90,
      distance=about(4)),
    C("Turkish artillery shelled positions 15 km North East of [Afrin]", "Afrin", "offset",
      bearing=45, distance=about(15)),
    C("IS fighters attacked a gas field 9 km W of [Tadmur]", "Tadmur", "offset", bearing=270,
      distance=about(9)),
    C("A camp ten kilometres to the north-north-east of the city of [Mosul] was hit", "Mosul",
      "offset", bearing=22.5, distance=about(10)),
    C("The village is 3 miles north-east of [Azaz]", "Azaz", "offset", bearing=45,
      distance=about(3, MI)),
    C("A patrol was ambushed 60 km east of [Homs] on the road", "Homs", "offset", bearing=90,
      distance=about(60)),
    C("Strikes hit 35 kilometres east-southeast of [Hasakah]", "Hasakah", "offset",
      bearing=112.5, distance=about(35)),
    C("Clashes about 6 km south south-west of [Tal Abyad]", "Tal Abyad", "offset",
      bearing=202.5, distance=about(6)),
    C("Aircraft struck 14 km to the west-northwest of [Sinjar]", "Sinjar", "offset",
      bearing=292.5, distance=about(14)),
    C("An explosion 500 m north of [Raqqa]'s clock tower", "Raqqa", "offset", bearing=0,
      distance=about(500, 0.001)),
    C("Fighting raged over 20km south of [Kirkuk]", "Kirkuk", "offset", bearing=180,
      distance=about(20)),
    C("A boat sank 12 nautical miles west of [Latakia]", "Latakia", "offset", bearing=270,
      distance=about(12, NM)),
    # -- nested: the hint describes the named place before it ------------------------
    C("Gunmen killed three in [Taramiyah], 50 kilometers (31 miles) north of [Baghdad]",
      "Taramiyah", "offset", "Baghdad", bearing=0, distance=about(50)),
    C("Militants attacked [Tarmiyah], about 30 km north of [Baghdad]", "Tarmiyah", "offset",
      "Baghdad", bearing=0, distance=about(30)),
    C("Airstrikes on [Tal Rifaat], 35 km north of [Aleppo], killed four", "Tal Rifaat", "offset",
      "Aleppo", bearing=0, distance=about(35)),
    C("Heavy clashes in [Maarat al-Numan] (33 km south of [Idlib])", "Maarat al-Numan", "offset",
      "Idlib", bearing=180, distance=about(33)),
    C("Rebels took [Khan Shaykhun], south of [Idlib]", "Khan Shaykhun", "direction", "Idlib",
      bearing=180),
    C("Fighting in [Shaddadi], which lies 60 km south of [Hasakah]", "Shaddadi", "offset",
      "Hasakah", bearing=180, distance=about(60)),
    C("Troops entered [Qayyarah], located 60 km south of [Mosul]", "Qayyarah", "offset", "Mosul",
      bearing=180, distance=about(60)),
    C("A mosque was bombed in [Dhuluiya], 90 km from [Baghdad]", "Dhuluiya", "distance",
      "Baghdad", distance=about(90)),
    C("Shelling hit the hamlet of Qarat Zaytun, 12 km east of [Manbij]", "Qarat Zaytun",
      "offset", "Manbij", bearing=90, distance=about(12)),
    # -- distance only ----------------------------------------------------------------
    C("Gunmen stormed a farm 40 km from [Samarra]", "Samarra", "distance", distance=about(40)),
    C("Marines were stationed 15 miles outside [Fallujah]", "Fallujah", "distance",
      distance=about(15, MI)),
    C("The convoy was hit some 25 kilometres away from [Tikrit]", "Tikrit", "distance",
      distance=about(25)),
    C("A ship was struck 30 nautical miles off [Tartus]", "Tartus", "distance",
      distance=about(30, NM)),
    C("Drones were seen within 10 km of [Mosul]", "Mosul", "distance", distance=(10.0, 0.0, 10.0)),
    C("A checkpoint about 6 km outside of [Baqubah] was overrun", "Baqubah", "distance",
      distance=about(6)),
    C("A camp 3 km from the town of [Atmeh] was shelled", "Atmeh", "distance", distance=about(3)),
    C("No aircraft flew within five miles of [Sinjar]", "Sinjar", "distance",
      distance=(5 * MI, 0.0, 5 * MI)),
    C("Smugglers were caught 2 km off the coast of [Baniyas]", "Baniyas", "distance",
      distance=about(2)),
    # -- direction only -------------------------------------------------------------------
    C("Clashes erupted north of [Baghdad] overnight", "Baghdad", "direction", bearing=0),
    C("Warplanes struck targets east of [Deir ez-Zor]", "Deir ez-Zor", "direction", bearing=90),
    C("Shelling northeast of the city of [Hama]", "Hama", "direction", bearing=45),
    C("Fighting to the south-west of [Aleppo] intensified", "Aleppo", "direction", bearing=225),
    C("IS fighters were spotted just west of [Palmyra]", "Palmyra", "direction", bearing=270),
    C("Helicopters dropped barrels west of the capital [Damascus]", "Damascus", "direction",
      bearing=270),
    C("Rebels advanced north of the Syrian city of [Aleppo]", "Aleppo", "direction", bearing=0),
    C("Barrel bombs fell SE of [Daraa]", "Daraa", "direction", bearing=135),
    C("An airstrike due north of [Raqqa]", "Raqqa", "direction", bearing=0),
    C("Clashes west-northwest of [Kirkuk]", "Kirkuk", "direction", bearing=292.5),
    C("A 20-kilometre stretch north of [Mosul] was cleared", "Mosul", "direction", bearing=0),
    C("The army pushed east of the town of [Maskanah]", "Maskanah", "direction", bearing=90),
    # -- near, outskirts ---------------------------------------------------------------
    C("Shelling on the outskirts of [Idlib]", "Idlib", "near"),
    C("A mine explosion killed a shepherd near [Qamishli]", "Qamishli", "near"),
    C("Clashes close to [Rastan] left six dead", "Rastan", "near"),
    C("Snipers fired on civilians in the vicinity of [Talbiseh]", "Talbiseh", "near"),
    C("A car bomb exploded just outside [Azaz]", "Azaz", "near"),
    C("Fighting continues around [Sheikh Maskin]", "Sheikh Maskin", "near"),
    C("Airstrikes not far from [Saraqib]", "Saraqib", "near"),
    C("Tanks massed on the edge of [Manbij]", "Manbij", "near"),
    C("Mortars fell in the outskirts of [Douma]", "Douma", "near"),
    C("Clashes on the northern outskirts of [Aleppo]", "Aleppo", "near", bearing=0),
    C("Shells hit the eastern suburbs of [Damascus]", "Damascus", "near", bearing=90),
    C("Fighting spread to the [Mosul] outskirts", "Mosul", "near"),
    C("Clashes in [Hama]'s western outskirts", "Hama", "near", bearing=270),
    C("Snipers were active outside of [Ramadi]", "Ramadi", "near"),
    C("A convoy was hit at the vicinity of [Palmyra] airbase", "Palmyra", "near"),
    C("Fighting in the surroundings of [Shaddadi]", "Shaddadi", "near"),
    # -- areas: district, province, countryside -----------------------------------------------
    C("Raids across the [Shaddadi] area", "Shaddadi", "area"),
    C("Clashes in [Idlib] province", "Idlib", "area"),
    C("Airstrikes in [Mansour] district killed three", "Mansour", "area"),
    C("Raids in [Anbar] governorate", "Anbar", "area"),
    C("Continued battles in [Homs] countryside", "Homs", "area"),
    C("Warplanes hit the countryside of [Hama]", "Hama", "area"),
    C("Fighting in rural [Damascus]", "Damascus", "area"),
    C("Clashes in [Daraa]'s countryside", "Daraa", "area"),
    C("Mortars fell in [Ar Rastan] district", "Ar Rastan", "area"),
    C("Regime forces shelled the [Quneitra] region", "Quneitra", "area"),
    C("[Raqqa] governorate saw heavy airstrikes", "Raqqa", "area"),
    C("Turkish-backed groups advanced in [Jarablus] sub-district", "Jarablus", "area"),
    # -- regions of a place -----------------------------------------------------------------
    C("Airstrikes in northern [Iraq]", "Iraq", "region", bearing=0),
    C("Warplanes bomb the northeastern countryside of [Aleppo]", "Aleppo", "region", bearing=45),
    C("Clashes in [Aleppo]'s western countryside", "Aleppo", "region", bearing=270),
    C("Casualties in [Hama] northern countryside", "Hama", "region", bearing=0),
    C("Clashes in the southern countryside of [Hasakah]", "Hasakah", "region", bearing=180),
    C("Renewed fighting in the north of [Syria]", "Syria", "region", bearing=0),
    C("Air raids across western [Anbar]", "Anbar", "region", bearing=270),
    C("Drone strikes in south-eastern [Turkey]", "Turkey", "region", bearing=135),
    C("Heavy fighting in central [Syria]", "Syria", "region"),
    C("Clashes in the eastern part of [Deir ez-Zor]", "Deir ez-Zor", "region", bearing=90),
    C("Displacement in the far north of [Iraq]", "Iraq", "region", bearing=0),
    C("Airstrikes in North-Western [Syria]", "Syria", "region", bearing=315),
    # -- between two places, roads --------------------------------------------------------
    C("Fighting between [Raqqa] and [Deir ez-Zor]", "Raqqa", "between", anchor2="Deir ez-Zor"),
    C("An IED on the [Damascus]-[Homs] highway", "Damascus", "between", anchor2="Homs"),
    C("A bus hit a mine on the road between [Mosul] and [Tal Afar]", "Mosul", "between",
      anchor2="Tal Afar"),
    C("Insurgents attacked a convoy on the [Baghdad]-[Kirkuk] highway", "Baghdad", "between",
      anchor2="Kirkuk"),
    C("Clashes take place on the [Palmyra]-[Sukhna] road", "Palmyra", "between",
      anchor2="Sukhna"),
    C("Clashes renewed at the administrative border between [Daraa] and [Suwayda]", "Daraa",
      "between", anchor2="Suwayda"),
    C("A convoy was ambushed on the road from [Palmyra] to [Homs]", "Palmyra", "between",
      anchor2="Homs"),
    C("A checkpoint on the main highway linking [Aleppo] and [Gaziantep]", "Aleppo", "between",
      anchor2="Gaziantep"),
    C("Fighting on the [Aleppo]–[Damascus] international highway", "Aleppo", "between",
      anchor2="Damascus"),
    C("Shelling between the towns of [Saraqib] and [Ariha]", "Saraqib", "between",
      anchor2="Ariha"),
    C("A truck bomb on the old road between [Hama] and [Salamiyah]", "Hama", "between",
      anchor2="Salamiyah"),
    C("Militants set up checkpoints along the [Kirkuk]-[Tikrit] road", "Kirkuk", "between",
      anchor2="Tikrit"),
    # -- no relative location ------------------------------------------------------------
    C("A suicide attack in [Aleppo] city", None, None),
    C("Rockets hit [Mosul] and [Kirkuk]", None, None),
    C("The [Baghdad] government said the attack was foiled", None, None),
    C("Delegations from [Turkey] and [Russia] met on Monday", None, None),
    C("Casualties rose to 50 in [Idlib] after the strike", None, None),
]  # fmt: skip


def _mentions(marked: str) -> tuple[str, list[Mention]]:
    """The plain text and one mention per ``[name]``, at its offsets."""
    text, mentions, shift = "", [], 0
    for match in re.finditer(r"\[([^\]]+)\]", marked):
        text += marked[shift : match.start()]
        start = len(text)
        text += match.group(1)
        mentions.append(Mention(match.group(1), start, len(text), 0))
        shift = match.end()
    return text + marked[shift:], mentions


def test_cases__at_least_a_hundred_phrasings() -> None:
    assert len(CASES) >= 100
    assert len({case.text for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.text[:60] for case in CASES])
def test_find_hints__conflict_phrasing(case: Case) -> None:
    text, mentions = _mentions(case.text)
    hinted = [m for m in find_hints(text, mentions) if m.hint is not None]
    if case.kind is None:
        assert hinted == []
        return
    assert [m.text for m in hinted] == [case.holder]
    hint: Hint = hinted[0].hint  # type: ignore[assignment]
    assert hint.kind == case.kind
    assert hint.anchor_text == case.anchor
    assert text[hint.anchor_start : hint.anchor_end] == case.anchor
    assert text[hint.start : hint.end] == hint.text
    assert hint.anchor2_text == case.anchor2
    if case.anchor2 is not None:
        assert text[hint.anchor2_start : hint.anchor2_end] == case.anchor2
    if case.bearing is None:
        assert hint.bearing_deg is None
    else:
        assert hint.bearing_deg == pytest.approx(case.bearing)
        assert hint.bearing_halfwidth_deg == (22.5 if case.bearing % 45 == 0 else 11.25)
    if case.distance is None:
        assert (hint.distance_km, hint.distance_min_km, hint.distance_max_km) == (None, None, None)
    else:
        got = (hint.distance_km, hint.distance_min_km, hint.distance_max_km)
        assert got == pytest.approx(case.distance)
