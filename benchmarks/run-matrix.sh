#!/usr/bin/env bash
# Runs the side-by-side benchmark matrix of /work/shared/docs/performance.md in
# one run and writes docs/benchmarks.md. See benchmarks/README.md for the knobs.
#   Pairings (client -> server): go-go, go-java, java-go, java-java.
#   One server process per pairing, started once and reused by all its cells.
#   Cells are interleaved (size, c, rep, then pairing) so that drift of a
#   shared machine hits every pairing alike: only ratios from one run count.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
QUICK=${QUICK:-0}
GO_ONLY=${GO_ONLY:-0}
if [ "$QUICK" = 1 ]; then
  SIZES=${SIZES:-"16 65536"}; CONCS=${CONCS:-"1 16 128"}; REPS=${REPS:-1}; SCALE=${SCALE:-0.05}
else
  SIZES=${SIZES:-"16 1024 65536 1048576"}; CONCS=${CONCS:-"1 16 128"}; REPS=${REPS:-3}; SCALE=${SCALE:-1}
fi
CELL_SECONDS=${CELL_SECONDS:-3}   # target length of a cell at the reference Go/Go rate
CELL_TIMEOUT=${CELL_TIMEOUT:-300} # a client that takes longer is killed, the cell marked failed
BENCH_JAR=${BENCH_JAR:-$root/ttrpc-benchmarks/target/ttrpc-benchmarks.jar}
JAVA_BIN=${JAVA_BIN:-java}
JAVA_SERVER_OPTS=${JAVA_SERVER_OPTS-}
JAVA_CLIENT_OPTS=${JAVA_CLIENT_OPTS-}
GO_BIN_DIR=${GO_BIN_DIR:-$root/go/bin}
OUT=${OUT:-$root/docs/benchmarks.md}
if [ "$GO_ONLY" = 1 ]; then
  PAIRINGS=${PAIRINGS:-go-go}
else
  PAIRINGS=${PAIRINGS:-"go-go go-java java-go java-java"}
fi

. "$root/benchmarks/lib/server.sh"
. "$root/benchmarks/lib/machine.sh"

command -v python3 >/dev/null || die "python3 is required (JSON, medians, report)"
command -v timeout >/dev/null || die "timeout (coreutils) is required"
read -r -a java_server_opts <<<"$JAVA_SERVER_OPTS"
read -r -a java_client_opts <<<"$JAVA_CLIENT_OPTS"
case " $PAIRINGS " in
  *java*)
    [ -f "$BENCH_JAR" ] || die "Java benchmark jar not found: $BENCH_JAR
  build it (./mvnw -pl ttrpc-benchmarks -am package -DskipTests), set BENCH_JAR, or run with GO_ONLY=1"
    command -v "$JAVA_BIN" >/dev/null || die "JAVA_BIN '$JAVA_BIN' not found" ;;
esac

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  "$root/go/build.sh" "$GO_BIN_DIR" >&2
fi
for b in ttrpc-go-bench; do [ -x "$GO_BIN_DIR/$b" ] || die "missing $GO_BIN_DIR/$b"; done

# Sockets live in a short private dir (unix socket paths max out at 107 bytes).
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ttrpc-bench.XXXXXX")
declare -A server_pid=()
client_pid=
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_processes "$client_pid" "${server_pid[@]}"
  wait 2>/dev/null || true
  rm -rf "$tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Command line of one side: $1 = go|java, $2 = server|client.
side_cmd() {
  case "$1-$2" in
    go-*)        cmd=("$GO_BIN_DIR/ttrpc-go-bench" "$2") ;;
    java-server) cmd=("$JAVA_BIN" "${java_server_opts[@]}" -jar "$BENCH_JAR" server) ;;
    java-client) cmd=("$JAVA_BIN" "${java_client_opts[@]}" -jar "$BENCH_JAR" client) ;;
  esac
}

