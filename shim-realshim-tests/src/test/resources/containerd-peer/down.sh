#!/bin/bash
# Usage: down.sh DIR
#
# Tears down what up.sh DIR started; safe to run any number of times, and after
# a partial up.sh. Steps:
#   1. through ctr: SIGKILL every task (a container's PID 1 ignores SIGTERM),
#      delete tasks and containers
#   2. stop containerd by its recorded PID (checked to be our containerd)
#   3. safety net: `runc delete --force` whatever runc still knows under
#      DIR/run/runc, SIGKILL any process left in containerd's mount namespace or
#      carrying DIR's grpc socket in its argv (shims); all by PID, never by name
#   4. rmdir the cgroup parents runc leaves behind
#   5. rm -rf DIR (only if it carries up.sh's marker)
set -uo pipefail

say() { echo "down.sh: $*"; }

[ $# -eq 1 ] || { echo "usage: down.sh DIR" >&2; exit 2; }
[ -d "$1" ] || { say "$1 is gone; nothing to do"; exit 0; }
DIR=$(cd "$1" && pwd)
[ -e "$DIR/.realshim-peer" ] || { echo "down.sh: $DIR was not made by up.sh; leaving it alone" >&2; exit 1; }

GRPC_SOCKET=$DIR/grpc.sock
CTR_BIN=$(command -v ctr || echo /usr/bin/ctr)
CONTAINERD_PID=$(cat "$DIR/containerd.pid" 2>/dev/null || true)
CGROUP_PARENT=realshim-$(basename "$DIR" | tr -c 'A-Za-z0-9\n' '_')

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }
ours() {
	alive "$1" && [ "$(readlink "/proc/$1/exe" 2>/dev/null)" = "$(readlink -f "$(command -v containerd || echo /usr/bin/containerd)")" ] &&
		tr '\0' '\n' < "/proc/$1/cmdline" 2>/dev/null | grep -qxF "$DIR/config.toml"
}
ctr_() { timeout 20 "$CTR_BIN" --address "$GRPC_SOCKET" "$@"; }

MNT_NS=
if ours "$CONTAINERD_PID"; then
	MNT_NS=$(readlink "/proc/$CONTAINERD_PID/ns/mnt")
	# --- 1 ---
	for ns in $(ctr_ namespaces list --quiet 2>/dev/null); do
		for task in $(ctr_ -n "$ns" tasks list --quiet 2>/dev/null); do
			ctr_ -n "$ns" tasks kill --all --signal SIGKILL "$task" >/dev/null 2>&1
			for _ in $(seq 1 100); do
				ctr_ -n "$ns" tasks list 2>/dev/null | awk -v t="$task" '$1 == t { print $3 }' | grep -q RUNNING || break
				sleep 0.1
			done
			ctr_ -n "$ns" tasks delete "$task" >/dev/null 2>&1 ||
				ctr_ -n "$ns" tasks delete --force "$task" >/dev/null 2>&1 ||
				say "could not delete task $ns/$task"
		done
		for c in $(ctr_ -n "$ns" containers list --quiet 2>/dev/null); do
			ctr_ -n "$ns" containers delete "$c" >/dev/null 2>&1 || say "could not delete container $ns/$c"
		done
	done
	# --- 2 ---
	kill -TERM "$CONTAINERD_PID" 2>/dev/null
	for _ in $(seq 1 100); do alive "$CONTAINERD_PID" || break; sleep 0.1; done
	if alive "$CONTAINERD_PID"; then
		say "containerd $CONTAINERD_PID ignored SIGTERM; SIGKILL"
		kill -KILL "$CONTAINERD_PID" 2>/dev/null
	fi
	say "stopped containerd $CONTAINERD_PID"
fi

# --- 3 ---
for root in "$DIR"/run/runc/*/; do
	[ -d "$root" ] || continue
	for id in $(runc --root "$root" list --quiet 2>/dev/null); do
		say "leftover runc container $id under $root: delete --force"
		runc --root "$root" delete --force "$id" >/dev/null 2>&1
	done
done
for proc in /proc/[0-9]*; do
	pid=${proc#/proc/}
	[ "$pid" = "$$" ] && continue
	hit=
	if [ -n "$MNT_NS" ] && [ "$(readlink "$proc/ns/mnt" 2>/dev/null)" = "$MNT_NS" ]; then
		hit=1
	# (the socket path goes through the environment so that this check's own
	# helper process does not carry it in its argv)
	elif S=$GRPC_SOCKET awk 'BEGIN { RS = "\0" } $0 == ENVIRON["S"] { f = 1 } END { exit !f }' "$proc/cmdline" 2>/dev/null; then
		hit=1
	fi
	[ -n "$hit" ] || continue
	say "SIGKILL leftover pid $pid: $(tr '\0' ' ' < "$proc/cmdline" 2>/dev/null | cut -c1-100)"
	kill -KILL "$pid" 2>/dev/null
done

# --- 4 --- (the container cgroup itself is gone once its processes are)
for _ in $(seq 1 30); do
	left=
	for cg in /sys/fs/cgroup/*/"$CGROUP_PARENT" /sys/fs/cgroup/"$CGROUP_PARENT"; do
		[ -d "$cg" ] || continue
		find "$cg" -depth -mindepth 1 -type d -exec rmdir {} \; 2>/dev/null
		rmdir "$cg" 2>/dev/null || left=1
	done
	[ -z "$left" ] && break
	sleep 0.1
done
[ -z "${left:-}" ] || say "could not remove cgroup parent $CGROUP_PARENT"

# --- 5 ---
rm -rf "$DIR" && say "removed $DIR"
