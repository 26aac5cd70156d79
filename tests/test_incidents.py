"""Incidents from real-style sentences: type, place, date, numbers, continuity."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.dates import DateMention, reread_after_lower_bound
from geomap.pipeline import make_document, parse_document


def _incidents(text, gazetteer, published=None):
    doc = make_document(text, doc_id="t", published=published)
    return parse_document(doc, gazetteer).incidents


def test_incident__car_bomb_with_numbers(gazetteer):
    (inc,) = _incidents(
        "A car bomb killed 12 people and wounded 30 in Baqubah on 3 May 2021.", gazetteer
    )
    assert inc.event_type == "Explosions/Remote violence"
    assert inc.sub_event_type == "Remote explosive/landmine/IED"
    assert inc.fatalities == 12
    assert inc.injuries == 30
    assert inc.date == "2021-05-03" and inc.date_precision == "day"
    assert inc.country == "IQ" and inc.geo_precision == 1
    assert inc.lat == pytest.approx(33.75, abs=0.05) and inc.lon == pytest.approx(44.64, abs=0.05)
    assert inc.quote.startswith("A car bomb") and inc.mention_text == "Baqubah"


@pytest.mark.parametrize(
    "text",
    [
        "In 2014 the group overran Mosul and large parts of Iraq.",  # background
        "Officials in Mosul said militants could attack the city.",  # hypothetical
        "The weather in Mosul was mild on 3 May 2021.",  # no event
        "Rockets hit a compound on 3 May 2021.",  # no place: never invented
    ],
)
def test_incident__none(gazetteer, text):
    assert _incidents(text, gazetteer) == ()


def test_incident__continuation_refines_not_duplicates(gazetteer):
    text = (
        "An attack hit a checkpoint in Tikrit.\n"
        "The attack, carried out late April, wounded 4 soldiers.\n"
        "It was the first suicide attack in months."
    )
    (inc,) = _incidents(text, gazetteer, published=dt.date(2021, 5, 10))
    assert inc.mention_text == "Tikrit"
    assert inc.date == "2021-04-25" and inc.date_precision == "month"
    assert inc.sub_event_type == "Suicide bomb"
    assert inc.injuries == 4


def test_incident__id_is_stable(gazetteer):
    text = "Rockets hit a base near Mosul on 30 March 2020."
    first = _incidents(text, gazetteer)
    again = _incidents(text, gazetteer)
    assert [i.id for i in first] == [i.id for i in again]
    assert first[0].id.startswith("t:0-")


def test_reread_after_lower_bound__moves_month_forward():
    april_2019 = DateMention("late April", 0, 10, dt.date(2019, 4, 25), "month", True)
    march_2019 = DateMention("in March", 20, 28, dt.date(2019, 3, 1), "month", True)
    explicit = DateMention("30 March 2020", 30, 43, dt.date(2020, 3, 30), "day", False)
    out = reread_after_lower_bound([april_2019, march_2019, explicit], dt.date(2020, 3, 30))
    assert out[0].date == dt.date(2020, 4, 25)  # the nearest April after the bound
    assert out[1].date == dt.date(2019, 3, 1)  # March 2020 would be before the bound
    assert out[2] == explicit


def test_incident__hint_anchor_is_not_the_place(gazetteer):
    (inc,) = _incidents(
        "A roadside bomb exploded on the road between Tikrit and Samarra on 3 May 2021.",
        gazetteer,
    )
    assert inc.mention_text == "Tikrit"  # the corridor's holder, not its far end
    assert inc.geo_precision == 2
    assert inc.geometry_wkt is not None


def test_incident__several_places_one_incident_each(gazetteer):
    (tikrit, kirkuk) = _incidents(
        "Airstrikes hit Tikrit and clashes erupted in Kirkuk on Monday.",
        gazetteer,
        published=dt.date(2021, 5, 5),
    )
    assert (tikrit.mention_text, tikrit.sub_event_type) == ("Tikrit", "Air/drone strike")
    assert (kirkuk.mention_text, kirkuk.sub_event_type) == ("Kirkuk", "Armed clash")
    assert tikrit.date == kirkuk.date == "2021-05-03"
    assert tikrit.quote == kirkuk.quote and tikrit.id != kirkuk.id


def test_incident__coordinated_places_share_the_trigger(gazetteer):
    incidents = _incidents("Mortar shells hit Fallujah, Ramadi and Baqubah.", gazetteer)
    assert [i.mention_text for i in incidents] == ["Fallujah", "Ramadi", "Baqubah"]
    assert {i.sub_event_type for i in incidents} == {"Shelling/artillery/missile attack"}


def test_incident__several_places_counts_stay_with_their_clause(gazetteer):
    mosul, kirkuk = _incidents(
        "A car bomb killed 5 people in Mosul and clashes in Kirkuk killed 2 soldiers.", gazetteer
    )
    assert (mosul.mention_text, mosul.fatalities) == ("Mosul", 5)
    assert (kirkuk.mention_text, kirkuk.fatalities) == ("Kirkuk", 2)


def test_incident__negated_clause_gives_no_second_place(gazetteer):
    (inc,) = _incidents(
        "Gunmen attacked a checkpoint in Tikrit, but no clashes were reported in Samarra.",
        gazetteer,
    )
    assert inc.mention_text == "Tikrit"


@pytest.mark.parametrize(
    "text",
    [
        "Shelling hit Hawija in the countryside of Kirkuk.",
        "A roadside bomb exploded in Hawija, Kirkuk province.",
    ],
)
def test_incident__container_is_not_a_second_site(gazetteer, text):
    (inc,) = _incidents(text, gazetteer)
    assert inc.mention_text == "Hawija"


@pytest.mark.parametrize(
    "caption",
    [
        "epa08332141 Iraqi soldiers defuse a roadside bomb in Kirkuk, northern Iraq on "
        "2 April 2020. EPA-EFE/STRINGER",
        "KIRKUK, IRAQ - APRIL 2: Iraqi soldiers defuse a roadside bomb in Kirkuk. "
        "(Photo by John Moore/Getty Images)",
    ],
)
def test_incident__caption_date_belongs_to_the_caption(gazetteer, caption):
    # The article's "on Monday" is 30 March; the caption states its own day.
    text = "Rockets hit a base near Baghdad airport on Monday, officials said.\n" + caption
    article, photo = _incidents(text, gazetteer, published=dt.date(2020, 4, 3))
    assert (article.date, article.date_precision) == ("2020-03-30", "day")
    assert photo.mention_text == "Kirkuk" and photo.sub_event_type == "Disrupted weapons use"
    assert (photo.date, photo.date_precision) == ("2020-04-02", "day")


def test_incident__a_place_in_an_organisation_name_is_not_where_it_happened(gazetteer):
    (inc,) = _incidents("Fighters of the Nineveh Liberation Front attacked Tikrit.", gazetteer)
    assert inc.mention_text == "Tikrit"
