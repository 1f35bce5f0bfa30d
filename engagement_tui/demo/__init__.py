"""Provides `engage demo`'s programme: a register, interviews, notes and codings from a seed.

The same seed gives the same content: every random choice, UUID and timestamp comes
from one `random.Random(seed)`. Everything is written in one transaction through the
bulk store methods, so a demo takes well under a second to store and is never half there.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from engagement_tui.demo.answers import ChoiceHabits, Respondent, Walk, walk
from engagement_tui.demo.phrases import ORGANISATION_TYPE_THEMES, QUOTES
from engagement_tui.demo.register import Member, build_register
from engagement_tui.interview.questionnaire import Questionnaire
from engagement_tui.store import Store
from engagement_tui.store.imports import (
    NewCoding,
    NewInterview,
    NewNote,
    NewOrganisation,
    NewTheme,
)

DEFAULT_SEED = 2026
COMPLETED_INTERVIEWS = 120
DRAFTS = 4
INTERVIEWERS = ("Priya Shah", "Tom Hughes", "Aisha Okafor", "Gareth Jones", "Helen Marsh")
FIRST_NAMES = (
    "Sarah", "James", "Fatima", "David", "Claire", "Mohammed", "Rachel", "Andrew", "Nkechi",
    "Paul", "Emma", "Rajesh", "Louise", "Simon", "Grace", "Martin", "Anita", "Chris",
    "Joanne", "Daniel", "Yasmin", "Richard", "Helen", "Owen",
)  # fmt: skip
LAST_NAMES = (
    "Patel", "Thompson", "Wright", "Khan", "Evans", "Roberts", "Begum", "Walker", "Hughes",
    "Green", "Ahmed", "Clarke", "Lewis", "Mensah", "Turner", "Hall", "Wood", "Campbell",
    "Singh", "Morris",
)  # fmt: skip
ROLES: dict[str, tuple[str, ...]] = {
    "local authority": (
        "Chief executive",
        "Director of adult social services",
        "Director of public health",
        "Cabinet member for health and care",
    ),
    "primary care network": ("Clinical director", "PCN manager"),
    "voluntary organisation": ("Chief executive", "Chair of trustees", "Director of services"),
    "social enterprise": ("Managing director", "Chief executive"),
    "integrated care board": ("Chief executive", "Chair", "Director of strategy"),
}
NHS_ROLES = (
    "Chief executive",
    "Chair",
    "Director of strategy",
    "Medical director",
    "Director of finance",
)
OBSERVATIONS = (
    "Interviewee asked to see the summary before anything is published.",
    "Very positive about the system; cautious about naming partners.",
    "Joined late from another meeting; the last section was rushed.",
    "Offered to put us in touch with their place-based partnership lead.",
)
FIELDWORK_START = date(2026, 2, 2)
FIELDWORK_DAYS = 115
REGISTER_LOADED = "2026-01-26T09:30:00.000Z"


@dataclass(frozen=True)
class Programme:
    organisations: list[NewOrganisation]
    interviews: list[NewInterview]
    themes: list[NewTheme]


@dataclass(frozen=True)
class DemoSummary:
    questionnaires: int
    organisations: int
    completed: int
    drafts: int
    withdrawn: int
    codings: int
    busiest_form: str
    """The form with the most completed interviews: the best first look at findings."""


def shipped_questionnaires() -> list[Path]:
    """The questionnaires that come with the app: inside the installed package (a wheel, as
    `pipx install .` builds it, carries them there), else questionnaires/ in the checkout."""
    package = Path(__file__).resolve().parents[1]
    for folder in (package / "questionnaires", package.parent / "questionnaires"):
        if found := sorted(folder.glob("*.yaml")):
            return found
    return []


class DemoRefused(Exception):
    """The demo cannot be written here: the database holds data, or a shipped file is bad."""


def fill_with_demo(store: Store, seed: int = DEFAULT_SEED) -> DemoSummary:
    """Load the shipped questionnaires and write the demo programme into an empty store
    (`engage demo`, and `d` on the app's welcome screen)."""
    from engagement_tui.loaders import QuestionnaireError, load

    counts = store.counts()
    if counts["questionnaires"] or counts["organisations"] or counts["interviews"]:
        raise DemoRefused(f"{store.path} already holds data; the demo needs an empty database")
    paths = shipped_questionnaires()
    if not paths:
        raise DemoRefused("no shipped questionnaires found (questionnaires/*.yaml)")
    try:
        questionnaires = [load(path) for path in paths]
    except QuestionnaireError as error:
        # A shipped questionnaire that does not load is a packaging fault: say where.
        raise DemoRefused(f"shipped questionnaire not valid: {error.problems[0]}") from None
    return run_demo(store, questionnaires, seed)


def run_demo(store: Store, questionnaires: list[Questionnaire], seed: int) -> DemoSummary:
    """Store the questionnaires and a whole synthetic programme in one transaction."""
    programme = build_programme(questionnaires, seed)
    with store.db.transaction():
        for questionnaire in questionnaires:
            store.forms.save(questionnaire)
        store.imports.import_many(
            programme.interviews, programme.organisations, programme.themes, stamp=REGISTER_LOADED
        )
        _review_quotes(store, questionnaires, seed)
    statuses = [interview.status for interview in programme.interviews]
    return DemoSummary(
        questionnaires=len(questionnaires),
        organisations=len(programme.organisations),
        completed=statuses.count("complete"),
        drafts=statuses.count("draft"),
        withdrawn=statuses.count("withdrawn"),
        codings=sum(len(i.codings) for i in programme.interviews if i.status == "complete"),
        busiest_form=Counter(
            i.form_id for i in programme.interviews if i.status == "complete"
        ).most_common(1)[0][0],
    )


def build_programme(questionnaires: list[Questionnaire], seed: int) -> Programme:
    """Everything the demo stores, decided by `seed` alone."""
    rng = random.Random(seed)
    members = build_register(rng)
    organisations = [
        NewOrganisation(m.name, m.type, m.region, m.system, _uuid(rng), REGISTER_LOADED)
        for m in members
    ]
    themes = [
        NewTheme(q.form_id, theme.name, theme.description)
        for q in questionnaires
        for theme in q.codebook
    ]
    order = members[:]
    rng.shuffle(order)
    interviews: list[NewInterview] = []
    for questionnaire, count in _shares(questionnaires):
        habits = ChoiceHabits(rng, questionnaire)
        guide = _is_interview_guide(questionnaire)
        statuses = ["complete"] * count
        if guide or not any(_is_interview_guide(q) for q in questionnaires):
            statuses += ["draft"] * DRAFTS + ["withdrawn"]
        leanings = [(k + rng.random()) / len(statuses) for k in range(len(statuses))]
        rng.shuffle(leanings)
        for status, leaning in zip(statuses, leanings, strict=True):
            member = order[len(interviews) % len(order)]
            interviews.append(
                _interview(rng, questionnaire, habits, member, status, guide, leaning)
            )
    interviews.sort(key=lambda interview: interview.started_at)
    return Programme(organisations, interviews, themes)


def _shares(questionnaires: list[Questionnaire]) -> list[tuple[Questionnaire, int]]:
    """Completed interviews per questionnaire: surveys get 3 parts, interview guides 2."""
    weights = [2 if _is_interview_guide(q) else 3 for q in questionnaires]
    total = sum(weights) or 1
    return [
        (q, round(COMPLETED_INTERVIEWS * w / total))
        for q, w in zip(questionnaires, weights, strict=True)
    ]


def _is_interview_guide(questionnaire: Questionnaire) -> bool:
    """Guides carry probes for the interviewer; self-completed surveys do not."""
    return any(question.probe for question in questionnaire.questions)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _interview(rng, questionnaire, habits, member: Member, status: str, guide: bool, leaning):
    day = FIELDWORK_START + timedelta(days=rng.randrange(FIELDWORK_DAYS))
    if status == "draft":
        day = FIELDWORK_START + timedelta(days=FIELDWORK_DAYS + rng.randrange(5))
    if guide:
        if day.isoweekday() > 5:  # interviews happen on weekdays
            day += timedelta(days=8 - day.isoweekday())
        start = datetime.combine(day, time(9 + rng.randrange(8), rng.choice((0, 30))), UTC)
        duration = timedelta(minutes=rng.randrange(40, 66))
        attribution = rng.choices(("named", "role_only", "anonymous"), (0.3, 0.4, 0.3))[0]
        mode = rng.choices(("in person", "video", "phone"), (0.4, 0.45, 0.15))[0]
    else:
        start = datetime.combine(day, time(7 + rng.randrange(16), rng.randrange(60)), UTC)
        duration = timedelta(minutes=rng.randrange(8, 21))
        attribution = rng.choices(("role_only", "anonymous"), (0.3, 0.7))[0]
        mode = "online survey"
    respondent = Respondent(member.type, member.system, attribution, not guide, leaning)
    stop_after = None
    if status == "draft":
        answerable = sum(1 for q in questionnaire.questions if q.answerable)
        stop_after = max(1, int(answerable * rng.uniform(0.25, 0.6)))
    result = walk(questionnaire, respondent, rng, habits, day, stop_after)
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    role = rng.choice(ROLES.get(member.type, NHS_ROLES))
    if questionnaire.has_question("job_role") and "job_role" in result.answers:
        # The register's role agrees with what the respondent said they do.
        question = questionnaire.question("job_role")
        role = questionnaire.choices(question).label_for(result.answers["job_role"])
    notes, codings = _notes_and_codings(rng, questionnaire, result, member, guide)
    finished = start + duration
    return NewInterview(
        form_id=questionnaire.form_id,
        answers=result.answers,
        organisation=member.name,
        respondent="" if not guide and attribution == "anonymous" else name,
        role=role,
        interviewer=rng.choice(INTERVIEWERS) if guide else "",
        mode=mode,
        status=status,
        consent_basis=(
            "verbal consent recorded at interview" if guide else "consent statement accepted"
        ),
        attribution=attribution,
        position=result.position,
        source="demo",
        uuid=_uuid(rng),
        device="demo",
        started_at=_stamp(start),
        updated_at=_stamp(finished),
        completed_at=_stamp(finished) if status == "complete" else None,
        notes=tuple(notes),
        drafts=_half_typed(rng, questionnaire, result) if status == "draft" else {},
        codings=tuple(codings),
    )


def _notes_and_codings(rng, questionnaire, result: Walk, member: Member, guide: bool):
    """Codings of the free text by the themes it was drawn from; for guides, quotes too."""
    codebook = {theme.name for theme in questionnaire.codebook}
    codings = [
        NewCoding(theme, question=question)
        for question, themes in result.themes.items()
        for theme in themes
        if theme in codebook
    ]
    notes: list[NewNote] = []
    if not guide:
        return notes, codings
    spoken = [(q, theme) for q, themes in result.themes.items() for theme in themes]
    spoken += [("", theme) for theme in ORGANISATION_TYPE_THEMES.get(member.type, ())]
    for question, theme in rng.sample(spoken, min(len(spoken), rng.choice((1, 1, 2)))):
        notes.append(NewNote(rng.choice(QUOTES[theme]), question, "quote", _uuid(rng)))
        if theme in codebook:
            codings.append(NewCoding(theme, note=len(notes) - 1))
    if rng.random() < 0.2:
        notes.append(NewNote(rng.choice(OBSERVATIONS), "", "observation", _uuid(rng)))
    return notes, codings


def _half_typed(rng: random.Random, questionnaire: Questionnaire, result: Walk) -> dict[str, str]:
    """What an interviewer had typed, not yet saved, when a draft was left."""
    if not result.position or questionnaire.question(result.position).type != "text":
        return {}
    if rng.random() < 0.3:
        return {}
    return {result.position: "They said the partnership board works well when"}


PERSONAL_ANSWER = (
    "Happy to say more about how the board works in practice. I'm {name}, ring me on"
    " 07700 900461 or email {email} any weekday."
)
"""What respondents do write in a free-text box: the demo keeps one, for redaction to catch."""


def _review_quotes(store: Store, questionnaires: list[Questionnaire], seed: int) -> None:
    """The coordinator's review: three in four interviewers' quotes approved (checked with
    the interviewee, as the guide promises); and one anonymous respondent who left their
    name, mobile and email in an answer, which redaction must keep out of print."""
    rng = random.Random(seed + 1)
    for questionnaire in questionnaires:
        candidates = store.quotes.candidates(questionnaire.form_id, [])
        keys = [row["key"] for row in candidates if rng.random() < 0.75]
        store.quotes.approve(keys, stamp=REGISTER_LOADED)  # same seed, same database
    guide = next((q for q in questionnaires if _is_interview_guide(q)), None)
    if guide is None or not guide.has_question("anything_else"):
        return
    row = store.db.query(
        "SELECT a.interview_id, i.respondent FROM answers a JOIN interviews i"
        " ON i.id = a.interview_id WHERE i.form_id = ? AND i.status = 'complete'"
        " AND i.attribution = 'anonymous' AND a.question = 'anything_else' AND i.respondent != ''"
        " ORDER BY a.interview_id LIMIT 1",
        (guide.form_id,),
    )
    if row:
        name = row[0]["respondent"]
        email = ".".join(name.lower().split()) + "@example.nhs.uk"
        store.db.conn.execute(
            "UPDATE answers SET value = json_quote(?) WHERE interview_id = ? AND question = ?",
            (
                PERSONAL_ANSWER.format(name=name, email=email),
                row[0]["interview_id"],
                "anything_else",
            ),
        )
