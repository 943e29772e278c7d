#!/bin/sh
# The README's main-job command: install, build, and match the seeds' sample
# triggers against the bundled sample alerts, printing which match.
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh "$@"
python3 scripts/sample_match.py --riposte "${BUILD_DIR:-build}/tools/riposte"
