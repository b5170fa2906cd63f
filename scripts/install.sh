#!/usr/bin/env bash
# Install what seqgen needs on a fresh Debian machine (as root): `bash scripts/install.sh [dev]`.
# "dev" adds the test tools and Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(libfluidsynth3)
if [[ "${1:-}" == "dev" ]]; then
  apt_packages+=(chromium fonts-wqy-zenhei)
fi
missing=()
for p in "${apt_packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ! python3 -m pip --version >/dev/null 2>&1; then missing+=(python3-pip); fi
if (( ${#missing[@]} )); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian marks its Python as externally managed; seqgen is installed for root on purpose.
export PIP_BREAK_SYSTEM_PACKAGES=1 PIP_DISABLE_PIP_VERSION_CHECK=1
req=requirements.txt
[[ "${1:-}" == "dev" ]] && req=requirements-dev.txt
python3 -m pip install -q -r "$req"

# Compile generation's numba kernels now (a few seconds, once per machine and version), so
# the first generation in the app or the CLI reads them from the cache instead.
python3 -c "import seqgen.decoder as d; d.warm_up()"
