"""Provides the report's story: cover, contents, key points, method, findings, themes,
recommendations and appendix, as a list of reportlab flowables.

`meta` is gathered from the store by `metadata.gather` (interviews by mode, interviewers,
period, organisations engaged against the register); every key is optional so a
hand-built dict is enough for tests.
"""

from __future__ import annotations

import datetime as dt

from engagement_tui.findings.disclosure import RULE
from engagement_tui.findings.results import percent_of
from engagement_tui.report import narrative, sections, subset_text, tables
from engagement_tui.report.styles import ReportSettings, text

MAX_KEY_POINTS = 8


def cover(findings: dict, meta: dict, settings: ReportSettings, styles: dict) -> list:
    from reportlab.platypus import NextPageTemplate, PageBreak, Paragraph, Spacer

    questionnaire = findings.get("questionnaire", {})
    title = settings.title or questionnaire.get("title") or questionnaire.get("form_id", "")
    lines = [
        Spacer(1, 150),
        Paragraph(text(title), styles["cover_title"]),
    ]
    if settings.programme:
        lines.append(Paragraph(text(settings.programme), styles["cover_sub"]))
    lines += [
        Spacer(1, 8),
        Paragraph(settings.report_date.strftime("%-d %B %Y"), styles["cover_sub"]),
        Spacer(1, 30),
        Paragraph(text(subset_text.cover_line(findings)), styles["body"]),
        NextPageTemplate("body"),
        PageBreak(),
    ]
    return lines


def contents(styles: dict) -> list:
    from reportlab.platypus import PageBreak, Paragraph
    from reportlab.platypus.tableofcontents import TableOfContents

    toc = TableOfContents(levelStyles=[styles["toc1"], styles["toc2"]], dotsMinLevel=0)
    return [Paragraph("Contents", styles["toc_title"]), toc, PageBreak()]


def key_points(findings: dict) -> list[tuple[str, object]]:
    """(headline, base) pairs: the findings' own key findings, else the strongest headlines."""
    by_headline = {q.get("headline"): q for q in findings.get("questions", []) if q.get("headline")}
    points: list[tuple[str, object]] = []
    for item in findings.get("key_findings") or []:
        if isinstance(item, dict):
            headline = item.get("headline") or item.get("text") or ""
            question = by_headline.get(headline, {})
            base = item.get("base", question.get("base"))
        else:
            headline, base = str(item), by_headline.get(str(item), {}).get("base")
        if headline:
            points.append((headline, base))
    if not points:
        candidates = [
            q
            for q in findings.get("questions", [])
            if q.get("headline") and not q.get("suppressed") and q.get("results")
        ]
        candidates.sort(key=lambda q: -max((r.get("percent") or 0) for r in q["results"]))
        points = [(q["headline"], q.get("base")) for q in candidates]
    # A report plan's key points are the coordinator's choice: all of them, as ordered.
    return points if findings.get("key_points_chosen") else points[:MAX_KEY_POINTS]


def key_points_part(findings: dict, styles: dict, heading) -> list:
    from reportlab.platypus import KeepTogether, Paragraph

    story = [heading("Key points", 1)]
    points = key_points(findings)
    if not points:
        story.append(Paragraph("No finding has a large enough base to report yet.", styles["body"]))
    for headline, base in points:
        parts = [Paragraph(text(headline), styles["bullet"], bulletText="•")]
        if base is not None:
            parts.append(Paragraph(sections.base_line(base), styles["attribution"]))
        story.append(KeepTogether(parts))
    return story


def _count_table(title: str, rows_in: list[dict], styles: dict, layout: dict):
    """Engaged against register per type or region."""
    rows = [[title, "Engaged", "In register", "Coverage"]]
    for row in rows_in:
        register = row.get("register") or 0
        coverage = f"{percent_of(row.get('engaged') or 0, register)}%" if register else "–"
        name = tables.group_name(row.get("name")) or "Not recorded"
        rows.append([name, row.get("engaged", 0), register, coverage])
    width = layout["width"]
    table = tables.table(rows, [width - 210, 70, 70, 70], styles, layout["primary"])
    return tables.whole(table, len(rows))


def _date(iso: str) -> str:
    """'2026-01-05' as '5 January 2026' (anything else as given, escaped)."""
    try:
        return dt.date.fromisoformat(iso[:10]).strftime("%-d %B %Y")
    except ValueError:
        return text(iso)


