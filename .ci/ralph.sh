#!/usr/bin/env bash
# Install Ralph (PyPI ralph-malph), a real xAPI Learning Record Store, in its own venv, and write
# test credentials. The integration tests (tests/integration/test_lrs.py) start and stop the server
# themselves (`ralph runserver -b fs -h 127.0.0.1 -p PORT`); this script only prepares it.
# Prints the variables to export, as `export NAME=value` lines: eval "$(bash .ci/ralph.sh)".
set -euo pipefail

RALPH_VERSION="${RALPH_VERSION:-5.1.0}"
RALPH_VENV="${RALPH_VENV:-/tmp/ralph-venv}"
RALPH_HOME="${RALPH_HOME:-/tmp/ralph-home}"
user="trainer-ci"
password="trainer-ci-password"   # a throwaway credential for a server bound to 127.0.0.1 only

python="$(command -v python3.11 || command -v python3)"
if [ ! -x "$RALPH_VENV/bin/ralph" ] || ! "$RALPH_VENV/bin/ralph" --version 2>/dev/null | grep -q "$RALPH_VERSION"; then
    "$python" -m venv "$RALPH_VENV" >&2
    "$RALPH_VENV/bin/python" -m pip install --quiet --upgrade pip >&2
    # cli: `ralph auth` and `ralph runserver`; lrs: the API server (FastAPI, uvicorn). The fs
    # backend needs no extra; requests is needed by Ralph's HTTP backends at import time.
    "$RALPH_VENV/bin/python" -m pip install --quiet "ralph-malph[cli,lrs]==$RALPH_VERSION" requests >&2
fi

mkdir -p "$RALPH_HOME"
auth="$RALPH_HOME/auth.json"
rm -f "$auth"
# `ralph auth` loads the configured backend: fs is the one installed. One IFI is required.
RALPH_RUNSERVER_BACKEND=fs RALPH_AUTH_FILE="$auth" RALPH_APP_DIR="$RALPH_HOME" \
    "$RALPH_VENV/bin/ralph" auth -u "$user" -p "$password" -s all \
    -A "$user" "https://trainer.invalid" -w >&2

echo "export TRAINER_RALPH_BIN=$RALPH_VENV/bin/ralph"
echo "export TRAINER_RALPH_AUTH_FILE=$auth"
echo "export TRAINER_RALPH_USER=$user"
echo "export TRAINER_RALPH_PASSWORD=$password"
