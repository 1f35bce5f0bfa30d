"""Provides wave comparison: this wave's findings beside an earlier wave's, question by question.

    compare_waves(current, earlier, label="2018")

Questions are matched by name (or through `mapping`, current name -> earlier name). Each
matched choice gets the earlier percentage and the change in percentage points, computed
from the exact counts and rounded once to one decimal. A change is called "up" or "down"
only when a two-proportion z-test at the two bases finds it significant at the 95% level
(|z| >= 1.96); otherwise it is "within the margin of error" and said so. The headline
figure (the favourable share of a scale, else the top answer's share) is compared the same
way, and the headline gains it beside that figure: "Six in ten (61%, up from 52% in 2018)".
A question suppressed in either wave is not compared.
"""

from __future__ import annotations

import math
from typing import Any

from engagement_tui.findings.phrasing import round_half_up

Z_95 = 1.96
RULE = (
    "Changes since {label} are in percentage points, from the exact counts. A change is"
    " called up or down only where a two-proportion z-test finds it significant at the 95%"
    " level (|z| of at least 1.96) at the two bases; a smaller change is reported as within"
    " the margin of error."
)


def z_score(count_now: int, base_now: int, count_then: int, base_then: int) -> float:
    """The two-proportion z statistic (pooled); 0.0 when either base is empty or no variance."""
    if not base_now or not base_then:
        return 0.0
    pooled = (count_now + count_then) / (base_now + base_then)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / base_now + 1 / base_then))
    if spread == 0:
        return 0.0
    return (count_now / base_now - count_then / base_then) / spread


def change(count_now: int, base_now: int, count_then: int, base_then: int) -> dict[str, Any]:
    """Percentage points of change, its z and whether it is significant at 95%."""
    points = (count_now / base_now - count_then / base_then) * 100
    z = z_score(count_now, base_now, count_then, base_then)
    return {
        "change": round_half_up(points * 10) / 10,
        "z": round(z, 2),
        "significant": abs(z) >= Z_95,
        "direction": ("up" if z > 0 else "down") if abs(z) >= Z_95 else "within margin",
    }


def _headline_counts(question: dict) -> tuple[int, str] | None:
    """(count behind the headline figure, what it is) of a question with results."""
    results = question.get("results") or []
    if not results:
        return None
    favourable = set(question.get("favourable") or [])
    if favourable:
        return sum(r["count"] for r in results if r["value"] in favourable), "favourable"
    top = max(results, key=lambda r: r.get("count") or 0)
    return top["count"], str(top["value"])


def sentence(now: int, base_now: int, then: int, base_then: int, label: str) -> str:
    """'61%, up from 52% in 2018' or '55% (52% in 2018, within the margin of error)'."""
    result = change(now, base_now, then, base_then)
    shown_now = round_half_up(now * 100 / base_now)
    shown_then = round_half_up(then * 100 / base_then)
    if result["significant"]:
        return f"{shown_now}%, {result['direction']} from {shown_then}% in {label}"
    return f"{shown_now}% ({shown_then}% in {label}, a change within the margin of error)"


def _compare_question(question: dict, earlier: dict, label: str) -> dict[str, Any] | None:
    if question.get("suppressed") or earlier.get("suppressed"):
        return None
    base_now, base_then = question.get("base") or 0, earlier.get("base") or 0
    if not base_now or not base_then:
        return None
    then_by_value = {r["value"]: r for r in earlier.get("results") or []}
    rows = []
    for result in question.get("results") or []:
        before = then_by_value.get(result["value"])
        if before is None:
            continue
        rows.append(
            {
                "value": result["value"],
                "label": result.get("label"),
                "percent": result.get("percent"),
                "earlier_percent": before.get("percent"),
                **change(result["count"], base_now, before["count"], base_then),
            }
        )
    if not rows:
        return None
    comparison: dict[str, Any] = {"with": label, "earlier_base": base_then, "results": rows}
    now = _headline_counts(question)
    then = _headline_counts(dict(earlier, favourable=question.get("favourable")))
    if now and then and now[1] == then[1]:
        comparison.update(change(now[0], base_now, then[0], base_then))
        comparison["sentence"] = sentence(now[0], base_now, then[0], base_then, label)
        comparison["earlier_percent"] = round_half_up(then[0] * 1000 / base_then) / 10
        comparison["earlier_whole"] = round_half_up(then[0] * 100 / base_then)
        comparison["now_whole"] = round_half_up(now[0] * 100 / base_now)
    return comparison


