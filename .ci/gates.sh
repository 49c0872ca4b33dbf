#!/usr/bin/env bash
# Quality gates beyond the unit tests: the shipped dossier in a real browser
# (Debian's Chromium driven by playwright-core), valid HTML (the Nu Html
# Checker), accessibility (axe-core, both colour schemes), and fuzzing.
# Called by .ci/run; also runs on its own from the repository root:
#
#   .ci/gates.sh             everything
#   .ci/gates.sh browser     browser, accessibility and HTML checks only
#   .ci/gates.sh fuzz        fuzzing only (FUZZTIME=150000x inputs per target by default)
#
# It installs what it needs: Chromium from Debian (apt) and the npm packages
# pinned in .ci/browser/package-lock.json (npm ci). Nothing downloads a
# browser of its own. Screenshots go to screenshots/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
what=${1:-all}
step() { printf '\n== %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

browser_gates() {
  step "gates: install Chromium (Debian) and Java if missing"
  missing=()
  dpkg -s chromium chromium-driver >/dev/null 2>&1 || missing+=(chromium chromium-driver)
  command -v java >/dev/null || missing+=(default-jre-headless)
  if [ ${#missing[@]} -gt 0 ]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  chromium --version 2>/dev/null || true

  step "gates: npm ci (playwright-core, axe-core, vnu-jar; no install scripts, no browser download)"
  # --ignore-scripts: vnu-jar's install script would fetch a Java runtime;
  # the machine's Java runs vnu.jar.
  (cd .ci/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

  tmp=$(mktemp -d)
  server=""
  trap 'if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$tmp"' EXIT

  step "gates: build the shipped dossier for the sub-path /dossier/"
  go build -o "$tmp/dossier" .
  "$tmp/dossier" build -base-url /dossier/ -out "$tmp/site/dossier"

  step "gates: valid HTML (Nu Html Checker) over every page"
  pages=$(find "$tmp/site/dossier" -name '*.html' | wc -l)
  java -jar .ci/browser/node_modules/vnu-jar/build/dist/vnu.jar --errors-only --skip-non-html "$tmp/site/dossier"
  echo "vnu: $pages pages, no errors"

  step "gates: serve the site at /dossier/"
  # The parent folder is served so that the site is at a sub-path, as on
  # GitHub Pages. Port 0: the system picks a free port, read from the log.
  python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$tmp/site" >"$tmp/http.log" 2>&1 &
  server=$!
  port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' "$tmp/http.log" | head -n1)
    [ -n "$port" ] && break
    sleep 0.1
  done
  if [ -z "$port" ]; then
    echo "the static server did not start:"; cat "$tmp/http.log"; exit 1
  fi
  echo "http://127.0.0.1:$port/dossier/"

  step "gates: browser tests and accessibility (Chromium, light and dark)"
  rm -rf screenshots
  SITE_URL="http://127.0.0.1:$port/dossier/" \
  SITE_DIR="$tmp/site/dossier" \
  SCREENSHOTS="$root/screenshots" \
  DOSSIER_BIN="$tmp/dossier" \
  CONTENT_DIR="$root/content" \
    node --test --test-concurrency=1 --test-reporter=spec .ci/browser/*.test.mjs
  echo "screenshots: $(find screenshots -name '*.png' | wc -l) in screenshots/"

  kill "$server" 2>/dev/null || true
  server=""
}

fuzz_gates() {
  # Each fuzz target briefly; a crashing input is saved under the package's
  # testdata/fuzz/ and fails the run: commit it as a regression case.
  # The budget is a count of inputs, not a duration: with a duration, Go
  # 1.26's fuzzing coordinator can fail a target with "context deadline
  # exceeded" and no input when time runs out on a busy machine
  # (go.dev/issue/75804, fixed in Go 1.27). 150,000 inputs take 5 to 15 s.
  local fuzztime=${FUZZTIME:-150000x}
  step "gates: fuzzing, $fuzztime per target"
  local targets=(
    "FuzzLoadFile ./internal/content"
    "FuzzParseDate ./internal/content"
    "FuzzFind ./internal/claim"
    "FuzzParsePeriod ./internal/claim"
    "FuzzFrontMatterDepth ./internal/content"
    "FuzzMake ./internal/slug"
    "FuzzKey ./internal/slug"
    "FuzzRender ./internal/markdown"
    "FuzzAnchor ./internal/markdown"
  )
  for t in "${targets[@]}"; do
    set -- $t
    echo "-- $1 ($2)"
    go test -run '^$' -fuzz "^$1\$" -fuzztime "$fuzztime" "$2"
  done
}

case $what in
  all) browser_gates; fuzz_gates ;;
  browser) browser_gates ;;
  fuzz) fuzz_gates ;;
  *) echo "usage: .ci/gates.sh [all|browser|fuzz]" >&2; exit 2 ;;
esac
