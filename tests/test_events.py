"""Tests for geomap.events: ACLED event types, triggers, negation, modality, background."""

from __future__ import annotations

import pytest

from geomap.events import EVENT_TYPES, EventMatch, classify_sentence, is_incident

BT, ER, VAC = "Battles", "Explosions/Remote violence", "Violence against civilians"
PR, RI, SD = "Protests", "Riots", "Strategic developments"

# (sentence, expected (event_type, sub_event_type) or None). Each is a real incident.
TYPED = [
    # From the seed document (news about ISIS in Iraq).
    (
        "Security forces detonate an explosive device placed by the Islamic State militants "
        "during a search operation in Taramiyah, 50 kilometers (31 miles) north of Baghdad, "
        "Iraq, Tuesday, July 23, 2019.",
        (SD, "Disrupted weapons use"),
    ),
    (
        "Three Katyusha-type rockets targeted a compound, used to house US troops and "
        "diplomats, near Baghdad's International Airport on Monday.",
        (ER, "Shelling/artillery/missile attack"),
    ),
    (
        "epa08332141 US soldiers attend the handover ceremony of the US-led coalition forces "
        "base inside the complex of the former presidential palace in Mosul, northern Iraq "
        "on 30 March 2020.",
        (SD, "Non-violent transfer of territory"),
    ),
    (
        "According to local source, the US-led coalition forces withdrew from the fourth "
        "military bases in northern Iraq, amid heightened tensions with Iran-backed Iraqi "
        "shiite armed groups in Iraq.",
        (SD, "Non-violent transfer of territory"),
    ),
    (
        "The attack, carried out late April on Iraq's northern intelligence bureau, resulted "
        "in the injury of several Iraqi security forces.",
        (BT, "Armed clash"),
    ),
    ("It was the first extremist suicide attack in months.", (ER, "Suicide bomb")),
    # Written for these tests.
    ("A suicide bomber blew himself up at a checkpoint in Tikrit.", (ER, "Suicide bomb")),
    (
        "A roadside bomb struck an army patrol near Baiji on Sunday.",
        (ER, "Remote explosive/landmine/IED"),
    ),
    ("A car bomb exploded near a busy market in Sadr City.", (ER, "Remote explosive/landmine/IED")),
    (
        "Militants detonated an explosive device near a police patrol in Diyala.",
        (ER, "Remote explosive/landmine/IED"),
    ),
    ("A landmine killed two shepherds near Sinjar.", (ER, "Remote explosive/landmine/IED")),
    ("Coalition airstrikes hit ISIS hideouts in the Hamrin mountains.", (ER, "Air/drone strike")),
    ("Turkish drones struck PKK positions in the Qandil mountains.", (ER, "Air/drone strike")),
    ("Artillery shelled villages in the Qandil area.", (ER, "Shelling/artillery/missile attack")),
    ("Militants threw a grenade at a police station in Kirkuk.", (ER, "Grenade")),
    ("Iraqi forces recaptured the town of Rawa from ISIS.", (BT, "Government regains territory")),
    ("The Iraqi army retook control of the Baiji refinery.", (BT, "Government regains territory")),
    (
        "Militants seized the village of Bashir after a night of fighting.",
        (BT, "Non-state actor overtakes territory"),
    ),
    ("Troops clashed with ISIS militants in the Makhmour mountains.", (BT, "Armed clash")),
    ("Militants attacked an army checkpoint in Tarmiyah on 30 March 2020.", (BT, "Armed clash")),
    ("Gunmen ambushed a police convoy on the Kirkuk road.", (BT, "Armed clash")),
    (
        "Gunmen kidnapped two engineers working on a power plant near Samarra.",
        (VAC, "Abduction/forced disappearance"),
    ),
    ("Gunmen opened fire on a group of shepherds, killing four civilians.", (VAC, "Attack")),
    ("Unknown gunmen shot dead a journalist outside his home in Amara.", (VAC, "Attack")),
    ("Militants raped women in the village.", (VAC, "Sexual violence")),
    ("Thousands of protesters gathered peacefully in Tahrir Square.", (PR, "Peaceful protest")),
    (
        "Police fired tear gas to disperse demonstrators in Basra.",
        (PR, "Protest with intervention"),
    ),
    (
        "Security forces opened fire on protesters in Nasiriyah, killing at least 12.",
        (PR, "Excessive force against protesters"),
    ),
    ("Rioters torched the provincial council building in Najaf.", (RI, "Violent demonstration")),
    (
        "Protesters threw stones at police and set fire to tyres outside the governor's office.",
        (RI, "Violent demonstration"),
    ),
    ("A mob lynched a man accused of theft in the market.", (RI, "Mob violence")),
    ("Police arrested five suspected ISIS members in a raid in Mosul.", (SD, "Arrests")),
    ("Security forces captured an Islamic State commander near Hawija.", (SD, "Arrests")),
    (
        "The army established a new base on the outskirts of Sinjar.",
        (SD, "Headquarters or base established"),
    ),
    (
        "Kurdish forces handed over control of the town to the Iraqi army.",
        (SD, "Non-violent transfer of territory"),
    ),
    (
        "Militants looted shops and torched homes in the village.",
        (SD, "Looting/property destruction"),
    ),
    ("The two sides signed a ceasefire agreement in Geneva.", (SD, "Agreement")),
    ("Air defences intercepted two drones over Erbil airport.", (SD, "Disrupted weapons use")),
    (
        "Police found a cache of weapons and explosives in a farmhouse.",
        (SD, "Disrupted weapons use"),
    ),
    (
        "Bomb disposal experts defused a roadside bomb on the Baghdad-Kirkuk highway.",
        (SD, "Disrupted weapons use"),
    ),
    ("The group pledged allegiance to the Islamic State.", (SD, "Change to group/activity")),
    ("Authorities imposed a curfew in Kirkuk on Friday.", (SD, "Other")),
    (
        "Several people were wounded when a grenade exploded in a cafe in Baghdad.",
        (ER, "Grenade"),
    ),
    (
        "Iraqi forces took control of the border crossing after the militants withdrew.",
        (BT, "Government regains territory"),
    ),
    (
        "Rebels recaptured the town of Maarat al-Numan on Monday.",
        (BT, "Non-state actor overtakes territory"),
    ),
    (
        "Police fired stun grenades at protesters in Tahrir Square.",
        (PR, "Protest with intervention"),
    ),
    ("Gunmen killed a shopkeeper in Baquba.", (VAC, "Attack")),
    # No event at all.
    ("The prime minister attacked the opposition's budget plan on Tuesday.", None),
    ("US-led coalition says ISIS failing 'miserably' in Iraq", None),
    ("But the coalition believes they are losing ground.", None),
    ("There was no immediate claim of responsibility.", None),
    ("Until last month, there were about 7,500 coalition troops in the country.", None),
    ("Lt Gen White said he has had to send some troops home due to the coronavirus.", None),
    ("The minister said his ministry will repair the bridge.", None),
    ("", None),
]


