#!/usr/bin/env bash
# Install Debian's redis-server for the distributed-mode tests (tests/test_distributed*.py).
# Idempotent: does nothing when redis-server is there. Needs root and apt-get (CI has both).
# The tests start their own server on a free 127.0.0.1 port; this only installs the binary
# (the Debian package's own service is not needed and is not started here).
# Without it those tests skip with a reason; in CI (CI=true) a failed install fails the run.
set -uo pipefail

if command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "setup-redis: not root or no apt-get: distributed-mode tests will be skipped" >&2
    exit 0
fi
for attempt in 1 2; do
    if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            redis-server >/dev/null; then
        exit 0
    fi
    echo "setup-redis: apt-get failed (attempt $attempt)" >&2
    sleep 5
done
if [ "${CI:-}" = "true" ]; then
    echo "setup-redis: could not install redis-server" >&2
    exit 1
fi
echo "setup-redis: could not install redis-server: distributed-mode tests will be skipped" >&2
exit 0
