#!/usr/bin/env bash
# Install and start the app: `bash scripts/run.sh`, then open http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec python3 -m streamlit run app.py "$@"
