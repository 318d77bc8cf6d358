#!/usr/bin/env bash
# `npm test` runs this first. The report's browser tests drive a real headless Chromium, and the queue's tests start
# their own Redis server. This finds both, or installs Debian's packages for what is missing when it can (as root, or
# with password-less sudo), or stops at once saying in one line what to install.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
redis_path="${REDIS_SERVER_PATH:-$(command -v redis-server || echo /usr/bin/redis-server)}"
packages=()
if [ ! -x "$chromium_path" ]; then
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    echo "npm test: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable Chromium" >&2
    exit 1
  fi
  packages+=(chromium)
fi
if [ ! -x "$redis_path" ]; then
  if [ -n "${REDIS_SERVER_PATH:-}" ]; then
    echo "npm test: REDIS_SERVER_PATH=$REDIS_SERVER_PATH is not an executable redis-server" >&2
    exit 1
  fi
  packages+=(redis-server)
fi
if [ ${#packages[@]} -eq 0 ]; then exit 0; fi
install=(apt-get install -y --no-install-recommends "${packages[@]}")
if command -v apt-get >/dev/null; then
  if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo -n); else sudo=(none); fi
  if [ "${sudo[0]:-}" != none ]; then
    echo "npm test: the tests need ${packages[*]}; installing Debian's package(s) (once)…" >&2
    log="$(mktemp)"
    trap 'rm -f "$log"' EXIT
    # The package's own service is not wanted (the tests start their own server); in a container it cannot start.
    if "${sudo[@]}" apt-get update >"$log" 2>&1 \
      && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" "${install[@]}" >>"$log" 2>&1; then
      exit 0
    fi
    tail -n 20 "$log" >&2
    echo "npm test: installing ${packages[*]} failed (above); install with 'apt-get install ${packages[*]}'" >&2
    exit 1
  fi
fi
echo "npm test needs ${packages[*]}: run 'sudo apt-get install ${packages[*]}' (Debian)," \
  "or set CHROMIUM_PATH / REDIS_SERVER_PATH to the executables" >&2
exit 1
