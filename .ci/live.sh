#!/usr/bin/env bash
# CI for live editing (dossier serve, build -watch): the edit benchmark on a
# 1,000-article corpus (its 10,000-article figures are in docs/reference.md),
# then live reload in a real browser: an edit reloads the open page, a typo
# shows the overlay while the server keeps the last good build, the fix
# clears it, a stylesheet change restyles without reloading, and a page
# created at an open 404 URL appears.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "-- live edit benchmark, 1,000 articles"
go test ./internal/live -run '^$' -bench Edit -benchtime 1x -args -articles 1000

echo "-- live reload in headless Chromium"
if ! command -v chromium >/dev/null; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
npm install --silent --no-audit --no-fund --prefix "$tmp/npm" playwright-core@1.65.1 >/dev/null
go build -o "$tmp/dossier" .
mkdir "$tmp/site"
cp -r content static "$tmp/site/"
(cd "$tmp/site" && exec "$tmp/dossier" serve -addr 127.0.0.1:0 >serve.log 2>&1) &
pid=$!
url=
for _ in $(seq 100); do
  url=$(sed -n 's/^serving .* at \(http[^ ]*\)$/\1/p' "$tmp/site/serve.log")
  if [ -n "$url" ] && grep -q '^watching' "$tmp/site/serve.log"; then break; fi
  sleep 0.1
done
if [ -z "$url" ]; then cat "$tmp/site/serve.log"; exit 1; fi
NODE_PATH="$tmp/npm/node_modules" node .ci/live/browser.js "$url" "$tmp/site" || { cat "$tmp/site/serve.log"; exit 1; }

kill -INT "$pid"
wait "$pid"
pid=
grep -q '^stopped$' "$tmp/site/serve.log" || { echo "serve did not stop cleanly"; cat "$tmp/site/serve.log"; exit 1; }
echo "serve stopped cleanly on SIGINT"
