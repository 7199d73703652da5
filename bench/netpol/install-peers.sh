#!/usr/bin/env bash
# Installs the peer tools the network benchmark compares against, into the Tenet cache.
# np-guard's netpol-analyzer: https://github.com/np-guard/netpol-analyzer
set -euo pipefail
BIN="${TENET_CACHE:-$HOME/.cache/tenet}/bin"
mkdir -p "$BIN"
if [ -x "$BIN/netpolicy" ]; then
  echo "netpolicy already installed in $BIN"
  exit 0
fi
GOTOOLCHAIN=local GOBIN="$BIN" go install github.com/np-guard/netpol-analyzer/cmd/netpolicy@latest
echo "installed $BIN/netpolicy"
