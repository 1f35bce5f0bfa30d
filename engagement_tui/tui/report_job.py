"""Provides the PDF report as the findings screen writes it: the same steps as `engage report`.

`write_pdf_report(db_path, form_id)` opens its own Store (it runs in a worker thread, and a
SQLite connection stays in the thread that opened it), computes findings broken down by
organisation type as the CLI does by default, and writes exports/<form_id>-<date>.pdf
whole or not at all. Heavy imports (reportlab, the findings engine) happen inside.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

__all__ = ["ReportFailed", "write_pdf_report"]


class ReportFailed(Exception):
    """The report could not be written; the message is one line for the user."""


def write_pdf_report(
    db_path: str, form_id: str, *, by: str = "organisation_type", today: dt.date | None = None
) -> Path:
    """Write the report of `form_id` to the default path and return that path."""
    from engagement_tui.atomic import atomic_write
    from engagement_tui.findings import FindingsError, compute_findings
    from engagement_tui.paths import default_output_dir
    from engagement_tui.report import ReportSettings, write_report
    from engagement_tui.report.metadata import gather
    from engagement_tui.store import Store

    today = today or dt.date.today()
    target = default_output_dir() / f"{form_id}-{today.isoformat()}.pdf"
    store = Store.open(db_path)
    try:
        try:
            findings = compute_findings(store, form_id, by=by)
        except FindingsError as error:
            raise ReportFailed(str(error)) from error
        try:
            with atomic_write(target) as handle:
                write_report(
                    findings,
                    gather(store, form_id),
                    handle,
                    settings=ReportSettings(report_date=today),
                )
        except OSError as error:
            raise ReportFailed(f"could not write {target}: {error.strerror or error}") from error
    finally:
        store.close()
    return target
