#!/usr/bin/env bash
# Runs scripts/spark_batch.py (zhengce batch inside Spark local mode, 2 workers) from the package
# root, installing python3 and pip with apt if they are missing. Arguments go to the script.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v python3 >/dev/null || ! python3 -m pip --version >/dev/null 2>&1; then
  SUDO=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  $SUDO apt-get update
  $SUDO apt-get install -y python3 python3-pip
fi
exec python3 scripts/spark_batch.py "$@"
