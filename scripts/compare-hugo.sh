#!/usr/bin/env bash
# Compare dossier with Hugo on the same generated articles, in one run.
#
#   scripts/compare-hugo.sh [N ...]      default: 10000
#
# For each N it writes the shared corpus twice with ../shared/bench/gencorpus.py
# (the same seed, so the same articles): once laid out for Hugo (--hugo), once
# for dossier. Then it builds each RUNS times (default 3), alternating, each
# into a new output folder after a sync, under /usr/bin/time -v, and prints
# for each the best wall time, the least CPU time (user + system), the
# largest peak memory, and the ratios dossier / Hugo of time and CPU.
# dossier builds with FLAGS (default "-search=false -exports=false": Hugo's
# build of the corpus writes pages and feeds, not a search index or
# exports; scripts/compare-pagefind.sh measures the index, and FLAGS= the
# default build). Hugo is Debian's (0.111), installed with apt-get if missing. This is run by
# hand: it needs the shared folder beside the repository (SHARED=path to
# override) and is no CI step. Corpora go under WORK (default: a new folder
# in /tmp), deleted at the end unless KEEP=1, and not before: on ext4,
# creating files in the minutes after deleting many costs more.
set -euo pipefail
cd "$(dirname "$0")/.."

shared=${SHARED:-../shared}
gencorpus=$shared/bench/gencorpus.py
runs=${RUNS:-3}
flags=${FLAGS--search=false -exports=false}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000)
[ -f "$gencorpus" ] || { echo "compare-hugo: $gencorpus not found (set SHARED)" >&2; exit 1; }

if ! command -v hugo >/dev/null; then
  echo "installing Debian's hugo…"
  apt-get update -qq && apt-get install -y -qq hugo >/dev/null
fi
[ -x /usr/bin/time ] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

work=${WORK:-$(mktemp -d /tmp/compare-hugo-XXXXXX)}
mkdir -p "$work"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
go build -o "$work/dossier" .

# measure OUTFILE CMD... runs CMD under /usr/bin/time -v and prints
# "SECONDS KILOBYTES CPU-SECONDS".
measure() {
  local log=$1; shift
  /usr/bin/time -v "$@" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i] }
    /User time \(seconds\)/ { cpu += $2 }
    /System time \(seconds\)/ { cpu += $2 }
    /Maximum resident set size/ { kb = $2 }
    END { printf "%.2f %d %.2f\n", s, kb, cpu }' "$log"
}

# less A B: whether A < B, as numbers.
less() { awk "BEGIN{exit !($1 < $2)}"; }

echo "dossier $(git describe --always --dirty) (build $flags) vs $(hugo version | cut -d' ' -f1-2), $(nproc) processors, best of $runs runs"
printf '\n%9s  %9s  %9s  %6s  %9s  %9s  %6s  %8s  %10s\n' articles "hugo" "dossier" "ratio" "hugo CPU" "dos. CPU" "ratio" "hugo MB" "dossier MB"
for n in "${sizes[@]}"; do
  python3 "$gencorpus" "$work/h$n" "$n" --hugo
  python3 "$gencorpus" "$work/d$n" "$n"
  best_h= best_d= cpu_h= cpu_d= mem_h=0 mem_d=0
  for r in $(seq "$runs"); do
    sync
    read -r th mh ch < <(measure "$work/hugo-$n-$r.log" hugo -s "$work/h$n" -d "$work/h$n-out-$r" --quiet)
    sync
    read -r td md cd < <(measure "$work/dossier-$n-$r.log" "$work/dossier" build -q $flags -content "$work/d$n/content" -out "$work/d$n-out-$r")
    echo "  $n articles, run $r: hugo $th s, $ch s CPU, $((mh / 1024)) MB; dossier $td s, $cd s CPU, $((md / 1024)) MB" >&2
    if [ -z "$best_h" ] || less "$th" "$best_h"; then best_h=$th; fi
    if [ -z "$best_d" ] || less "$td" "$best_d"; then best_d=$td; fi
    if [ -z "$cpu_h" ] || less "$ch" "$cpu_h"; then cpu_h=$ch; fi
    if [ -z "$cpu_d" ] || less "$cd" "$cpu_d"; then cpu_d=$cd; fi
    [ "$mh" -gt "$mem_h" ] && mem_h=$mh
    [ "$md" -gt "$mem_d" ] && mem_d=$md
  done
  printf '%9s  %7s s  %7s s  %6s  %7s s  %7s s  %6s  %8s  %10s\n' "$n" "$best_h" "$best_d" \
    "$(awk "BEGIN{printf \"%.3f\", $best_d / $best_h}")" "$cpu_h" "$cpu_d" \
    "$(awk "BEGIN{printf \"%.3f\", $cpu_d / $cpu_h}")" $((mem_h / 1024)) $((mem_d / 1024))
done
echo
echo "wall times are the best of the runs, CPU times (user + system) the least, peak memory the largest"
echo "targets: dossier ≤ 0.35 × Hugo's time; at 10,000 articles ≤ 0.45 × its CPU and ≤ 400 MB; at 100,000 ≤ 2,048 MB"
