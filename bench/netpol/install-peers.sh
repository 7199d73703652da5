#!/usr/bin/env bash
# Installs np-guard's netpol-analyzer (the peer of bench/netpol) from the Go module proxy into
# ${TENET_CACHE:-~/.cache/tenet}/bin. Idempotent and optional: without it the benchmark says n/a.
set -uo pipefail
bin="${TENET_CACHE:-$HOME/.cache/tenet}/bin"
mkdir -p "$bin"
if [ -x "$bin/netpolicy" ]; then
  echo "netpolicy: present"
  exit 0
fi
echo "netpolicy: installing github.com/np-guard/netpol-analyzer/cmd/netpolicy@latest"
GOTOOLCHAIN=local GOBIN="$bin" go install github.com/np-guard/netpol-analyzer/cmd/netpolicy@latest ||
  echo "netpolicy: install failed (the benchmark will say n/a)"
