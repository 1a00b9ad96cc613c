#!/usr/bin/env bash
# What CI runs (.ci/run calls this after installing packages): check and install the
# host toolchain, report pins, then run every test: the integrator's own tests, each
# component's unit tests and every scenario. The last line is
# `summary: N passed, N failed, N skipped`; reports are in images/reports/.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 ./integrate.py doctor --install

# Pins are informational until manifest.lock is kept current with every commit.
python3 ./integrate.py verify || echo "ci: pins differ from manifest.lock (./integrate.py lock)"

# The integrator's end-to-end tests also boot a UEFI fixture (about 5 s more).
export ERIX_SLOW_TESTS=1
python3 ./integrate.py test --jobs "$(nproc)"