def compare_waves(
    current: dict, earlier: dict, label: str, mapping: dict[str, str] | None = None
) -> dict:
    """The current findings with a "comparison" on every question matched in `earlier`."""
    mapping = mapping or {}
    by_name = {q.get("name"): q for q in earlier.get("questions", [])}
    compared = dict(current)
    questions, changed_headlines = [], {}
    for question in current.get("questions", []):
        then = by_name.get(mapping.get(question.get("name"), question.get("name")))
        comparison = None if then is None else _compare_question(question, then, label)
        if comparison is None:
            questions.append(question)
            continue
        updated = dict(question, comparison=comparison)
        if comparison.get("sentence") and question.get("headline"):
            updated["headline"] = with_change(question["headline"], comparison, label)
            changed_headlines[question["headline"]] = updated["headline"]
        questions.append(updated)
    compared["questions"] = questions
    compared["key_findings"] = [
        dict(item, headline=changed_headlines.get(item.get("headline"), item.get("headline")))
        for item in current.get("key_findings") or []
    ]
    compared["comparison"] = {
        "with": label,
        "form_id": earlier.get("questionnaire", {}).get("form_id"),
        "interviews": earlier.get("interviews"),
        "rule": RULE.format(label=label),
    }
    return compared


def with_change(headline: str, comparison: dict, label: str) -> str:
    """The headline with the change beside the figure it is about: "Six in ten (61%, up
    from 52% in 2018) agree ...". A headline that does not print that figure (a number
    question's mean, say: its figure is the commonest band's share) is left as it is."""
    figure = f"({comparison['now_whole']}%)"
    words = change_words(comparison, label)
    joined = ", " if comparison["significant"] else "; "
    if figure in headline:
        return headline.replace(figure, f"({comparison['now_whole']}%{joined}{words})", 1)
    return headline


def choice_changes(question: dict) -> dict[Any, str]:
    """Each compared choice's change as printed beside its row: "45%, +18.9 up" or "52%,
    +5.6 within margin" (the earlier wave's share, then the change in points)."""
    comparison = question.get("comparison") or {}
    changes = {}
    for row in comparison.get("results") or []:
        verdict = row["direction"] if row["significant"] else "within margin"
        changes[row["value"]] = f"{row['earlier_percent']:g}%, {row['change']:+.1f} {verdict}"
    return changes


def change_words(comparison: dict, label: str) -> str:
    """The words added to a headline: 'up from 52% in 2018' or '52% in 2018, within ...'."""
    then = comparison["earlier_whole"]  # rounded once, from the counts
    if comparison["significant"]:
        return f"{comparison['direction']} from {then}% in {label}"
    return f"{then}% in {label}, a change within the margin of error"


def compare_with(store, form_id: str, target: str, **options: Any) -> dict:
    """Findings of `form_id` compared with `target`: another form id (an earlier wave), or a
    revision number of the same form (then the latest revision's returns are compared with
    that revision's). `options` go to compute_findings (by, where, threshold, ...).
    FindingsError when the target does not exist.
    """
    from engagement_tui.findings import FindingsError, compute_findings

    where = list(options.pop("where", ()) or ())
    language = options.pop("language", None)
    other = store.forms.load(target)
    if other is not None:
        current = compute_findings(store, form_id, where=where, language=language, **options)
        # the earlier wave in the same language when it has it, else in its own
        own = language if language in other.languages else None
        earlier = compute_findings(store, target, where=where, language=own, **options)
        label = _year(store, target) or target
        return compare_waves(current, earlier, label)
    revision = target.lower().removeprefix("revision").removeprefix("rev").strip()
    stored = store.forms.latest(form_id)
    if not revision.isdigit() or stored is None:
        raise FindingsError(
            f"--compare {target}: neither a questionnaire nor a revision of {form_id}"
            " (see: engage questionnaire list)"
        )
    if int(revision) >= stored.revision:
        raise FindingsError(
            f"--compare {target}: compare with an earlier revision than {stored.revision}"
        )
    options["language"] = language
    current = compute_findings(
        store, form_id, where=[*where, f"revision={stored.revision}"], **options
    )
    earlier = compute_findings(store, form_id, where=[*where, f"revision={revision}"], **options)
    return compare_waves(current, earlier, f"revision {revision}")


def _year(store, form_id: str) -> str:
    """The year an earlier wave's returns were gathered in ('' when none or several)."""
    years = {
        interview.started_at[:4]
        for interview in store.interviews.list(form_id=form_id, status="complete")
    }
    return years.pop() if len(years) == 1 else ""
