"""Provides findings as text for the terminal (with bars) and as Markdown.

Both carry the key findings, each question's headline, its base ("Base: 100 respondents")
and its table; breakdowns become one column per group, with suppressed groups marked.
"""

from __future__ import annotations

import textwrap
from typing import Any

from engagement_tui.findings.phrasing import base_words, number_text, percent_text
from engagement_tui.findings.waves import choice_changes

BAR_WIDTH = 20
TEXT_WIDTH = 100
"""Headlines in text output are wrapped to this many columns."""
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(percent: float, width: int = BAR_WIDTH) -> str:
    """44 -> "████████▊" (a width of 20 cells is 100%)."""
    eighths = round(max(0.0, min(percent, 100.0)) * width * 8 / 100)
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def _base_line(entry: dict[str, Any], threshold: int) -> str:
    if entry.get("suppressed"):
        return f"Base: {base_words(entry)}: too few to report (fewer than {threshold})"
    return f"Base: {base_words(entry)}"


def _groups(entry: dict[str, Any]) -> tuple[str, dict[str, dict[str, Any]]] | None:
    breakdown = entry.get("breakdown") or {}
    return next(iter(breakdown.items()), None)


FAVOURABLE = "Net favourable"
"""Row label of the favourable share (e.g. strongly agree + agree) in breakdown tables."""


def _cell(group: dict[str, Any], value: Any) -> str:
    if group.get("suppressed"):
        return "*"
    if value is FAVOURABLE:
        return percent_text(group["favourable_percent"])
    row = next((row for row in group.get("results", []) if row["value"] == value), None)
    return percent_text(row["percent"]) if row else ""


def _table_rows(entry: dict[str, Any]) -> list[tuple[str, Any]]:
    """(label, value) of each breakdown row; the favourable share last when there is one."""
    rows = [(str(row["label"]), row["value"]) for row in entry["results"]]
    return rows + ([(FAVOURABLE, FAVOURABLE)] if "favourable_percent" in entry else [])


def _summary_text(summary: dict[str, Any]) -> str:
    keys = ("n", "mean", "median", "min", "max")
    return "  ".join(f"{key} {number_text(summary[key])}" for key in keys)


def _text_question(entry: dict[str, Any], threshold: int) -> list[str]:
    lines = [f"{entry['label'] or entry['name']}  [{entry['name']}, {entry['type']}]"]
    if entry.get("headline"):
        lines.append(
            textwrap.fill(
                entry["headline"], TEXT_WIDTH, initial_indent="  ", subsequent_indent="  "
            )
        )
    lines.append(f"  {_base_line(entry, threshold)}")
    if entry.get("suppressed"):
        return lines
    labels = [str(row["label"]) for row in entry["results"]]
    labels += [theme["label"] for theme in entry.get("themes", [])]
    label_width = max((len(label) for label in labels), default=0)
    label_width = min(max(label_width, 10), 40)
    changes = choice_changes(entry)
    if changes:
        lines.append(f"  (beside each answer: {entry['comparison']['with']}, change in points)")
    for row in entry["results"]:
        label = str(row["label"])[:label_width]
        extra = f"  mean rank {number_text(row['mean_rank'])}" if row.get("mean_rank") else ""
        extra += f"  [{changes[row['value']]}]" if row["value"] in changes else ""
        lines.append(
            f"  {label:<{label_width}}  {bar(row['percent']):<{BAR_WIDTH}}"
            f" {percent_text(row['percent']):>4}  ({row['count']}){extra}"
        )
    if entry.get("summary"):
        lines.append("  " + _summary_text(entry["summary"]))
    if "responses" in entry:
        lines.append(f"  Responses: {entry['responses']}")
    for theme in entry.get("themes", []):
        lines.append(
            f"  {theme['label'][:label_width]:<{label_width}}  {bar(theme['percent']):<{BAR_WIDTH}}"
            f" {percent_text(theme['percent']):>4}  ({theme['count']})"
        )
    for quote in entry.get("quotes", []):
        who = f" ({quote['attribution']})" if quote["attribution"] else ""
        lines.append(f'  "{quote["text"]}"{who}')
    grouped = _groups(entry)
    if grouped and entry["results"]:
        field, groups = grouped
        lines.append(f"  By {field.replace('_', ' ')}:")
        heads = [f"{name} (n={group['base']})" for name, group in groups.items()]
        widths = [max(len(head), 4) for head in heads]
        lines.append(
            "  "
            + " " * label_width
            + "".join(f"  {h:>{w}}" for h, w in zip(heads, widths, strict=True))
        )
        for label, value in _table_rows(entry):
            cells = "".join(
                f"  {_cell(group, value):>{width}}"
                for group, width in zip(groups.values(), widths, strict=True)
            )
            lines.append(f"  {label[:label_width]:<{label_width}}{cells}")
        if any(group.get("suppressed") for group in groups.values()):
            lines.append(
                f"  * not shown: fewer than {threshold}"
                " respondents, or hidden to protect a small group"
            )
    return lines