def _types(match: EventMatch | None) -> tuple[str, str] | None:
    return None if match is None else (match.event_type, match.sub_event_type)


@pytest.mark.parametrize(("sentence", "expected"), TYPED)
def test_classify_sentence__types(sentence: str, expected: tuple[str, str] | None) -> None:
    match = classify_sentence(sentence)
    assert _types(match) == expected
    assert is_incident(match) is (expected is not None)


@pytest.mark.parametrize(("sentence", "expected"), [t for t in TYPED if t[1] is not None])
def test_classify_sentence__valid_acled_pair_and_offsets(
    sentence: str, expected: tuple[str, str]
) -> None:
    match = classify_sentence(sentence)
    assert match is not None
    assert match.sub_event_type in EVENT_TYPES[match.event_type]
    assert sentence[match.trigger_start : match.trigger_end] == match.trigger
    assert match.trigger


def test_classify_sentence__trigger_offsets() -> None:
    sentence = "Three Katyusha-type rockets targeted a compound near the airport on Monday."
    match = classify_sentence(sentence)
    assert match == EventMatch(
        event_type=ER,
        sub_event_type="Shelling/artillery/missile attack",
        trigger="Katyusha",
        trigger_start=6,
        trigger_end=14,
        negated=False,
        hypothetical=False,
        background=False,
    )


