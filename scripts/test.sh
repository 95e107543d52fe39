#!/usr/bin/env bash
# Builds Envdesk and runs every test. Extra arguments go to ctest (e.g. -R tst_main_window).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build --parallel "$(nproc)"
ctest --test-dir build --output-on-failure -j2 "$@"
