#!/usr/bin/env bash
# Security tests of trawl serve (tests/browser/security.py), on 127.0.0.1.
set -u
exec timeout 500 /usr/bin/python3 "$TESTS/browser/security.py"
