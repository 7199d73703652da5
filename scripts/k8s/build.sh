#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kubectl (Kubernetes) and etcd from Go modules,
# caching the binaries outside the repo, keyed by version:
#   ${TENET_CACHE:-$HOME/.cache/tenet}/k8s/<version>/bin/   and   .../etcd/<version>/bin/
# Idempotent: a binary already in the cache is not rebuilt. Prints the time each step takes.
# Usage: scripts/k8s/build.sh            build what is missing (versions from versions.env)
#        scripts/k8s/build.sh --latest   print the newest v1.36.x / v3.6.x on the module proxy
# Env: K8S_VERSION, ETCD_VERSION override versions.env; TENET_CACHE moves the cache;
#      GOFLAGS (e.g. -p=1) limits build parallelism on a shared machine.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
env_k8s="${K8S_VERSION:-}" env_etcd="${ETCD_VERSION:-}"
# shellcheck source=versions.env
source "$here/versions.env"
K8S_VERSION="${env_k8s:-$K8S_VERSION}"
ETCD_VERSION="${env_etcd:-$ETCD_VERSION}"
export GOTOOLCHAIN=local CGO_ENABLED=0
command -v go >/dev/null || { echo "build.sh: needs Go 1.26 or newer on PATH (https://go.dev/dl/)" >&2; exit 1; }

newest() { go list -m -versions "$1" | tr ' ' '\n' | grep -E "^$2\.[0-9]+$" | sort -V | tail -1; }
if [[ "${1:-}" == "--latest" ]]; then
  echo "K8S_VERSION=$(newest k8s.io/kubernetes v1.36)"
  echo "ETCD_VERSION=$(newest go.etcd.io/etcd/server/v3 v3.6)"
  exit 0
fi

cache="${TENET_CACHE:-$HOME/.cache/tenet}"
k8s_bin="$cache/k8s/$K8S_VERSION/bin"
etcd_bin="$cache/etcd/$ETCD_VERSION/bin"
mkdir -p "$k8s_bin" "$etcd_bin"
total_start=$SECONDS

timed() { # timed <label> <command...>
  local label="$1" t0=$SECONDS
  shift
  "$@"
  printf 'build.sh: %s took %ss\n' "$label" "$((SECONDS - t0))"
}

# The Kubernetes module: upstream's go.mod replaces its staging modules with ./staging paths, so a
# local module requires k8s.io/kubernetes and replaces each staging module with its published tag.
k8s_module() {
  local dir="$cache/k8s/$K8S_VERSION/module"
  if [[ -f "$dir/.ready" ]]; then echo "$dir"; return; fi
  rm -rf "$dir" && mkdir -p "$dir"
  local staging_version="v0${K8S_VERSION#v1}" gomod
  gomod=$(go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  local go_line godebug
  go_line=$(awk '$1 == "go" { print $2; exit }' "$gomod")
  godebug=$(awk '$1 == "godebug" { sub(/^godebug /, ""); print; exit }' "$gomod")
  (
    cd "$dir"
    {
      echo "module local/k8s-bins"
      echo
      echo "go $go_line"
      [[ -n "$godebug" ]] && echo "godebug $godebug"
      echo
      echo "tool ("
      echo "	k8s.io/kubernetes/cmd/kube-apiserver"
      echo "	k8s.io/kubernetes/cmd/kube-controller-manager"
      echo "	k8s.io/kubernetes/cmd/kubectl"
      echo ")"
    } >go.mod
    local m
    for m in $(sed -n 's#^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/.*#\1#p' "$gomod"); do
      go mod edit "-replace=$m=$m@$staging_version"
    done
    go mod edit "-require=k8s.io/kubernetes@$K8S_VERSION"
    go mod tidy >&2
    touch .ready
  ) >&2
  echo "$dir"
}

build_k8s() {
  local cmd="$1" dir ld p minor
  [[ -x "$k8s_bin/$cmd" ]] && { echo "build.sh: $cmd $K8S_VERSION cached"; return; }
  dir=$(k8s_module)
  minor="${K8S_VERSION#v1.}"; minor="${minor%%.*}"
  ld="-s -w"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $p.gitVersion=$K8S_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor -X $p.gitTreeState=clean"
  done
  (cd "$dir" && go build -trimpath -tags=selinux,notest,grpcnotrace -ldflags "$ld" \
    -o "$k8s_bin/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd")
  mv "$k8s_bin/$cmd.tmp" "$k8s_bin/$cmd" # atomic: a half-written binary is never "cached"
}

build_etcd() {
  [[ -x "$etcd_bin/etcd" ]] && { echo "build.sh: etcd $ETCD_VERSION cached"; return; }
  local dir="$cache/etcd/$ETCD_VERSION/module"
  rm -rf "$dir" && mkdir -p "$dir"
  (
    cd "$dir"
    printf 'module local/etcd-bin\n\ngo 1.26.0\n\ntool go.etcd.io/etcd/server/v3\n' >go.mod
    go mod edit "-require=go.etcd.io/etcd/server/v3@$ETCD_VERSION"
    go mod tidy
    go build -trimpath -ldflags "-s -w" -o "$etcd_bin/etcd.tmp" go.etcd.io/etcd/server/v3
    mv "$etcd_bin/etcd.tmp" "$etcd_bin/etcd"
  )
}

echo "build.sh: Kubernetes $K8S_VERSION, etcd $ETCD_VERSION, cache $cache"
timed "etcd" build_etcd
timed "kube-apiserver" build_k8s kube-apiserver
timed "kube-controller-manager" build_k8s kube-controller-manager
timed "kubectl" build_k8s kubectl
"$k8s_bin/kube-apiserver" --version
# sed reads to the end of its input: head would SIGPIPE etcd, which pipefail turns into a failure.
"$etcd_bin/etcd" --version | sed -n 1p
printf 'build.sh: total %ss\n' "$((SECONDS - total_start))"
