#!/usr/bin/env bash
# The one set-up script for tollbook.
#
#   bash scripts/dev.sh demo         set everything up, then run `tollbook demo`
#   bash scripts/dev.sh test [ARGS]  set everything up (and PostgreSQL and Chromium for the
#                                    tests), then ruff and pytest (ARGS go to pytest)
#   bash scripts/dev.sh setup        set everything up only
#
# Set-up: Python >= 3.11 (installed from Debian's packages when missing), a virtual
# environment in .venv at the project root, and `pip install -e '.[test]'` in it.
# The install is skipped while pyproject.toml is unchanged since the last one.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
STAMP="$VENV/.tollbook-installed"

log() { printf 'dev.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

python_ok() {  # $1: interpreter; true when it runs and is Python >= 3.11
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

apt_install() {  # apt-get install as root, or through sudo when that is available
    local run=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 \
            || die "need root or sudo to install $*; install them by hand and run again"
        run=(sudo)
    fi
    command -v apt-get >/dev/null 2>&1 \
        || die "apt-get not found; install $* (Python >= 3.11 with venv and pip) by hand"
    log "installing $* with apt-get"
    "${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${run[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

PYTHON=""
find_python() {  # sets PYTHON to the first interpreter that is Python >= 3.11
    local candidate
    for candidate in python3 python3.13 python3.12 python3.11 /usr/bin/python3; do
        if python_ok "$candidate"; then
            PYTHON="$candidate"
            return 0
        fi
    done
    return 1
}

ensure_python() {
    if ! find_python; then
        apt_install python3 python3-venv python3-pip
        find_python || die "python3 is still missing or older than 3.11 after apt-get; install Python >= 3.11"
    fi
}

ensure_venv() {
    if [ -e "$VENV" ] && ! python_ok "$VENV/bin/python"; then
        log "$VENV is broken or older than Python 3.11; recreating it"
        rm -rf "$VENV"
    fi
    if [ ! -e "$VENV" ]; then
        log "creating the virtual environment in $VENV"
        if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
            # Debian splits venv (and ensurepip) into python3-venv.
            rm -rf "$VENV"
            apt_install python3-venv python3-pip
            "$PYTHON" -m venv "$VENV" || die "could not create $VENV with $PYTHON -m venv"
        fi
        "$VENV/bin/python" -m pip install --quiet --upgrade pip
    fi
}

ensure_install() {
    local want
    want="$(cksum < pyproject.toml)"
    if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] \
        && "$VENV/bin/python" -c 'import tollbook, pytest, ruff' >/dev/null 2>&1; then
        return 0
    fi
    log "installing tollbook and its test tools into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test]'
    printf '%s\n' "$want" > "$STAMP"
}

setup() {
    ensure_python
    ensure_venv
    ensure_install
}

have_initdb() {  # PostgreSQL's server programs, in PATH or where Debian puts them
    command -v initdb >/dev/null 2>&1 && return 0
    compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

ensure_postgresql() {  # the store tests start a throwaway server (tests/conftest.py)
    have_initdb && return 0
    if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
        log "PostgreSQL (initdb) not found and neither root nor sudo is available:"
        log "install it by hand (apt-get install -y postgresql); the store tests fail without it"
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        log "PostgreSQL (initdb) not found and apt-get is missing: install PostgreSQL by hand"
        return 0
    fi
    apt_install postgresql
    have_initdb || log "apt-get installed postgresql but initdb is still missing; the store tests will fail"
}

ensure_chromium() {  # the report and web tests drive Debian's Chromium through Playwright
    [ -x /usr/bin/chromium ] && return 0
    if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
        log "Chromium (/usr/bin/chromium) not found and neither root nor sudo is available:"
        log "install it by hand (apt-get install -y chromium); the browser tests fail without it"
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1; then
        log "Chromium not found and apt-get is missing: install Chromium by hand"
        return 0
    fi
    apt_install chromium
    [ -x /usr/bin/chromium ] || log "apt-get installed chromium but /usr/bin/chromium is missing; browser tests will fail"
}

run_tests() {
    "$VENV/bin/ruff" check src tests benchmarks
    local status=0
    "$VENV/bin/python" -m pytest "$@" || status=$?
    if [ "$status" -eq 5 ]; then
        die "pytest collected no tests; that counts as a failure"
    fi
    return "$status"
}

usage() {
    sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
}

command="${1:-}"
if [ $# -gt 0 ]; then shift; fi
case "$command" in
    demo) setup; exec "$VENV/bin/tollbook" demo "$@" ;;
    test) setup; ensure_postgresql; ensure_chromium; run_tests "$@" ;;
    setup) setup; log "ready: $VENV/bin/tollbook" ;;
    -h|--help|help) usage ;;
    *) usage; exit 2 ;;
esac
