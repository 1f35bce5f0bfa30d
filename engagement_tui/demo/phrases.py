"""Provides the demo's bank of what leaders say, by codebook theme.

Every phrase is filed under the theme it speaks to, so the demo can code the text it
writes with the theme it was drawn from. Themes use the shipped codebook's names.
The organisations, places and people in the demo are fictional.
"""

from __future__ import annotations

ANSWER_PHRASES: dict[str, tuple[str, ...]] = {
    "funding_flows": (
        "Until the money follows the patient across organisational boundaries, every partner"
        " will still default to protecting its own bottom line.",
        "Control totals set organisation by organisation work against the system; we need one"
        " financial envelope for the system and the freedom to move money to where it does"
        " most good.",
        "Single-year settlements make it almost impossible to invest in prevention that pays"
        " back in year three.",
        "We have pooled a small share of the budget at place and it has changed the"
        " conversation, but it needs to be far bigger to shift anything.",
        "Payment by activity still rewards us for admitting people rather than keeping them"
        " well at home.",
        "Capital is the forgotten piece: we cannot redesign services in buildings that are"
        " falling down.",
    ),
    "workforce": (
        "Workforce is the binding constraint: we are all competing for the same nurses and"
        " care workers in the same labour market.",
        "A joint workforce plan across health and social care would stop us poaching staff"
        " from each other.",
        "Leaders are stretched thin; the partnership work happens on top of the day job.",
        "We need passporting so staff can move between organisations without repeating"
        " checks and training.",
        "Social care pay is the elephant in the room: we cannot fix flow without fixing"
        " domiciliary care recruitment.",
        "Staff wellbeing has to be a system priority after the last few years.",
    ),
    "governance_accountability": (
        "The legal position is unclear: the partnership board can agree something and each"
        " statutory body can still say no.",
        "A statutory footing would help, provided providers and councils have a real say and"
        " it is not just the CCG with a new name.",
        "Accountability still runs organisation by organisation, so that is where boards"
        " spend their time.",
        "We need clear decision rights: what is decided at system, what at place, and what"
        " stays with individual boards.",
        "Foundation trust boards have duties to their own organisation; a duty to"
        " collaborate has to sit alongside that, not against it.",
        "Too many committees, too few decisions: governance has grown faster than delivery.",
    ),
    "local_authority_partnership": (
        "Councils must be equal partners, not invited guests at an NHS meeting.",
        "The health and wellbeing board should be the place where the system is held to"
        " account locally.",
        "Local government brings democratic legitimacy the NHS lacks; that matters when"
        " difficult choices have to be made.",
        "Social care and public health have to be in the room when decisions are taken,"
        " not told afterwards.",
        "Boundaries that do not match our council areas make joint working harder than it"
        " needs to be.",
        "Our best progress has come where the council and the trust share a director and a budget.",
    ),
    "voluntary_sector_role": (
        "The voluntary sector is treated as a provider to be commissioned, not a partner"
        " with knowledge of communities.",
        "Small charities cannot send someone to every board meeting; the system needs to"
        " find ways to hear them.",
        "Short grant cycles mean voluntary organisations lose staff just as projects start"
        " to work.",
        "The VCSE alliance has given the sector one voice at the table, and it is starting"
        " to be listened to.",
        "Community organisations reach people the NHS never sees; that should be valued properly.",
    ),
    "data_and_digital": (
        "We still cannot see a shared care record across the whole footprint.",
        "Information governance is used as a reason not to share rather than a way to"
        " share safely.",
        "Population health management needs linked data across health and care, and we are"
        " only just starting.",
        "Too many systems that do not talk to each other; staff re-key the same information"
        " three times.",
        "Good data would let us target the neighbourhoods with the worst outcomes first.",
    ),
    "regulation_oversight": (
        "Regulators still assess us organisation by organisation while asking us to behave"
        " as a system.",
        "We face duplicate assurance from the region and the centre; one conversation with"
        " the system would save a great deal of time.",
        "CQC should look at how well partners work together, not just at each provider.",
        "The data returns and assurance meetings crowd out the time we need for real improvement.",
        "Oversight should step back where systems are mature and support where they are not.",
        "National targets leave little room for local priorities.",
    ),
    "culture_and_relationships": (
        "It all comes down to relationships: where leaders trust each other, things move quickly.",
        "Trust takes years to build and can be lost when a chief executive moves on.",
        "Working together through COVID-19 showed what is possible when we stop worrying"
        " about whose budget it is.",
        "We need to move from competition to collaboration in behaviour, not just in documents.",
        "Shared purpose is there at the top, but it has not yet reached the front line.",
        "Time spent building relationships is not wasted; it is the work.",
    ),
    "primary_care_pcns": (
        "Primary care networks are still young and do not yet have the capacity to lead at place.",
        "General practice needs a genuine voice at system level, not one GP representing"
        " hundreds of practices.",
        "PCN clinical directors are carrying a huge load with very little management support.",
        "Neighbourhood teams built around PCNs are where integration becomes real for patients.",
        "Primary care is under such pressure that partnership work feels like a luxury.",
    ),
    "health_inequalities": (
        "Tackling inequalities is in every strategy but rarely in the budget.",
        "The gap in life expectancy between our most and least deprived wards has not narrowed.",
        "Prevention always loses out to the immediate pressure on urgent care.",
        "We should act as anchor institutions: local jobs, local procurement, using our"
        " estates for the community.",
        "The wider determinants, housing, work and income, matter more than anything the"
        " NHS does alone.",
        "We need to measure access and outcomes by deprivation and ethnicity, and act on"
        " what we find.",
    ),
}
"""Sentences for free-text answers, by theme."""

