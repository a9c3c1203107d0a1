#!/usr/bin/env bash
# Soak run of /work/shared issue "Reliability and security" (Load): steady mixed load from the Java client
# (bench jar `soak` command) against a Java server, then against the Go ttrpc 1.1.1 server; writes docs/soak.md
# and exits non-zero if any call was lost, duplicated, mismatched or failed, or if a server's heap after GC or fd
# count drifted beyond the bound. See benchmarks/README.md ("Soak").
#   benchmarks/soak.sh            # 10 minutes per server
#   CI=1 benchmarks/soak.sh       # 1 minute per server (~2.5 min in all)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
CI=${CI:-0}
if [ "$CI" = 1 ]; then MINUTES=${MINUTES:-1}; else MINUTES=${MINUTES:-10}; fi
SERVERS=${SERVERS:-"java go"}
RATE=${RATE:-6000}                 # target calls/s over all callers (0: closed loop, full speed)
CALLERS=${CALLERS:-32}
WINDOW_SECONDS=${WINDOW_SECONDS:-60}
WARMUP_SECONDS=${WARMUP_SECONDS:-15}
CALL_TIMEOUT_MS=${CALL_TIMEOUT_MS:-10000}
HEAP_DRIFT_MIB=${HEAP_DRIFT_MIB:-16}   # heap after GC may exceed the baseline by this many MiB ...
HEAP_DRIFT_PCT=${HEAP_DRIFT_PCT:-25}   # ... or this percentage of the baseline, whichever is larger
FD_DRIFT=${FD_DRIFT:-2}                # open fds may exceed the baseline by this many
BENCH_JAR=${BENCH_JAR:-$root/ttrpc-benchmarks/target/ttrpc-benchmarks.jar}
JAVA_BIN=${JAVA_BIN:-java}
JAVA_SERVER_OPTS=${JAVA_SERVER_OPTS-}
JAVA_CLIENT_OPTS=${JAVA_CLIENT_OPTS-}
GO_BIN_DIR=${GO_BIN_DIR:-$root/go/bin}
OUT=${OUT:-$root/docs/soak.md}

. "$root/benchmarks/lib/server.sh"
. "$root/benchmarks/lib/machine.sh"

command -v python3 >/dev/null || die "python3 is required (the report)"
command -v timeout >/dev/null || die "timeout (coreutils) is required"
[ -f "$BENCH_JAR" ] || die "Java benchmark jar not found: $BENCH_JAR
  build it (./mvnw -pl ttrpc-benchmarks -am package -DskipTests) or set BENCH_JAR"
command -v "$JAVA_BIN" >/dev/null || die "JAVA_BIN '$JAVA_BIN' not found"
read -r -a java_server_opts <<<"$JAVA_SERVER_OPTS"
read -r -a java_client_opts <<<"$JAVA_CLIENT_OPTS"
for s in $SERVERS; do case $s in java|go) ;; *) die "unknown server '$s' (expected java or go)" ;; esac; done
case " $SERVERS " in
  *" go "*)
    if [ "${SKIP_BUILD:-0}" != 1 ]; then "$root/go/build.sh" "$GO_BIN_DIR" >&2; fi
    [ -x "$GO_BIN_DIR/ttrpc-go-bench" ] || die "missing $GO_BIN_DIR/ttrpc-go-bench" ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ttrpc-soak.XXXXXX")
server_pid=
client_pid=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_processes "$client_pid"; stop_processes "$server_pid"
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

{
  machine_facts
  echo "ci=$CI"; echo "minutes=$MINUTES"; echo "servers=$SERVERS"; echo "rate=$RATE"; echo "callers=$CALLERS"
  echo "window_seconds=$WINDOW_SECONDS"; echo "warmup_seconds=$WARMUP_SECONDS"; echo "call_timeout_ms=$CALL_TIMEOUT_MS"
  echo "heap_drift_mib=$HEAP_DRIFT_MIB"; echo "heap_drift_pct=$HEAP_DRIFT_PCT"; echo "fd_drift=$FD_DRIFT"
  echo "java_server_opts=$JAVA_SERVER_OPTS"; echo "java_client_opts=$JAVA_CLIENT_OPTS"
  "$JAVA_BIN" -version 2>&1 | head -n 1 | sed 's/^/java_version=/'
} >"$tmp/meta"

seconds=$((MINUTES * WINDOW_SECONDS))
for s in $SERVERS; do
  sock=$tmp/$s.sock
  case $s in
    java) "$JAVA_BIN" "${java_server_opts[@]}" -jar "$BENCH_JAR" server --socket "$sock" \
            >"$tmp/$s.server.out" 2>"$tmp/$s.server.err" & ;;
    # gctrace: one line per collection on stderr, the source of the Go server's heap after GC.
    go) GODEBUG=gctrace=1 "$GO_BIN_DIR/ttrpc-go-bench" server --socket "$sock" \
            >"$tmp/$s.server.out" 2>"$tmp/$s.server.err" & ;;
  esac
  server_pid=$!
  await_ready "$server_pid" "$tmp/$s.server.out" "$tmp/$s.server.err" || die "$s server did not print READY"
  log "$s server pid $server_pid ready; soaking ${MINUTES} x ${WINDOW_SECONDS} s at $RATE calls/s"
  timeout -k 10 $((seconds + WARMUP_SECONDS + CALL_TIMEOUT_MS / 1000 + 180)) \
    "$JAVA_BIN" "${java_client_opts[@]}" -jar "$BENCH_JAR" soak --socket "$sock" -server-pid "$server_pid" \
    -server "$s" -gctrace "$tmp/$s.server.err" -seconds "$seconds" -window-seconds "$WINDOW_SECONDS" \
    -warmup-seconds "$WARMUP_SECONDS" -rate "$RATE" -c "$CALLERS" -timeout-ms "$CALL_TIMEOUT_MS" \
    >"$tmp/$s.soak.out" 2>"$tmp/$s.soak.err" &
  client_pid=$!
  if wait "$client_pid"; then rc=0; else rc=$?; fi
  client_pid=
  alive=1; kill -0 "$server_pid" 2>/dev/null || alive=0
  echo "$s.client_rc=$rc" >>"$tmp/meta"; echo "$s.server_alive=$alive" >>"$tmp/meta"
  grep -v '^WARNING' "$tmp/$s.soak.err" | tail -n 5 | sed "s/^/$s.client_err=/" >>"$tmp/meta" || true
  log "$s: client exit $rc, $(grep -c '"phase":"soak"' "$tmp/$s.soak.out" || true) window(s)"
  stop_processes "$server_pid"; server_pid=
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$tmp/meta"

mkdir -p "$(dirname "$OUT")"
status=0
python3 "$root/benchmarks/soak_report.py" "$tmp/meta" "$tmp" >"$OUT.tmp" || status=$?
[ "$status" = 0 ] || [ "$status" = 3 ] || { rm -f "$OUT.tmp"; die "report generation failed"; }
mv "$OUT.tmp" "$OUT"
log "wrote $OUT"
[ "$status" = 0 ] || die "soak FAILED (see the verdict in $OUT)"
