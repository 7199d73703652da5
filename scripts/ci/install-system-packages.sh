#!/usr/bin/env bash
# Debian packages the test suite needs. Idempotent: installs only what is missing, so a warm
# machine pays nothing. Add a package here when a test starts needing it.
set -euo pipefail
packages=(ca-certificates openssl prometheus)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "system packages present: ${packages[*]}"
  exit 0
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