QUOTES: dict[str, tuple[str, ...]] = {
    "funding_flows": (
        "If the money doesn't move, nothing moves.",
        "We spend more time arguing about who pays than about what patients need.",
    ),
    "workforce": (
        "We're all fishing in the same small pond for staff.",
        "You can't integrate services you can't staff.",
    ),
    "governance_accountability": (
        "Everyone is accountable for their bit and no one is accountable for the whole.",
        "I want to know who can actually say yes.",
    ),
    "local_authority_partnership": (
        "The council isn't a junior partner. We're elected.",
        "When the council and the trust sit down as equals, things happen.",
    ),
    "voluntary_sector_role": (
        "We're invited to the table once the menu has been decided.",
        "We know these communities; ask us before the plan is written, not after.",
    ),
    "data_and_digital": (
        "We still fax discharge letters. In 2026.",
        "Information governance has become the reason to say no.",
    ),
    "regulation_oversight": (
        "We're told to collaborate and then marked on our own performance.",
        "I answer the same question for three different teams every month.",
    ),
    "culture_and_relationships": (
        "It's about trust, and trust is built over cups of tea, not in board papers.",
        "COVID showed us what we can do when the rules get out of the way.",
    ),
    "primary_care_pcns": (
        "General practice is the front door and it's the last to be asked.",
        "PCNs are being asked to run before they can walk.",
    ),
    "health_inequalities": (
        "Inequalities are in every plan and no one's budget.",
        "Our job is to close the gap, not just to run hospitals well.",
    ),
}
"""Verbatim quotes an interviewer writes down, by theme."""

SHORT_ANSWERS: dict[str, tuple[str, ...]] = {
    "org_type_other": (
        "Independent hospice",
        "Community interest company providing community services",
        "Healthwatch",
        "Independent sector provider",
    ),
    "difference_other": (
        "Capital funding for shared estates",
        "Time: fewer national initiatives arriving at once",
        "A single set of outcome measures for the system",
        "Stable leadership at system level",
    ),
}
"""Short, factual answers to particular short-text questions, by question name."""

QUESTION_THEMES: dict[str, tuple[str, ...]] = {
    "system_journey": ("culture_and_relationships", "governance_accountability", "workforce"),
    "footing_reasons": ("governance_accountability", "local_authority_partnership"),
    "duty_in_practice": ("culture_and_relationships", "funding_flows", "governance_accountability"),
    "oversight_detail": ("regulation_oversight", "governance_accountability"),
    "purpose_gap": ("health_inequalities", "funding_flows", "workforce"),
    "place_arrangements": (
        "primary_care_pcns",
        "local_authority_partnership",
        "voluntary_sector_role",
    ),
    "what_would_change": (
        "local_authority_partnership",
        "voluntary_sector_role",
        "governance_accountability",
    ),
}
"""Themes a question's answers lean towards; other questions draw from every theme."""

ORGANISATION_TYPE_THEMES: dict[str, tuple[str, ...]] = {
    "local authority": ("local_authority_partnership", "health_inequalities"),
    "voluntary organisation": ("voluntary_sector_role", "health_inequalities"),
    "social enterprise": ("voluntary_sector_role", "funding_flows"),
    "primary care network": ("primary_care_pcns", "workforce"),
    "ambulance trust": ("workforce", "data_and_digital"),
    "integrated care board": ("governance_accountability", "data_and_digital"),
}
"""Themes an organisation type returns to more often than others do."""
