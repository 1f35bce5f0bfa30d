#!/usr/bin/env bash
# Run the whole suite against the newest releases that pyproject.toml's ranges admit, not the
# lock, in a throwaway venv: upstream drift shows up here before it reaches a user. Run on
# demand (it downloads), like the benchmarks; CI installs from the lock and never runs this.
#   scripts/test-newest.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(mktemp -d)/venv
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[dev]'
echo "Newest releases in range:"
"$venv/bin/python" -m pip freeze --exclude-editable | sed 's/^/  /'
diff <(grep -E '^[a-z0-9]' requirements/dev.lock | sed 's/ .*//' | sort) \
     <("$venv/bin/python" -m pip freeze --exclude-editable | tr 'A-Z_' 'a-z-' | sort) \
     | grep -E '^[<>]' | sed 's/^</  locked:/; s/^>/  newest:/' || echo "  (the lock is current)"
"$venv/bin/ruff" check . && "$venv/bin/lint-imports" >/dev/null
"$venv/bin/python" -m pytest -q "$@"
