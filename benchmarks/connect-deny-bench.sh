#!/usr/bin/env bash
# Refused TLS server names after CONNECT, squid against the enforcer, in one run (issue 13).
#
# The shared harness (../shared/bench/egress-bench.sh) skips the enforcer's connect-deny: it expects a 403 to
# the CONNECT, and the enforcer, as osm's sidecar does, accepts the CONNECT (200) and closes the tunnel when the
# ClientHello names a server the policies refuse. This script measures both refusals with one load generator
# (benchmarks/connect-deny/refusals.c): each request is a new connection carrying `CONNECT blocked.example:PORT`
# and a real ClientHello for blocked.example in one write; squid answers 403, the enforcer 200 and then a close.
# A reply with any byte from beyond the proxy counts as "leaked" (the run fails). Proxies run pinned to
# PROXY_CPU, the load generator to LOADGEN_CPU, rounds interleaved (squid, enforcer, squid, enforcer, ...).
#
#   benchmarks/connect-deny-bench.sh                 # needs cli/target/egress-cli.jar (mvn -pl cli -am package)
#   ROUNDS=3 SECONDS_PER=10 CONC=50 WARMUP=10 ENFORCER_JAR=/tmp/x/egress-cli.jar benchmarks/connect-deny-bench.sh
#
# Output: one line per proxy and round (refusals, refusals/s, proxy CPU %, refusals per proxy CPU-second,
# p50/p99 ms from connect to close, the kernel's share of the proxy's CPU time, load average), then the medians. ENFORCER_JAVA_OPTS and ENFORCER_ARGS pass
# through to enforcer/bench/enforcer-proxy.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-2}
SECONDS_PER=${SECONDS_PER:-10}
WARMUP=${WARMUP:-10}
CONC=${CONC:-50}
PROXY_CPU=${PROXY_CPU:-0}
LOADGEN_CPU=${LOADGEN_CPU:-1}
PORT_BASE=${PORT_BASE:-29700}
DENIED=${DENIED_HOST:-blocked.example}
ALLOWED=${ALLOWED_HOST:-httpbin.org}
for c in squid gcc python3 java taskset; do
  command -v "$c" >/dev/null || { echo "connect-deny-bench: missing command $c (apt-get install -y squid gcc)" >&2; exit 1; }
done
jar=${ENFORCER_JAR:-$here/cli/target/egress-cli.jar}
[[ -f $jar ]] || { echo "connect-deny-bench: no $jar (mvn -B -ntp -q -DskipTests -pl cli -am package)" >&2; exit 1; }

T=$(mktemp -d /tmp/connect-deny-bench.XXXXXX)
chmod 755 "$T"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$T"
}
trap cleanup EXIT

gcc -O2 -o "$T/refusals" "$here/benchmarks/connect-deny/refusals.c"
up_http=$((PORT_BASE + 80)) up_https=$((PORT_BASE + 443)) squid_port=$((PORT_BASE + 128)) enf_port=$((PORT_BASE + 1))
printf '127.0.0.1 %s\n127.0.0.1 %s\n' "$ALLOWED" "$DENIED" >"$T/hosts"
{ printf 'CONNECT %s:%s HTTP/1.1\r\nHost: %s:%s\r\n\r\n' "$DENIED" "$up_https" "$DENIED" "$up_https"
  python3 "$here/benchmarks/connect-deny/client-hello.py" "$DENIED"; } >"$T/request.bin"

# squid: the harness's allow-list (CONNECT only to the allowed host on the HTTPS port), access log off
mkdir -p "$T/squid"
cat >"$T/squid/squid.conf" <<EOF
http_port 127.0.0.1:$squid_port
visible_hostname connect-deny-bench
pid_filename $T/squid/squid.pid
cache_log $T/squid/cache.log
access_log none
cache_store_log none
coredump_dir $T/squid
netdb_filename none
shutdown_lifetime 0 seconds
max_filedescriptors 16384
pinger_enable off
digest_generation off
cache deny all
cache_mem 0 MB
hosts_file $T/hosts
dns_nameservers 127.0.0.1
acl allowed_host dstdomain $ALLOWED
acl allowed_http_port port $up_http
acl allowed_tls_port port $up_https
acl CONNECT method CONNECT
http_access allow CONNECT allowed_host allowed_tls_port
http_access deny CONNECT
http_access allow allowed_host allowed_http_port
http_access deny all
EOF
[[ $EUID -eq 0 ]] && chown -R proxy:proxy "$T/squid" 2>/dev/null || true
taskset -c "$PROXY_CPU" squid -N -f "$T/squid/squid.conf" >"$T/squid/stdout.log" 2>&1 &
squid_pid=$!
pids+=("$squid_pid")

