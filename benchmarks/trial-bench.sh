#!/usr/bin/env bash
# Requests per proxy CPU-second of the enforcer, plain vs --report-only vs --staged (issue 11: neither may cost
# more than 10 %). Same policies, same absolute-form request (allowed) in each mode; one more row forwards a
# request the policies refuse (--report-only). The enforcer is pinned to CPU 0, the built-in upstream
# (egress upstreams) and wrk to CPU 1; the enforcer's CPU time is utime+stime from /proc/PID/stat around the
# measured run. Modes are interleaved, ROUNDS times; the summary gives the median per mode.
#
#   mvn -q -B -DskipTests -pl cli -am package        # cli/target/egress-cli.jar
#   benchmarks/trial-bench.sh                         # env: JAR DURATION WARMUP CONNS ROUNDS PORT_BASE
#
# Needs java, wrk, curl, taskset (apt-get install -y wrk curl util-linux).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${JAR:-$here/cli/target/egress-cli.jar}
duration=${DURATION:-15s}
warmup=${WARMUP:-15s}
conns=${CONNS:-32}
rounds=${ROUNDS:-2}
base=${PORT_BASE:-29480}
up=$base px=$((base + 1)) adm=$((base + 2))
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

taskset -c 1 java -Xmx256m -jar "$jar" upstreams --bind 127.0.0.1 --http-port "$up" --https-port -1 --tcp-port -1 \
  >"$tmp/upstreams.log" 2>&1 &
pids+=($!)

hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

run() { # MODE URL ARGS...
  local mode=$1 url=$2; shift 2
  taskset -c 0 java -Xmx256m -XX:+UseSerialGC -jar "$jar" enforce --resources "$tmp/live" --identity bench/client \
    --listen "127.0.0.1:$px" --admin "127.0.0.1:$adm" --connect-to "httpbin.org:80:127.0.0.1:$up" \
    --connect-to "example.org:80:127.0.0.1:$up" "$@" >"$tmp/$mode.access.log" 2>"$tmp/$mode.err" &
  local pid=$! i
  pids+=("$pid")
  for i in $(seq 1 600); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' -x "http://127.0.0.1:$px" "$url" 2>/dev/null)" == 200 ]] && break
    sleep 0.1
  done
  ABS_URL=$url taskset -c 1 wrk -t1 -c"$conns" -d"$warmup" -s "$tmp/abs.lua" "http://127.0.0.1:$px" >/dev/null
  local t0 t1 out reqs
  t0=$(cpu_ticks "$pid")
  out=$(ABS_URL=$url taskset -c 1 wrk -t1 -c"$conns" -d"$duration" -s "$tmp/abs.lua" "http://127.0.0.1:$px")
  t1=$(cpu_ticks "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  reqs=$(awk '/requests in/ {print $1}' <<<"$out")
  local non2xx
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out"); non2xx=${non2xx:-0}
  awk -v m="$mode" -v r="$reqs" -v c="$((t1 - t0))" -v hz="$hz" -v n="$non2xx" -v d="$duration" \
    'BEGIN { printf "%-20s %10d %8.2f %12.0f %8s %6s\n", m, r, c / hz, r / (c / hz), n, d }' | tee -a "$tmp/results.txt"
}

echo "# $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; $(java -version 2>&1 | head -1)"
printf '%-20s %10s %8s %12s %8s %6s\n' mode requests cpu_s req_per_cpu_s non2xx time
for r in $(seq 1 "$rounds"); do
  run plain "http://httpbin.org/get"
  run report-only "http://httpbin.org/get" --report-only
  run staged "http://httpbin.org/get" --staged "$tmp/staged"
  run report-only-refused "http://example.org/get" --report-only   # the policies refuse it (404): forwarded
done
echo "# $(date -u +%FT%TZ) load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# medians of requests per proxy CPU-second"
for m in plain report-only staged report-only-refused; do
  awk -v m="$m" '$1 == m {print $4}' "$tmp/results.txt" | sort -n |
    awk -v m="$m" '{a[NR] = $1} END { med = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%-20s %12.0f\n", m, med }'
done
echo "# files: $tmp"
