#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml's ranges: the newest versions they admit, every
# file's hash, for Python 3.11 and up on every platform. Review the diff, run the tests, commit.
#   scripts/lock.sh            (uses uv from PATH, else installs it into .venv)
set -euo pipefail
cd "$(dirname "$0")/.."
uv=$(command -v uv || true)
if [ -z "$uv" ]; then
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/python -m pip install --quiet uv
    uv=.venv/bin/uv
fi
compile() {
    "$uv" pip compile pyproject.toml requirements/build.in "$@" \
        --universal --python-version 3.11 --generate-hashes --quiet
}
compile -o requirements/app.lock
compile --extra dev -o requirements/dev.lock
echo "requirements/app.lock and requirements/dev.lock refreshed; now run the tests."
