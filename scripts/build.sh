#!/bin/sh
# Installs what is missing and builds the project into ./build (Release,
# Ninja).  BUILD_DIR and extra cmake arguments may be given:
#   BUILD_DIR=build-asan scripts/build.sh -DRIPOSTE_SANITIZE=ON
set -eu
cd "$(dirname "$0")/.."
.ci/install-deps
BUILD_DIR="${BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-Release}" "$@" >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
