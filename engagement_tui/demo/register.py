"""Provides the demo's member register: fictional organisations across the NHS England regions.

Regions are the seven real NHS England regions; every place, system and organisation
name is invented, so no real body is ever credited with a made-up view.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

REGION_PLACES: dict[str, tuple[str, ...]] = {
    "North East and Yorkshire": (
        "Northdale",
        "Wyebridge",
        "Aireholme",
        "Teesmouth",
        "Calderfield",
        "Swaleby",
        "Ryeton",
        "Hambleford",
    ),
    "North West": (
        "Irwell Vale",
        "Mersey Heath",
        "Ribbleton",
        "Lunesdale",
        "Kentmere",
        "Weaverham",
        "Bollinford",
        "Duddon",
    ),
    "Midlands": (
        "Trentside",
        "Soarbridge",
        "Wreake Vale",
        "Tameworth",
        "Severnford",
        "Arrowby",
        "Dovecliffe",
        "Leamside",
    ),
    "East of England": (
        "Ouseland",
        "Stourmouth",
        "Wensum",
        "Colnebury",
        "Nene Valley",
        "Brettenham",
        "Lea Marsh",
        "Orwell Heath",
    ),
    "London": (
        "Northgate",
        "Riverside",
        "Eastbrook",
        "Southwark Reach",
        "Westholm",
        "Brentwick",
        "Wandle",
        "Ravensmead",
    ),
    "South East": (
        "Medway Vale",
        "Arunfield",
        "Weyhurst",
        "Rotherbridge",
        "Kennetside",
        "Cuckmere",
        "Itchenford",
        "Darenth",
    ),
    "South West": (
        "Tamar Vale",
        "Exmoorton",
        "Parrett",
        "Frome Valley",
        "Dartcombe",
        "Axebridge",
        "Camelford",
        "Brueton",
    ),
}
"""Fictional places in each of the seven NHS England regions."""

TYPE_COUNTS: dict[str, int] = {
    "NHS trust": 20,
    "foundation trust": 30,
    "ambulance trust": 7,
    "mental health trust": 15,
    "integrated care board": 14,
    "local authority": 25,
    "primary care network": 18,
    "voluntary organisation": 15,
    "social enterprise": 6,
}
"""About 150 members, in roughly the mix a membership body has."""

NAME_PATTERNS: dict[str, tuple[str, ...]] = {
    "NHS trust": ("{place} Hospitals NHS Trust", "{place} and {other} NHS Trust"),
    "foundation trust": (
        "{place} Teaching Hospitals NHS Foundation Trust",
        "{place} University Hospitals NHS Foundation Trust",
        "{place} Community Health NHS Foundation Trust",
        "{place} and {other} NHS Foundation Trust",
    ),
    "ambulance trust": ("{place} Ambulance Service NHS Trust",),
    "mental health trust": (
        "{place} Partnership NHS Foundation Trust",
        "{place} and {other} Mental Health NHS Trust",
    ),
    "integrated care board": ("NHS {system} Integrated Care Board",),
    "local authority": ("{place} Council", "{place} County Council", "{place} City Council"),
    "primary care network": ("{place} Central PCN", "{place} North PCN", "{place} Rural PCN"),
    "voluntary organisation": (
        "{place} Community Action",
        "{place} Carers' Centre",
        "{place} Older People's Forum",
        "{place} Wellbeing Network",
    ),
    "social enterprise": ("{place} Community Interest Company", "{place} Care Partnership CIC"),
}


@dataclass(frozen=True)
class Member:
    name: str
    type: str
    region: str
    system: str


def systems_of(region: str) -> list[tuple[str, tuple[str, str]]]:
    """The region's six integrated care systems, each named after the two places it covers."""
    places = REGION_PLACES[region]
    pairs = [(0, 1), (2, 3), (4, 5), (6, 7), (1, 4), (2, 5)]
    return [(f"{places[a]} and {places[b]} ICS", (places[a], places[b])) for a, b in pairs]


def build_register(rng: random.Random) -> list[Member]:
    """About 150 members with unique names, spread across regions and systems."""
    regions = list(REGION_PLACES)
    members: list[Member] = []
    taken: set[str] = set()
    for org_type, count in TYPE_COUNTS.items():
        for index in range(count):
            # Round-robin over regions so every region has every common type.
            region = regions[index % len(regions)]
            for _attempt in range(50):
                member = _member(rng, org_type, region)
                if member.name not in taken:
                    break
            else:
                continue
            taken.add(member.name)
            members.append(member)
    return members


def _member(rng: random.Random, org_type: str, region: str) -> Member:
    system, system_places = rng.choice(systems_of(region))
    place = rng.choice(system_places)
    other = rng.choice([p for p in REGION_PLACES[region] if p != place])
    pattern = rng.choice(NAME_PATTERNS[org_type])
    name = pattern.format(place=place, other=other, system=system.removesuffix(" ICS"))
    return Member(name, org_type, region, system)
