"""Provides data exports of a questionnaire's interviews: CSV, XLSX and JSON.

    paths = export(store, questionnaire, "xlsx", Path("exports"))

Respondents are pseudonymised unless `include_personal_data` is set. pandas and openpyxl
are imported only when an export is written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from engagement_tui.exports.records import collect, unique_combinations
from engagement_tui.interview.questionnaire import Questionnaire

FORMATS = ("csv", "xlsx", "json")


def export(
    store,
    questionnaire: Questionnaire,
    fmt: str,
    out_dir: Path,
    *,
    include_personal_data: bool = False,
    include_incomplete: bool = False,
    today: dt.date | None = None,
    only: frozenset[int] | None = None,
    warnings: list[str] | None = None,
) -> list[Path]:
    """Write the export files into `out_dir` as `<form_id>-<date>...`; return their paths.

    `only` limits the export to those interview ids (a `--where` subset).
    `warnings`, when given, receives a line for each disclosure risk the export carries
    (respondents whose exported attributes are unique to them).
    """
    from engagement_tui.exports import writers

    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    statuses = ("complete", "draft") if include_incomplete else ("complete",)
    records = collect(
        store,
        questionnaire,
        include_personal_data=include_personal_data,
        statuses=statuses,
        only=only,
    )
    if warnings is not None:
        warnings += unique_combinations(records)
    stem = out_dir / f"{questionnaire.form_id}-{(today or dt.date.today()).isoformat()}"
    if fmt == "csv":
        return writers.write_csv(questionnaire, records, stem)
    if fmt == "xlsx":
        return writers.write_xlsx(questionnaire, records, stem)
    return writers.write_json(questionnaire, records, stem, personal_data=include_personal_data)


def planned_paths(
    form_id: str,
    fmt: str,
    out_dir: Path,
    today: dt.date | None = None,
    repeats: tuple[str, ...] = (),
) -> list[Path]:
    """The files `export` writes for `fmt` into `out_dir` (so they can be checked first);
    `repeats` names the questionnaire's repeats (a CSV each)."""
    stem = out_dir / f"{form_id}-{(today or dt.date.today()).isoformat()}"
    if fmt == "csv":
        from engagement_tui.exports.repeat_frames import file_kind

        kinds = ("long", "wide", *(file_kind(repeat) for repeat in repeats))
        return [stem.with_name(f"{stem.name}-{kind}.csv") for kind in kinds]
    return [stem.with_name(f"{stem.name}.{fmt}")]
