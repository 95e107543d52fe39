#!/usr/bin/env bash
# Builds the desktop app and starts it. Arguments go to the app (e.g. --lang zh_CN).
# Without a display, run it as: xvfb-run -a scripts/run-app.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --parallel "$(nproc)" --target envdesk
exec build/bin/envdesk "$@"