start_server() { # $1 = pairing
  local p=$1 impl=${1#*-}
  side_cmd "$impl" server
  "${cmd[@]}" --socket "$tmp/$p.sock" >"$tmp/$p.server.out" 2>"$tmp/$p.server.err" &
  server_pid[$p]=$!
  await_ready "${server_pid[$p]}" "$tmp/$p.server.out" "$tmp/$p.server.err" \
    || die "$p: server did not print READY: ${cmd[*]}"
  log "$p: server pid ${server_pid[$p]} ready"
}

cpu_ticks() { # utime+stime of PID $1 (fields 14, 15; comm may contain spaces)
  local stat rest f
  stat=$(<"/proc/$1/stat") || return 1
  rest=${stat##*) }
  read -r -a f <<<"$rest"
  echo $((f[11] + f[12]))
}

# Calls per cell: the reference Go/Go calls/s (performance.md) x CELL_SECONDS x SCALE.
calls_for() { # $1 = size, $2 = c
  local r i
  if   [ "$1" -le 16 ];    then r=(17000 138000 168000)
  elif [ "$1" -le 1024 ];  then r=(16000 99000 104000)
  elif [ "$1" -le 65536 ]; then r=(4500 6500 6900)
  else                          r=(340 450 370)
  fi
  if [ "$2" -le 1 ]; then i=0; elif [ "$2" -le 16 ]; then i=1; else i=2; fi
  python3 -c "import sys; r,s,sc,c=map(float,sys.argv[1:]); print(max(int(r*s*sc), int(4*c), 50))" \
    "${r[$i]}" "$CELL_SECONDS" "$SCALE" "$2"
}

for p in $PAIRINGS; do
  case $p in go-go|go-java|java-go|java-java) ;; *) die "unknown pairing $p" ;; esac
done

# Facts about this run, for the report header.
{
  machine_facts
  echo "pairings=$PAIRINGS"; echo "sizes=$SIZES"; echo "concs=$CONCS"; echo "reps=$REPS"
  echo "scale=$SCALE"; echo "cell_seconds=$CELL_SECONDS"; echo "quick=$QUICK"
  echo "java_server_opts=$JAVA_SERVER_OPTS"; echo "java_client_opts=$JAVA_CLIENT_OPTS"
  echo "bench_jar=${BENCH_JAR#"$root"/}"
  case " $PAIRINGS " in *java*) "$JAVA_BIN" -version 2>&1 | sed 's/^/java_version=/' ;; esac
} >"$tmp/meta"

for p in $PAIRINGS; do start_server "$p"; done
clk_tck=$(getconf CLK_TCK)
results=$tmp/results.tsv
: >"$results"

