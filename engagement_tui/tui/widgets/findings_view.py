"""Provides the renderables of the findings screen: one question's results, and the key findings.

A question shows its headline, its base ("Base: 112 respondents"), its distribution as
horizontal bars (label, bar, percent, count) and, when a breakdown is chosen, a table with
one column per group and its base; groups under the suppression threshold show "*" and a
note, never a percentage. Works from the findings JSON (see engagement_tui/findings).
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from engagement_tui.findings.phrasing import base_words, number_text, percent_text

__all__ = ["base_line", "breakdown_view", "key_findings_view", "question_view"]

FAVOURABLE = "Net favourable"


def base_line(entry: dict[str, Any], threshold: int) -> Text:
    """ "Base: 112 respondents", or why there is nothing to show."""
    if entry.get("suppressed"):
        return Text(
            f"Base: {base_words(entry)}: too few to report (fewer than {threshold})",
            style="bold yellow",
        )
    return Text(f"Base: {base_words(entry)}", style="dim")


def _bars(rows: list[tuple[str, float, int, str]], bar_width: int) -> Table:
    """label, bar, percent, count (and an optional extra such as a mean rank) per row."""
    # The CLI's bars, so terminal and TUI draw the same; imported here because the
    # findings package is kept off the path to the app's first frame.
    from engagement_tui.findings.render import bar

    table = Table.grid(padding=(0, 1))
    table.add_column(ratio=1, overflow="fold")
    table.add_column(width=bar_width, no_wrap=True, style="cyan")
    table.add_column(justify="right", width=4, no_wrap=True)
    table.add_column(justify="right", no_wrap=True, style="dim")
    for label, percent, count, extra in rows:
        table.add_row(label, bar(percent, bar_width), percent_text(percent), f"({count}){extra}")
    return table


def _distribution(entry: dict[str, Any], bar_width: int) -> list[RenderableType]:
    parts: list[RenderableType] = []
    rows = []
    for row in entry.get("results", []):
        extra = f" mean rank {number_text(row['mean_rank'])}" if row.get("mean_rank") else ""
        rows.append((str(row["label"]), row["percent"], row["count"], extra))
    if rows:
        parts.append(_bars(rows, bar_width))
    summary = entry.get("summary")
    if summary:
        parts.append(Text(_summary_text(summary)))
    if "responses" in entry:
        parts.append(Text(f"Responses: {number_text(entry['responses'])}"))
    themes = entry.get("themes") or []
    if themes:
        parts.append(Text("Themes (interviews coded)", style="bold"))
        parts.append(_bars([(t["theme"], t["percent"], t["count"], "") for t in themes], bar_width))
    if entry.get("quotes"):
        parts += [Text(""), Text("Quotes", style="bold")]
    for quote in entry.get("quotes", []):
        who = f" ({quote['attribution']})" if quote["attribution"] else ""
        parts.append(Text(f"“{quote['text']}”{who}", style="italic"))
    return parts


def _summary_text(summary: dict[str, Any]) -> str:
    keys = ("n", "mean", "median", "min", "max")
    return "  ".join(
        f"{key} {'-' if summary[key] is None else number_text(summary[key])}" for key in keys
    )


def _row_keys(entry: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """(label, kind, key) of each breakdown row: answers, favourable share, themes, mean."""
    rows = [(str(row["label"]), "result", row["value"]) for row in entry.get("results", [])]
    if "favourable_percent" in entry:
        rows.append((FAVOURABLE, "favourable", None))
    rows += [(t["theme"], "theme", t["theme"]) for t in entry.get("themes") or []]
    if entry.get("summary"):
        rows += [("Mean", "summary", "mean"), ("Median", "summary", "median")]
    return rows


def _cell(group: dict[str, Any], kind: str, key: Any) -> str:
    if group.get("suppressed"):
        return "*"
    if kind == "favourable":
        return percent_text(group.get("favourable_percent", 0.0))
    if kind == "summary":
        value = (group.get("summary") or {}).get(key)
        return "-" if value is None else number_text(value)
    rows = group.get("results", []) if kind == "result" else group.get("themes") or []
    name = "value" if kind == "result" else "theme"
    row = next((row for row in rows if row[name] == key), None)
    return percent_text(row["percent"]) if row else "0%"


def _longest_word(texts: Any) -> int:
    return max((len(word) for text in texts for word in str(text).split()), default=4)


def _needed_width(table: Table) -> int:
    """The fewest cells `table` fits in without cutting a word.

    Each column's minimum plus a cell of padding either side, and a few cells more
    because rich shares out width in whole cells and would otherwise cut a word.
    """
    return sum((column.min_width or 1) + 2 for column in table.columns) + 4


def _new_table() -> Table:
    return Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold")


def _groups_as_rows(entry: dict[str, Any], groups: dict[str, Any], rows: list) -> Table:
    """One row per group (with its base), one column per answer."""
    table = _new_table()
    table.add_column("", max_width=30, min_width=min(_longest_word(groups), 16))
    table.add_column("Base", justify="right", no_wrap=True, min_width=4)
    for label, _, _ in rows:
        table.add_column(label, justify="right", min_width=min(_longest_word([label]), 10))
    table.add_row("All", str(entry["base"]), *(_cell(entry, kind, key) for _, kind, key in rows))
    for name, group in groups.items():
        cells = (_cell(group, kind, key) for _, kind, key in rows)
        table.add_row(name, str(group["base"]), *cells)
    return table


def _answers_as_rows(entry: dict[str, Any], groups: dict[str, Any], rows: list) -> Table:
    """One row per answer, one column per group headed by its name and base."""
    table = _new_table()
    table.add_column("", max_width=30, min_width=min(_longest_word(r[0] for r in rows), 16))
    columns = {"All": entry, **groups}
    for name, group in columns.items():
        width = min(max(_longest_word([name]), len(f"n={group['base']}")), 14)
        table.add_column(f"{name}\nn={group['base']}", justify="right", min_width=width)
    for label, kind, key in rows:
        table.add_row(label, *(_cell(group, kind, key) for group in columns.values()))
    return table


def _breakdown(entry: dict[str, Any], threshold: int) -> list[RenderableType]:
    breakdown = entry.get("breakdown") or {}
    if not breakdown:
        return []
    field, groups = next(iter(breakdown.items()))
    rows = _row_keys(entry)
    title = Text(f"By {field.replace('_', ' ')}", style="bold underline")
    if not rows:
        return []  # nothing reported overall (suppressed, or nobody answered)
    # Whichever way round is narrower: a few groups read best as columns, many as rows.
    table = min(
        _groups_as_rows(entry, groups, rows),
        _answers_as_rows(entry, groups, rows),
        key=_needed_width,
    )
    parts: list[RenderableType] = [title, table]
    if any(group.get("suppressed") for group in groups.values()):
        parts.append(
            Text(
                f"* not shown: fewer than {threshold}"
                " respondents, or hidden to protect a small group",
                style="yellow",
            )
        )
    return parts


def breakdown_view(entry: dict[str, Any], threshold: int) -> tuple[Group, int] | None:
    """The per-group table of a question and the fewest cells wide it fits in unbroken.

    None without a breakdown. Below that width words would be cut, so the screen lets
    a wider table scroll sideways instead.
    """
    parts = _breakdown(entry, threshold)
    if not parts:
        return None
    tables = [part for part in parts if isinstance(part, Table)]
    return Group(*parts), max((_needed_width(table) for table in tables), default=0)


def question_view(entry: dict[str, Any], threshold: int, bar_width: int = 20) -> Group:
    """The headline, base and distribution of one question."""
    parts: list[RenderableType] = [
        Text(entry["label"] or entry["name"], style="bold"),
        Text(f"{entry['name']} · {entry['type'].replace('_', ' ')}", style="dim"),
        Text(""),
    ]
    if entry.get("headline"):
        parts += [Text(entry["headline"], style="bold green"), Text("")]
    parts.append(base_line(entry, threshold))
    if not entry.get("suppressed"):
        parts += _distribution(entry, bar_width)
    return Group(*parts)


def key_findings_view(findings: dict[str, Any]) -> Group:
    """The questionnaire, its completed interviews and the key findings, numbered."""
    form = findings["questionnaire"]
    parts: list[RenderableType] = [
        Text(f"{form['title']} ({form['form_id']})", style="bold"),
        Text(
            f"Completed interviews: {number_text(findings['interviews'])}."
            f" Suppression threshold: {findings['threshold']}.",
            style="dim",
        ),
        Text(""),
        Text("Key findings", style="bold underline"),
    ]
    items = findings.get("key_findings") or []
    if not items:
        parts.append(Text("None yet: no question has a base of the threshold or more."))
    for number, item in enumerate(items, 1):
        parts.append(Text(f"{number}. {item['headline']}"))
    return Group(*parts)