def test_classify_sentence__security_detonation_beats_explosive() -> None:
    match = classify_sentence("Security forces detonate an explosive device placed by militants.")
    assert match is not None
    assert (match.sub_event_type, match.trigger) == ("Disrupted weapons use", "detonate")
    assert (match.trigger_start, match.trigger_end) == (16, 24)


@pytest.mark.parametrize(
    ("sentence", "expected", "trigger"),
    [
        (
            "Security forces arrested a suspect who had planned to bomb a church.",
            (SD, "Arrests"),
            "arrested",
        ),
        (
            "Militants did not attack the base, but rockets hit the airport later.",
            (ER, "Shelling/artillery/missile attack"),
            "rockets",
        ),
    ],
)
def test_classify_sentence__asserted_trigger_beats_hypothetical_one(
    sentence: str, expected: tuple[str, str], trigger: str
) -> None:
    match = classify_sentence(sentence)
    assert _types(match) == expected
    assert match is not None and match.trigger == trigger
    assert is_incident(match)


# (sentence, trigger): a negation governs the trigger.
NEGATED = [
    ("Militants did not attack the base, officials said.", "attack"),
    ("Militants didn't attack the base, officials said.", "attack"),
    ("There were no attacks on coalition forces last week.", "attacks"),
    ("The group denied carrying out the attack on the checkpoint.", "attack"),
    ("Police said no rockets were fired at the airport.", "rockets"),
    ("The militia has never attacked US troops.", "attacked"),
]


@pytest.mark.parametrize(("sentence", "trigger"), NEGATED)
def test_classify_sentence__negated(sentence: str, trigger: str) -> None:
    match = classify_sentence(sentence)
    assert match is not None
    assert match.trigger == trigger
    assert match.negated
    assert not is_incident(match)


@pytest.mark.parametrize(
    "sentence",
    [
        '"We haven’t seen anything since the last attack in Kirkuk area," Lt Gen White said.',
        "ISIS denied responsibility for the attack on the checkpoint.",
        "No one was hurt in the rocket attack on the base on Monday.",
        "The general said ISIS did not take advantage of the pause, and rockets hit the base.",
    ],
)
def test_classify_sentence__not_negated(sentence: str) -> None:
    match = classify_sentence(sentence)
    assert match is not None
    assert not match.negated
    assert is_incident(match)


# (sentence, trigger): modality governs the trigger.
HYPOTHETICAL = [
    ("Militants threatened to attack the airport.", "attack"),
    ("Officials warned of possible rocket attacks on the embassy.", "rocket"),
    ("The militia could launch attacks on US bases.", "attacks"),
    ("Police foiled a plot to bomb a church in Baghdad.", "bomb"),
    ("Fears of an attack kept shops closed in Kirkuk.", "attack"),
    ("Gunmen may attack convoys on the highway.", "attack"),
    ("The group plans to seize the town of Tal Afar.", "seize"),
    ("The attack was foiled by police in Basra.", "attack"),
]


@pytest.mark.parametrize(("sentence", "trigger"), HYPOTHETICAL)
def test_classify_sentence__hypothetical(sentence: str, trigger: str) -> None:
    match = classify_sentence(sentence)
    assert match is not None
    assert match.trigger == trigger
    assert match.hypothetical
    assert not match.negated
    assert not is_incident(match)


def test_classify_sentence__month_may_is_not_modal() -> None:
    match = classify_sentence("In May militants attacked a convoy near Tuz Khurmatu.")
    assert match is not None
    assert not match.hypothetical
    assert is_incident(match)


