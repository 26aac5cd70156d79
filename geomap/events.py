"""Classify one news sentence as an ACLED-style event, with its trigger and modality.

ACLED (the Armed Conflict Location & Event Data project) sorts political
violence into six event types, each with sub-event types; geomap maps the
same categories so its incidents can sit next to ACLED's. Classification is a
lexicon of trigger regexes tried in order of specificity (a suicide bombing
is an explosion and an attack; the more specific reading wins). A trigger
that is negated or hypothetical yields to a later one that is asserted ("police
arrested a man who had planned to bomb a church" is an arrest). Three flags
then say whether the sentence reports a real, single incident:

* ``negated``: a negation governs the trigger ("did not attack", "no
  attacks", "denied carrying out the attack"); only the few words before the
  trigger in the same clause are read, so "we haven't seen anything since the
  last attack" is *not* negated.
* ``hypothetical``: modality governs the trigger ("could attack", "threatened
  to attack", "fears of an attack", "the plot was foiled").
* ``background``: the sentence places the event in a past year, describes a
  trend or habit ("has continued to launch attacks across the country",
  "stepped up attacks in recent weeks", "since late March"), a capability
  ("their attacks consisted of IEDs"), or the trigger is only a modifier
  ("attack helicopters", "riot police", "the command fighting ISIS").

Everything is regular expressions over one sentence: no parser, no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from geomap.dates import find_dates
from geomap.gates import GateIndex, led, stems

__all__ = ["EVENT_TYPES", "EventMatch", "classify_sentence", "is_incident"]

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Air/drone strike",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Suicide bomb",
        "Grenade",
    ),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Non-violent transfer of territory",
        "Looting/property destruction",
        "Other",
    ),
}
"""ACLED's event types and their sub-event types, the only values classify_sentence returns."""


@dataclass(frozen=True, slots=True)
class EventMatch:
    """An event reading of one sentence and the word that triggered it."""

    event_type: str  # an ACLED event type: a key of EVENT_TYPES
    sub_event_type: str  # one of EVENT_TYPES[event_type]
    trigger: str  # the trigger as written
    trigger_start: int  # offsets of the trigger within the sentence
    trigger_end: int
    negated: bool  # a negation governs the trigger ("did not attack")
    hypothetical: bool  # modality governs the trigger ("could attack", "threatened to")
    background: bool  # past year, trend, habit, capability, or trigger only a modifier


# ---------------------------------------------------------------------------
# Shared vocabulary (pattern fragments)

_I = re.IGNORECASE


