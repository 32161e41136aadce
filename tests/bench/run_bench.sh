#!/usr/bin/env bash
# Benchmarks `spravka kb build` and `spravka ask` against the speed anchors of SEARCH-NOTES.md:
# a C++ hello-world process (the floor) and a raw Xapian query process on the same index.
# Prints numbers, not a verdict; record them in tests/bench/RESULTS.md.
#
#   tests/bench/run_bench.sh [--big] [--sizes "100 10000"] [--build-dir DIR] [--runs N] [--keep]
#
# --big adds 100 000 articles (several minutes, about 1 GiB of disk). Needs the release build with
# -DSPRAVKA_BUILD_BENCH=ON (the script configures and builds it when the helpers are missing),
# python3-yaml, GNU time (/usr/bin/time) and hyperfine (a python timing loop stands in without it).
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_dir="$source_dir/build-release"
sizes=(100 10000)
runs=30
keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --big) sizes+=(100000) ;;
    --sizes) read -r -a sizes <<<"$2"; shift ;;
    --build-dir) build_dir=$2; shift ;;
    --runs) runs=$2; shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "run_bench: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

spravka="$build_dir/spravka"
hello="$build_dir/tests/bench/spravka_bench_hello"
raw_query="$build_dir/tests/bench/spravka_bench_raw_query"
if [[ ! -x "$hello" || ! -x "$raw_query" || ! -x "$spravka" ]]; then
  echo "run_bench: building spravka and the bench helpers in $build_dir" >&2
  cmake -S "$source_dir" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DSPRAVKA_BUILD_BENCH=ON >/dev/null
  cmake --build "$build_dir" --target spravka spravka_bench_hello spravka_bench_raw_query >/dev/null
fi
[[ -x /usr/bin/time ]] || { echo "run_bench: needs GNU time: apt-get install time" >&2; exit 1; }
have_hyperfine=0
command -v hyperfine >/dev/null && have_hyperfine=1

work=$(mktemp -d "${TMPDIR:-/tmp}/spravka-bench.XXXXXX")
[[ $keep == 1 ]] || trap 'rm -rf "$work"' EXIT
# An isolated home: the benchmark never touches the caller's config, cache, state or token.
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state"
export LC_ALL=C.UTF-8 TZ=UTC NO_COLOR=1
unset SPRAVKA_KB SPRAVKA_TOKEN
mkdir -p "$HOME"

question="когда придут деньги за акт"
typo_question="когда прийдут денги за акт"
offtopic_question="как оформить ипотеку на квартиру"

# median_ms NAME CMD... -> prints the median wall time in ms of a fresh process per run.
median_ms() {
  local name=$1; shift
  if [[ $have_hyperfine == 1 ]]; then
    # -N: no intermediate shell, so the floor is the process and not sh; -i: exit 3 (no answer) is a result.
    local quoted; quoted=$(printf '%q ' "$@")
    hyperfine -N -i --warmup 5 --runs "$runs" --style none --export-json "$work/$name.json" "$quoted" \
      >/dev/null 2>&1 </dev/null
    python3 -c 'import json,sys; print("%.1f" % (json.load(open(sys.argv[1]))["results"][0]["median"]*1000))' \
      "$work/$name.json"
  else
    python3 - "$runs" "$@" <<'PY'
import statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
times = []
for i in range(runs + 5):
    start = time.perf_counter()
    subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if i >= 5:  # the first five warm the page cache
        times.append(time.perf_counter() - start)
print("%.1f" % (statistics.median(times) * 1000))
PY
  fi
}

# peak_mib CMD... -> peak RSS of one run, in MiB (GNU time's "Maximum resident set size" is in KiB).
peak_mib() {
  /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1 </dev/null || true
  awk '{printf "%.1f", $1/1024}' "$work/rss"
}

table="$work/table.md"
{
  echo "| N | build s | build peak MiB | index MiB | floor ms | raw ms | ask ms | ask/raw | ask typo ms | ask no-answer ms | ask peak MiB | raw peak MiB |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
} >"$table"

for n in "${sizes[@]}"; do
  kb="$work/kb-$n"
  echo "run_bench: $n articles: generating" >&2
  python3 "$source_dir/tests/bench/gen_kb.py" --articles "$n" --source "$source_dir/kb" --out "$kb" >/dev/null
  rm -rf "$XDG_CACHE_HOME/spravka/index"

  echo "run_bench: $n articles: kb build" >&2
  /usr/bin/time -v -o "$work/build-$n.time" "$spravka" --kb "$kb" kb build >"$work/build-$n.out" 2>&1 </dev/null
  build_s=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; printf "%.1f", s}' "$work/build-$n.time")
  build_mib=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/build-$n.time")
  index_mib=$(du -sk "$XDG_CACHE_HOME/spravka/index" | awk '{printf "%.1f", $1/1024}')
  generation=$(readlink -f "$XDG_CACHE_HOME"/spravka/index/*/current)

  echo "run_bench: $n articles: timing processes" >&2
  ask=("$spravka" --kb "$kb" ask --no-log)
  floor_ms=$(median_ms "floor-$n" "$hello")
  raw_ms=$(median_ms "raw-$n" "$raw_query" "$generation" "$question")
  ask_ms=$(median_ms "ask-$n" "${ask[@]}" "$question")
  typo_ms=$(median_ms "typo-$n" "${ask[@]}" "$typo_question")
  none_ms=$(median_ms "none-$n" "${ask[@]}" "$offtopic_question")
  ratio=$(awk -v a="$ask_ms" -v r="$raw_ms" 'BEGIN {printf "%.2f", a/r}')
  ask_rss=$(peak_mib "${ask[@]}" "$question")
  raw_rss=$(peak_mib "$raw_query" "$generation" "$question")
  echo "| $n | $build_s | $build_mib | $index_mib | $floor_ms | $raw_ms | $ask_ms | $ratio | $typo_ms | $none_ms | $ask_rss | $raw_rss |" >>"$table"
  rm -rf "$kb"
done

echo "<!-- $(date -u +%Y-%m-%d), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), timer: $([[ $have_hyperfine == 1 ]] && hyperfine --version || echo python loop), $runs runs, warm page cache -->"
cat "$table"
[[ $keep == 1 ]] && echo "run_bench: kept $work" >&2
exit 0
