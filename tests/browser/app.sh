#!/usr/bin/env bash
# Browser tests of trawl serve (tests/browser/app.py) in headless Chromium.
# Screenshots are kept in $BUILD/browser-shots for a person to look at.
set -u
shots="${BUILD:-build-test}/browser-shots"
mkdir -p "$shots"
exec timeout 500 /usr/bin/python3 "$TESTS/browser/app.py" "$shots"
