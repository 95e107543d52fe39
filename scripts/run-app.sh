#!/usr/bin/env bash
# Builds the desktop app and the offline demo channel, and starts the app. Arguments go to the
# app (e.g. --lang zh_CN). Without a display, run it as: xvfb-run -a scripts/run-app.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --parallel "$(nproc)" --target envdesk demo_channel
# The app offers this channel, and falls back to it when the configured channels cannot be
# reached, so a first run with no network still has packages to create an environment from.
export ENVDESK_DEMO_CHANNEL="$PWD/build/demo-channel"
exec build/bin/envdesk "$@"
