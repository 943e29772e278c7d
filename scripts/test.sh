#!/bin/sh
# The README's test command: install, build, run every test (unit, golden,
# end-to-end).  Extra arguments go to cmake (e.g. -DRIPOSTE_SANITIZE=ON).
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh "$@"
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