def method_part(findings: dict, meta: dict, styles: dict, layout: dict, heading) -> list:
    from reportlab.platypus import Paragraph, Spacer

    threshold = findings.get("threshold", 5)
    modes = meta.get("modes") or {}
    story = [heading("Method", 1)]
    if subset_text.method_line(findings):
        story.append(Paragraph(text(subset_text.method_line(findings)), styles["body"]))
    total = meta.get("interviews", findings.get("interviews", 0))
    surveys = meta.get("survey_responses", 0)
    period = meta.get("period") or {}
    if surveys and surveys < total:
        opening = (
            f"These findings draw on {total} completed returns: {total - surveys} interviews and"
            f" {surveys} online survey responses."
        )
    elif surveys:
        opening = f"These findings draw on {total} completed online survey responses."
    else:
        opening = f"These findings draw on {total} completed interviews."
    sentences = [opening]
    if period.get("start"):
        start, end = _date(period["start"]), _date(period.get("end") or period["start"])
        sentences.append(f"They were gathered between {start} and {end}.")
    if modes:
        sentences.append("By mode: " + ", ".join(f"{text(m)} {n}" for m, n in modes.items()) + ".")
    interviewers = meta.get("interviewers") or []
    if interviewers:
        counts = meta.get("by_interviewer") or {}
        named = [f"{name} ({counts[name]})" if name in counts else name for name in interviewers]
        noun = "interviewer" if len(interviewers) == 1 else "interviewers"
        sentences.append(
            f"Interviews were carried out by {len(interviewers)} {noun}: {text(', '.join(named))}."
        )
    devices = meta.get("devices") or 0
    if devices > 1:
        sentences.append(
            f"The returns were collected on {devices} devices and merged into one database."
        )
    story.append(Paragraph(" ".join(sentences), styles["body"]))
    organisations = meta.get("organisations") or {}
    if organisations.get("register"):
        story.append(
            Paragraph(
                f"{organisations.get('engaged', 0)} of the {organisations.get('register', 0)}"
                " organisations in the member register took part.",
                styles["body"],
            )
        )
        for key, title in (("by_type", "Organisation type"), ("by_region", "Region")):
            if organisations.get(key):
                story += [_count_table(title, organisations[key], styles, layout), Spacer(1, 8)]
    if findings.get("comparison"):
        story.append(Paragraph(text(findings["comparison"]["rule"]), styles["body"]))
    story.append(
        Paragraph(
            "<b>Bases and suppression.</b> Each result gives its base: the number of completed"
            " returns in which the question was asked and answered (for a tick box, everyone it"
            " was put to). Percentages are of that base, computed from the exact counts and"
            " rounded once to a whole number, halves up, so a headline, chart and table always"
            " show the same figure; for questions where several answers could be chosen they are"
            " of respondents and may add up to more than 100%. "
            + RULE.format(threshold=threshold, mark=tables.SUPPRESSED_MARK)
            + " So no organisation or respondent can be identified.",
            styles["body"],
        )
    )
    story += profile_part(findings, styles, layout)
    return story


def profile_part(findings: dict, styles: dict, layout: dict) -> list:
    """Who took part: the profile questions' tables (never findings, never key points)."""
    from reportlab.platypus import Paragraph, Spacer

    profile = [
        q
        for q in findings.get("questions", [])
        if q.get("role") == "profile" and q.get("results") and not q.get("suppressed")
    ]
    if not profile:
        return []
    story = [Paragraph("<b>Who took part.</b>", styles["body"])]
    for question in profile:
        story += [
            Paragraph(text(question.get("label") or question.get("name")), styles["question"]),
            tables.results_table(question, styles, layout["width"], layout["primary"]),
            Paragraph(sections.base_line(question), styles["small"]),
            Spacer(1, 6),
        ]
    return story


def recommendations_part(narrative_md: str | None, styles: dict, heading) -> list:
    if not narrative_md or not narrative_md.strip():
        return []
    blocks = narrative.parse(narrative_md)
    if blocks[0][0] == "h1":
        # The author titled their own part ("# Recommendations"): theirs stands alone.
        return narrative.to_flowables(narrative_md, styles, heading, h1_level=1)
    return [heading("Recommendations", 1)] + narrative.to_flowables(narrative_md, styles, heading)


def appendix_part(findings: dict, styles: dict, layout: dict, heading) -> list:
    width = layout["width"]
    rows = [["Question", "Full wording", "Type", "Base"]]
    for question in findings.get("questions", []):
        rows.append([question.get(key, "") for key in ("name", "label", "type", "base")])
    widths = [95, width - 95 - 80 - 40, 80, 40]
    table = tables.table(rows, widths, styles, layout["primary"], numeric_from=3)
    return [heading("Appendix: questions", 1), table]


def build_story(findings, meta, settings, styles, layout, heading, narrative_md=None) -> list:
    """Every part in reading order."""
    from reportlab.platypus import PageBreak

    story = cover(findings, meta, settings, styles) + contents(styles)
    story += key_points_part(findings, styles, heading)
    if findings.get("introduction"):  # a report plan's paragraphs
        story += narrative.to_flowables("\n\n".join(findings["introduction"]), styles, heading)
    story += method_part(findings, meta, styles, layout, heading) + [PageBreak()]
    story += sections.findings_part(findings, styles, layout, heading)
    themes = sections.themes_part(findings, styles, layout, heading)
    if themes:
        story += [PageBreak()] + themes
    recommendations = recommendations_part(narrative_md, styles, heading)
    if recommendations:
        story += [PageBreak()] + recommendations
    story += [PageBreak()] + appendix_part(findings, styles, layout, heading)
    return story