# (sentence, expected types): background, trend, habit, capability or modifier only.
BACKGROUND = [
    (
        "A US-led mission to eliminate ISIS from the region was established in 2014 after the "
        'group overran large parts of northern and western Iraq and proclaimed a "caliphate".',
        (BT, "Non-state actor overtakes territory"),
    ),
    (
        "ISIS sleeper cells have stepped up ambushes and attacks across northern Iraq in recent "
        "weeks, killing and wounding Iraqi and foreign security personnel.",
        (BT, "Armed clash"),
    ),
    (
        "Iraqi forces and their international partners managed to beat back ISIS and declare "
        "military victory in 2017, although the group has continued to launch attacks across "
        "the country.",
        (BT, "Armed clash"),
    ),
    (
        'Their attacks consisted of vehicle-borne IEDs and rockets," he said.',
        (ER, "Shelling/artillery/missile attack"),
    ),
    (
        'But over the years "the degradation of their capabilities has witnessed a (different) '
        "type of attacks, which they are conducting now, of small arms rifles and small caliber "
        'mortars," Lt Gen White said.',
        (ER, "Shelling/artillery/missile attack"),
    ),
    (
        "Since mid-March the US-led coalition has withdrawn from several bases across Iraq in a "
        "planned drawdown due to fears over an outbreak of the coronavirus pandemic.",
        (SD, "Non-violent transfer of territory"),
    ),
    (
        "Iraqi military bases hosting foreign troops have come under several attacks since late "
        "March, but ISIS has only claimed responsibility for the attack in Kirkuk.",
        (BT, "Armed clash"),
    ),
    (
        "ISIS is not able to hold territory, Lt Gen Pat White, head of the command fighting the "
        "insurgents, says",
        (BT, "Armed clash"),
    ),
    (
        "In 2014 the group abducted thousands of Yazidi women.",
        (VAC, "Abduction/forced disappearance"),
    ),
    ("Last year militants frequently attacked farmers in Diyala.", (VAC, "Attack")),
    ("Attack helicopters flew over the city during the parade.", (VAC, "Attack")),
    ("Riot police stood guard outside the parliament.", (RI, "Violent demonstration")),
    ("The anti-riot squad was on standby near the square.", (RI, "Violent demonstration")),
]


@pytest.mark.parametrize(("sentence", "expected"), BACKGROUND)
def test_classify_sentence__background(sentence: str, expected: tuple[str, str]) -> None:
    match = classify_sentence(sentence)
    assert _types(match) == expected
    assert match is not None and match.background
    assert not match.negated
    assert not is_incident(match)


@pytest.mark.parametrize(
    "sentence",
    [
        "Several rockets hit the Green Zone on Tuesday.",
        "Rockets were fired across the border into Syria on 30 March 2020.",
        "Militants attacked police in Kirkuk on Monday.",
        "The militants fought Iraqi troops for three hours before retreating.",
    ],
)
def test_classify_sentence__not_background(sentence: str) -> None:
    match = classify_sentence(sentence)
    assert match is not None
    assert not match.background
    assert is_incident(match)


def test_is_incident() -> None:
    base = EventMatch(BT, "Armed clash", "clashed", 7, 14, False, False, False)
    assert is_incident(base)
    assert not is_incident(None)
    assert not is_incident(EventMatch(BT, "Armed clash", "clashed", 7, 14, True, False, False))
    assert not is_incident(EventMatch(BT, "Armed clash", "clashed", 7, 14, False, True, False))
    assert not is_incident(EventMatch(BT, "Armed clash", "clashed", 7, 14, False, False, True))


def test_event_types__acled_vocabulary() -> None:
    assert list(EVENT_TYPES) == [BT, ER, VAC, PR, RI, SD]
    assert sum(len(subs) for subs in EVENT_TYPES.values()) == 24


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Helicopters dropped explosive barrels on the town.",
         ("Explosions/Remote violence", "Air/drone strike")),
        ("Warplanes carry out 10 raids on the village.",
         ("Explosions/Remote violence", "Air/drone strike")),
        ("The group executes 5 men in the square.", ("Violence against civilians", "Attack")),
        ("Regime forces suffer losses as battles continue south of the city.",
         ("Battles", "Armed clash")),
        ("Advances for the SDF in the countryside.", ("Battles", "Armed clash")),
        ("Rebels controlled a village after dawn.",
         ("Battles", "Non-state actor overtakes territory")),
        ("24 casualties at least in the city.", ("Violence against civilians", "Attack")),
        ("Three soldiers were killed near the base.", ("Battles", "Armed clash")),
    ],
)  # fmt: skip
def test_classify_sentence__conflict_report_vocabulary(sentence, expected):
    match = classify_sentence(sentence)
    assert match is not None and is_incident(match)
    assert (match.event_type, match.sub_event_type) == expected


