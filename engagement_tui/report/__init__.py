"""Provides PDF reports of findings (reportlab): `write_report(findings, meta, out)`.

Importing this package imports reportlab (about 0.3 s); commands import it lazily.

    from engagement_tui.report import ReportSettings, write_report
    write_report(findings, meta, Path("exports/survey.pdf"), narrative_md=text)
"""

from engagement_tui.report.document import write_report
from engagement_tui.report.styles import ReportSettings

__all__ = ["ReportSettings", "write_report"]
