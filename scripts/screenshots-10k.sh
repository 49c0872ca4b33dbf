#!/usr/bin/env bash
# Screenshots of the biggest company and the timeline of the 10,000-article
# benchmark corpus, at 375 and 1280 px in both colour schemes, and the sizes
# of its biggest pages. The corpus is generated and built by cmd/bench (one
# run) in WORK (default: a new temporary folder, deleted at the end);
# screenshots go to screenshots/ (git-ignored).
#
#   scripts/screenshots-10k.sh
#   WORK=/work/benchdir/shots KEEP=1 scripts/screenshots-10k.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=${WORK:-$(mktemp -d)}
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; fi
(cd .ci/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
go run ./cmd/bench -n 10000 -runs 1 -keep -dir "$work"
node .ci/browser/big-screenshots.mjs "$work/10000/site-0" screenshots
