#!/usr/bin/env bash
# Publishing: lint the GitHub Pages workflow with actionlint (a pinned
# version, run from the Go module proxy), then link-check the site as a
# static host serves it under a sub-path.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "actionlint"
go run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12 -no-color .github/workflows/*.yml

bash .ci/linkcheck.sh
