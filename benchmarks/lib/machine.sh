# Sourced by the benchmark scripts: facts about the machine and the Go peer, as key=value lines for a report header.

cpu_model() { grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'; }

machine_facts() {
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$(nproc)"
  echo "cpu=$(cpu_model)"
  echo "kernel=$(uname -srm)"
  echo "load_before=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "go=$(command -v go >/dev/null && go version | awk '{print $3}' || echo unknown)"
  echo "ttrpc=$(dpkg-query -W -f='${Version}' golang-github-containerd-ttrpc-dev 2>/dev/null || echo unknown)"
}