@pytest.mark.parametrize(
    "sentence",
    ["Book your tickets in advance.", "The company advanced its schedule by a week."],
)
def test_classify_sentence__advance_is_not_always_an_event(sentence):
    assert classify_sentence(sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Prices have generally risen in the city this year.",
        "The series of drug busts started with a bang, literally, in Hartford.",
        "Shares moved laterally after the announcement in Boston.",
    ],
)
def test_classify_sentence__protest_words_inside_other_words_are_not_protests(
    sentence: str,
) -> None:
    # Regression: "rally" inside "generally"/"literally" used to give a Peaceful protest.
    assert classify_sentence(sentence) is None


def test_classify_sentence__rally_as_a_word_is_still_a_protest() -> None:
    match = classify_sentence("Thousands joined a rally in Hartford on Saturday.")
    assert match is not None
    assert (match.event_type, match.sub_event_type, match.trigger) == (
        PR,
        "Peaceful protest",
        "rally",
    )


def test_rule_gates__never_skip_a_rule_that_matches() -> None:
    # Every sentence of this module's tables: a gated-out rule must not match it.
    from geomap.events import _RULES
    from geomap.gates import word_prefixes

    sentences = [s for s, _ in TYPED] + [s for s, _ in NEGATED] + [s for s, _ in BACKGROUND]
    checked = 0
    for sentence in sentences:
        words = word_prefixes(sentence)
        for rule in _RULES:
            if rule.gate is not None and rule.gate.isdisjoint(words):
                checked += 1
                assert rule.pattern.search(sentence) is None, (rule.pattern.pattern, sentence)
    assert checked > 1000  # the gates do skip most rules
    assert sum(rule.gate is not None for rule in _RULES) >= len(_RULES) - 2


# Headlines tell of events in the present tense ("Warplanes kill ...").
@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Warplanes kill a family of five in a village near Mosul", (ER, "Air/drone strike")),
        ("Helicopters drop 12 barrels on the town", (ER, "Air/drone strike")),
        ("Regime forces shell several areas in the countryside of Homs",
         (ER, "Shelling/artillery/missile attack")),
        ("Government artillery bombard the eastern districts",
         (ER, "Shelling/artillery/missile attack")),
        ("Militants target the town of Tuz Khurmatu", (ER, "Shelling/artillery/missile attack")),
        ("Rebels target army positions near Hama", (BT, "Armed clash")),
        ("Turkish troops kill 12 militants near the border", (BT, "Armed clash")),
        ("Gunmen kill a shepherd and his son in Diyala", (VAC, "Attack")),
        ("Militants behead two men in the main square", (VAC, "Attack")),
        ("Mines kill three farmers near Hawija", (ER, "Remote explosive/landmine/IED")),
        ("Rebels take control of two villages north of Hama",
         (BT, "Non-state actor overtakes territory")),
        ("Losses in regime forces in the countryside of Hama", (BT, "Armed clash")),
    ],
)  # fmt: skip
def test_classify_sentence__present_tense_headlines(sentence, expected):
    match = classify_sentence(sentence)
    assert _types(match) == expected
    assert match is not None and is_incident(match)


@pytest.mark.parametrize(
    "sentence",
    [
        "The company posted losses in Boston.",  # "losses" needs armed forces
        "The shell company was registered in Delaware.",  # "shell" the noun
        "The ad campaign targeted young voters in Ohio.",  # no armed actor targets
    ],
)
def test_classify_sentence__headline_verbs_need_their_context(sentence):
    assert classify_sentence(sentence) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Warplanes continue to bomb Idlib and its countryside.",  # present: happening now
        "Jets intensify their raids on the northern countryside of Homs.",
        "Warplanes are stepping up the bombardment of Darayya.",
        "12 casualties in intensified bombing by warplanes on Aleppo.",  # adjective
        "27 raids target Aleppo neighbourhoods since this morning.",  # since today: ongoing
        "Troops advanced into Lattakia countryside for the first time since 2012.",
    ],
)
def test_classify_sentence__current_not_background(sentence):
    # Regression: present-tense trends, "since this morning" and "first time since
    # <year>" made these background, so UCDP headlines naming a place gave no incident.
    match = classify_sentence(sentence)
    assert match is not None and not match.background
    assert is_incident(match)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Suicide car targets a neighborhood in Homs.", (ER, "Suicide bomb")),
        ("Rebels devastate a tank and 3 vehicles for regime forces in Aleppo.",
         (BT, "Armed clash")),
        ("Fighters destroyed two armoured vehicles near the town.", (BT, "Armed clash")),
        ("Losses in rebels in Harasta.", (BT, "Armed clash")),
        ("Casualty in Baniyas on Sunday.", (VAC, "Attack")),
        ("Militants shots down a drone near the airport.", (SD, "Disrupted weapons use")),
    ],
)  # fmt: skip
def test_classify_sentence__conflict_headline_vocabulary(sentence, expected):
    match = classify_sentence(sentence)
    assert match is not None and is_incident(match)
    assert (match.event_type, match.sub_event_type) == expected


