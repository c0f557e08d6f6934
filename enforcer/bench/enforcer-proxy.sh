#!/usr/bin/env bash
# EXTRA_PROXY_CMD for ../shared/bench/egress-bench.sh: writes a policy that allows exactly what the
# harness's squid allows (httpbin.org, http on the upstream HTTP port, https on the upstream HTTPS
# port) for the listener's identity bench/client, then runs the enforcer from cli/target/egress-cli.jar.
# Extra JVM options: ENFORCER_JAVA_OPTS. Extra enforcer options: ENFORCER_ARGS. The engine: ENFORCER_ENGINE (pipy,
# so that an HTTP refusal is the 403 the harness expects; benchmarks/connect-deny-bench.sh uses osm).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
policy="$BENCH_TMP/enforcer-policy.yaml"
cat >"$policy" <<YAML
kind: Egress
apiVersion: policy.openservicemesh.io/v1alpha1
metadata: {name: httpbin-http, namespace: bench}
spec:
  sources: [{kind: ServiceAccount, name: client, namespace: bench}]
  hosts: [${BENCH_ALLOWED_HOST}]
  ports: [{number: ${BENCH_UPSTREAM_HTTP_PORT}, protocol: http}]
---
kind: Egress
apiVersion: policy.openservicemesh.io/v1alpha1
metadata: {name: httpbin-https, namespace: bench}
spec:
  sources: [{kind: ServiceAccount, name: client, namespace: bench}]
  hosts: [${BENCH_ALLOWED_HOST}]
  ports: [{number: ${BENCH_UPSTREAM_HTTPS_PORT}, protocol: https}]
---
apiVersion: config.openservicemesh.io/v1alpha2
kind: MeshConfig
metadata: {name: osm-mesh-config, namespace: osm-system}
spec:
  featureFlags: {enableEgressPolicy: true}
  traffic: {enableEgress: false}
YAML
# shellcheck disable=SC2086
exec java -Djdk.net.hosts.file="$BENCH_HOSTS_FILE" ${ENFORCER_JAVA_OPTS:-} -jar "${ENFORCER_JAR:-$here/cli/target/egress-cli.jar}" enforce \
  --resources "$policy" --identity bench/client --listen "127.0.0.1:${ENFORCER_PORT:-29301}" \
  --admin "127.0.0.1:${ENFORCER_ADMIN_PORT:-29300}" --engine "${ENFORCER_ENGINE:-pipy}" ${ENFORCER_ARGS:-}
