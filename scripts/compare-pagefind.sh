#!/usr/bin/env bash
# Compare dossier's search index with Pagefind's on the same site, in one run.
#
#   scripts/compare-pagefind.sh [N]      default: 10000 articles
#
# It writes the shared corpus of N articles with ../shared/bench/gencorpus.py,
# as scripts/compare-hugo.sh does (SHARED=path to override; CORPUS=DIR, a
# folder holding content/, uses a corpus already written instead), then
# builds it with dossier RUNS times (default 3) without its search index
# (-search=false) and as many with it, alternating, each into a new folder
# under /usr/bin/time -v: what the index costs is the difference of the
# best runs, in wall time, CPU time (user and system) and peak memory, and
# the median of each run's ratio with and without it (which the machine's
# drifting speed disturbs less). Then
# it installs Pagefind 1.6.0 from npm into a folder of its own (its binary
# for this platform comes with it, as an optional dependency of the npm
# package) and runs it on the site dossier built, as Pagefind is meant to
# run, after the build. It prints one table: index time, CPU, memory,
# files, bytes and the bytes a first query fetches (scripts/first-query.mjs,
# in Chromium with an empty cache, for a few queries: the largest), for
# both.
#
# A manual script, not a CI step. It needs Go, Node and npm, and
# Debian's Chromium with playwright-core (.ci/browser, installed with
# npm ci if missing). Everything goes under WORK (default: a new folder in
# /tmp), deleted at the end unless KEEP=1. The machine is shared and
# noisy: compare the two tools within one run, not runs with each other.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
n=${1:-10000}
runs=${RUNS:-3}
shared=${SHARED:-../shared}
gencorpus=$shared/bench/gencorpus.py
work=${WORK:-$(mktemp -d /tmp/compare-pagefind-XXXXXX)}
mkdir -p "$work"
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" != 1 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
if [ ! -d .ci/browser/node_modules/playwright-core ]; then
  (cd .ci/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

echo "== a dossier of $n articles, in $work"
go build -o "$work/dossier" .
corpus=${CORPUS:-$work/corpus}
if [ -z "${CORPUS:-}" ]; then
  [ -f "$gencorpus" ] || { echo "compare-pagefind: $gencorpus not found (set SHARED, or CORPUS)" >&2; exit 1; }
  python3 "$gencorpus" "$corpus" "$n" >/dev/null
fi

# measure LOG CMD... runs CMD under /usr/bin/time -v and prints
# "WALL CPU KILOBYTES" (seconds, seconds, peak resident memory).
measure() {
  local log=$1; shift
  /usr/bin/time -v "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { k = split($2, t, ":"); w = 0; for (i = 1; i <= k; i++) w = w * 60 + t[i] }
    /User time/ { u = $2 } /System time/ { s = $2 }
    /Maximum resident set size/ { kb = $2 }
    END { printf "%.2f %.2f %d\n", w, u + s, kb }' "$log"
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }

echo "== dossier build, without and with its search index, $runs runs each"
best_off= best_on= cpu_off= cpu_on= mem_off= mem_on=
ratios= # each run's wall and CPU with the index over without, a line each
for r in $(seq "$runs"); do
  for s in false true; do
    sync
    read -r w c m < <(measure "$work/build-$s-$r.log" "$work/dossier" build -q -search=$s -base-url /site/ \
      -content "$corpus/content" -out "$work/out-$s-$r/site")
    echo "  run $r, search=$s: $w s wall, $c s CPU, $((m / 1024)) MB" >&2
    if [ $s = false ]; then
      best_off=$(min "$w" "$best_off"); cpu_off=$(min "$c" "$cpu_off"); mem_off=$(min "$m" "$mem_off")
      w_off=$w c_off=$c
    else
      ratios+="$(awk -v w="$w" -v wo="$w_off" -v c="$c" -v co="$c_off" 'BEGIN { printf "%.4f %.4f", w / wo, c / co }')"$'\n'
      best_on=$(min "$w" "$best_on"); cpu_on=$(min "$c" "$cpu_on"); mem_on=$(min "$m" "$mem_on")
    fi
  done
done
site=$work/out-true-$runs/site
rm -rf "$work"/out-false-* # the site without search is not needed again

echo "== Pagefind 1.6.0 on the same site"
npm install --prefix "$work/pagefind" --no-audit --no-fund --loglevel=error pagefind@1.6.0 >/dev/null
pagefind=$work/pagefind/node_modules/.bin/pagefind
"$pagefind" --version
sync
read -r pw pc pm < <(measure "$work/pagefind.log" "$pagefind" --site "$site" --output-subdir pagefind)

count() { find "$@" -type f | wc -l; }
bytes() { find "$@" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }
d_files=$(count "$site/search") # the index, and search.js rather than the page search/index.html
d_bytes=$(( $(bytes "$site/search") - $(stat -c %s "$site/search/index.html") + $(stat -c %s "$site/search.js") ))
p_files=$(count "$site/pagefind")
p_bytes=$(bytes "$site/pagefind")

echo "== first queries, in Chromium"
: >"$work/http.log"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$(dirname "$site")" >"$work/http.log" 2>&1 &
server=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's/.* port \([0-9][0-9]*\).*/\1/p' "$work/http.log" | head -n1 || true)
  [ -n "$port" ] && break
  sleep 0.1
