#!/usr/bin/env bash
# README's test command. Installs what the tests need where it is missing, then runs every test; extra arguments go
# to `dotnet test` (e.g. bash scripts/test.sh --filter "FullyQualifiedName~Web"). The tests need, beside the .NET SDK:
# PostgreSQL's server binaries (they provision a throwaway cluster; not needed with ALFA_TEST_POSTGRES) and the
# Debian Chromium at /usr/bin/chromium, which the browser tests drive headless (Playwright, no downloaded browser).
set -euo pipefail
cd "$(dirname "$0")/.."

needed=()
if [ -z "${ALFA_TEST_POSTGRES:-}" ] && [ -z "${ALFA_POSTGRES_BIN:-}" ] \
  && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && ! command -v initdb >/dev/null; then
  needed+=(postgresql)
fi
if [ ! -x /usr/bin/chromium ]; then
  needed+=(chromium)
fi

if [ ${#needed[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "The tests need ${needed[*]} (PostgreSQL's server binaries; Chromium at /usr/bin/chromium), and this machine" \
      "has no apt-get: install them with its package manager, then run this again." >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    as_root=(env)
  elif command -v sudo >/dev/null; then
    as_root=(sudo env)
  else
    echo "The tests need ${needed[*]}, and installing it needs root: run 'apt-get install ${needed[*]}' as root" \
      "(or run this script as root), then run this again." >&2
    exit 1
  fi

  echo "Installing what the tests need: ${needed[*]}" >&2
  "${as_root[@]}" apt-get update
  for package in "${needed[@]}"; do
    # PostgreSQL: the server binaries only. Chromium with what it recommends (fonts-liberation, for the pages it renders).
    if [ "$package" = postgresql ]; then recommends=--no-install-recommends; else recommends=--install-recommends; fi
    "${as_root[@]}" DEBIAN_FRONTEND=noninteractive apt-get install -y "$recommends" "$package"
  done
fi

# The OpenAPI lint runs Redocly's CLI, which OpenApiLintTests installs itself (npm ci in tests/openapi-lint, the version
# its package-lock.json pins); it needs Node.js 20.19+ and npm, which Debian's own nodejs (18 in bookworm) is not.
if ! command -v npm >/dev/null || ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
  echo "The OpenAPI lint test needs Node.js 20.19 or later and npm (from nodejs.org or NodeSource); it will fail without them." >&2
fi

exec dotnet test AlfaPlatform.sln "$@"
