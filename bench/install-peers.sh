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

# wrk (Debian) measures the admission webhook's closed-loop capacity beside our open-loop loader.
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get install -y wrk >/dev/null 2>&1 || (apt-get update >/dev/null 2>&1 && apt-get install -y wrk >/dev/null 2>&1)) \
      || echo "wrk: install failed (the admission benchmark will say n/a)"
  else
    echo "wrk: not installed and not root (the admission benchmark will say n/a)"
  fi
fi
