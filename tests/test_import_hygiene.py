"""The core stays headless and light: checked in a fresh interpreter, as a user would start it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADLESS = [
    "engagement_tui.interview.questionnaire",
    "engagement_tui.store",
    "engagement_tui.cli",
]
UI_MODULES = {"textual", "questionary"}
HEAVY_MODULES = {"pandas", "sqlite_utils", "reportlab", "pyxform", "numpy"}


def modules_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return set(result.stdout.split())


@pytest.mark.parametrize("module", HEADLESS)
def test_core_module_imports_neither_ui_nor_heavy_libraries(module):
    loaded = modules_after_import(module)
    assert not loaded & UI_MODULES
    assert not loaded & HEAVY_MODULES


def test_engage_help_is_light():
    code = (
        "import sys\nfrom engagement_tui.cli import cli\n"
        "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "print('MODULES', ' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    loaded = set(result.stdout.split("MODULES", 1)[1].split())
    assert not loaded & (HEAVY_MODULES | UI_MODULES)
