#!/usr/bin/env bash
# Requests per proxy CPU-second of the enforcer, plain vs --report-only vs --staged (issue 11: neither may cost
# the forwarding path more than 10 %). Same policies, same absolute-form request (allowed) for each; one more row
# sends a request the policies refuse (404) through the --report-only enforcer, which forwards it.
#
# One enforcer JVM per mode runs for the whole benchmark, all pinned to CPU 0 (only the one under load is busy);
# the built-in upstream (egress upstreams) and wrk share CPU 1. After a warm-up of each, the rows are measured in
# short bursts, interleaved (the order rotates every round), so that a change in the machine's background load
# hits every row alike. A row's figure is its requests over its enforcer's CPU time (utime+stime from
# /proc/PID/stat around each burst), summed over the bursts, and the median of the per-burst figures (less
# sensitive to one disturbed burst); the per-burst range is printed beside them.
#
#   mvn -q -B -DskipTests -pl cli -am package       # cli/target/egress-cli.jar (+ lib/)
#   benchmarks/trial-bench.sh                        # env: JAR WARMUP BURST ROUNDS CONNS PORT_BASE
#
# Needs java, wrk, curl, taskset (apt-get install -y wrk curl util-linux).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${JAR:-$here/cli/target/egress-cli.jar}
warmup=${WARMUP:-30s}
burst=${BURST:-5s}
rounds=${ROUNDS:-8}
conns=${CONNS:-32}
base=${PORT_BASE:-29480}
for c in java wrk curl taskset; do command -v "$c" >/dev/null || { echo "missing command: $c" >&2; exit 2; }; done
[[ -f "$jar" ]] || { echo "no $jar: mvn -q -B -DskipTests -pl cli -am package" >&2; exit 2; }
tmp=$(mktemp -d /tmp/trial-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

egress() { # NAME HOST
  printf 'kind: Egress\napiVersion: policy.openservicemesh.io/v1alpha1\nmetadata: {name: %s, namespace: bench}\n' "$1"
  printf 'spec:\n  sources: [{kind: ServiceAccount, name: client, namespace: bench}]\n  hosts: [%s]\n' "$2"
  printf '  ports: [{number: 80, protocol: http}]\n---\n'
}
mkdir -p "$tmp/live" "$tmp/staged"
egress httpbin-80 httpbin.org >"$tmp/live/egress.yaml"
# the staged set: the same policies plus one more, so the measured request is decided twice and agrees
{ egress httpbin-80 httpbin.org; egress example-80 example.org; } >"$tmp/staged/egress.yaml"
cat >"$tmp/abs.lua" <<'LUA'
wrk.path = os.getenv("ABS_URL")
wrk.headers["Host"] = wrk.path:match("^%a+://([^/]+)")
LUA

up=$base
taskset -c 1 java -Xmx256m -jar "$jar" upstreams --bind 127.0.0.1 --http-port "$up" --https-port -1 --tcp-port -1 \
  >"$tmp/upstreams.log" 2>&1 &
pids+=($!)

declare -A PID PORT
start() { # MODE OFFSET ARGS...
  local mode=$1 port=$((base + $2)); shift 2
  taskset -c 0 java -Xmx256m -XX:+UseSerialGC -jar "$jar" enforce --resources "$tmp/live" --identity bench/client \
    --listen "127.0.0.1:$port" --admin off --connect-to "httpbin.org:80:127.0.0.1:$up" \
    --connect-to "example.org:80:127.0.0.1:$up" "$@" >"$tmp/$mode.access.log" 2>"$tmp/$mode.err" &
  PID[$mode]=$!; PORT[$mode]=$port
  pids+=($!)
}
start plain 1
start report-only 2 --report-only
start staged 3 --staged "$tmp/staged"

rows=(plain report-only staged report-only-refused)
jvm() { [[ $1 == report-only-refused ]] && echo report-only || echo "$1"; }
url() { [[ $1 == report-only-refused ]] && echo "http://example.org/get" || echo "http://httpbin.org/get"; }
load() { # ROW DURATION -> wrk output
  ABS_URL=$(url "$1") taskset -c 1 wrk -t1 -c"$conns" -d"$2" -s "$tmp/abs.lua" "http://127.0.0.1:${PORT[$(jvm "$1")]}"
}
for r in "${rows[@]}"; do
  for i in $(seq 1 600); do
    code=$(curl -s -o /dev/null -w '%{http_code}' -x "http://127.0.0.1:${PORT[$(jvm "$r")]}" "$(url "$r")" 2>/dev/null || true)
    [[ $code == 200 ]] && break
    sleep 0.1
  done
  [[ $code == 200 ]] || { echo "$r: the enforcer does not answer 200 (got $code), see $tmp/*.err" >&2; exit 1; }
done
echo "# $(date -u +%FT%TZ) start; load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; $(java -version 2>&1 | head -1)"
for r in "${rows[@]}"; do load "$r" "$warmup" >/dev/null; done

hz=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
: >"$tmp/bursts.tsv"
for round in $(seq 1 "$rounds"); do
  n=${#rows[@]}
  for k in $(seq 0 $((n - 1))); do
    r=${rows[$(((k + round) % n))]}
    pid=${PID[$(jvm "$r")]}
    t0=$(ticks "$pid")
    out=$(load "$r" "$burst")
    t1=$(ticks "$pid")
    reqs=$(awk '/requests in/ {print $1}' <<<"$out")
    bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$r" "$reqs" "$((t1 - t0))" "${bad:-0}" >>"$tmp/bursts.tsv"
  done
done
echo "# $(date -u +%FT%TZ) end; load average $(cut -d' ' -f1-3 /proc/loadavg); $rounds rounds of $burst bursts, $conns connections"
printf '%-20s %9s %8s %14s %14s %22s %7s\n' row requests cpu_s req_per_cpu_s median_burst "per-burst min-max" non2xx
for r in "${rows[@]}"; do
  med=$(awk -F'\t' -v r="$r" -v hz="$hz" '$2 == r {print $3 / ($4 / hz)}' "$tmp/bursts.tsv" | sort -n |
    awk '{a[NR] = $1} END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
  awk -F'\t' -v r="$r" -v hz="$hz" -v med="$med" '$2 == r {
      q += $3; t += $4; bad += $5; x = $3 / ($4 / hz); if (min == "" || x < min) min = x; if (x > max) max = x }
    END { printf "%-20s %9d %8.2f %14.0f %14.0f %15.0f-%-6.0f %7d\n", r, q, t / hz, q / (t / hz), med, min, max, bad }' \
    "$tmp/bursts.tsv"
done | tee "$tmp/summary.txt"
awk -v p="$(awk '$1 == "plain" {print $4}' "$tmp/summary.txt")" -v pm="$(awk '$1 == "plain" {print $5}' "$tmp/summary.txt")" \
  '$1 != "plain" { printf "%-20s %+.1f %% against plain (sums), %+.1f %% (medians of bursts)\n", $1, ($4 / p - 1) * 100, ($5 / pm - 1) * 100 }' \
  "$tmp/summary.txt"
echo "# files: $tmp (bursts.tsv: round, row, requests, CPU ticks, non-2xx)"