@pytest.mark.parametrize(
    "sentence",
    ["Fans devastated by the loss went home.", "The flood destroyed two vehicles."],
)
def test_classify_sentence__destroying_things_that_are_not_military_is_no_battle(sentence):
    match = classify_sentence(sentence)
    assert match is None or match.event_type != BT


_GATED_PHRASES = [
    "clashed with", "fighting near", "fought off", "a firefight", "a fire-fight", "gun battle",
    "gunbattles", "gunfights", "a shoot-out", "shootouts", "exchanged fire", "exchange of fire",
    "skirmishes", "ambushed", "a counter-attack", "counterattacks", "repelled", "repulsed",
    "beat back", "an offensive", "a offensive", "the offensive", "offensive against",
    "fierce battles", "street battle", "running battles", "battle for", "battled with",
    "were killed", "was killed", "killed", "martyred", "martyrs", "casualties", "a casualty",
    "human losses", "died of wounds", "died from injuries", "died under torture",
]  # fmt: skip


def test_rule_patterns__lookahead_matches_as_the_pattern_alone() -> None:
    # geomap.gates.led puts a one-character lookahead in front of each rule's
    # pattern: it must find exactly what the pattern alone finds.
    import re

    from geomap.events import _RULES

    sentences = [s for s, _ in TYPED] + [s for s, _ in NEGATED] + [s for s, _ in BACKGROUND]
    sentences += [
        f"Officials said {phrase} the town of Kobani on Monday." for phrase in _GATED_PHRASES
    ]
    led = 0
    found = 0
    for rule in _RULES:
        text = rule.pattern.pattern
        if not text.startswith("(?i:(?=["):
            continue
        led += 1
        alone = re.compile(text[text.index("]))") + 3 :], rule.pattern.flags)
        for sentence in sentences:
            expected = [(m.span(), m.groupdict()) for m in alone.finditer(sentence)]
            assert [(m.span(), m.groupdict()) for m in rule.pattern.finditer(sentence)] == expected
            found += len(expected)
    assert led >= len(_RULES) - 2
    assert found > 200


@pytest.mark.parametrize("phrase", _GATED_PHRASES)
def test_rule_gates_open_for_every_trigger_they_guard(phrase: str) -> None:
    """A gate may only skip a sentence its pattern cannot match (``needs`` is hand-written)."""
    from geomap.events import _RULES
    from geomap.gates import word_prefixes

    sentence = f"Officials said {phrase} the town of Kobani on Monday."
    words = word_prefixes(sentence)
    for rule in _RULES:
        if rule.gate is not None and rule.pattern.search(sentence):
            assert not rule.gate.isdisjoint(words), (phrase, rule.pattern.pattern[:60])


def test_guarded_matches__as_if_each_open_rule_were_searched_from_the_start() -> None:
    # Rules gated by their own start are searched from their first opening word only.
    from geomap.events import _RULE_GATES, _RULES, _guarded_matches
    from geomap.gates import word_prefixes

    sentences = [s for s, _ in TYPED] + [s for s, _ in NEGATED] + [s for s, _ in BACKGROUND]
    sentences += ["Rockets hit — the café’s owner said; rockets, then shelling, hit Idlib."]
    for sentence in sentences:
        expected = [
            (rule, match.span())
            for rule in (_RULES[p] for p in _RULE_GATES.open_for(word_prefixes(sentence)))
            for match in rule.pattern.finditer(sentence)
            if rule.guard is None or rule.guard(sentence, match)
        ]
        assert [(rule, m.span()) for rule, m in _guarded_matches(sentence)] == expected
