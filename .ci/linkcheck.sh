#!/usr/bin/env bash
# Checks the dossier as a reader's host serves it: built for a sub-path,
# served by a plain static server (Python's http.server) from the folder
# above it, so that the site is at /REPO/, and crawled by a real link
# checker (Debian's linkchecker) with anchor checking. Any broken link or
# anchor fails.
#
# Three builds are crawled: portable (no -base-url), a path (-base-url
# /REPO/), and an absolute URL naming the local server, which adds the feeds
# and the sitemap (whose URLs are crawled too).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v linkchecker >/dev/null; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends linkchecker >/dev/null
fi
linkchecker --version 2>/dev/null | head -1

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
# linkchecker, run as root, drops to the user nobody: it must read its
# configuration.
chmod 755 "$work"

go build -o "$work/dossier" .

# The anchor check is a plugin, enabled by its section in a configuration
# file. External links are not fetched: CI has no network beyond registries.
cat >"$work/linkcheckerrc" <<'CONF'
[checking]
maxrequestspersecond=100
[filtering]
checkextern=0
[AnchorCheck]
CONF

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
root="http://127.0.0.1:$port"
mkdir -p "$work/www"
# Python's own static file server, as `python3 -m http.server` runs it,
# plus one response header: "LinkChecker" tells linkchecker that the host
# lets it crawl at full speed instead of pausing 0.1-0.6 s between requests.
cat >"$work/serve.py" <<'PY'
import functools, http.server, sys

class Handler(http.server.SimpleHTTPRequestHandler):
    def end_headers(self):
        self.send_header("LinkChecker", "allowed")
        super().end_headers()

http.server.test(HandlerClass=functools.partial(Handler, directory=sys.argv[2]),
                 ServerClass=http.server.ThreadingHTTPServer,
                 port=int(sys.argv[1]), bind="127.0.0.1")
PY
python3 "$work/serve.py" "$port" "$work/www" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do
  if python3 -c "import urllib.request; urllib.request.urlopen('$root/')" 2>/dev/null; then break; fi
  sleep 0.1
done

crawl() { # crawl NAME BASE-URL [EXTRA START PATHS...]
  local name=$1 base=$2; shift 2
  rm -rf "$work/www/REPO"
  "$work/dossier" build -q -base-url "$base" -out "$work/www/REPO" 2>"$work/build.log" || { cat "$work/build.log"; exit 1; }
  local pages
  pages=$(find "$work/www/REPO" -name '*.html' | wc -l)
  local urls=("$root/REPO/" "$root/REPO/404.html")
  for p in "$@"; do urls+=("$root/REPO/$p"); done
  echo "-- $name (-base-url '$base'): $pages pages"
  local rc=0
  linkchecker --config "$work/linkcheckerrc" --no-status "${urls[@]}" >"$work/out.txt" 2>&1 || rc=$?
  grep -v "Running as root user; dropping privileges" "$work/out.txt" | sed -n '/^URL\|^Name\|^Parent\|^Real\|^Check\|^Warning\|^Result\|^That/p'
  if [ "$rc" -ne 0 ]; then
    echo "linkchecker found broken links or anchors (exit status $rc)"; exit 1
  fi
  # A crawl that saw fewer URLs than there are pages did not crawl the site.
  local checked
  checked=$(sed -n 's/.* links in \([0-9]*\) URLs checked.*/\1/p' "$work/out.txt")
  if [ -z "$checked" ] || [ "$checked" -lt "$pages" ]; then
    echo "linkchecker checked ${checked:-no} URLs for $pages pages"; cat "$work/out.txt"; exit 1
  fi
}

crawl portable ""
crawl path /REPO/
crawl absolute "$root/REPO/" sitemap.xml
