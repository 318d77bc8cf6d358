#!/usr/bin/env bash
# The report's browser tests drive a real headless Chromium. `npm test` runs this first: it finds Chromium, or
# installs Debian's package when it can (as root, or with password-less sudo), or stops at once saying what to do.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then exit 0; fi
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "npm test: CHROMIUM_PATH=$CHROMIUM_PATH is not an executable Chromium" >&2
  exit 1
fi
install=(apt-get install -y --no-install-recommends chromium)
if command -v apt-get >/dev/null; then
  if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo=(sudo -n); else sudo=(none); fi
  if [ "${sudo[0]:-}" != none ]; then
    echo "npm test: the browser tests need Chromium; installing Debian's chromium package (once)…" >&2
    log="$(mktemp)"
    trap 'rm -f "$log"' EXIT
    if "${sudo[@]}" apt-get update >"$log" 2>&1 \
      && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" "${install[@]}" >>"$log" 2>&1 && [ -x "$chromium_path" ]; then
      exit 0
    fi
    tail -n 20 "$log" >&2
    echo "npm test: installing chromium failed (above); install it with 'apt-get install chromium'" >&2
    exit 1
  fi
fi
echo "npm test needs Chromium for the report's browser tests: run 'sudo apt-get install chromium' (Debian)," \
  "or set CHROMIUM_PATH to a Chromium or Chrome executable" >&2
exit 1
