# Sourced by the benchmark scripts: messages, waiting for a bench server's READY line, stopping processes.
# Messages are prefixed with the sourcing script's name (soak.sh -> "soak: ...").

log() { echo "$(basename "$0" .sh): $*" >&2; }
die() { log "$*"; exit 1; }

# Waits up to 60 s for the line READY in $2, the stdout of the server PID $1; gives up early once the server is
# gone. On failure prints the server's stderr ($3) and returns 1, so that the caller dies with its own message.
await_ready() {
  local pid=$1 out=$2 err=$3 i
  for i in $(seq 600); do
    grep -qx READY "$out" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  grep -qx READY "$out" 2>/dev/null && return 0
  cat "$err" >&2
  return 1
}

# Stops the given PIDs (empty ones are skipped): TERM to all at once, then up to 5 s for each to exit before KILL.
# Reaps those that are children of the calling shell.
stop_processes() {
  local pid i
  for pid in "$@"; do
    if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for pid in "$@"; do
    [ -n "$pid" ] || continue
    for i in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
