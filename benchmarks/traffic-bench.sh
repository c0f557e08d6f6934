#!/usr/bin/env bash
# Times the traffic commands of issue 11 as a user runs them (JVM start included, build excluded):
#   egress learn over 1,000,000 recorded requests (and 100,000, to show memory stays flat),
#   egress diff --requests with 1,000,000 requests between two 1,000-policy sets (1% edited),
#   egress diff (semantic) between two 10,000-policy sets (1% edited).
#
#   benchmarks/traffic-bench.sh            # keeps its inputs in $TRAFFIC_DIR (default: a new temp dir)
#   RUNS=3 benchmarks/traffic-bench.sh     # repeat each timing (the machine may be shared)
#
# Inputs come from egress.benchmarks.TrafficInputs (the workload of ReplayInputs; the requests written in
# the enforcer's access-log format, one in ten refused). Results go to benchmarks/results/traffic-*.txt.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
runs="${RUNS:-1}"
dir="${TRAFFIC_DIR:-$(mktemp -d /tmp/egress-traffic.XXXXXX)}"
results="$here/results"
mkdir -p "$results" "$dir"
stamp="$(date +%Y%m%d-%H%M%S)"
out="$results/traffic-$stamp.txt"

echo "== building the cli and the benchmarks (not timed)" >&2
(cd "$root" && mvn -q -B -ntp -DskipTests -pl cli,benchmarks -am package)
touch "$root/cli/target/egress-cli.jar" # so ./egress does not think it must build again
cp="$here/target/benchmarks.jar:$here/target/lib/*"

if [ ! -s "$dir/small/access.log" ]; then
  echo "== generating 1,000 policies and 1,000,000 requests in $dir/small" >&2
  java -cp "$cp" egress.benchmarks.TrafficInputs 1000 1000000 "$dir/small"
  head -n 100000 "$dir/small/access.log" > "$dir/small/access-100k.log"
fi
if [ ! -d "$dir/large/after" ]; then
  echo "== generating two 10,000-policy sets in $dir/large" >&2
  java -cp "$cp" egress.benchmarks.TrafficInputs 10000 0 "$dir/large"
fi

{
  echo "# traffic benchmark $stamp on $(hostname): nproc=$(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared with other builds)"
  echo "# inputs: $dir ($(du -sh "$dir/small/access.log" | cut -f1) access log)"
  echo "# EGRESS_JAVA_OPTS=${EGRESS_JAVA_OPTS:-unset, the launcher default}"
} | tee "$out"

time_it() {
  echo "\$ /usr/bin/time -v $*" | tee -a "$out"
  (cd "$root" && /usr/bin/time -v "$@" 2> "$dir/time.txt" > "$dir/stdout.txt") || true
  head -n 3 "$dir/stdout.txt" | sed 's/^/    > /' | tee -a "$out"
  grep -E 'Elapsed \(wall clock\)|User time|Maximum resident set size|Exit status' "$dir/time.txt" \
    | sed 's/^\s*/    /' | tee -a "$out"
}

for ((r = 1; r <= runs; r++)); do
  rm -rf "$dir/learned"
  time_it ./egress learn "$dir/small/access.log" -o "$dir/learned"
  rm -rf "$dir/learned-100k"
  time_it ./egress learn "$dir/small/access-100k.log" -o "$dir/learned-100k"
  time_it ./egress diff "$dir/small/before" "$dir/small/after" --requests "$dir/small/access.log"
  time_it ./egress diff "$dir/large/before" "$dir/large/after"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
echo "results: $out; inputs kept in $dir (TRAFFIC_DIR=$dir to reuse them)" >&2
