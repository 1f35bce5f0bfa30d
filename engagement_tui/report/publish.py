"""Provides `publish_report`: findings from the store to a PDF file, for every caller.

`engage report` and the findings screen both call it, so a report written from the app is
the report the command writes: findings broken down by organisation type unless told
otherwise, the method facts gathered from the store, the file written whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from engagement_tui.files.paths import default_output_dir
from engagement_tui.report.styles import ReportSettings
from engagement_tui.store import Store

DEFAULT_BREAKDOWN = "organisation_type"


class ReportFailed(Exception):
    """The report could not be written; the message is one line for the user."""


def default_report_path(form_id: str, today: dt.date, fmt: str = "pdf") -> Path:
    """exports/<form_id>-<YYYY-MM-DD>.pdf (or .docx)"""
    return default_output_dir() / f"{form_id}-{today.isoformat()}.{fmt}"


def branded(store: Store, **overrides: object) -> ReportSettings:
    """ReportSettings from the database's branding (`engage settings`), then `overrides`."""
    from engagement_tui.report.branding import stored

    given = {name: value for name, value in overrides.items() if value not in (None, "")}
    return ReportSettings(**{**stored(store), **given})


def _subset_ids(store: Store, form_id: str, findings: dict) -> frozenset[int] | None:
    """The interview ids of the findings' subset (None when they cover everyone)."""
    subset = findings.get("subset")
    if not subset:
        return None
    from engagement_tui.store.subsets import Condition, select

    conditions = [Condition(c["field"], c["value"]) for c in subset["where"]]
    return select(store.db, store.forms.load(form_id), conditions).ids


def publish_report(
    store: Store,
    form_id: str,
    target: Path,
    *,
    by: str | None = DEFAULT_BREAKDOWN,
    narrative_md: str | None = None,
    settings: ReportSettings | None = None,
    fmt: str = "pdf",
    charts_dir: Path | None = None,
    where: tuple[str, ...] = (),
    plan=None,
    compare: str | None = None,
    language: str | None = None,
) -> Path:
    """Compute the findings of `form_id` and write its report to `target`; return `target`.

    `fmt` is "pdf" or "docx" (Word, from the same findings and content); with `charts_dir`,
    every chart is also written there as PNG and SVG. `where` ("FIELD=VALUE") reports on a
    subset; the method facts are then of the subset too. `plan` (report.plan.Plan) shapes
    the report: title, key points, sections, introduction, quotes, recommendations.
    `compare` (a form id or revision) sets the findings beside an earlier wave.
    `language` (one of the form's) gives its questions and choices in that language.

    Raises ReportFailed for an unknown form or breakdown field, or a file that cannot be written.
    Without `settings`, the database's branding is used.
    """
    from engagement_tui.files.atomic import atomic_write
    from engagement_tui.findings import FindingsError, compute_findings
    from engagement_tui.report import write_report
    from engagement_tui.report.metadata import gather

    try:
        if compare:
            from engagement_tui.findings.waves import compare_with

            findings = compare_with(
                store, form_id, compare, by=by or None, where=where, language=language
            )
        else:
            findings = compute_findings(
                store, form_id, by=by or None, where=where, language=language
            )
        settings = settings or branded(store)
    except FindingsError as error:
        raise ReportFailed(str(error)) from error
    if plan is not None:
        import dataclasses

        from engagement_tui.report.plan import PlanError
        from engagement_tui.report.plan_build import apply_plan
        from engagement_tui.report.plan_quotes import quote_candidates

        try:
            findings, overrides, plan_md = apply_plan(
                plan, findings, quote_candidates(store, form_id)
            )
        except PlanError as error:
            raise ReportFailed(str(error)) from error
        settings = dataclasses.replace(settings, **overrides)
        narrative_md = "\n\n".join(part for part in (plan_md, narrative_md) if part) or None
    try:
        with atomic_write(target) as handle:
            writer = write_report
            if fmt == "docx":
                from engagement_tui.report.word import write_docx as writer
            writer(
                findings,
                gather(store, form_id, _subset_ids(store, form_id, findings)),
                handle,
                narrative_md=narrative_md,
                settings=settings,
            )
    except OSError as error:
        raise ReportFailed(f"could not write {target}: {error.strerror or error}") from error
    if charts_dir is not None:
        from engagement_tui.report.images import write_chart_images

        try:
            write_chart_images(findings, charts_dir, settings.primary_colour)
        except OSError as error:
            raise ReportFailed(
                f"could not write charts to {charts_dir}: {error.strerror or error}"
            ) from error
    return target
