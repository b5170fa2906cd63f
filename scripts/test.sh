#!/usr/bin/env bash
# Install and run the whole test suite, browser tests included: `bash scripts/test.sh`
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh dev
python3 -m ruff check .
python3 -m ruff format --check .
python3 -m pytest -q "$@"
