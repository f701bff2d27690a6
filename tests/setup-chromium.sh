#!/usr/bin/env bash
# Install Debian's headless-capable Chromium for the browser tests (tests/test_serve.py).
# Idempotent: does nothing when /usr/bin/chromium is there. Needs root and apt-get (CI has both).
# Without Chromium the browser tests skip with a reason; everything else still runs.
# In CI (CI=true) a failed install fails the run, so the browser tests cannot silently stop running.
set -uo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "setup-chromium: not root or no apt-get: browser tests will be skipped" >&2
    exit 0
fi
for attempt in 1 2; do
    if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            chromium fonts-dejavu-core >/dev/null; then
        exit 0
    fi
    echo "setup-chromium: apt-get failed (attempt $attempt)" >&2
    sleep 5
done
if [ "${CI:-}" = "true" ]; then
    echo "setup-chromium: could not install chromium" >&2
    exit 1
fi
echo "setup-chromium: could not install chromium: browser tests will be skipped" >&2
exit 0
