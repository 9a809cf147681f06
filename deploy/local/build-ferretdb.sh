#!/usr/bin/env bash
# Builds FerretDB v1 once into the per-user cache and prints the binary's path. Only the
# storage migration needs it (python -m devtools.migrate_storage reads a var/ of
# the old embedded default); the embedded default itself is nx-27017.
#
# `go install …@v1.24.2` cannot be used as is: the module proxy refuses the version list
# it asks for, and the module zip has an empty build/version/version.txt, which makes the
# binary panic at start. So: download the module, write the version file, build.
set -euo pipefail
VERSION="${KANALVAKT_FERRETDB_VERSION:-v1.24.2}"
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/kanalvakt"
BIN="$CACHE/ferretdb-$VERSION/ferretdb"
if [[ ! -x "$BIN" ]]; then
  command -v go >/dev/null || { echo "build-ferretdb: Go is needed to build FerretDB" >&2; exit 1; }
  echo "build-ferretdb: building FerretDB $VERSION (once, cached in $CACHE)" >&2
  moddir="$(cd "$(mktemp -d)" && go mod download -json "github.com/FerretDB/FerretDB@$VERSION" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
  src="$(mktemp -d)/ferretdb"
  cp -r "$moddir" "$src" && chmod -R u+w "$src"
  echo "$VERSION" > "$src/build/version/version.txt"
  mkdir -p "$(dirname "$BIN")"
  (cd "$src" && CGO_ENABLED=0 go build -o "$BIN" ./cmd/ferretdb) >&2
  rm -rf "$src"
fi
echo "$BIN"
