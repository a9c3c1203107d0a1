#!/usr/bin/env bash
# Builds the Go ttrpc 1.1.1 peers into OUTDIR: ttrpc-go-peer and ttrpc-go-bench.
# Offline, GOPATH mode, against Debian's packaged Go sources only.
# apt: golang-go golang-github-containerd-ttrpc-dev
#   (the latter pulls golang-github-gogo-protobuf-dev, golang-google-grpc-dev,
#    golang-google-genproto-dev, golang-github-sirupsen-logrus-dev, golang-golang-x-sys-dev)
# usage: go/build.sh OUTDIR        (env GO=path/to/go to pick a toolchain)
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
gocode=/usr/share/gocode
go=${GO:-go}

command -v "$go" >/dev/null || { echo "build.sh: '$go' not found: apt-get install golang-go" >&2; exit 1; }
[ -f "$gocode/src/github.com/containerd/ttrpc/client.go" ] ||
  { echo "build.sh: $gocode has no containerd/ttrpc: apt-get install golang-github-containerd-ttrpc-dev" >&2; exit 1; }

# Module mode would try the network; GOPATH mode resolves imports from our
# tree first, then Debian's. CGO off: no C compiler needed, static binaries.
export GO111MODULE=off GOFLAGS= GOPROXY=off CGO_ENABLED=0
export GOPATH="$here:$gocode"
export GOCACHE="${GOCACHE:-$out/.gocache}"

pkg=github.com/ttrpc-java/peers/cmd
for bin in ttrpc-go-peer ttrpc-go-bench; do
  "$go" build -trimpath -o "$out/$bin" "$pkg/$bin"
done
ttrpc=$(dpkg-query -W -f='${Version}' golang-github-containerd-ttrpc-dev 2>/dev/null || echo unknown)
echo "built $out/ttrpc-go-peer $out/ttrpc-go-bench ($("$go" version | awk '{print $3}'), ttrpc $ttrpc)"