def _searched(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile`` for a pattern that is searched for: behind a lookahead for its first letters.

    Most of these (the guards, negation, modality, background) open with a
    word boundary, which leaves the regex engine to enter them at every
    character; :func:`geomap.gates.led` finds the same matches about twice as fast.
    """
    return led(re.compile(pattern, flags))


def _gap(max_words: int) -> str:
    """Regex for up to ``max_words`` words between two terms, within one clause."""
    return rf"(?:[^\w.;:!?]+[\w'’-]+){{0,{max_words}}}?[^\w.;:!?]+"


_SECURITY_ACTOR = (
    r"(?:security\s+forces|police|policem[ae]n|army|troops|soldiers|bomb\s+(?:squad|disposal)"
    r"|sappers|engineers|explosives?\s+(?:experts?|teams?|units?)|EOD|military|forces"
    r"|authorities|counter-?terrorism)"
)
_DEVICE = (
    r"(?:explosives?|(?:explosive|incendiary)\s+devices?|devices?|IEDs?|bombs?|(?:land)?mines?"
    r"|charges?|ordnance|munitions)\b"
)
_CACHE = (
    r"(?:explosives?|(?:explosive|incendiary)\s+devices?|IEDs?|bombs?|landmines?|ordnance"
    r"|munitions|ammunition|weapons?|(?:weapons|arms)\s+caches?|caches?|arms|explosive\s+belts?"
    r"|suicide\s+(?:vests?|belts?)|rockets?|mortar\s+(?:rounds?|shells?)|detonators?)\b"
)
_SITE = (
    r"(?:bases?|air\s*bases?|military\s+camps?|outposts?|positions?|garrisons?|facilit(?:y|ies)"
    r"|headquarters|compounds?|palace|territor(?:y|ies)|areas?|towns?|cit(?:y|ies)|villages?"
    r"|districts?|provinces?|regions?|checkpoints?|posts?|barracks|airports?)\b"
)
_TERRITORY = (
    r"(?:control|cit(?:y|ies)|towns?|villages?|districts?|provinces?|regions?|areas?"
    r"|territor(?:y|ies)|neighbou?rhoods?|bases?|air\s*bases?|airports?|hills?|positions?"
    r"|outposts?|strongholds?|capital|(?:border\s+)?crossings?|dams?|oil\s*fields?|parts)\b"
)
_PERSON = (
    r"(?:suspects?|militants?|members?|leaders?|commanders?|emirs?|fighters?|men|people"
    r"|individuals?|persons?|terrorists?|insurgents?|officials?|operatives?|soldiers?|officers?)\b"
)
_DEATHS = (
    r"\b(?P<t>(?:were\s+|was\s+)?killed|martyr(?:ed|s)|casualt(?:y|ies)|human\s+losses"
    r"|died\s+(?:of|from|under|in)\s+(?:wounds|injuries|torture))\b"
)
# A word every _DEATHS match holds ("killed" in "were killed"; a gate read off the
# pattern would open on "was" and "were").
_DEATHS_WORDS = r"killed|martyr|casualt|human|died"
_CIVILIANS = (
    r"\b(?:civilians?|villagers?|residents?|farmers?|shepherds?|worshippers?|children|women"
    r"|pilgrims?|passers-?by|journalists?|students?|teachers?|doctors?|aid\s+workers?"
    r"|families|mourners|shoppers|displaced|refugees?|protesters?|demonstrators)\b"
)
_FORCES = (
    r"\b(?:soldiers?|troops?|forces|army|military|police(?:m[ae]n)?|officers?|personnel"
    r"|guards?|patrols?|checkpoints?|convoys?|bases?|barracks|garrisons?|outposts?|Peshmerga"
    r"|militia(?:s|men)?|servicem[ae]n|recruits|paramilitar\w+|rebels?|insurgents?|militants"
    r"|jihadists?|fighters|factions)\b"
)
_PROTEST = (
    r"\b(?P<t>protest(?:s|ers?|ors?|ed|ing)?|demonstrat(?:ions?|ors)|rall(?:y|ies)|sit-ins?"
    r"|(?-i:march(?:es|ed|ing)?|marchers)|(?:general|hunger|labou?r|nationwide|workers'?)"
    r"\s+strikes?|went\s+on\s+strike|strikers)\b"
)
_ATTACK = (
    r"(?P<t>attack(?:s|ed|ing)?|assault(?:s|ed|ing)?|raid(?:s|ed|ing)?|storm(?:ed|ing)"
    r"|open(?:ed)?\s+fire|shootings?|shot\s+(?:dead|and\s+(?:killed|wounded))"
    r"|gunned\s+down|assassinat(?:ed|ions?|es|e)|murder(?:ed|s)?|stabbed)\b"
)
_ARREST = (
    r"\b(?P<t>arrest(?:s|ed|ing)?|detain(?:s|ed|ing)?|detention|apprehend(?:s|ed|ing)?"
    r"|rounded\s+up|round-?ups?|(?:taken|took)\s+into\s+custody)\b"
)
_GUNMEN = r"\b(?P<t>gunm[ae]n|gunfire|assailants|attackers)\b"
_COMBATANTS = (
    r"\b(?:fighters?|militants?|members?|soldiers?|troops|rebels?|insurgents?|commanders?"
    r"|officers?|jihadists?|gunmen|militiamen|personnel|recruits|elements|snipers?|emirs?"
    r"|leaders?|pilots?|crew)\b"
)
_VICTIMS = (
    r"\b(?:people|persons?|men|women|man|woman|citizens?|civilians?|child(?:ren)?|boys?|girls?"
    r"|youths?|famil(?:y|ies)|mothers?|fathers?|brothers?|sons?|daughters?|wife|husband"
    r"|infants?|elderly|villagers?|residents?|workers?|farmers?|shepherds?)\b"
)
# Who fights ("regime forces target X", "IS targets the SDF"): names and nouns of armed actors.
_ARMED_ACTOR = (
    r"\b(?:regime|government|army|forces|troops|rebels?|factions?|militants?|fighters"
    r"|insurgents|militias?|militiamen|gunmen|artillery|tanks?|jihadists|snipers?"
    r"|(?-i:IS|ISIS|ISIL|SDF|YPG|PKK|Daesh|Hezbollah|Taliban)|Islamic\s+State)\b[\"']?"
)
_KILL_VERB = (
    r"(?:kill(?:ed|ing|s)?|shot|shoot(?:ing|s)?|murder(?:ed|ing|s)?|gunned\s+down|stabbed"
    r"|slaughtered|executed|tortured|wounded|injured)"
)

# ---------------------------------------------------------------------------
# Guards: extra conditions on a trigger match


def _security_detonation(sentence: str, match: re.Match[str]) -> bool:
    """Security forces set off a device (rather than militants setting one off)."""
    before, after = sentence[: match.start("t")], sentence[match.end("t") :]
    return bool(
        _RE_SECURITY_ACTOR.search(before)
        or _RE_PLACED_BY.search(after)
        or _RE_CONTROLLED.search(sentence)
    )


def _violent_protest(sentence: str, match: re.Match[str]) -> bool:
    """Protesters use violence: stones, arson, storming, clashing with police."""
    return bool(_RE_VIOLENT_PROTEST.search(sentence))


def _lethal_force(sentence: str, match: re.Match[str]) -> bool:
    """Authorities use lethal force on protesters: live fire, deaths."""
    return bool(_RE_LETHAL_FORCE.search(sentence))


def _intervention(sentence: str, match: re.Match[str]) -> bool:
    """Authorities disperse, gas or arrest protesters."""
    return bool(_RE_INTERVENTION.search(sentence))


def _targets_forces(sentence: str, match: re.Match[str]) -> bool:
    """An attack on armed forces or their sites, with no civilians named as victims."""
    return bool(_RE_FORCES.search(sentence)) and not _RE_CIVILIANS.search(sentence)


def _targets_forces_after(sentence: str, match: re.Match[str]) -> bool:
    """Armed forces are named after the trigger: the target is a force, not a place."""
    return bool(_RE_FORCES.search(sentence, match.end("t")))


def _physical_attack(sentence: str, match: re.Match[str]) -> bool:
    """Not a verbal attack on a plan, a policy or critics."""
    return not _RE_ABSTRACT_OBJECT.match(sentence, match.end("t"))


def _physical_attack_on_forces(sentence: str, match: re.Match[str]) -> bool:
    """A physical attack whose target is armed forces."""
    return _physical_attack(sentence, match) and _targets_forces(sentence, match)


def _armed_sides(sentence: str, match: re.Match[str]) -> bool:
    """Armed men are named: a flood that destroys vehicles fights no one."""
    return bool(_RE_FORCES.search(sentence))


def _in_raid(sentence: str, match: re.Match[str]) -> bool:
    """Arrests made in a raid: ACLED codes them as Arrests, not as an attack."""
    return bool(_RE_RAID.search(sentence))


_RE_SECURITY_ACTOR = _searched(rf"\b{_SECURITY_ACTOR}\b", _I)
_RE_PLACED_BY = _searched(r"\b(?:placed|planted|left|laid|hidden)\s+by\b", _I)
_RE_CONTROLLED = _searched(r"\bcontrolled\s+(?:explosion|detonation)s?\b", _I)
_RE_VIOLENT_PROTEST = _searched(
    r"\b(?:(?:threw|throwing|hurled|hurling)\s+(?:stones|rocks|molotov|petrol\s+bombs|firebombs)"
    r"|stone-?throwing|clash(?:ed|es)?\s+with\s+(?:riot\s+)?(?:police|security)|set\s+fire"
    r"|torched|burn(?:ed|t|ing)\s+(?:tyres|tires|cars|vehicles|buildings|offices)|stormed"
    r"|turned\s+violent|vandali[sz]ed|ransacked)\b",
    _I,
)
_RE_LETHAL_FORCE = _searched(
    r"\b(?:killed|killing|shot\s+dead|opened\s+fire|live\s+(?:ammunition|fire|rounds|bullets)"
    r"|fired\s+(?:live|on|at)\s+(?:the\s+)?(?:protesters|demonstrators|crowds?))",
    _I,
)
_RE_INTERVENTION = _searched(
    r"\b(?:tear\s*gas|water\s+cannons?|rubber\s+bullets|dispers(?:ed|e|ing)|broke\s+up"
    r"|break\s+up|batons?|beat(?:en)?|stun\s+grenades|arrest(?:ed|s)?|detain(?:ed|s)?"
    r"|crack(?:ed)?\s+down|crackdown|forcibly\s+(?:removed|evicted))\b",
    _I,
)
_RE_FORCES = _searched(_FORCES, _I)
_RE_CIVILIANS = _searched(_CIVILIANS, _I)
_RE_ABSTRACT_OBJECT = re.compile(
    r"(?:\W+[\w'’-]+){0,3}?\W+(?:plans?|polic(?:y|ies)|decisions?|remarks|comments|statements?"
    r"|proposals?|budget|record|opposition|critics|media|press|reports?|ideas?|laws?|bills?"
    r"|rivals?|handling|stance|move|leadership|on\s+(?:twitter|social\s+media|television))\b",
    _I,
)
_RE_RAID = _searched(r"\braid(?:s|ed|ing)?\b", _I)

# ---------------------------------------------------------------------------
# The trigger lexicon, most specific first

_Guard = Callable[[str, re.Match[str]], bool]


@dataclass(frozen=True, slots=True)
class _Rule:
    """One trigger pattern (its trigger in group ``t``) and the type it signals."""

    event_type: str
    sub_event_type: str
    pattern: re.Pattern[str]
    guard: _Guard | None = None
    weak: bool = False  # an actor noun, not an act: never displaces a stronger trigger
    gate: frozenset[str] | None = None  # word beginnings a match needs (geomap.gates)
    gate_at_start: bool = False  # the gate is read off the pattern: a match starts at its word


def _rule(
    event_type: str,
    sub: str,
    pattern: str,
    guard: _Guard | None = None,
    *,
    weak: bool = False,
    needs: str | None = None,
) -> _Rule:
    """A rule with its pattern compiled case-insensitively.

    Its gate is read off the pattern's start, or off ``needs``, a word (or an
    alternation of words, one of which it must hold) the pattern cannot match
    without, when that is rarer ("target" in "<actor> ... targets": armed
    actors are named in most conflict sentences). Only a gate read off the
    start also says where a match can begin (``gate_at_start``).
    """
    compiled = re.compile(pattern, _I)
    gate = stems(re.compile(rf"\b(?:{needs})", _I)) if needs else stems(compiled)
    return _Rule(event_type, sub, led(compiled), guard, weak, gate, gate_at_start=not needs)


# One of these words begins every "Armed clash" trigger below.
_ARMED_CLASH_WORDS = (
    r"clash|fighting|fought|fire|gun|shoot|exchang|skirmish|ambush|counter|repel|repuls|beat"
    r"|offensive|fierce|heavy|intense|bloody|pitched|street|running|battl"
)
_SD, _ER, _BT = "Strategic developments", "Explosions/Remote violence", "Battles"
_VAC, _PR, _RI = "Violence against civilians", "Protests", "Riots"

_RULES: tuple[_Rule, ...] = (
    # Security forces defusing, finding or destroying others' weapons.
    _rule(
        _SD,
        "Disrupted weapons use",
        r"\b(?P<t>defus\w*|dismantl\w*|disarm(?:ed|s|ing)?|neutrali[sz](?:e|ed|es|ing))"
        + _gap(4)
        + _DEVICE,
    ),
    _rule(
        _SD,
        "Disrupted weapons use",
        r"\b(?P<t>found|finds?|finding|discover(?:ed|s|ing)?|uncover(?:ed|s|ing)?"
        r"|seiz(?:e|ed|es|ing)|confiscat(?:e|ed|es|ing)|recover(?:ed|s|ing)?|clear(?:ed|ing)?"
        r"|remov(?:e|ed|es|ing))" + _gap(4) + _CACHE,
    ),
    _rule(
        _SD,
        "Disrupted weapons use",
        r"\b(?:explosives?|devices?|IEDs?|bombs?|(?:land)?mines?|ordnance|caches?)\W+"
        r"(?:was|were|had\s+been|has\s+been|have\s+been)\W+(?:\w+ly\W+)?"
        r"(?P<t>defused|dismantled|disarmed|neutrali[sz]ed|found|discovered|uncovered|seized"
        r"|removed|detonated\s+by\s+(?:the\s+)?" + _SECURITY_ACTOR + r")\b",
    ),
    _rule(
        _SD,
        "Disrupted weapons use",
        r"\b(?P<t>detonat(?:e|es|ed|ing)|blew\s+up|explod(?:e|ed|es|ing))" + _gap(3) + _DEVICE,
        _security_detonation,
    ),
    _rule(_SD, "Disrupted weapons use", r"\b(?P<t>controlled\s+(?:explosion|detonation)s?)\b"),
    _rule(
        _SD,
        "Disrupted weapons use",
        r"\b(?P<t>intercept(?:ed|s|ing)?|shot\s+down|shoots?\s+down|shots\s+down|downed)"
        + _gap(3)
        + r"(?:missiles?|rockets?|drones?|projectiles?|UAVs?)\b",
    ),
    # Explosions and remote violence.
    _rule(
        _ER,
        "Suicide bomb",
        r"\b(?P<t>suicide[\s-]+(?:attack(?:s|ers?)?|bomb(?:s|ers?|ings?)?|blasts?|(?:car|truck"
        r"|vehicle|motorcycle)s?(?:[\s-]+bomb(?:s|ers?|ings?)?)?|vests?|belts?|operations?"
        r"|missions?|VBIEDs?|raids?"
        r"|assaults?|explosions?)|blew\s+(?:himself|herself|themselves)\s+up|self-detonat\w*)\b",
    ),
    _rule(
        _ER,
        "Air/drone strike",
        r"\b(?P<t>air[\s-]?strikes?|air[\s-]?raids?|drone[\s-]+(?:strikes?|attacks?)"
        r"|aerial\s+(?:bombardments?|bombings?|attacks?|strikes?)|bombing\s+raids?"
        r"|bombed\s+from\s+the\s+air)\b",
    ),
    _rule(
        _ER,
        "Air/drone strike",
        r"\b(?P<t>barrel[\s-]+bombs?|explosive\s+barrels?|cluster\s+(?:munitions?|bombs?)"
        r"|(?:war)?planes?\s+(?:carr(?:y|ied|ies)\s+out|launch(?:ed|es)?)\s+(?:\w+\s+)?raids?)\b",
    ),
    _rule(
        _ER,
        "Air/drone strike",
        r"\b(?:(?:war)?planes?|(?:fighter\s+)?jets?|aircraft|helicopters?|gunships?|drones?|UAVs?)"
        + _gap(3)
        + r"(?P<t>bomb(?:s|ed|ing)?|struck|strikes?|hits?|target(?:s|ed|ing)?|attack(?:s|ed)?"
        r"|pound(?:s|ed)?|fired|shell(?:s|ed)?|raid(?:s|ed)?|bombard(?:s|ed)?|kill(?:s|ed)?"
        r"|drop(?:s|ped)?|renew(?:s|ed)?\s+(?:\w+\s+)?(?:raids|strikes|bombing))\b",
    ),
    _rule(
        _ER,
        "Shelling/artillery/missile attack",
        r"\b(?P<t>rockets?|mortars?|shell(?:ed|ing|s)|artillery|missiles?|Katyushas?|projectiles?"
        r"|bombard(?:s|ed|ment|ments|ing)?|(?-i:shell(?=\s+(?:the\s|several\s|\d|[A-Z]"
        r"|areas?\b|positions?\b|villages?\b|towns?\b)))\b)",
    ),
    _rule(
        _ER,
        "Grenade",
        r"\b(?P<t>(?<!stun\s)(?<!smoke\s)(?<!sound\s)(?<!flash\s)(?<!gas\s)(?:hand\s+)?grenades?)\b",
    ),
    _rule(
        _ER,
        "Remote explosive/landmine/IED",
        r"\b(?P<t>IEDs?|VBIEDs?|improvised\s+explosive\s+devices?|(?:roadside|car|truck|sticky"
        r"|magnetic|parcel|motorcycle|nail|pipe)[\s-]?bombs?|explosive\s+devices?"
        r"|vehicle-borne|booby[\s-]?trap(?:s|ped)?|landmines?|land\s+mines?"
        r"|anti-(?:personnel|tank)\s+mines?|(?<!petrol\s)(?<!fire\s)(?<!molotov\s)bomb(?:s|ings?|ed)?"
        r"|blasts?|explosions?|explod(?:ed|es|e|ing)|detonat(?:ed|ion|es?)|went\s+off|blew\s+up"
        r"|mines?(?=\s+(?:kill|explod|wound|injur|blast)))\b",
    ),
    # Riots and protests, before clashes: "protesters clashed with police" is a riot.
    _rule(_RI, "Mob violence", r"\b(?P<t>mobs?|lynch(?:ed|ing|ings)?|vigilantes?)\b"),
    _rule(_RI, "Violent demonstration", r"\b(?P<t>riot(?:s|ers|ed|ing)?)\b(?![\s-]+control)"),
    _rule(_RI, "Violent demonstration", _PROTEST, _violent_protest),
    _rule(_PR, "Excessive force against protesters", _PROTEST, _lethal_force),
    _rule(_PR, "Protest with intervention", _PROTEST, _intervention),
    _rule(_PR, "Peaceful protest", _PROTEST),
    # Battles over territory.
    _rule(
        _BT,
        "Government regains territory",
        r"\b(?P<t>recaptur(?:e|ed|es|ing)|retook|retak(?:e|en|es|ing)|regain(?:ed|s|ing)?\s+control"
        r"|wrested\s+(?:back\s+)?control|took\s+back\s+control)\b",
    ),
    _rule(
        _BT,
        "Government regains territory",
        r"\b(?P<t>liberat(?:ed|es|ing)|took\s+back|taken\s+back|reclaim(?:ed|s|ing)?)"
        + _gap(3)
        + _TERRITORY,
    ),
    _rule(
        _BT,
        "Non-state actor overtakes territory",
        r"\b(?P<t>over(?:ran|run|running|runs)|fell\s+to|(?:seiz|captur)(?:ed|es|ing|e)\s+control"
        r"|took\s+control|taken\s+control|took\s+over)\b",
    ),
    _rule(
        _BT,
        "Non-state actor overtakes territory",
        r"\b(?P<t>seiz(?:ed|es|ing|e)|captur(?:ed|es|ing|e))"
        + _gap(3)
        + rf"(?:{_TERRITORY}|(?-i:[A-Z][a-z]+)\b(?!{_gap(2)}{_PERSON}))",
    ),
    # Violence against civilians: abductions and sexual violence.
    _rule(
        _VAC,
        "Abduction/forced disappearance",
        r"\b(?P<t>kidnap\w*|abduct\w*|(?:taken|took|held|seized)\s+(?:\w+\s+)?hostages?"
        r"|hostage-taking|forcibly\s+disappeared|forced\s+disappearances?)\b",
    ),
    _rule(
        _VAC,
        "Sexual violence",
        r"\b(?P<t>(?:gang-?)?rap(?:e|ed|es|ing)|sexual(?:ly)?\s+(?:assault(?:ed|s)?|abused?"
        r"|abusing|violence|exploitation))\b",
    ),
    # Armed clashes.
    _rule(
        _BT,
        "Armed clash",
        r"\b(?P<t>clash(?:ed|es|ing)?|fighting|fought|fire[\s-]?fights?|gun[\s-]?battles?"
        r"|gunfights?|shoot-?outs?|exchang(?:ed|es|ing)\s+(?:of\s+)?fire|exchange\s+of\s+fire"
        r"|skirmish(?:es|ed)?|ambush(?:ed|es|ing)?|counter-?attack(?:s|ed|ing)?"
        r"|repell?(?:ed|ing)|repuls(?:ed|ing)|beat\s+back|(?:an?|the)\s+offensive"
        r"|offensive\s+(?:on|against)|(?:fierce|heavy|intense|bloody|pitched|street|running)"
        r"\s+battles?|battl(?:e|es|ed|ing)\s+(?:for|between|with|raged|erupted|broke))\b",
        # Each alternative's first word, "offensive" for "an offensive": read off the
        # pattern, the gate would be "a", "an" or "the", open for nearly every sentence.
        needs=_ARMED_CLASH_WORDS,
    ),
    _rule(
        _BT,
        "Armed clash",
        r"\b(?P<t>battles|(?<!in\s)advances?|advancement|advanced\s+(?:on|into|towards?|in))\b",
    ),
    _rule(
        _BT,
        "Non-state actor overtakes territory",
        r"\b(?P<t>control(?:s|led)?)\W+(?:over\W+)?(?:an?|the|several|\d+|two|three)\W+"
        r"(?:\w+\W+)?" + _TERRITORY,
    ),
    _rule(
        _BT,
        "Non-state actor overtakes territory",
        r"\b(?P<t>(?:take|takes|taking|seiz(?:e|es)|captur(?:e|es)|gain(?:s|ed|ing)?"
        r"|expand(?:s|ed|ing)?|extend(?:s|ed|ing)?)\s+(?:full\s+|complete\s+|their\s+|its\s+)?"
        r"control|expel(?:s|led|ling)?|drive(?:s|n)?\s+out|drove\s+out)\b",
    ),
    # Violence against civilians: named victims.
    _rule(
        _VAC,
        "Attack",
        r"\b(?P<t>massacr(?:e|ed|es|ing)|behead(?:s|ed|ing)?|beheadings?"
        r"|execut(?:e|es|ed|ing|ions?)|crucif(?:y|ies|ied|ying|ixions?)"
        r"|ston(?:e|es|ed|ing)\s+(?:\w+\s+){0,3}?to\s+death)\b",
    ),
    # A killing with its victims named: combatants make it a battle.
    _rule(_BT, "Armed clash", rf"\b(?P<t>{_KILL_VERB}){_gap(4)}{_COMBATANTS}"),
    _rule(_VAC, "Attack", rf"\b(?P<t>{_KILL_VERB}){_gap(4)}{_VICTIMS}"),
    _rule(_VAC, "Attack", rf"\b(?P<t>{_KILL_VERB}){_gap(4)}{_CIVILIANS}"),
    _rule(
        _VAC,
        "Attack",
        rf"{_CIVILIANS}{_gap(3)}(?:was|were|had\s+been|have\s+been|has\s+been)\W+(?:\w+\W+)?"
        rf"(?P<t>{_KILL_VERB})\b",
    ),
    # An armed actor "targets" a place or a force: a battle if forces, else shelling.
    _rule(
        _BT,
        "Armed clash",
        rf"{_ARMED_ACTOR}{_gap(3)}(?P<t>target(?:s|ed|ing)?)\b",
        _targets_forces_after,
        needs="target",
    ),
    _rule(
        _ER,
        "Shelling/artillery/missile attack",
        rf"{_ARMED_ACTOR}{_gap(3)}(?P<t>target(?:s|ed)?)\b",
        needs="target",
    ),
    # Destroying the other side's armour or positions: a battle.
    _rule(
        _BT,
        "Armed clash",
        r"\b(?P<t>destroy(?:s|ed|ing)?|devastat(?:e|es|ed|ing))"
        + _gap(3)
        + r"(?:tanks?|armou?red\s+vehicles?|military\s+vehicles?|vehicles?|bulldozers?"
        r"|(?:military\s+)?positions?|checkpoints?|rocket\s+launchers?)\b",
        _armed_sides,
    ),
    # Generic attacks: on forces a battle, otherwise violence against civilians.
    _rule(_SD, "Arrests", _ARREST, _in_raid),
    _rule(_BT, "Armed clash", r"\b" + _ATTACK, _physical_attack_on_forces),
    _rule(_VAC, "Attack", r"\b" + _ATTACK, _physical_attack),
    # Deaths and casualties with no act named: weak, any act named wins.
    _rule(_BT, "Armed clash", _DEATHS, _targets_forces, weak=True, needs=_DEATHS_WORDS),
    _rule(_BT, "Armed clash", r"\b(?P<t>losses)\b", _targets_forces, weak=True),
    _rule(_VAC, "Attack", _DEATHS, weak=True, needs=_DEATHS_WORDS),
    # Armed men with no attack verb: the weakest violent trigger.
    _rule(_BT, "Armed clash", _GUNMEN, _targets_forces, weak=True),
    _rule(_VAC, "Attack", _GUNMEN, weak=True),
    # Strategic developments.
    _rule(_SD, "Arrests", _ARREST),
    _rule(_SD, "Arrests", rf"\b(?P<t>captur(?:ed|es|ing|e)){_gap(3)}{_PERSON}"),
    _rule(
        _SD,
        "Non-violent transfer of territory",
        r"\b(?P<t>hand(?:ed|s|ing)?\s+over|hand-?overs?|transferr?(?:ed|ing|s)?"
        r"|turn(?:ed|s|ing)?\s+over)" + _gap(6) + rf"(?:{_SITE}|ceremony|control)",
    ),
    _rule(
        _SD,
        "Non-violent transfer of territory",
        r"\b(?P<t>withdr(?:ew|awn|aws?|awing|awal)|pull(?:ed|s|ing)?\s+(?:out|back))"
        + r"(?:[^\w.;:!?]+[\w'’-]+){0,3}?[^\w.;:!?]+(?:from|of)"
        + _gap(4)
        + _SITE,
    ),
    _rule(
        _SD,
        "Non-violent transfer of territory",
        r"\b(?P<t>vacat(?:ed|es|ing)|evacuat(?:ed|es|ing))" + _gap(3) + _SITE,
    ),
    _rule(
        _SD,
        "Headquarters or base established",
        r"\b(?P<t>establish(?:ed|es|ing)?|set(?:ting|s)?\s+up|buil[dt]|building|construct(?:ed|ing)?"
        r"|open(?:ed|s|ing)?)"
        + _gap(4)
        + r"(?:bases?|headquarters|HQ|outposts?|military\s+camps?|garrisons?"
        r"|command\s+(?:centres?|centers?|posts?))\b",
    ),
    _rule(
        _SD,
        "Headquarters or base established",
        r"\b(?:bases?|headquarters|outposts?|garrisons?)\W+(?:was|were|has\s+been|have\s+been"
        r"|had\s+been)\W+(?P<t>established|set\s+up|built|opened|constructed)\b",
    ),
    _rule(
        _SD,
        "Looting/property destruction",
        r"\b(?P<t>loot(?:ed|ing|s)?|plunder(?:ed|ing)?|pillag(?:ed|ing)|torch(?:ed|ing)"
        r"|set\s+(?:\w+\s+){0,3}?(?:on\s+)?fire|set\s+ablaze|burn(?:ed|t)\s+down|ransack(?:ed|ing)"
        r"|vandali[sz](?:ed|ing)|demolish(?:ed|ing)|raz(?:ed|ing)|destroy(?:ed|ing))\b",
    ),
    _rule(
        _SD,
        "Agreement",
        r"\b(?P<t>cease-?fires?|truces?|peace\s+(?:deal|agreement|accord|talks|treaty)s?"
        r"|(?:signed|signs?|signing|reached)\s+(?:\w+\s+){0,2}?(?:agreement|deal|accord|memorandum)"
        r"|prisoner\s+(?:exchange|swap|release)s?|exchang(?:e|ed)\s+(?:of\s+)?prisoners)\b",
    ),
    _rule(
        _SD,
        "Change to group/activity",
        r"\b(?P<t>pledg(?:ed|es|ing)\s+allegiance|defect(?:ed|ions?|s)|merg(?:ed|er)"
        r"|disband(?:ed|s|ing)|dissolv(?:ed|es|ing)|(?:announced|declared)\s+(?:the\s+)?"
        r"(?:formation|creation|founding)|(?:formed|founded|launched)\s+an?\s+new\s+(?:group"
        r"|militia|party|alliance|coalition|front|brigade))\b",
    ),
    _rule(
        _SD,
        "Other",
        r"\b(?P<t>curfews?|state\s+of\s+emergency|martial\s+law|reinforcements"
        r"|deploy(?:ed|s|ing)?(?:\s+\w+){0,3}?\s+(?:troops|forces|soldiers|units))\b",
    ),
)

# ---------------------------------------------------------------------------
# Modifier triggers, negation, modality, background

# A trigger followed by one of these is a modifier: "attack helicopters", "riot police".
_RE_MODIFIER_AFTER = re.compile(
    r"[\s-]+(?:helicopters?|aircraft|jets?|planes?|dogs?|submarines?|boats?|craft|ships?"
    r"|vessels?|squadrons?|police|gear|shields?|squads?|disposal|defen[cs]es?|systems?"
    r"|launchers?|programs?|programmes?|tests?|walls?|warrants?|scientists?|threats?|movements?"
    r"|leaders?|organi[sz]ers?|songs?|centres?|centers?|facilit(?:y|ies)|camps?|capabilit(?:y|ies)"
    r"|range|units?)\b",
    _I,
)
# A trigger preceded by one of these is not violence: "anti-riot", "heart attack".
_RE_MODIFIER_BEFORE = _searched(
    r"\b(?:anti-?|heart\s|panic\s|cyber-?\s?|asthma\s|verbal\s|diplomatic\s|political\s|legal\s)$",
    _I,
)
# "fighting" with a direct object is a role ("the command fighting ISIS"), not a battle.
_RE_FIGHTING_OBJECT = re.compile(
    r"\s+(?:(?:the|a|an|its|their|his|her|our|this|these|those|against|terror\w*|corruption"
    r"|crime|extremis\w*)\b|[A-Z])"
)

# A word before a trigger that makes it a verb: "to attack", "would attack".
_VERB_MARKERS = frozenset(
    {"to", "will", "would", "could", "may", "might", "can", "did", "not", "should", "shall"}
)
_CLAUSE_BOUNDARY = re.compile(r"[,;:.!?()\"“”\[\]]|\s[-–—]\s")
_WORD = re.compile(r"[\w'’-]+")
_NEGATION_WORDS = frozenset({"not", "no", "never", "nor", "neither", "none", "without", "cannot"})
_DENIAL_WORDS = frozenset({"denied", "denies", "deny", "denying"})
_DENIAL_OBJECTS = frozenset({"responsibility", "involvement", "role", "claims", "reports"})
_RE_MODAL = _searched(
    r"\b(?:could|might|would|should|will|shall|can|threat(?:en(?:s|ed|ing)?|s)?|plan(?:s|ned"
    r"|ning)?|plot(?:s|ted|ting)?|aim(?:s|ed|ing)?|intend(?:s|ed|ing)?|fears?|feared|warn(?:s|ed"
    r"|ing)?|risk|possible|potential(?:ly)?|foil(?:ed|s)?|thwart(?:ed|s)?|prevent(?:ed|s|ing)?"
    r"|avert(?:ed|s)?|if|unless|likely|expected|preparing)\b",
    _I,
)
_RE_MAY = _searched(r"\bmay\b")  # lowercase only: "May" is also a month and a name
_RE_MODAL_AFTER = re.compile(
    r"^(?:\W+\w+){0,3}?\W+(?:foiled|thwarted|averted|prevented|planned|plotted)\b", _I
)

_RE_HABITUAL = _searched(
    r"\b(?:increasingly|routinely|regularly|frequently|often|usually|typically|habitually"
    r"|a\s+(?:series|wave|spate|string|campaign)\s+of|over\s+the\s+years|in\s+recent\s+years)\b",
    _I,
)
# A trend told in the past or perfect ("has continued to launch attacks", "stepped up
# attacks"). In the present ("warplanes continue to bomb Idlib", "intensify their
# raids") a report tells what is happening as it is written: a current event.
_RE_TREND = _searched(
    r"\b(?:(?:has|have|had)\s+(?:been\s+)?(?:continu\w+|stepp\w+\s+up|ramp\w+\s+up"
    r"|intensif\w+|escalat\w+)|continued\s+to|stepped\s+up|ramped\s+up"
    r"|(?<!\bthe\s)(?<!\ban\s)(?<!\bin\s)(?<!\bits\s)(?<!\btheir\s)intensified)\b",
    _I,
)
_RE_SCOPE = _searched(
    r"\bacross\s+(?:the\s+)?(?:country|nation|region|province|(?:north|south|east|west)(?:ern)?\b"
    r"|central|several|many|multiple|(?-i:[A-Z]))",
    _I,
)
_RE_CAPABILITY = _searched(
    r"\b(?:capabilit(?:y|ies)|capable\s+of|(?:was|were|is|are|be|been)\s+able\s+to"
    r"|types?\s+of\s+attacks?|kinds?\s+of\s+attacks?|consist(?:s|ed)?\s+of|tactics?"
    r"|modus\s+operandi)\b",
    _I,
)
_RE_QUANTIFIED = _searched(
    r"\b(?:several|multiple|numerous|dozens\s+of|scores\s+of|hundreds\s+of|a\s+number\s+of|many)"
    r"\s+(?:\w+\s+){0,2}?(?:attacks|incidents|operations)\b",
    _I,
)
_RE_RECENT_SPAN = _searched(
    r"\b(?:in|over|during)\s+(?:recent|the\s+(?:past|last)\s+(?:few\s+|several\s+)?)\s*"
    r"(?:days|weeks|months|years)\b",
    _I,
)
_RE_PERFECT = re.compile(r"\b(?:has|have|had)\b|’ve\b|'ve\b", _I)
_RE_SINCE_END = _searched(r"\bsince\s+(?:the\s+)?$", _I)
_RE_TODAY = re.compile(
    r"(?:this\s+(?:morning|afternoon|evening)|yesterday|last\s+night|today|tonight"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b",
    _I,
)  # "since <this>" spans at most a few days: the event is still news
_RE_FIRST_SINCE_END = _searched(r"\b(?:first|last)\b(?:\s+\w+){0,3}?\s+since\s+(?:the\s+)?$", _I)
_TERRITORY_SUB_EVENTS = frozenset(
    {"Government regains territory", "Non-state actor overtakes territory"}
)
_RE_NON_STATE_ACTOR = _searched(
    r"\b(?:militants?|insurgents?|rebels?|jihadists?|fighters|militia(?:s|men)?|gunmen|group"
    r"|extremists|terrorists|(?-i:ISIS|ISIL|IS|Daesh)|Islamic\s+State|Taliban|al-Qaeda|al-Shabaab"
    r"|Boko\s+Haram)\b",
    _I,
)
_RE_STATE_ACTOR = _searched(
    r"\b(?:army|troops|soldiers|military|police|forces|government|regime|coalition)\b", _I
)
# Any fixed day works: background reads only the precision of date mentions.
_PRECISION_REFERENCE = dt.date(2000, 1, 1)


def _clause_before(sentence: str, position: int, max_words: int) -> list[str]:
    """The last ``max_words`` words before ``position`` in the same clause."""
    text = sentence[:position]
    boundaries = list(_CLAUSE_BOUNDARY.finditer(text))
    if boundaries:
        text = text[boundaries[-1].end() :]
    return _WORD.findall(text)[-max_words:]


def _is_negated(sentence: str, start: int) -> bool:
    """A negation word within four words before the trigger, in the same clause."""
    words = [w.lower().replace("’", "'") for w in _clause_before(sentence, start, 4)]
    for index, word in enumerate(words):
        if word in _NEGATION_WORDS or word.endswith("n't"):
            return True
        if word in _DENIAL_WORDS and not _DENIAL_OBJECTS.intersection(words[index + 1 :]):
            return True
    return False


def _is_hypothetical(sentence: str, start: int, end: int) -> bool:
    """Modality within five words before the trigger, or "foiled"/"planned" just after it."""
    window = " ".join(_clause_before(sentence, start, 5))
    if _RE_MODAL.search(window) or _RE_MAY.search(window):
        return True
    return bool(_RE_MODAL_AFTER.search(sentence[end:]))


def _dated_in_past_or_since(sentence: str) -> bool:
    """A year-only date and no finer one ("in 2014"), or a span "since <date>".

    "Since this morning" or "since yesterday" is today's event still going on,
    and "for the first time since 2011" compares, it does not date the event.
    """
    mentions = [
        m
        for m in find_dates(sentence, reference=_PRECISION_REFERENCE)
        if not _RE_FIRST_SINCE_END.search(sentence[: m.start])
    ]
    if any(
        _RE_SINCE_END.search(sentence[: m.start]) and not _RE_TODAY.match(m.text) for m in mentions
    ):
        return True
    precisions = {m.precision for m in mentions}
    return "year" in precisions and not precisions & {"day", "week"}


def _is_trend(sentence: str) -> bool:
    """A trend told in the past or perfect ("has continued to", "stepped up attacks").

    The present and the progressive ("warplanes continue to bomb Idlib", "are
    stepping up the shelling") tell what is happening as the report is written.
    """
    return bool(_RE_TREND.search(sentence))


def _is_background(sentence: str) -> bool:
    """The sentence tells of a past year, a trend, a habit or a capability."""
    if _dated_in_past_or_since(sentence):
        return True
    if _RE_RECENT_SPAN.search(sentence) and _RE_PERFECT.search(sentence):
        return True
    if _is_trend(sentence):
        return True
    return any(
        pattern.search(sentence)
        for pattern in (_RE_HABITUAL, _RE_SCOPE, _RE_CAPABILITY, _RE_QUANTIFIED)
    )


def _is_modifier(sentence: str, start: int, end: int) -> bool:
    """The trigger only modifies a noun ("attack helicopters", "anti-riot", "fighting ISIS").

    Only a bare singular can modify a following noun: "attacked police" and
    "to attack police" are verbs with objects.
    """
    trigger = sentence[start:end].lower()
    previous = _clause_before(sentence, start, 1)
    bare = not trigger.endswith(("s", "ed", "ing")) and not (
        previous and previous[0].lower() in _VERB_MARKERS
    )
    if bare and _RE_MODIFIER_AFTER.match(sentence, end):
        return True
    if _RE_MODIFIER_BEFORE.search(sentence[max(0, start - 12) : start]):
        return True
    return trigger == "fighting" and bool(_RE_FIGHTING_OBJECT.match(sentence, end))


_RULE_GATES = GateIndex(rule.gate for rule in _RULES)
# Rules that differ only in their guard (the protest types, the killings) have
# one pattern; each rule's is searched under the position of the first rule
# with that pattern, so a sentence is searched once for all of them.
_FIRST_WITH_PATTERN: tuple[int, ...] = tuple(
    next(k for k, other in enumerate(_RULES) if other.pattern == rule.pattern) for rule in _RULES
)


def _guarded_matches(sentence: str) -> Iterator[tuple[_Rule, re.Match[str]]]:
    """Every trigger match whose rule's guard accepts it, most specific rule first.

    A rule whose gate is read off its pattern is searched from the first word
    that opens it (found in the casefolded sentence, whose offsets are the
    sentence's when it is ASCII): no match can start before that word.
    """
    searched: dict[int, list[re.Match[str]]] = {}
    offsets_hold = sentence.isascii()
    for position, offset in _RULE_GATES.open_from(sentence):
        rule = _RULES[position]
        matches = searched.get(_FIRST_WITH_PATTERN[position])
        if matches is None:
            start = offset if rule.gate_at_start and offsets_hold else 0
            matches = list(rule.pattern.finditer(sentence, start))
            searched[_FIRST_WITH_PATTERN[position]] = matches
        for match in matches:
            if rule.guard is None or rule.guard(sentence, match):
                yield rule, match


def _territory_sub_event(sentence: str, start: int, default: str) -> str:
    """Who took territory: the actor named just before the trigger decides.

    A non-state actor ("militants", "the group", "ISIS") overtakes territory;
    state forces ("the army", "Iraqi forces") regain it.
    """
    subject = " ".join(_clause_before(sentence, start, 6))
    if _RE_NON_STATE_ACTOR.search(subject):
        return "Non-state actor overtakes territory"
    if _RE_STATE_ACTOR.search(subject):
        return "Government regains territory"
    return default


def _make_match(sentence: str, rule: _Rule, match: re.Match[str], modifier: bool) -> EventMatch:
    """The EventMatch for one trigger match; ``background`` only from ``modifier`` for now."""
    start, end = match.span("t")
    sub_event = rule.sub_event_type
    if sub_event in _TERRITORY_SUB_EVENTS:
        sub_event = _territory_sub_event(sentence, start, sub_event)
    return EventMatch(
        event_type=rule.event_type,
        sub_event_type=sub_event,
        trigger=sentence[start:end],
        trigger_start=start,
        trigger_end=end,
        negated=_is_negated(sentence, start),
        hypothetical=_is_hypothetical(sentence, start, end),
        background=modifier,
    )


def _select(sentence: str) -> EventMatch | None:
    """The most specific trigger that is asserted as fact.

    Rules are tried in order of specificity. A trigger that is negated or
    hypothetical yields to a later, asserted one ("police arrested a man who
    had planned to bomb a church" is an arrest), though not to a weak one such
    as "gunmen"; any real trigger beats one that is only a modifier. Failing
    those, the first candidate is returned.
    """
    first_real: EventMatch | None = None
    first_modifier: EventMatch | None = None
    for rule, match in _guarded_matches(sentence):
        if rule.weak and first_real is not None:
            continue
        modifier = _is_modifier(sentence, match.start("t"), match.end("t"))
        event = _make_match(sentence, rule, match, modifier)
        if modifier:
            first_modifier = first_modifier or event
        elif not (event.negated or event.hypothetical):
            return event
        else:
            first_real = first_real or event
    return first_real or first_modifier


def classify_sentence(sentence: str) -> EventMatch | None:
    """Classify ``sentence`` as an ACLED event type, or None if it tells of no event.

    >>> m = classify_sentence("Three Katyusha rockets targeted a compound near the airport.")
    >>> (m.event_type, m.sub_event_type, m.trigger)
    ('Explosions/Remote violence', 'Shelling/artillery/missile attack', 'Katyusha')
    >>> classify_sentence("The coalition said the group is failing.") is None
    True
    """
    event = _select(sentence)
    if event is None or event.background:
        return event
    return replace(event, background=_is_background(sentence))


def is_incident(match: EventMatch | None) -> bool:
    """True when ``match`` reports a real, single event: not negated, hypothetical or background.

    >>> is_incident(None)
    False
    """
    return match is not None and not (match.negated or match.hypothetical or match.background)