for size in $SIZES; do
  for c in $CONCS; do
    calls=$(calls_for "$size" "$c")
    warmup=$((calls / 10 > c ? calls / 10 : c))
    for rep in $(seq "$REPS"); do
      for p in $PAIRINGS; do
        pid=${server_pid[$p]}
        if ! kill -0 "$pid" 2>/dev/null; then
          printf '%s\t%s\t%s\t%s\t%s\t%s\t0\tERROR server exited\n' "$p" "$size" "$c" "$rep" "$calls" "$warmup" >>"$results"
          continue
        fi
        side_cmd "${p%-*}" client
        t0=$(cpu_ticks "$pid")
        timeout -k 5 "$CELL_TIMEOUT" "${cmd[@]}" --socket "$tmp/$p.sock" \
          -c "$c" -n "$calls" -size "$size" -warmup "$warmup" >"$tmp/client.out" 2>"$tmp/client.err" &
        client_pid=$!
        if wait "$client_pid"; then rc=0; else rc=$?; fi
        client_pid=
        t1=$(cpu_ticks "$pid" || echo "$t0")
        line=$(grep '^{' "$tmp/client.out" | tail -n 1 || true)
        if [ "$rc" != 0 ] || [ -z "$line" ]; then
          line="ERROR client exit $rc: $( (grep -o '"first_error":"[^"]*"' "$tmp/client.out" || true; grep -v '^WARNING' "$tmp/client.err" | tail -n 3) | tr '\t\n' '  ')"
        fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$p" "$size" "$c" "$rep" "$calls" "$warmup" \
          "$((t1 - t0))" "$line" >>"$results"
        log "$p size=$size c=$c rep=$rep: $(echo "$line" | cut -c1-110)"
      done
    done
  done
done

# Peak RSS over the whole matrix: VmHWM of each (still running) server.
for p in $PAIRINGS; do
  hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/${server_pid[$p]}/status" 2>/dev/null || true)
  echo "$p=${hwm:-}" >>"$tmp/rss"
done
echo "load_after=$(cut -d' ' -f1-3 /proc/loadavg)" >>"$tmp/meta"

mkdir -p "$(dirname "$OUT")"
status=0
python3 - "$tmp/meta" "$results" "$tmp/rss" "$clk_tck" >"$OUT.tmp" <<'PY' || status=$?
# Report: median rep by calls/s per cell, tables per pairing, RSS, ratios to Go/Go.
import json, sys
meta_f, res_f, rss_f, clk = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
meta = {}
for l in open(meta_f):
    k, _, v = l.rstrip("\n").partition("=")
    meta[k] = meta[k] + "\n" + v if k in meta else v
names = {"go-go": "Go client -> Go server", "go-java": "Go client -> Java server",
         "java-go": "Java client -> Go server", "java-java": "Java client -> Java server"}
pairings, sizes, concs = meta["pairings"].split(), meta["sizes"].split(), meta["concs"].split()

cells = {}  # (pairing, size, c) -> list of rep dicts
for l in open(res_f):
    p, size, c, rep, calls, warmup, ticks, line = l.rstrip("\n").split("\t", 7)
    r = {"error": None}
    try:
        r.update(json.loads(line))
        if r["errors"]:  # a run with failed calls measures the failure, not the pairing
            r["error"] = f"{r['errors']} calls failed: {r.get('first_error', '')}"
    except ValueError:
        r["error"] = line
    r["srv_cpu"] = int(ticks) * 1e6 / clk / (int(calls) + int(warmup))  # server CPU us per call
    cells.setdefault((p, size, c), []).append(r)

def median(reps):
    ok = sorted((r for r in reps if not r["error"]), key=lambda r: r["calls_per_sec"])
    return ok[(len(ok) - 1) // 2] if ok else None

med = {k: median(v) for k, v in cells.items()}
def f(x, d=0):
    return "n/a" if x is None else f"{x:,.{d}f}"

out = print
out("# Benchmarks: ttrpc-java against containerd's Go ttrpc\n")
out(f"Generated by `benchmarks/run-matrix.sh` on {meta['date']}"
    + (" (QUICK smoke run: too few calls for real numbers)" if meta["quick"] == "1" else "") + ".")
out("Absolute numbers drift between machines and runs; only the ratios measured in one run count "
    "(see performance.md in the shared docs).\n")
out("## Machine and settings\n")
out(f"- CPU: {meta['cpu']}, nproc {meta['nproc']}; kernel {meta['kernel']}")
out(f"- Load average before / after: {meta['load_before']} / {meta.get('load_after', '?')}")
out(f"- Go peer: `ttrpc-go-bench` built with {meta['go']} against Debian's golang-github-containerd-ttrpc-dev {meta['ttrpc']}")
if "java_version" in meta:
    out(f"- Java: `{meta['bench_jar']}`; server JVM flags `{meta['java_server_opts'] or '(none)'}`, "
        f"client JVM flags `{meta['java_client_opts'] or '(none)'}`")
    out("  ```\n  " + meta["java_version"].replace("\n", "\n  ") + "\n  ```")
out(f"- Sizes {meta['sizes']} B x concurrency {meta['concs']}, {meta['reps']} repetition(s) per cell, "
    f"median by calls/s; calls per cell sized for ~{meta['cell_seconds']} s at the reference Go/Go rate "
    f"(x{meta['scale']}), plus a warmup of calls/10 (at least c) on the same connection.")
out("- One connection per client, closed loop, unary `ttrpc.bench.v1.Echo/Echo` (BytesValue echo, every "
    "response checked). One server process per pairing, started once; cells interleaved across pairings.")
out("- Server CPU per call: utime+stime from /proc/PID/stat around the client run, divided by calls + warmup. "
    "Client CPU from the client's own report. Latencies in microseconds.\n")

out("## Results per pairing\n")
failed = 0
for p in pairings:
    out(f"### {names[p]}\n")
    out("| size B | c | calls | calls/s | p50 us | p99 us | p99.9 us | max us | server CPU us/call | client CPU us/call | errors | calls/s of each rep |")
    out("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for s in sizes:
        for c in concs:
            reps = cells.get((p, s, c), [])
            m = med.get((p, s, c))
            runs = " / ".join("fail" if r["error"] else f(r["calls_per_sec"]) for r in reps)
            failed += sum(1 for r in reps if r["error"]) + (0 if reps else 1)
            if m is None:
                err = next((r["error"] for r in reps if r["error"]), "not run")
                out(f"| {s} | {c} | | failed: {err[:80].replace('|', '/')} | | | | | | | | {runs} |")
                continue
            out(f"| {s} | {c} | {f(m['calls'])} | {f(m['calls_per_sec'])} | {f(m['p50_us'])} | {f(m['p99_us'])} | "
                f"{f(m.get('p999_us'))} | {f(m.get('max_us'))} | {f(m['srv_cpu'], 1)} | "
                f"{f(m.get('client_cpu_us_per_call'), 1)} | {sum(r.get('errors', 0) for r in reps)} | {runs} |")
    out("")

out("## Server peak RSS (VmHWM over the whole matrix)\n")
out("| pairing | server | peak RSS MiB |")
out("|---|---|---:|")
for l in open(rss_f):
    p, _, kb = l.strip().partition("=")
    out(f"| {names[p]} | {'Go' if p.endswith('-go') else 'Java'} | {f(int(kb) / 1024, 1) if kb else 'n/a (server gone)'} |")
out("")

out("## Ratios to Go client -> Go server\n")
others = [p for p in pairings if p != "go-go"]
if "go-go" not in pairings or not others:
    out("Needs the go-go pairing and at least one Java pairing (this run: " + ", ".join(pairings) + ").")
else:
    out("Each cell divided by the Go/Go cell: calls/s above 1 is faster; p99 and server CPU/call below 1 are better.\n")
    head = "| size B | c |" + "".join(f" {names[p]}: calls/s | p99 | CPU/call |" for p in others)
    out(head)
    out("|---:|---:|" + "---:|---:|---:|" * len(others))
    for s in sizes:
        for c in concs:
            base, row = med.get(("go-go", s, c)), f"| {s} | {c} |"
            for p in others:
                m = med.get((p, s, c))
                def ratio(k):
                    return "n/a" if not (m and base and base[k]) else f"{m[k] / base[k]:.2f}"
                row += f" {ratio('calls_per_sec')} | {ratio('p99_us')} | {ratio('srv_cpu')} |"
            out(row)
out("\n<details><summary>Raw client reports</summary>\n\n```")
for l in open(res_f):
    out(l.rstrip("\n"))
out("```\n</details>")
if failed:
    sys.stderr.write(f"run-matrix: {failed} run(s) failed, see the report\n")
    sys.exit(3)
PY
[ "$status" = 0 ] || [ "$status" = 3 ] || { rm -f "$OUT.tmp"; die "report generation failed"; }
mv "$OUT.tmp" "$OUT"
log "wrote $OUT"
[ "$status" = 0 ] || die "some runs failed (marked in the report)"
