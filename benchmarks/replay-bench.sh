#!/usr/bin/env bash
# Times `egress simulate --requests FILE --summary-only` on 1,000 generated policies with 1,000,000
# requests and with 100,000 (to show memory stays flat), JVM start included, build excluded.
# One untimed run first lets the launcher write its class data sharing archive (see ./egress), as any
# run after a build does.
#
#   benchmarks/replay-bench.sh            # keeps its inputs in $REPLAY_DIR (default: a new temp dir)
#   RUNS=3 benchmarks/replay-bench.sh     # repeat each timing (the machine may be shared)
#   LINES="1000000 100000 3000000" benchmarks/replay-bench.sh   # the files replayed (generated once each)
#   EGRESS_JAVA_OPTS=... benchmarks/replay-bench.sh   # other JVM options for the cli (see ./egress)
#
# Prints wall time, CPU time and max RSS from /usr/bin/time -v, then the phases of one replay timed
# apart in one JVM (egress.benchmarks.ReplayTiming), and writes everything to benchmarks/results/.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
runs="${RUNS:-1}"
policies="${POLICIES:-1000}"
dir="${REPLAY_DIR:-$(mktemp -d /tmp/egress-replay.XXXXXX)}"
results="$here/results"
mkdir -p "$results" "$dir"
stamp="$(date +%Y%m%d-%H%M%S)"
out="$results/replay-$stamp.txt"

echo "== building the cli and the benchmarks (not timed)" >&2
(cd "$root" && { mvn -q -B -o -DskipTests install 2>/dev/null || mvn -q -B -DskipTests install; })
touch "$root/cli/target/egress-cli.jar" # so ./egress does not think it must build again
cp="$here/target/benchmarks.jar:$here/target/lib/*"

lines="${LINES:-1000000 100000}"
for n in $lines; do
  if [ ! -s "$dir/requests-$n.jsonl" ]; then
    echo "== generating $policies policies and $n requests in $dir" >&2
    java -cp "$cp" egress.benchmarks.ReplayInputs "$policies" "$n" "$dir/resources" "$dir/requests-$n.jsonl"
  fi
done

{
  echo "# replay benchmark $stamp on $(hostname): nproc=$(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared with other builds)"
  echo "# inputs: $dir ($(ls "$dir/resources" | wc -l) YAML files, $(du -sh "$dir/requests-1000000.jsonl" | cut -f1) of requests)"
  echo "# EGRESS_JAVA_OPTS=${EGRESS_JAVA_OPTS:-unset, the launcher default}"
} | tee "$out"

echo "== one untimed run, so the launcher writes its class data sharing archive" >&2
(cd "$root" && ./egress simulate --resources "$dir/resources" --requests "$dir/requests-${lines%% *}.jsonl" --summary-only \
  > /dev/null 2>&1) || true

for n in $lines; do
  for ((r = 1; r <= runs; r++)); do
    cmd=(./egress simulate --resources "$dir/resources" --requests "$dir/requests-$n.jsonl" --summary-only)
    echo "\$ /usr/bin/time -v ${cmd[*]}" | tee -a "$out"
    (cd "$root" && /usr/bin/time -v "${cmd[@]}" 2> "$dir/time.txt" > /dev/null) || true
    grep -m1 '^replayed' "$dir/time.txt" | tee -a "$out"
    grep -E 'Elapsed \(wall clock\)|User time|System time|Maximum resident set size|Exit status' "$dir/time.txt" \
      | sed 's/^\s*/    /' | tee -a "$out"
  done
done

echo "\$ java -XX:+UseSerialGC -cp ... egress.benchmarks.ReplayTiming (phases; C2 enabled)" | tee -a "$out"
java -XX:+UseSerialGC -cp "$cp" egress.benchmarks.ReplayTiming "$dir/resources" "$dir/requests-1000000.jsonl" | tee -a "$out"
echo "\$ java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp ... egress.benchmarks.ReplayTiming (phases; C1 only)" | tee -a "$out"
java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$cp" egress.benchmarks.ReplayTiming "$dir/resources" "$dir/requests-1000000.jsonl" | tee -a "$out"
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out"
echo "results: $out; inputs kept in $dir (REPLAY_DIR=$dir to reuse them)" >&2
