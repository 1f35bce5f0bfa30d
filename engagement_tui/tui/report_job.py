"""Provides the PDF report as the findings screen writes it, in a worker thread.

`write_pdf_report(db_path, form_id)` opens its own Store (a SQLite connection stays in the
thread that opened it) and takes the same path as `engage report` (`publish_report`),
to exports/<form_id>-<date>.pdf. Heavy imports (reportlab, the findings engine) happen inside.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

__all__ = ["write_pdf_report"]


def write_pdf_report(db_path: str, form_id: str, *, today: dt.date | None = None) -> Path:
    """Write the report of `form_id` to the default path and return that path.

    Raises `engagement_tui.report.publish.ReportFailed` with a one-line message.
    """
    from engagement_tui.report.publish import branded, default_report_path, publish_report
    from engagement_tui.store import Store

    today = today or dt.date.today()
    store = Store.open(db_path)
    try:
        return publish_report(
            store,
            form_id,
            default_report_path(form_id, today),
            settings=branded(store, report_date=today),
        )
    finally:
        store.close()
