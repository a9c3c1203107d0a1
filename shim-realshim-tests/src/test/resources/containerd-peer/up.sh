#!/bin/bash
# Usage: up.sh DIR
#
# Brings up a throw-away containerd 1.6 (Debian package) that keeps all of its
# state in DIR, and starts one busybox container running `sleep 3600` in it.
# On success DIR/peer.env holds shell assignments the tests read:
#   SHIM_SOCKET   host path of the container's containerd-shim-runc-v2 socket
#   NAMESPACE, CONTAINER_ID, BUNDLE, TASK_PID
#   GRPC_SOCKET   containerd's grpc socket (for ctr)
#   TTRPC_SOCKET  containerd's ttrpc socket (shims publish events there)
#   CONTAINERD_PID, CGROUP_PARENT
# On failure it exits non-zero and leaves DIR for down.sh to clean up.
#
# Why the mount namespace: containerd 1.6 puts shim sockets in
# /run/containerd/s, the runc shim gives runc the root /run/containerd/runc/<ns>,
# whatever the config's `state` says. containerd therefore runs under
# `unshare --mount --propagation private` with DIR/run bind-mounted over
# /run/containerd; the host's /run is never written, and since the socket
# inodes live in DIR/run, host processes can dial them there.
# Root only. Needs: containerd, runc, busybox-static (apt).
set -euo pipefail

fail() { echo "up.sh: $*" >&2; exit 1; }

