# Shared by the bench/*.sh scripts (sourced, not run).

# measure LABEL COMMAND...: best wall time of RUNS runs (default three)
# after one discarded warm-up run (files into the page cache, the CPU out
# of idle), with files/s, MB/s and the peak memory (max RSS) of that run;
# the time is kept in bench-out/LABEL.t for comparisons. Needs N and bytes
# set by the caller.
measure() {
  local label=$1; shift
  local best=""
  local rss=""
  "$@" >/dev/null
  for _ in $(seq "${RUNS:-3}"); do
    /usr/bin/time -f "%e %M" -o bench-out/time.txt "$@" >/dev/null
    read -r t m < bench-out/time.txt
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; rss=$m; fi
  done
  awk -v l="$label" -v t="$best" -v n="$N" -v b="$bytes" -v m="$rss" \
    'BEGIN{printf "%-9s %6.2f s  %8.0f files/s  %6.1f MB/s  peak %6.1f MB\n", l, t, n/t, b/1e6/t, m/1024}'
  echo "$best" > "bench-out/$label.t"
}

# generated N: the folder of N generated cases, made on first use (the
# version in the name changes with the generator).
generated() {
  local out=bench-out/cases-v2-$1
  if [ ! -d "$out" ]; then
    target/release/examples/gen_cases --n "$1" --out "$out" >&2
  fi
  echo "$out"
}
