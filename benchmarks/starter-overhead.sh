#!/usr/bin/env bash
# Measures the Spring starter's client path (registry, observation, interceptors) against a bare TtrpcClient at
# 1 KiB, 16 callers, against one Java bench server, and writes docs/starter-overhead.md (issue "Spring starter",
# Performance: at most 10% of calls/s). See benchmarks/README.md ("Starter overhead").
#   benchmarks/starter-overhead.sh                       # 12 rounds x 10 s per client, 3 clients (~7 min)
#   ROUNDS=2 SECONDS_PER_PHASE=3 benchmarks/starter-overhead.sh   # smoke run
#   LONG_TASK_TIMERS=true benchmarks/starter-overhead.sh          # with shim.observations.long-task-timers=true
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-12}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-10}
CALLERS=${CALLERS:-16}
SIZE=${SIZE:-1024}
LONG_TASK_TIMERS=${LONG_TASK_TIMERS:-false}
BENCH_JAR=${BENCH_JAR:-$root/ttrpc-benchmarks/target/ttrpc-benchmarks.jar}
JAVA_BIN=${JAVA_BIN:-java}
JAVA_SERVER_OPTS=${JAVA_SERVER_OPTS-}
JAVA_CLIENT_OPTS=${JAVA_CLIENT_OPTS-}
OUT=${OUT:-$root/docs/starter-overhead.md}

. "$root/benchmarks/lib/server.sh"
. "$root/benchmarks/lib/machine.sh"
[ -f "$BENCH_JAR" ] || die "Java benchmark jar not found: $BENCH_JAR
  build it (./mvnw -pl ttrpc-benchmarks -am package -DskipTests) or set BENCH_JAR"
read -r -a java_server_opts <<<"$JAVA_SERVER_OPTS"
read -r -a java_client_opts <<<"$JAVA_CLIENT_OPTS"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ttrpc-overhead.XXXXXX")
server_pid=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_processes "$server_pid"
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$JAVA_BIN" "${java_server_opts[@]}" -jar "$BENCH_JAR" server --socket "$tmp/s.sock" >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
await_ready "$server_pid" "$tmp/server.out" "$tmp/server.err" || die "server did not print READY"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
status=0
"$JAVA_BIN" "${java_client_opts[@]}" -jar "$BENCH_JAR" starter-overhead --socket "$tmp/s.sock" -c "$CALLERS" \
  -size "$SIZE" -rounds "$ROUNDS" -seconds "$SECONDS_PER_PHASE" -warmup-seconds "$WARMUP_SECONDS" \
  -long-task-timers "$LONG_TASK_TIMERS" \
  >"$tmp/section.md" || status=$?
mkdir -p "$(dirname "$OUT")"
{
  cat "$tmp/section.md"
  echo
  echo "Run by \`benchmarks/starter-overhead.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) CPU(s)" \
    "($(cpu_model)), load average before / after" \
    "$load_before / $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA_BIN" -version 2>&1 | head -n 1);" \
    "server JVM flags \`${JAVA_SERVER_OPTS:-(none)}\`, client \`${JAVA_CLIENT_OPTS:-(none)}\`."
} >"$OUT"
log "wrote $OUT"
[ "$status" = 0 ] || die "the measuring client exited $status (see $OUT)"