done
# Queries like a reader's: a word, a name, a number (an article's), two
# words, and a phrase from an article's quote.
first() { grep -rh -m1 "$1" "$corpus/content/articles" | head -n1 || true; }
quote=$(first '  - quote:' | sed 's/.*quote: "//; s/"$//' | cut -d' ' -f1-4)
name=$(first '^executives: \["' | sed 's/executives: \["//; s/".*//')
queries=(antenna "$name" 4242 "antenna design" "\"$quote\"")
node scripts/first-query.mjs dossier "http://127.0.0.1:$port/site/search/" "${queries[@]}" | tee "$work/fq-dossier.txt"
node scripts/first-query.mjs pagefind "http://127.0.0.1:$port/site/" "${queries[@]}" | tee "$work/fq-pagefind.txt"
d_fq=$(awk -F'\t' '/largest/ { print $3 + 0 }' "$work/fq-dossier.txt")
p_fq=$(awk -F'\t' '/largest/ { print $3 + 0 }' "$work/fq-pagefind.txt")

idx_wall=$(awk -v a="$best_on" -v b="$best_off" 'BEGIN { printf "%.2f", a - b }')
idx_cpu=$(awk -v a="$cpu_on" -v b="$cpu_off" 'BEGIN { printf "%.2f", a - b }')
idx_mem=$(( (mem_on - mem_off) / 1024 ))
echo
echo "dossier $(git describe --always --dirty) and Pagefind 1.6.0 on $n articles, $(nproc) processors; dossier's build ${best_off} s wall, ${cpu_off} s CPU, $((mem_off / 1024)) MB without its index (best of $runs)"
printf '\n%-10s %14s %12s %12s %8s %12s %18s\n' tool "index time" CPU memory files bytes "first query"
printf '%-10s %12s s %10s s %9s MB %8s %12s %12s bytes\n' dossier "$idx_wall" "$idx_cpu" "$idx_mem" "$d_files" "$d_bytes" "$d_fq"
printf '%-10s %12s s %10s s %9s MB %8s %12s %12s bytes\n' pagefind "$pw" "$pc" "$((pm / 1024))" "$p_files" "$p_bytes" "$p_fq"
echo
# median COLUMN: the median of a column of the runs' ratios, as a change in percent.
median() {
  printf '%s' "$ratios" | awk -v k="$1" 'NF { print $k }' | sort -n |
    awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%+.0f", 100 * (m - 1) }'
}
echo "dossier's index: the difference between the best builds with and without it (+$(awk -v a="$best_on" -v b="$best_off" 'BEGIN { printf "%.0f", 100 * (a - b) / b }') % wall time); memory: peak of the build with it less peak without."
echo "each run's build with the index against the one without it just before (the machine's speed drifts): median $(median 1) % wall time, $(median 2) % CPU."
echo "first query: the largest of: ${queries[*]}"
