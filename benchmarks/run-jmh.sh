#!/usr/bin/env bash
# Builds the benchmarks module and runs the JMH benchmarks with settings for a small (2-core) machine,
# then the retained-memory measurement. Results go to benchmarks/results/ (gitignored).
#
#   benchmarks/run-jmh.sh                 # everything: about 12 minutes
#   QUICK=1 benchmarks/run-jmh.sh         # 1 warmup + 2 measurement iterations: about 4 minutes
#   benchmarks/run-jmh.sh 'DecideBenchmark.hostOnlyHttp'   # only the benchmarks matching a regex
#
# The benchmark JVM is pinned to one core (taskset -c 1) when taskset exists and there are at least
# two cores, so "per second" means "on one core", JIT and GC threads included on that same core.
# The summary (benchmarks/jmh-summary.py, python3) gives the median and best iteration next to JMH's
# mean: on a machine shared with other builds, outside load only ever makes an iteration slower.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
filter="${1:-}"

echo "== building (policy, simulator, benchmarks)" >&2
(cd "$root" && { mvn -q -B -o -DskipTests -pl benchmarks -am install 2>/dev/null \
  || mvn -q -B -DskipTests -pl benchmarks -am install; })

cp="$here/target/benchmarks.jar:$here/target/lib/*"
results="$here/results"
mkdir -p "$results"
stamp="$(date +%Y%m%d-%H%M%S)"
pin=()
if command -v taskset >/dev/null 2>&1 && [ "$(nproc)" -ge 2 ]; then
  pin=(taskset -c 1)
fi
if [ "${QUICK:-0}" = 1 ]; then
  iters=(-wi 1 -w 1s -i 2 -r 1s)
else
  iters=(-wi 3 -w 1s -i 5 -r 1s)
fi
jvm="-Xms1g -Xmx1g"
log="$results/jmh-$stamp.log"

{
  echo "# $(date -Is) on $(hostname): nproc=$(nproc), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# pinned: ${pin[*]:-no}"
} | tee "$log" >&2

jmh() { # name, then JMH arguments
  local name="$1"; shift
  "${pin[@]}" java -cp "$cp" org.openjdk.jmh.Main "$@" -f 1 -jvmArgs "$jvm" \
    -rf json -rff "$results/$name-$stamp.json" 2>&1 | tee -a "$log" | grep --line-buffered -E '^(# Benchmark:|# Parameters:|Benchmark |[A-Z][A-Za-z]+Benchmark\.)' >&2 || true
}

run_decide=1; run_compile=1
if [ -n "$filter" ]; then # a filter naming Compile runs the compile part, any other the decide part
  if [[ "$filter" == *Compile* ]]; then run_decide=0; else run_compile=0; fi
fi
if [ "$run_decide" = 1 ]; then
  echo "== DecideBenchmark: throughput (ops/s)" >&2
  jmh decide-thrpt "${filter:-DecideBenchmark}" "${iters[@]}" -bm thrpt -tu s
  echo "== DecideBenchmark: sampled latency (ns)" >&2
  jmh decide-sample "${filter:-DecideBenchmark}" "${iters[@]}" -bm sample -tu ns
fi
if [ "$run_compile" = 1 ]; then
  echo "== CompileBenchmark: average time (ms)" >&2
  jmh compile "${filter:-CompileBenchmark}" -wi 3 -w 2s -i 5 -r 2s -bm avgt -tu ms
  echo "== retained memory and cold compile (a fresh JVM per size, serial GC)" >&2
  for n in 10 1000 10000; do
    "${pin[@]}" java -XX:+UseSerialGC -Xmx1g -cp "$cp" egress.benchmarks.RetainedMemory "$n" | tee -a "$log" \
      | tee -a "$results/memory-$stamp.txt"
  done
fi

summary="$results/summary-$stamp.txt"
{
  echo "# JMH summary $stamp (machine shared with other builds: load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
  echo
  jsons=()
  for f in decide-thrpt decide-sample compile; do
    [ -f "$results/$f-$stamp.json" ] && jsons+=("$results/$f-$stamp.json")
  done
  [ "${#jsons[@]}" -gt 0 ] && python3 "$here/jmh-summary.py" "${jsons[@]}"
  if [ -f "$results/memory-$stamp.txt" ]; then
    echo
    echo "## retained memory and cold compile"
    sed 's/^/  /' "$results/memory-$stamp.txt"
  fi
} > "$summary"
echo >&2
cat "$summary"
echo >&2
echo "full log: $log; summary: $summary" >&2