# the enforcer: the same policy the harness's enforcer gets (enforcer/bench/enforcer-proxy.sh), under osm's engine:
# it decides a TLS tunnel by its server name. (The harness runs --engine pipy, which on an https port with one
# policy host reads no server name and sends every connection to that host: nothing would be refused.)
mkdir -p "$T/enforcer" # the policy only: the enforcer watches this folder, so its log goes elsewhere
ENFORCER_ENGINE=osm BENCH_TMP="$T/enforcer" BENCH_HOSTS_FILE="$T/hosts" BENCH_ALLOWED_HOST="$ALLOWED" BENCH_UPSTREAM_HTTP_PORT=$up_http \
  BENCH_UPSTREAM_HTTPS_PORT=$up_https ENFORCER_PORT=$enf_port ENFORCER_ADMIN_PORT=$((PORT_BASE + 2)) ENFORCER_JAR="$jar" \
  taskset -c "$PROXY_CPU" bash "$here/enforcer/bench/enforcer-proxy.sh" >"$T/enforcer.log" 2>&1 &
enf_pid=$!
pids+=("$enf_pid")

wait_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "connect-deny-bench: nothing listens on port $1; logs in $T" >&2
  cat "$T"/squid/stdout.log "$T"/enforcer.log >&2
  exit 1
}
wait_port "$squid_port"
wait_port "$enf_port"

# CPU seconds of a process and its threads, from /proc (utime + stime, in clock ticks)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sys_ticks() { awk '{print $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)

declare -A results
run() { # NAME PID PORT SECONDS -> prints a result line
  local name=$1 pid=$2 port=$3 secs=$4 before after out cpu sys_before sys_after
  before=$(cpu_ticks "$pid") sys_before=$(sys_ticks "$pid")
  out=$(taskset -c "$LOADGEN_CPU" "$T/refusals" 127.0.0.1 "$port" "$secs" "$CONC" "$T/request.bin")
  after=$(cpu_ticks "$pid") sys_after=$(sys_ticks "$pid")
  cpu=$(awk -v a="$after" -v b="$before" -v hz="$hz" 'BEGIN {printf "%.3f", (a - b) / hz}')
  eval "$(echo "$out" | tr ' ' '\n' | grep '=' | sed 's/^/local r_/')"
  if [[ $r_leaked != 0 ]]; then
    echo "connect-deny-bench: $name let $r_leaked tunnels through: not a refusal" >&2
    exit 1
  fi
  awk -v n="$name" -v r="$r_refusals" -v s="$r_seconds" -v c="$cpu" -v e="$r_errors" -v p50="$r_p50_ms" \
      -v p99="$r_p99_ms" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" -v sys=$((sys_after - sys_before)) \
      -v all=$((after - before)) 'BEGIN {
    printf "%-10s %9d %9.0f %7.0f %12.0f %7.2f %7.2f %6d %5.0f  %s\n", n, r, r / s, 100 * c / s, (c > 0 ? r / c : 0), p50,
      p99, e, (all > 0 ? 100 * sys / all : 0), load }'
}

echo "# connect-deny-bench $(date -u +%Y-%m-%dT%H:%M:%SZ): $CONC connections, ${SECONDS_PER}s per target, ${WARMUP}s warm-up, $ROUNDS rounds"
echo "# proxies on CPU $PROXY_CPU, load generator on CPU $LOADGEN_CPU; enforcer jar $jar; $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $WARMUP != 0 ]]; then
  run squid "$squid_pid" "$squid_port" "$WARMUP" >/dev/null
  run enforcer "$enf_pid" "$enf_port" "$WARMUP" >/dev/null
fi
printf '%-10s %9s %9s %7s %12s %7s %7s %6s %5s  %s\n' proxy refusals per-s pxcpu% per-cpu-s p50ms p99ms errors sys% "load average"
lines=()
for r in $(seq 1 "$ROUNDS"); do
  for p in squid enforcer; do
    if [[ $p == squid ]]; then line=$(run squid "$squid_pid" "$squid_port" "$SECONDS_PER")
    else line=$(run enforcer "$enf_pid" "$enf_port" "$SECONDS_PER"); fi
    echo "$line"
    lines+=("$line")
  done
done
echo "# medians (refusals/s, pxcpu%, refusals per proxy CPU-second, p50 ms, p99 ms):"
for p in squid enforcer; do
  printf '%s\n' "${lines[@]}" | awk -v p="$p" '$1 == p' | awk -v p="$p" '
    { rate[NR] = $3; cpu[NR] = $4; eff[NR] = $5; p50[NR] = $6; p99[NR] = $7 }
    function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
                                    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    END { printf "%-10s %9.0f %7.0f %12.0f %7.2f %7.2f\n", p, med(rate, NR), med(cpu, NR), med(eff, NR), med(p50, NR), med(p99, NR) }'
done
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
# every tunnel the enforcer logged must be a refusal by server name (a close with no upstream would look the same
# to the load generator)
sleep 1
denied=$(grep -c '"sni":"'"$DENIED"'".*"verdict":"deny","signal":"connection-closed"' "$T/enforcer.log" || true)
other=$(grep '"verdict":' "$T/enforcer.log" | grep -vc '"verdict":"deny","signal":"connection-closed"' || true)
echo "# enforcer access log: $denied tunnels refused on server name $DENIED (connection-closed), $other other lines"
if [[ $other != 0 || $denied == 0 ]]; then
  grep '"verdict":' "$T/enforcer.log" | grep -v '"verdict":"deny"' | head -3 >&2
  echo "connect-deny-bench: the enforcer did not refuse every tunnel on its server name" >&2
  exit 1
fi