[ $# -eq 1 ] || fail "usage: up.sh DIR"
[ "$(id -u)" -eq 0 ] || fail "must run as root (the shim only accepts callers with its own uid)"

CONTAINERD_BIN=$(command -v containerd) || fail "containerd not found: apt-get install -y containerd runc busybox-static"
CTR_BIN=$(command -v ctr) || fail "ctr not found: apt-get install -y containerd"
command -v runc >/dev/null || fail "runc not found: apt-get install -y runc"
BUSYBOX_BIN=
for b in /bin/busybox /usr/bin/busybox; do [ -x "$b" ] && { BUSYBOX_BIN=$b; break; }; done
[ -n "$BUSYBOX_BIN" ] || fail "busybox not found: apt-get install -y busybox-static"
# a dynamically linked busybox would need its libraries inside the rootfs
if command -v file >/dev/null && file -L "$BUSYBOX_BIN" | grep -q 'dynamically linked'; then
	fail "$BUSYBOX_BIN is dynamically linked: apt-get install -y busybox-static"
fi

mkdir -p "$1"
DIR=$(cd "$1" && pwd)
# the shim socket is DIR/run/s/<64 hex>; a unix socket path holds at most 107 bytes
[ $(( ${#DIR} + 71 )) -le 107 ] || fail "DIR too long for unix socket paths: $DIR"

NAMESPACE=realshim
CONTAINER_ID=sleeper
GRPC_SOCKET=$DIR/grpc.sock
TTRPC_SOCKET=$DIR/ttrpc.sock
# cgroups are host-global: a parent unique to DIR keeps runs from colliding
CGROUP_PARENT=realshim-$(basename "$DIR" | tr -c 'A-Za-z0-9\n' '_')

if [ -s "$DIR/containerd.pid" ] && kill -0 "$(cat "$DIR/containerd.pid")" 2>/dev/null; then
	fail "$DIR already has a running containerd; run down.sh first"
fi

touch "$DIR/.realshim-peer"                # down.sh deletes only directories carrying this
mkdir -p "$DIR/root" "$DIR/state" "$DIR/tmp" "$DIR/opt" "$DIR/run" "$DIR/io"

# --- containerd configuration ------------------------------------------------
# CRI off (it wants CNI and /var/run/netns); the v1 linux runtime must stay on,
# 1.6's tasks service does not load without it.
cat > "$DIR/config.toml" <<TOML
version = 2
root = "$DIR/root"
state = "$DIR/state"
temp = "$DIR/tmp"
disabled_plugins = [
  "io.containerd.grpc.v1.cri",
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.zfs",
]
[grpc]
  address = "$GRPC_SOCKET"
[ttrpc]
  address = "$TTRPC_SOCKET"
[plugins."io.containerd.internal.v1.opt"]
  path = "$DIR/opt"
TOML

# --- rootfs: a static busybox and its applet links -----------------------------
ROOTFS=$DIR/rootfs
mkdir -p "$ROOTFS/bin" "$ROOTFS/proc" "$ROOTFS/sys" "$ROOTFS/dev" "$ROOTFS/tmp" "$ROOTFS/etc"
cp "$BUSYBOX_BIN" "$ROOTFS/bin/busybox"
for applet in $("$ROOTFS/bin/busybox" --list); do
	[ "$applet" = busybox ] || ln -sf busybox "$ROOTFS/bin/$applet"
done

# --- containerd in its own mount namespace ------------------------------------
# Started in the background with all stdio on files, so that whoever runs this
# script (e.g. a JVM reading our output) is not held open by containerd.
# `mount -n`: no /run/mount/utab bookkeeping on the host.
# If the host has no /run/containerd, a tmpfs over /run (inside the namespace
# only) gives us a mount point without creating anything on the host.
setsid unshare --mount --propagation private -- /bin/sh -c '
	set -e
	if [ ! -d /run/containerd ]; then
		mount -n -t tmpfs -o mode=0755,size=8m realshim-run /run
		mkdir /run/containerd
	fi
	mount -n --bind "$1/run" /run/containerd
	exec "$2" --config "$1/config.toml"
' realshim "$DIR" "$CONTAINERD_BIN" </dev/null >"$DIR/containerd.log" 2>&1 &
CONTAINERD_PID=$!
echo "$CONTAINERD_PID" > "$DIR/containerd.pid"

ready=
for _ in $(seq 1 150); do
	if "$CTR_BIN" --address "$GRPC_SOCKET" version >/dev/null 2>&1; then ready=1; break; fi
	kill -0 "$CONTAINERD_PID" 2>/dev/null || break
	sleep 0.1
done
if [ -z "$ready" ]; then
	tail -n 30 "$DIR/containerd.log" >&2 || true
	fail "containerd did not come up (log: $DIR/containerd.log)"
fi
# the background job execs setsid -> unshare -> sh -> containerd in place,
# so its PID must now be containerd itself
[ "$(readlink "/proc/$CONTAINERD_PID/exe")" = "$(readlink -f "$CONTAINERD_BIN")" ] ||
	fail "pid $CONTAINERD_PID is not containerd"

# --- the container ------------------------------------------------------------
# All ctr flags go before --rootfs (ctr stops parsing flags at the first
# positional argument). --null-io: no FIFOs. --env PATH: a --rootfs spec has no
# environment at all. --cgroup: our own parent, removed by down.sh.
"$CTR_BIN" --address "$GRPC_SOCKET" --namespace "$NAMESPACE" run --detach --null-io \
	--env PATH=/bin:/sbin --cgroup "/$CGROUP_PARENT/$CONTAINER_ID" \
	--rootfs "$ROOTFS" "$CONTAINER_ID" sleep 3600 || fail "ctr run failed"

BUNDLE=$DIR/state/io.containerd.runtime.v2.task/$NAMESPACE/$CONTAINER_ID
for _ in $(seq 1 100); do
	[ -s "$BUNDLE/address" ] && [ -s "$BUNDLE/init.pid" ] && break
	sleep 0.1
done
[ -s "$BUNDLE/address" ] || fail "the shim wrote no address file in $BUNDLE"
[ -s "$BUNDLE/init.pid" ] || fail "the shim wrote no init.pid in $BUNDLE"
ADDRESS=$(cat "$BUNDLE/address")
TASK_PID=$(cat "$BUNDLE/init.pid")
case "$ADDRESS" in
	unix:///run/containerd/*) SHIM_SOCKET=$DIR/run/${ADDRESS#unix:///run/containerd/} ;;
	*) fail "unexpected shim address $ADDRESS" ;;
esac
[ -S "$SHIM_SOCKET" ] || fail "$SHIM_SOCKET is not a socket"

cat > "$DIR/peer.env.tmp" <<ENV
DIR=$DIR
CONTAINERD_PID=$CONTAINERD_PID
GRPC_SOCKET=$GRPC_SOCKET
TTRPC_SOCKET=$TTRPC_SOCKET
NAMESPACE=$NAMESPACE
CONTAINER_ID=$CONTAINER_ID
BUNDLE=$BUNDLE
TASK_PID=$TASK_PID
SHIM_SOCKET=$SHIM_SOCKET
CGROUP_PARENT=$CGROUP_PARENT
ENV
mv "$DIR/peer.env.tmp" "$DIR/peer.env"
echo "up.sh: containerd $CONTAINERD_PID, container $NAMESPACE/$CONTAINER_ID (pid $TASK_PID), shim socket $SHIM_SOCKET"
