#!/usr/bin/env bash
# Installs the peer tools the benchmarks compare against, from the Go module proxy, into
# ${TENET_CACHE:-~/.cache/tenet}/bin. Idempotent; each tool is optional for the benchmarks.
set -uo pipefail
bin="${TENET_CACHE:-$HOME/.cache/tenet}/bin"
mkdir -p "$bin"
install() {
  local name=$1 module=$2
  if [ -x "$bin/$name" ]; then echo "$name: present"; return; fi
  echo "$name: installing $module"
  GOTOOLCHAIN=local GOBIN="$bin" go install "$module" || echo "$name: install failed (benchmarks will say n/a)"
}
install kube-score github.com/zegl/kube-score/cmd/kube-score@latest
