"""Recognition and resolution on real sentences against the real gazetteer."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.hints import find_hints
from geomap.recognize import _DOTTED, recognize
from geomap.resolve import resolve
from geomap.text import normalise, sentences


def _mentions(text, gazetteer):
    text = normalise(text)
    return find_hints(text, recognize(text, sentences(text), gazetteer))


def _toponyms(text, gazetteer):
    """The texts of the toponyms recognised in ``text``, in order."""
    return [m.text for m in _mentions(text, gazetteer) if m.kind == "toponym"]


def _resolved(text, gazetteer):
    return resolve(_mentions(text, gazetteer), gazetteer)


def test_recognize__spans_are_exact(gazetteer):
    text = "Rockets hit Mosul and Kirkuk, officials in Baghdad said."
    found = [(m.text, m.start, m.end) for m in _mentions(text, gazetteer)]
    assert found == [("Mosul", 12, 17), ("Kirkuk", 22, 28), ("Baghdad", 43, 50)]


def test_recognize__multiword_and_possessive(gazetteer):
    text = "Rockets landed near Baghdad's International Airport on Monday."
    (m,) = _mentions(text, gazetteer)
    assert m.text == "Baghdad's International Airport"
    assert m.hint is not None and m.hint.kind == "near"


@pytest.mark.parametrize(
    "text, absent",
    [
        ("Lt Gen Pat White said the group was weak.", {"Pat", "White", "Pat White"}),
        ("Lieutenant General Pat White spoke. Later White left.", {"White"}),
        ("It happened in March, on a Friday in May 2020.", {"March", "Friday", "May"}),
        ("Security forces said ISIS fighters fled.", {"Security", "ISIS"}),
    ],
)
def test_recognize__filters(gazetteer, text, absent):
    found = {m.text for m in _mentions(text, gazetteer) if m.kind == "toponym"}
    assert not found & absent


def test_recognize__demonym_and_modifier(gazetteer):
    kinds = {
        m.text: (m.kind, m.country_hint)
        for m in _mentions("Iran-backed groups attacked Iraqi troops.", gazetteer)
    }
    assert kinds["Iran"] == ("modifier", "IR")
    assert kinds["Iraqi"] == ("demonym", "IQ")


def test_resolve__transliteration_with_hint(gazetteer):
    res = _resolved(
        "A bomb was found in Taramiyah, 50 kilometers (31 miles) north of Baghdad, Iraq.", gazetteer
    )
    by_text = {rm.mention.text: rm for rm in res.mentions}
    tarm = by_text["Taramiyah"].location
    assert tarm is not None and tarm.place is not None
    assert tarm.place.lat == pytest.approx(33.67444, abs=1e-4)
    assert tarm.place.lon == pytest.approx(44.39583, abs=1e-4)
    assert tarm.precision == 1
    assert any("lies within" in e for e in tarm.evidence)
    baghdad = by_text["Baghdad"].location
    assert baghdad is not None and baghdad.place is not None
    assert baghdad.place.feature_code == "PPLC"  # the city, not the governorate


def test_resolve__unknown_village_placed_by_hint(gazetteer):
    res = _resolved(
        "Militants attacked a checkpoint in Qqzzyxville, 30 km south-west of Kirkuk.", gazetteer
    )
    by_text = {rm.mention.text: rm for rm in res.mentions}
    kirkuk = by_text["Kirkuk"].location
    assert kirkuk is not None and kirkuk.place is not None and kirkuk.place.country == "IQ"
    village = by_text["Qqzzyxville"].location
    assert village is not None and village.place is None
    assert village.precision == 2
    assert village.geometry_wkt is not None and village.geometry_wkt.startswith("POLYGON")
    # 30 km south-west of Kirkuk: south and west of it, about 30 km away
    assert village.lat < kirkuk.lat and village.lon < kirkuk.lon
    from geopy.distance import geodesic

    km = geodesic((kirkuk.lat, kirkuk.lon), (village.lat, village.lon)).km
    assert km == pytest.approx(30.0, abs=0.01)
    assert 5 < village.uncertainty_km < 20


def test_resolve__country_focus_breaks_ties(gazetteer):
    res = _resolved("Iraqi troops entered Tikrit and Samarra.", gazetteer)
    assert res.focus_country == "IQ"
    places = {
        rm.mention.text: rm.location.place.country
        for rm in res.mentions
        if rm.location is not None and rm.location.place is not None
    }
    assert places == {"Tikrit": "IQ", "Samarra": "IQ"}


def test_resolve__region_of_country(gazetteer):
    res = _resolved("Attacks rose across northern Iraq.", gazetteer)
    (rm,) = [r for r in res.mentions if r.mention.text == "Iraq"]
    assert rm.location is not None
    assert rm.location.precision == 3
    assert rm.location.lat > 35.0  # the northern third of Iraq


def test_gazetteer__search_transliterations(gazetteer):
    for name in ["Tarmiyah", "Taramiyah", "Aţ Ţārmīyah", "At-Tarmiyah"]:
        best = gazetteer.candidates(name, country="IQ")[0]
        assert best.place.lat == pytest.approx(33.67444, abs=1e-4), name
    best = gazetteer.candidates("Telafar", country="IQ")[0]
    assert best.place.lat == pytest.approx(36.37, abs=0.05)


def test_gazetteer__holds_all_layers(gazetteer):
    info = gazetteer.info()
    assert info["by_feature_class"]["P"] > 200_000  # cities500
    assert info["by_feature_class"]["S"] > 5_000  # airports
    assert info["by_feature_class"]["A"] > 3_000  # countries and admin1
    airport = gazetteer.candidates("Baghdad International Airport")[0]
    assert airport.place.feature_code == "AIRP"
    iraq = gazetteer.candidates("Iraq")[0]
    assert iraq.place.feature_code == "PCLI"
    kirkuk_gov = [c for c in gazetteer.candidates("Kirkuk") if c.place.feature_code == "ADM1"]
    assert kirkuk_gov and kirkuk_gov[0].place.country == "IQ"


def test_recognize__organisation_names_are_not_places(gazetteer):
    text = "Fighters of the Rahman Corps left Damascus."
    found = {m.text: m.kind for m in _mentions(text, gazetteer)}
    assert found.get("Rahman", "affiliation") == "affiliation"
    assert found["Damascus"] == "toponym"


def test_resolve__a_place_inside_an_organisation_name_is_resolved_but_no_toponym(gazetteer):
    # "Pakistan Army", "Toronto Transit Commission": the corpora count the place;
    # an incident must not happen there for it.
    res = _resolved("The Toronto Transit Commission and Pakistan Army engineers met.", gazetteer)
    found = {rm.mention.text: rm for rm in res.mentions}
    assert {t: rm.mention.kind for t, rm in found.items()} == {
        "Toronto": "affiliation",
        "Pakistan": "affiliation",
    }
    assert found["Toronto"].location.place.country == "CA"
    assert found["Pakistan"].location.place.feature_code == "PCLI"


def test_resolve__a_town_used_as_a_modifier_is_placed_but_no_toponym(gazetteer):
    # "London-based": the corpora count London, and a reader knows where the
    # firm sits; "Iran-backed" stays country evidence, as "Iranian" would be.
    text = "Analysts of London-based BOP Consulting met Iran-backed fighters in Kirkuk."
    found = {rm.mention.text: rm for rm in _resolved(text, gazetteer).mentions}
    kinds = {t: (rm.mention.kind, rm.mention.country_hint) for t, rm in found.items()}
    assert kinds == {
        "London": ("affiliation", ""),
        "Iran": ("modifier", "IR"),
        "Kirkuk": ("toponym", ""),
    }
    london = found["London"].location.place
    assert (london.name, london.country) == ("London", "GB")
    assert found["Iran"].location is None


@pytest.mark.parametrize(
    "text, toponyms",
    [
        # "Monday's": a weekday's possessive, not Munday, Texas
        ("Monday's vote in Austin was unanimous, and Friday's meeting too.", ["Austin"]),
        # "Perry's": the governor named in the text, not Perry, Georgia
        (
            "Governor Rick Perry spoke in Austin. Perry's plan drew critics in Dallas.",
            ["Austin", "Dallas"],
        ),
    ],
)
def test_recognize__possessive_of_a_weekday_or_a_person_is_no_place(gazetteer, text, toponyms):
    assert _toponyms(text, gazetteer) == toponyms


@pytest.mark.parametrize(
    "text, toponyms",
    [
        # an English word and a given name are spelled as meant: not Throop, Pennsylvania
        # or Daniel, Utah by a loose spelling
        ("Pack 149 and Troop 149 from Bloomfield will collect food.", ["Bloomfield"]),
        ("The award went to Danielle of Lincoln, Nebraska.", ["Lincoln", "Nebraska"]),
        # transliterations still find their towns
        ("Shelling hit Raqqah and Menbij in Syria.", ["Raqqah", "Menbij", "Syria"]),
    ],
)
def test_recognize__loose_spellings_are_not_words_or_names(gazetteer, text, toponyms):
    assert _toponyms(text, gazetteer) == toponyms


@pytest.mark.parametrize(
    "text, toponyms",
    [
        # "Passover" and "Irene" are old names of two US towns in GeoNames, and words or
        # names before that
        ("Families in Atlanta marked Passover with a meal, and Irene cooked.", ["Atlanta"]),
        # a town's other name that is no word stays a place: Jbeil is Byblos
        ("Pilgrims went from Jbeil to Ghouta.", ["Jbeil", "Ghouta"]),
    ],
)
def test_recognize__a_word_that_is_only_a_towns_other_name_is_no_place(gazetteer, text, toponyms):
    assert _toponyms(text, gazetteer) == toponyms


@pytest.mark.parametrize(
    "text, toponyms",
    [
        ("BAGHDAD (AP) — Two bombs exploded in the capital.", ["BAGHDAD"]),
        # a dateline's city is a place though its name is a common word ("Columbus",
        # Zipf 4.0) and too small to open a sentence otherwise
        ("COLUMBUS, Ohio (AP) — The governor's budget drew fire.", ["COLUMBUS", "Ohio"]),
        (
            "WASHINGTON, April 5 (Thomson Reuters Foundation) - A landmark law passed.",
            ["WASHINGTON"],
        ),
        ("WAUSAU, Wis. (WSAW) -- It took hundreds of reports.", ["WAUSAU", "Wis."]),
        (
            "By JILL COLVIN, Associated Press WASHINGTON (AP) — China vowed to fight.",
            ["WASHINGTON", "China"],
        ),
        # capitals elsewhere are a shouted word or a credit line
        ("The crowd chanted COLUMBUS as the mayor spoke in Dayton.", ["Dayton"]),
    ],
)
def test_recognize__datelines(gazetteer, text, toponyms):
    assert _toponyms(text, gazetteer) == toponyms


@pytest.mark.parametrize(
    "text, toponyms",
    [
        # a title before a name is no place itself: not Mississippi, not Sens in France
        ("Miss Cordiner said she hoped the fundraiser in Dayton succeeds.", ["Dayton"]),
        # "U.S. Sens.": the country's abbreviation heads a longer dotted run
        ("U.S. Sens. Robert Byrd and Jay Rockefeller spoke in Charleston.", ["U.S.", "Charleston"]),
    ],
)
def test_recognize__titles_and_the_abbreviations_before_them(gazetteer, text, toponyms):
    assert _toponyms(text, gazetteer) == toponyms


def test_recognize__a_demonym_is_no_surname(gazetteer):
    # "Arab-Israeli" is no given name and surname, though there is an Arab in Alabama
    found = {m.text: m.kind for m in _mentions("The Arab-Israeli conflict grew.", gazetteer)}
    assert found == {"Israeli": "demonym"}


@pytest.mark.parametrize(
    "text, toponyms",
    [
        # an English article opening a sentence is no part of the name
        ("An Olmsted County jury convicted him.", ["Olmsted County"]),
        ("A Henderson County deputy stopped the car.", ["Henderson County"]),
        # ... unless the gazetteer spells the name so, or the article is Arabic
        ("The Hague hosted the talks.", ["The Hague"]),
        ("Clashes in An Najaf killed two.", ["An Najaf"]),
    ],
)
def test_recognize__english_articles_before_names(gazetteer, text, toponyms):
    assert _toponyms(text, gazetteer) == toponyms


def test_recognize__names_across_and(gazetteer):
    # "Trinidad and Tobago" is the country, not Trinidad in Bolivia and Tobago;
    # "Texas and Oklahoma" stay two places.
    res = _resolved(
        "Trinidad and Tobago beat Bosnia and Herzegovina, then Texas and Oklahoma.", gazetteer
    )
    found = {rm.mention.text: rm.location.place.feature_code for rm in res.mentions}
    assert found == {
        "Trinidad and Tobago": "PCLI",
        "Bosnia and Herzegovina": "PCLI",
        "Texas": "ADM1",
        "Oklahoma": "ADM1",
    }


def test_recognize__multiword_transliteration(gazetteer):
    res = _resolved("Airstrikes hit Deir Ezzor and Raqqa in Syria.", gazetteer)
    placed = {
        rm.mention.text: rm.location.place
        for rm in res.mentions
        if rm.location is not None and rm.location.place is not None
    }
    assert placed["Deir Ezzor"].country == "SY"
    assert placed["Deir Ezzor"].lat == pytest.approx(35.34, abs=0.05)


def test_resolve__no_loose_spelling_abroad_when_focus_is_known(gazetteer):
    res = _resolved("Clashes in Aleppo and Idlib; shells hit Qzlarbek in Syria.", gazetteer)
    assert res.focus_country == "SY"
    for rm in res.mentions:
        if rm.location is not None and rm.location.place is not None:
            assert rm.location.place.country == "SY", rm.mention.text


def test_recognize__country_abbreviations_and_possessives(gazetteer):
    found = {
        m.text: (m.kind, m.start, m.end)
        for m in _mentions("The U.S. and UK condemned China's move; US-led talks.", gazetteer)
    }
    assert found["U.S."] == ("toponym", 4, 8)
    assert found["UK"][0] == "toponym"
    assert found["China"] == ("toponym", 26, 31)  # the possessive 's is not part of the name
    assert "IT" not in found


def test_recognize__continents(gazetteer):
    res = _resolved("Europe and Africa reacted.", gazetteer)
    codes = {rm.mention.text: rm.location.place.feature_code for rm in res.mentions}
    assert codes == {"Europe": "CONT", "Africa": "CONT"}


def test_resolve__a_state_named_like_a_country_speaks_for_its_towns(gazetteer):
    # "Georgia" alone is the country; in a story about the United States it is
    # the state, and it outvotes the one mention of Texas: Atlanta, Georgia.
    text = (
        "Georgia will expand its drug database. Officials in Atlanta, which started "
        "the exchange, lead it. Other states such as Texas have similar programs "
        "across America."
    )
    found = {
        rm.mention.text: (rm.location.place.name, rm.location.place.admin1)
        for rm in _resolved(text, gazetteer).mentions
        if rm.location is not None
    }
    assert found["Georgia"] == ("Georgia", "Georgia")
    assert found["Atlanta"] == ("Atlanta", "Georgia")


def _placed(text, gazetteer):
    return {
        rm.mention.text: (
            rm.location.place.name,
            rm.location.place.country,
            rm.location.place.admin1,
        )
        for rm in _resolved(text, gazetteer).mentions
        if rm.location is not None and rm.location.place is not None
    }


def test_resolve__a_world_city_outweighs_a_small_namesake_in_the_focus_country(gazetteer):
    text = (
        "The Rangers beat the Astros in Arlington, Texas, and then flew to Houston. "
        "Next week they play in Toronto."
    )
    assert _placed(text, gazetteer)["Toronto"] == ("Toronto", "CA", "Ontario")


def test_resolve__a_big_city_outweighs_a_small_namesake_in_a_named_state(gazetteer):
    # A basketball story names Mississippi State; Louisville is still Kentucky's city.
    text = "Mississippi State beat Louisville in Columbus, Ohio, on Sunday night."
    assert _placed(text, gazetteer)["Louisville"] == ("Louisville", "US", "Kentucky")


def test_resolve__an_unsupported_small_town_abroad_is_left_unplaced(gazetteer):
    # In a story about Texas, "Astros" is the team, not Astros, a Greek village;
    # a small town the text qualifies ("Kiltimagh, Ireland") stays placed.
    text = (
        "The Rangers beat the Astros in Arlington, Texas, and flew to Houston. "
        "Their coach grew up in Kiltimagh, Ireland."
    )
    found = _placed(text, gazetteer)
    assert "Astros" not in found
    assert found["Houston"] == ("Houston", "US", "Texas")
    assert found["Kiltimagh"][1] == "IE"


def test_resolve__an_unsupported_small_region_abroad_is_left_unplaced(gazetteer):
    # "the West Coast" of a story about California is no New Zealand region of 29,000
    text = "Storms hit California and Oregon, and the West Coast braced for more rain."
    found = _placed(text, gazetteer)
    assert "West Coast" not in found
    assert found["Oregon"] == ("Oregon", "US", "Oregon")


def test_resolve__the_qualifier_reading_that_holds_the_name(gazetteer):
    # "Georgia" alone is the country; after "Rome," it is the US state that holds a Rome.
    found = _placed("Police in Rome, Georgia, said the suspect fled north.", gazetteer)
    assert found["Rome"] == ("Rome", "US", "Georgia")
    assert found["Georgia"] == ("Georgia", "US", "Georgia")


def test_resolve__admin1_focus_picks_the_local_town(gazetteer):
    text = (
        "Police in Texas said the suspect drove from Austin to Dallas, "
        "then on to Paris and Athens before his arrest."
    )
    res = _resolved(text, gazetteer)
    states = {
        rm.mention.text: rm.location.place.admin1
        for rm in res.mentions
        if rm.location is not None and rm.location.place is not None
    }
    assert res.focus_country == "US"
    assert states["Paris"] == "Texas" and states["Athens"] == "Texas"


def test_countries__every_outline_has_an_area(gazetteer):
    from shapely import from_wkt

    from geomap.hints import radius_equivalent_km

    sizes = {
        iso: radius_equivalent_km(from_wkt(c.geometry_wkt))
        for iso, c in gazetteer.countries().items()
        if c.geometry_wkt
    }
    assert len(sizes) > 150
    assert sizes["SE"] == pytest.approx(380, rel=0.1)  # invalid outline in the package data
    assert all(r > 0 for r in sizes.values())


def test_resolve__country_with_invalid_outline(gazetteer):
    res = _resolved("Sweden and Iraq signed the deal.", gazetteer)
    assert {rm.mention.text for rm in res.mentions if rm.location is not None} == {"Sweden", "Iraq"}


@pytest.mark.parametrize(
    "text, name, admin1",
    [
        ("The storm hit Paris, Texas on Monday.", "Paris", "Texas"),
        ("He was born in Alexandria, Louisiana.", "Alexandria", "Louisiana"),
    ],
)
def test_resolve__qualified_name(gazetteer, text, name, admin1):
    res = _resolved(text, gazetteer)
    (rm,) = [r for r in res.mentions if r.mention.text == name]
    assert rm.location.place.country == "US" and rm.location.place.admin1 == admin1


def test_resolve__province_named_as_such(gazetteer):
    res = _resolved("Clashes in Kirkuk governorate; rockets fell on Kirkuk.", gazetteer)
    codes = [rm.location.place.feature_code for rm in res.mentions if rm.mention.text == "Kirkuk"]
    assert codes == ["ADM1", "PPL"]


def test_recognize__compass_word_inside_a_longer_name(gazetteer):
    found = {m.text for m in _mentions("Airstrikes hit Eastern Ghouta and Aleppo.", gazetteer)}
    assert "Eastern" not in found  # not the Eastern Province abroad
    assert "Aleppo" in found


def test_recognize__two_letter_words_are_not_places(gazetteer):
    found = {
        m.text for m in _mentions("He was held in No. 2 Detention Centre, Ho said.", gazetteer)
    }
    assert not found & {"No", "Ho"}


def test_recognize__first_name_and_place_surname_is_a_person(gazetteer):
    text = "Matthew Williams told reporters that Williams had left Mosul; Nile Delta farms."
    found = {m.text for m in _mentions(text, gazetteer) if m.kind == "toponym"}
    assert "Williams" not in found  # a surname, here and later in the document
    assert "Mosul" in found


def test_gazetteer__shared_demonym_goes_to_the_most_populous_country(gazetteer):
    assert gazetteer.demonym_country("American") == "US"  # not American Samoa or the Marianas
    assert gazetteer.demonym_country("Americans") == "US"


def test_recognize__no_name_starts_with_a_particle(gazetteer):
    # Regression: "on Daraa" was looked up as a loose spelling and read as Ondara, Spain.
    text = "Attacks on Daraa countryside continued."
    assert [m.text for m in _mentions(text, gazetteer)] == ["Daraa"]


def test_recognize__transliterated_name_still_found_by_skeleton(gazetteer):
    # A span that is no gazetteer key is asked for by its skeleton in one batch.
    text = "Security forces detonated a bomb in Taramiyah on Tuesday."
    assert [m.text for m in _mentions(text, gazetteer)] == ["Taramiyah"]
    assert gazetteer.known_skeletons(["trm", "zzzzqx"]) == {"trm"}


def test_countries__point_near_the_middle_of_the_main_landmass(gazetteer):
    from geopy.distance import great_circle

    def point(iso):
        place = gazetteer.place(gazetteer.countries()[iso].geonameid)
        return place.lat, place.lon

    # The geographic centre of the contiguous United States is near Lebanon, Kansas.
    assert great_circle(point("US"), (39.83, -98.58)).km < 150  # the listed centre: 235 km
    # Where the listed centre and the main island's centroid disagree, the listed one stays.
    assert point("ID") == (-5.0, 120.0)


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("Talks between the US and Iran stalled.", "US", "United States"),
        ("Britain said it would send aid.", "Britain", "United Kingdom"),
        ("Jobs came back to America last year.", "America", "United States"),
        ("The EU imposed new tariffs.", "EU", "Europe"),
        ("Leaders met in Brussels to discuss the European Union budget.", "European Union",
         "Europe"),
    ],
)  # fmt: skip
def test_resolve__names_news_uses_for_countries_and_continents(gazetteer, text, surface, name):
    found = {rm.mention.text: rm for rm in _resolved(text, gazetteer).mentions}
    assert found[surface].location is not None
    assert found[surface].location.place.name == name


@pytest.mark.parametrize(
    ("text", "surface", "iso"),
    [
        ("About 5,000 US personnel remain in the country.", "US", "US"),
        ("U.S. troops left the base on Friday.", "U.S.", "US"),
        ("Iraq officials said the talks would resume.", "Iraq", "IQ"),
    ],
)
def test_recognize__country_before_a_national_noun_is_a_modifier(gazetteer, text, surface, iso):
    (mention,) = [m for m in _mentions(text, gazetteer) if m.text == surface]
    assert (mention.kind, mention.country_hint) == ("modifier", iso)


def test_recognize__country_before_other_words_stays_a_place(gazetteer):
    (mention,) = _mentions("Troops arrived in Iraq yesterday.", gazetteer)
    assert (mention.text, mention.kind) == ("Iraq", "toponym")


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("The fire started in Corbin, Ky., on Monday.", "Ky.", "Kentucky"),
        ("He grew up in Charleston, W.Va., and moved away.", "W.Va.", "West Virginia"),
        ("Deputies in Springfield, Ill. made two arrests.", "Ill.", "Illinois"),
        ("Officials in Columbia, S.C., said the road was closed.", "S.C.", "South Carolina"),
        ("She flew to Washington, D.C., for the hearing.", "D.C.", "District of Columbia"),
    ],
)
def test_resolve__ap_state_abbreviations_with_their_dots(gazetteer, text, surface, name):
    found = {rm.mention.text: rm for rm in _resolved(text, gazetteer).mentions}
    assert found[surface].location.place.name == name
    assert found[surface].location.place.feature_code == "ADM1"


def test_recognize__a_name_ending_a_sentence_is_no_abbreviation(gazetteer):
    texts = [m.text for m in _mentions("Troops were sent to Iraq. Mr. Smith said so.", gazetteer)]
    assert texts == ["Iraq"]


@pytest.mark.parametrize(
    ("text", "surface", "admin1"),
    [
        ("A tornado touched down in Laurel County on Sunday.", "Laurel County", "Kentucky"),
        ("Licking County deputies responded to the call.", "Licking County", "Ohio"),
    ],
)
def test_resolve__us_counties(gazetteer, text, surface, admin1):
    found = {rm.mention.text: rm for rm in _resolved(text, gazetteer).mentions}
    place = found[surface].location.place
    assert (place.feature_code, place.admin1, place.country) == ("ADM2", admin1, "US")


def test_recognize__surname_of_a_person_with_a_hamlet_first_name(gazetteer):
    # "Laura" names small places; "Laura Ingraham" is a person, and so is "Ingraham" later.
    text = "Fox host Laura Ingraham spoke in Dallas. Ingraham later apologised."
    assert [m.text for m in _mentions(text, gazetteer)] == ["Dallas"]


def test_recognize__a_hamlet_before_a_city_does_not_make_the_city_a_person(gazetteer):
    text = "Rodeo Gainesville opens in May. Tickets are sold in Gainesville."
    assert "Gainesville" in [m.text for m in _mentions(text, gazetteer)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Welch said the plant would close. Welch is a former mayor of Boston.", ["Boston"]),
        ("Russia said the talks in Geneva would resume.", ["Russia", "Geneva"]),
    ],
)
def test_recognize__who_speaks_is_a_person_unless_a_place_of_note(gazetteer, text, expected):
    assert [m.text for m in _mentions(text, gazetteer)] == expected


@pytest.mark.parametrize(
    ("text", "country", "code"),
    [
        ("Georgia lawmakers met in Atlanta. Savannah and Macon sent delegates.", "US", "ADM1"),
        ("Georgia held elections; crowds gathered in Tbilisi and Batumi.", "GE", "PCLI"),
    ],
)
def test_resolve__a_name_both_a_country_and_a_state_follows_the_other_places(
    gazetteer, text, country, code
):
    found = {rm.mention.text: rm for rm in _resolved(text, gazetteer).mentions}
    place = found["Georgia"].location.place
    assert (place.country, place.feature_code) == (country, code)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Centre told the court in Delhi it needed more time.", ["Delhi"]),
        ("Commissioner Jerry West made the motion in Frankston.", ["Frankston"]),
        ("Protesters gathered in the West Bank and Central Java.", ["West Bank", "Central Java"]),
    ],
)
def test_recognize__region_words_alone_are_no_places(gazetteer, text, expected):
    assert [m.text for m in _mentions(text, gazetteer)] == expected


def test_recognize__a_word_before_a_big_city_does_not_make_it_a_surname(gazetteer):
    text = "The Historic Dublin project goes on. Dublin City Council agreed."
    assert "Dublin" in [m.text for m in _mentions(text, gazetteer)]


@pytest.mark.parametrize(
    ("text", "surface", "iso"),
    [
        ("The Sri Lankan army shelled the area.", "Sri Lankan", "LK"),
        ("Saudi officials denied the report.", "Saudi", "SA"),
    ],
)
def test_recognize__demonyms_of_one_or_two_words(gazetteer, text, surface, iso):
    (mention,) = [m for m in _mentions(text, gazetteer) if m.text == surface]
    assert (mention.kind, mention.country_hint) == ("demonym", iso)


@pytest.mark.parametrize(
    ("text", "surface", "name", "code"),
    [
        ("Tankers were attacked in the Persian Gulf on Monday.", "Persian Gulf", "Persian Gulf",
         "GULF"),
        ("Tensions rose across the Middle East.", "Middle East", "Middle East", "RGN"),
        ("The storm formed over the Pacific and moved west.", "Pacific", "Pacific Ocean", "OCN"),
        ("Houthi forces fired at ships in the Red Sea.", "Red Sea", "Red Sea", "SEA"),
    ],
)  # fmt: skip
def test_resolve__regions_and_seas(gazetteer, text, surface, name, code):
    found = {rm.mention.text: rm for rm in _resolved(text, gazetteer).mentions}
    location = found[surface].location
    assert (location.place.name, location.place.feature_code) == (name, code)
    assert location.precision == 3
    assert location.uncertainty_km >= 300


def test_resolve__a_county_is_a_district_not_a_town(gazetteer):
    found = {
        rm.mention.text: rm for rm in _resolved("Flooding hit Laurel County.", gazetteer).mentions
    }
    location = found["Laurel County"].location
    assert (location.precision, location.uncertainty_km) == (2, 20.0)


def test_resolve__a_sea_is_not_abroad_in_a_document_about_a_country(gazetteer):
    text = "Hurricane season in Florida and Texas starts as the Atlantic warms."
    found = {rm.mention.text: rm for rm in _resolved(text, gazetteer).mentions}
    assert found["Atlantic"].location.place.feature_code == "OCN"


@pytest.mark.parametrize(
    ("text", "surface", "admin1"),
    [
        ("Storms hit St. Petersburg, Tampa and Orlando.", "St. Petersburg", "Florida"),
        ("Police in Ft. Worth made an arrest.", "Ft. Worth", "Texas"),
        ("She was born in Huntington, W. Va., in 1950.", "W. Va.", "West Virginia"),
    ],
)
def test_recognize__abbreviated_first_words_and_spaced_abbreviations(
    gazetteer, text, surface, admin1
):
    found = {rm.mention.text: rm for rm in _resolved(text, gazetteer).mentions}
    place = found[surface].location.place
    assert place.admin1 == admin1 or place.name == admin1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Paul Brewbaker, an economist in Honolulu, agreed. Paul said so.", ["Honolulu"]),
        ("Militants attacked the Haditha Dam in Anbar.", ["Haditha", "Anbar"]),
    ],
)
def test_recognize__a_hamlet_named_first_name_before_a_rare_word(gazetteer, text, expected):
    assert [m.text for m in _mentions(text, gazetteer)] == expected


def test_recognize__a_word_written_after_in_is_never_a_person_in_that_document(gazetteer):
    text = "Groups such as StandUp DeKalb objected. The vote was held in DeKalb on Monday."
    assert [m.text for m in _mentions(text, gazetteer)] == ["DeKalb", "DeKalb"]


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("Wildfires spread across BC this week.", "BC", "British Columbia"),
        ("The ferry left Halifax, N.S., at noon.", "N.S.", "Nova Scotia"),
        ("Shelling hit Eastern Ghouta again.", "Eastern Ghouta", "Eastern Ghouta"),
    ],
)
def test_resolve__provinces_abbreviated_and_conflict_regions(gazetteer, text, surface, name):
    found = {rm.mention.text: rm for rm in _resolved(text, gazetteer).mentions}
    assert found[surface].location.place.name == name


def test_recognize__english_words_in_a_title_case_headline_are_no_places(gazetteer):
    text = "Regime Artillery Shells Rebel Positions Near Aleppo"
    assert [m.text for m in _mentions(text, gazetteer)] == ["Aleppo"]


def test_recognize__a_city_opening_a_title_case_headline(gazetteer):
    text = "Mosul Dam Workers Flee As Fighting Reaches Kirkuk"
    assert [m.text for m in _mentions(text, gazetteer)] == ["Mosul", "Kirkuk"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A given name makes the place-named word after it a surname, here and later.
        (
            "Pct. 2 Commissioner Wade McKinney objected in Dallas. McKinney left.",
            ["Dallas"],
        ),
        ("South Carolina Gov. Mark Sanford spoke in Columbia.", ["South Carolina", "Columbia"]),
        # with a middle initial between them too,
        ("The body of Matthew D. Dunbar was found near Austin.", ["Austin"]),
        ("Volunteers from Austin helped Carol A. Milton move to Dallas.", ["Austin", "Dallas"]),
        # ... but "Police", "National" or a weekday after a place's name are no surnames,
        ("The Alexandria Police said the Georgia National Guard came.", ["Alexandria", "Georgia"]),
        ("A realty office in Alexandria Friday night was robbed.", ["Alexandria"]),
        # a given name that spells a place with the next word is that place,
        ("They drove to Virginia Beach.", ["Virginia Beach"]),
        # and a given name alone stays the place it names elsewhere.
        ("Virginia Jackson spoke. Virginia voted later.", ["Virginia"]),
    ],
)
def test_recognize__given_name_then_surname(gazetteer, text, expected):
    assert _toponyms(text, gazetteer) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A small place's name ending a longer capitalised run belongs to that name,
        ("It honours the evangelist Aimee Semple McPherson in Los Angeles.", ["Los Angeles"]),
        ("Families fished from the shores of Lake Lanier near the dam in Georgia.", ["Georgia"]),
        # unless a function word, a qualifier, a hyphen or a possessive comes before it,
        ("The Boise Fire Department said a house burned.", ["Boise"]),
        ("A man was robbed in South Arlington on Sunday.", ["Arlington"]),
        ("Rep. Brent Boggs, D-Glenville, spoke.", ["Glenville"]),
        ("It will be built at GM's Bowling Green plant.", ["Bowling Green"]),
        # or it is a place of note on its own.
        ("He is editor of Baseball Toronto, a website.", ["Toronto"]),
    ],
)
def test_recognize__a_name_ending_a_longer_name(gazetteer, text, expected):
    assert _toponyms(text, gazetteer) == expected


def test_recognize__a_title_of_a_place_names_the_place_not_a_person(gazetteer):
    # Regression: "President of Ukraine Petro Poroshenko" made Ukraine a person,
    # so the document's other eight mentions of Ukraine were dropped.
    text = "He is an envoy of President of Ukraine Petro Poroshenko. Ukraine sent a delegation."
    assert [m.text for m in _mentions(text, gazetteer)] == ["Ukraine", "Ukraine"]


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        # Regression: a town called California lies in Maryland, not in the state,
        # so the state need not yield to it as Kirkuk province yields to Kirkuk.
        (
            "The march in Washington drew thousands from Florida. "
            "He got rejection letters from California colleges.",
            "California",
        ),
        ("In Klamath Falls, Oregon, a brewery uses the heat.", "Oregon"),
    ],
)
def test_resolve__a_state_does_not_yield_to_a_town_of_its_name_elsewhere(gazetteer, text, surface):
    found = {rm.mention.text: rm for rm in _resolved(text, gazetteer).mentions}
    place = found[surface].location.place
    assert (place.feature_code, place.admin1) == ("ADM1", surface)


def test_resolve__a_province_yields_to_its_own_main_town(gazetteer):
    found = {
        rm.mention.text: rm for rm in _resolved("A bomb exploded in Kirkuk.", gazetteer).mentions
    }
    assert found["Kirkuk"].location.place.feature_class == "P"


def test_resolve__a_town_by_its_own_name_before_one_that_also_bears_it(gazetteer):
    # Regression: GeoNames lists "Paris" among Swainsboro, Georgia's names; a
    # document about Georgia read every "Paris" as Swainsboro.
    text = "Henry County deputies and Savannah police met. Paris history buffs gathered."
    found = {rm.mention.text: rm for rm in _resolved(text, gazetteer).mentions}
    assert found["Paris"].location.place.name == "Paris"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A capital or a city of millions opening a sentence is that city,
        ("Paris officials said the river would crest.", ["Paris"]),
        ("London police declined to comment.", ["London"]),
        # while a common word that names smaller towns is the word.
        ("Reading the report, officials in Mosul were alarmed.", ["Mosul"]),
    ],
)
def test_recognize__a_city_of_note_may_open_a_sentence(gazetteer, text, expected):
    assert _toponyms(text, gazetteer) == expected


def test_resolve__a_repeated_name_does_not_outvote_the_other_names(gazetteer):
    # A story about Dublin, Ohio says "Dublin" often and "Ohio" once; its
    # repetitions must not make Ireland the document's country.
    text = (
        "The Dublin council met on Monday. Dublin residents asked for parks. "
        "Dublin officials agreed to study it. The city lies near Columbus, Ohio."
    )
    res = _resolved(text, gazetteer)
    assert res.focus_country == "US"
    dublins = {rm.location.place.admin1 for rm in res.mentions if rm.mention.text == "Dublin"}
    assert dublins == {"Ohio"}


def test_resolve__a_town_inside_a_state_the_story_names(gazetteer):
    found = {
        rm.mention.text: rm.location.place
        for rm in _resolved(
            "The Richmond council met. Indiana and Ohio officials attended.", gazetteer
        ).mentions
    }
    assert (found["Richmond"].country, found["Richmond"].admin1) == ("US", "Indiana")


def test_resolve__a_country_stays_a_country_beside_a_state_with_a_town_of_its_name(gazetteer):
    # China, Texas exists; a story about Texas selling to China means the country.
    text = "Farmers in Waco, Austin and Houston, Texas, sell beef to China."
    found = {rm.mention.text: rm.location.place for rm in _resolved(text, gazetteer).mentions}
    assert found["China"].feature_code == "PCLI"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Girls from Cooke, Grayson and Love counties may compete in Gainesville.",
            {
                "Cooke": ("Cooke County", "Texas"),
                "Grayson": ("Grayson County", "Texas"),
                "Gainesville": ("Gainesville", "Texas"),
            },
        ),
        (
            "Caddo and Bossier parishes flooded.",
            {"Caddo": ("Caddo Parish", "Louisiana"), "Bossier": ("Bossier Parish", "Louisiana")},
        ),
        ("Deputies in Barrow county arrested him.", {"Barrow": ("Barrow County", "Georgia")}),
    ],
)
def test_resolve__names_the_text_calls_counties_are_counties(gazetteer, text, expected):
    found = {
        rm.mention.text: (rm.location.place.name, rm.location.place.admin1)
        for rm in _resolved(text, gazetteer).mentions
        if rm.location is not None
    }
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "Shelling in Gaza killed two.",
        "Cypriot officials in Limassol inspected a ship bound for Gaza.",
    ],
)
def test_resolve__a_minor_province_abroad_does_not_outrank_a_city(gazetteer, text):
    # Mozambique's Gaza province (385,000 people) had a province's type prior
    # over Gaza city (410,000).
    (gaza,) = [rm for rm in _resolved(text, gazetteer).mentions if rm.mention.text == "Gaza"]
    assert (gaza.location.place.country, gaza.location.place.feature_class) == ("PS", "P")


def test_resolve__a_minor_province_without_a_rival_town_keeps_its_prior(gazetteer):
    # Regression: dropping the type prior of every province under a million
    # left "Reef Dimashq" (a loose spelling of Rif Dimashq) unplaced.
    (reef,) = _resolved("14 airstrikes target Reef Dimashq", gazetteer).mentions
    assert reef.location is not None
    assert reef.location.place.feature_code == "ADM1"


def test_resolve__a_tiny_capital_has_no_capitals_prior(gazetteer):
    # Hamilton, Bermuda (902 people) outranked every other Hamilton.
    found = {
        rm.mention.text: rm for rm in _resolved("Police in Hamilton said so.", gazetteer).mentions
    }
    assert found["Hamilton"].location.place.country != "BM"


@pytest.mark.parametrize(
    "text",
    [
        "Tens of injuries in the ranks of the regime forces in Palmyra",
        "Regime forces advanced on Palmyra. Shelling hit Homs and Hama.",
    ],
)
def test_resolve__a_big_town_known_by_an_exonym_keeps_it(gazetteer, text):
    # Regression: GeoNames names Palmyra "Tadmur" and lists "Palmyra" among its
    # other names; the penalty for alternate names sent it to Pennsylvania.
    (palmyra,) = [rm for rm in _resolved(text, gazetteer).mentions if rm.mention.text == "Palmyra"]
    assert palmyra.location.place.country == "SY"


_ABBREVIATIONS = ["ISIS", "EPA", "IED", "ABC", "NATO", "UK", "UAE", "BC", "US", "PKK", "YPG", "SDF",
                  "U.S.", "U.K.", "Calif.", "W.Va.", "W. Va.", "Mr.", "Gov.", "Ala.", "Jan.",
                  "Sgt.", "Fla.", "N.Y.", "D.C.", "Al.", "St."]  # fmt: skip


@pytest.mark.parametrize("name", _ABBREVIATIONS)
def test_recognize__unknown_keys_skip_exact_lookups(gazetteer, name):
    # _country_code and _dotted_abbreviations skip names whose key (or article-free
    # key) no stored name has: such a name has no exact or folded candidate.
    from geomap.gazetteer.keys import article_free, fold

    key = fold(name)
    if not gazetteer.known_keys([key, article_free(key)]):
        assert all(c.key == "skeleton" for c in gazetteer.candidates(name)), name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Regression: "Saint" is a title, so "Lucia" was a person and the
        # country was never looked up.
        ("Flights to Saint Lucia resumed on Monday.", ["Saint Lucia"]),
        ("The ferry left Prince Edward Island at noon.", ["Prince Edward Island"]),
        # A title before a person's name still makes a person.
        ("Prince William visited Kenya.", ["Kenya"]),
    ],
)
def test_recognize__a_title_that_begins_a_place_name(gazetteer, text, expected):
    assert _toponyms(text, gazetteer) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The cost of the EU's airports rose.", ["EU"]),
        ("The UK's economy grew.", ["UK"]),
        ("ISIS's fighters fled.", []),
    ],
)
def test_recognize__a_countrys_abbreviation_in_the_possessive(gazetteer, text, expected):
    # Regression: "EU's" was neither an acronym (not all capitals) nor a name.
    assert _toponyms(text, gazetteer) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Regime Warplanes Target Tafas And Nawa", ["Tafas", "Nawa"]),
        ("Clashes Continue Around Kafr Nabl", ["Kafr Nabl"]),
    ],
)
def test_recognize__title_case_headlines_keep_small_places(gazetteer, text, expected):
    # Regression: in a title-case headline every word has capitals, so "Target
    # Tafas" is no longer name ending in a small place's.
    assert _toponyms(text, gazetteer) == expected


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("AUSWVaiflc .\n,-é1_"), max_size=30))
def test_dotted_pattern__matches_as_its_plain_form(text: str) -> None:
    """_DOTTED opens with its capital for speed; it finds what the plain pattern finds."""
    plain = re.compile(r"(?<![\w.])(?:[A-Z]\. ?|[A-Z][a-z]{1,4}\.){1,3}(?!\w)")
    assert [m.span() for m in _DOTTED.finditer(text)] == [m.span() for m in plain.finditer(text)]
