#!/usr/bin/env bash
# Installs the peers of bench/netpol into ${TENET_CACHE:-~/.cache/tenet}, never system-wide.
# Idempotent and optional: a peer that cannot be installed is reported n/a by the benchmark.
#  - np-guard netpol-analyzer (Go): from the Go module proxy into $cache/bin. On the machines
#    this was first run on the proxy answered "403 Forbidden: This module version is not
#    available" for github.com/np-guard/netpol-analyzer, so it is usually missing.
#  - np-guard network-config-analyzer (NCA, Python, PyPI network-config-analyzer 2.1.0): into a
#    virtual environment at $cache/nca-venv, whose bin/nca the benchmark runs.
set -uo pipefail
cache="${TENET_CACHE:-$HOME/.cache/tenet}"
bin="$cache/bin"
mkdir -p "$bin"
if [ -x "$bin/netpolicy" ]; then
  echo "netpolicy: present"
else
  echo "netpolicy: installing github.com/np-guard/netpol-analyzer/cmd/netpolicy@latest"
  GOTOOLCHAIN=local GOBIN="$bin" go install github.com/np-guard/netpol-analyzer/cmd/netpolicy@latest ||
    echo "netpolicy: install failed (the benchmark will say n/a)"
fi
venv="$cache/nca-venv"
if [ -x "$venv/bin/nca" ]; then
  echo "nca: present"
else
  echo "nca: installing network-config-analyzer==2.1.0 into $venv"
  { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet network-config-analyzer==2.1.0; } ||
    echo "nca: install failed (the benchmark will say n/a)"
fi
