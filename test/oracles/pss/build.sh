#!/usr/bin/env bash
# Builds the Pod Security Standards oracle (main.go, on k8s.io/pod-security-admission) once and
# caches it outside the repo, keyed by the hash of its sources and the Go version:
#   ${TENET_CACHE:-$HOME/.cache/tenet}/oracles/pss/<hash>/pss-oracle
# Prints the binary's path on stdout. Exits 127 when the Go toolchain is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v go >/dev/null 2>&1; then
  echo "build.sh: the Go toolchain (go) is not on PATH" >&2
  exit 127
fi
export GOTOOLCHAIN=local CGO_ENABLED=0
key=$( (cat "$here/go.mod" "$here/go.sum" "$here/main.go"; go env GOVERSION) | sha256sum | cut -c1-16)
dir="${TENET_CACHE:-$HOME/.cache/tenet}/oracles/pss/$key"
if [[ ! -x "$dir/pss-oracle" ]]; then
  mkdir -p "$dir"
  start=$SECONDS
  # Build to a temporary name and rename, so a run killed mid-build never leaves a broken binary.
  (cd "$here" && go build -trimpath -o "$dir/pss-oracle.tmp.$$" .)
  mv "$dir/pss-oracle.tmp.$$" "$dir/pss-oracle"
  echo "build.sh: built the PSS oracle in $((SECONDS - start))s" >&2
fi
echo "$dir/pss-oracle"
