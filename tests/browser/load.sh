#!/usr/bin/env bash
# A bounded load test of trawl serve on 127.0.0.1 (tests/browser/load.py):
# 50 clients for LOAD_SECONDS (12 in make test; make bench runs 60).
set -u
exec timeout 300 /usr/bin/python3 "$TESTS/browser/load.py" "${LOAD_SECONDS:-12}" 50