def _header(findings: dict[str, Any]) -> tuple[str, str]:
    form = findings["questionnaire"]
    version = f", version {form['version']}" if form.get("version") else ""
    title = f"{form['title']} ({form['form_id']}{version})"
    drafts = " (drafts included)" if findings.get("include_drafts") else ""
    facts = (
        f"Completed interviews: {number_text(findings['interviews'])}{drafts}."
        f" Suppression threshold: {findings['threshold']}."
    )
    comparison = findings.get("comparison")
    if comparison:
        facts += f" Compared with {comparison['with']} ({comparison['interviews']} returns)."
    subset = findings.get("subset")
    if subset:
        facts += f" Only where {subset['description']} ({subset['interviews']} of {subset['of']})."
    return title, facts


def render_text(findings: dict[str, Any]) -> str:
    """Headlines, bars and breakdown tables for the terminal."""
    title, facts = _header(findings)
    lines = [title, "=" * len(title), facts, ""]
    if findings["key_findings"]:
        lines.append("Key findings")
        lines += [
            f"  {n}. {item['headline']}" for n, item in enumerate(findings["key_findings"], 1)
        ]
        lines.append("")
    section = None
    for entry in findings["questions"]:
        if entry["section"] != section and entry["section"]:
            lines += [entry["section"], "-" * len(entry["section"])]
        section = entry["section"]
        lines += _text_question(entry, findings["threshold"]) + [""]
    return "\n".join(lines).rstrip() + "\n"


def _md(text: Any) -> str:
    return str(text).replace("|", "\\|")


def _markdown_question(entry: dict[str, Any], threshold: int) -> list[str]:
    lines = [f"### {_md(entry['label'] or entry['name'])}", ""]
    if entry.get("headline"):
        lines += [entry["headline"], ""]
    lines += [f"*{_base_line(entry, threshold)}*", ""]
    if entry.get("suppressed"):
        return lines
    grouped = _groups(entry)
    if entry["results"]:
        heads = ["Answer", "%", "Count"]
        if grouped:
            heads += [f"{_md(name)} (n={group['base']})" for name, group in grouped[1].items()]
        lines += ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
        for row in entry["results"]:
            cells = [_md(row["label"]), percent_text(row["percent"]), str(row["count"])]
            if grouped:
                cells += [_cell(group, row["value"]) for group in grouped[1].values()]
            lines.append("| " + " | ".join(cells) + " |")
        if "favourable_percent" in entry:
            favourable = set(entry.get("favourable", []))
            count = sum(row["count"] for row in entry["results"] if row["value"] in favourable)
            cells = [f"*{FAVOURABLE}*", percent_text(entry["favourable_percent"]), str(count)]
            if grouped:
                cells += [_cell(group, FAVOURABLE) for group in grouped[1].values()]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
        if grouped and any(group.get("suppressed") for group in grouped[1].values()):
            lines += [
                f"\\* not shown: fewer than {threshold}"
                " respondents, or hidden to protect a small group",
                "",
            ]
    if entry.get("summary"):
        lines += [_summary_text(entry["summary"]), ""]
    if entry.get("themes"):
        lines += ["| Theme | % | Count |", "|---|---|---|"]
        for theme in entry["themes"]:
            lines.append(
                f"| {_md(theme['label'])} | {percent_text(theme['percent'])} | {theme['count']} |"
            )
        lines.append("")
    for quote in entry.get("quotes", []):
        who = f" ({quote['attribution']})" if quote["attribution"] else ""
        lines += [f"> {quote['text']}{who}", ""]
    return lines


def render_markdown(findings: dict[str, Any]) -> str:
    """The same findings as a Markdown document."""
    title, facts = _header(findings)
    lines = [f"# {_md(title)}", "", facts, ""]
    if findings["key_findings"]:
        lines += ["## Key findings", ""]
        lines += [f"- {item['headline']}" for item in findings["key_findings"]] + [""]
    section = None
    for entry in findings["questions"]:
        if entry["section"] != section and entry["section"]:
            lines += [f"## {_md(entry['section'])}", ""]
        section = entry["section"]
        lines += _markdown_question(entry, findings["threshold"])
    return "\n".join(lines).rstrip() + "\n"
