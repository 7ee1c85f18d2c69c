#!/usr/bin/env bash
# A container engine for obra-validate's container scenarios where none runs (docs/CONTAINERS.md).
#
#   eval "$(scripts/container-engine.sh start)"   # set up (idempotent) and export DOCKER_HOST & co.
#   scripts/container-engine.sh status             # what answers; exit 0 when an engine does
#   scripts/container-engine.sh env                # the export lines again (the service must run)
#   scripts/container-engine.sh stop               # stop the service `start` started (by its pid)
#
# `start`, on a Debian machine as root: installs podman and debootstrap from apt (once), writes a
# containers.conf of its own (used through CONTAINERS_CONF; /etc is not touched), moves the controllers a
# hybrid cgroup2 mount holds to cgroup v1 (only where there are any), starts `podman system service` on a
# socket in $OBRA_VALIDATE_ENGINE_DIR (default /tmp/obra-validate-engine), builds the images the shipped
# container scenarios need (scripts/container-image.sh, cached), and prints `export` lines on stdout.
# Everything it says goes to stderr, so `eval "$(...)"` takes only the exports.
#
# Where an engine already answers (DOCKER_HOST, /var/run/docker.sock) it changes nothing and prints
# nothing to export. Where it cannot set one up (not root, not Debian, apt fails) it exits 1 and prints
# `export OBRA_VALIDATE_NO_ENGINE='<why>'`: the container tests then skip and print that reason.
set -euo pipefail

STATE_DIR="${OBRA_VALIDATE_ENGINE_DIR:-/tmp/obra-validate-engine}"
SOCKET="$STATE_DIR/podman.sock"
PID_FILE="$STATE_DIR/service.pid"
LOG_FILE="$STATE_DIR/service.log"
CONF="$STATE_DIR/containers.conf"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

say() { printf 'container-engine: %s\n' "$*" >&2; }

# GET /_ping on a Docker API endpoint (unix:///path or tcp://host:port); 0 when it answers OK.
ping_engine() {
  node -e '
    const http = require("node:http");
    const url = process.argv[1];
    const target = url.startsWith("unix://")
      ? { socketPath: url.slice("unix://".length) }
      : (() => { const u = new URL(url.replace(/^tcp:/, "http:")); return { host: u.hostname, port: u.port }; })();
    const req = http.get({ ...target, path: "/_ping", timeout: 3000 }, (res) => {
      res.resume();
      process.exit(res.statusCode === 200 ? 0 : 1);
    });
    req.on("timeout", () => process.exit(1));
    req.on("error", () => process.exit(1));
  ' "$1" 2>/dev/null
}

service_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  # The pid must still be our service (a pid is reused after a process dies).
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'system service' || return 1
  echo "$pid"
}

print_exports() {
  echo "export DOCKER_HOST=unix://$SOCKET"
  echo "export CONTAINERS_CONF=$CONF"
  # testcontainers' reaper (Ryuk) is an image from Docker Hub, which cannot be pulled without a registry;
  # obra-validate removes its own containers (docs/CONTAINERS.md, "Nothing left behind").
  echo "export TESTCONTAINERS_RYUK_DISABLED=true"
}

# An engine this script did not start answers where testcontainers looks: DOCKER_HOST (or docker.host in
# ~/.testcontainers.properties), Docker's socket, the rootless and Desktop sockets.
other_engine() {
  local host socket
  host="${DOCKER_HOST:-$(sed -n 's/^docker\.host=//p' ~/.testcontainers.properties 2>/dev/null | head -n 1)}"
  if [ -n "$host" ] && [ "$host" != "unix://$SOCKET" ]; then
    ping_engine "$host" && { echo "$host"; return 0; }
    return 1
  fi
  for socket in /var/run/docker.sock "${XDG_RUNTIME_DIR:-/nonexistent}/docker.sock" ~/.docker/run/docker.sock \
    ~/.docker/desktop/docker.sock "/run/user/$(id -u)/docker.sock"; do
    [ -S "$socket" ] && ping_engine "unix://$socket" && { echo "unix://$socket"; return 0; }
  done
  return 1
}

cannot() {
  say "cannot set up an engine here: $1"
  printf "export OBRA_VALIDATE_NO_ENGINE=%q\n" "$1"
  exit 1
}

install_packages() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} from apt (about a minute, once per machine)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2 || cannot "apt-get update failed (see above)"
  apt-get install -y -qq "${missing[@]}" >&2 || cannot "apt-get install ${missing[*]} failed (see above)"
}

write_conf() {
  mkdir -p "$STATE_DIR"
  # Without it every container fails to start on these VMs: `crun: setrlimit RLIMIT_NOFILE: Operation
  # not permitted` (podman's default ulimits are above what the VM lets root raise).
  printf '[containers]\ndefault_ulimits = []\n' >"$CONF.tmp"
  mv "$CONF.tmp" "$CONF"
}

# crun refuses hybrid cgroups while the cgroup2 mount holds a controller ("cgroups in hybrid mode not
# supported, drop all controllers from cgroupv2"): mount each such controller as cgroup v1 instead.
fix_hybrid_cgroups() {
  local controllers controller
  # (cgroup files report size 0: read them, do not test -s.)
  controllers="$(cat /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null || true)"
  for controller in $controllers; do
    say "moving cgroup controller $controller from the cgroup2 mount to /sys/fs/cgroup/$controller"
    mkdir -p "/sys/fs/cgroup/$controller"
    mount -t cgroup -o "$controller" cgroup "/sys/fs/cgroup/$controller" ||
      cannot "mount -t cgroup -o $controller failed; crun cannot run containers with hybrid cgroups"
  done
}

start_service() {
  local pid
  if pid="$(service_pid)" && ping_engine "unix://$SOCKET"; then
    return 0
  fi
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
  rm -f "$SOCKET" "$PID_FILE"
  say "starting podman system service on $SOCKET (log: $LOG_FILE)"
  # Its own session: a Ctrl+C in the shell that started it does not stop it; `stop` does, by its pid.
  # It must not hold the lock's descriptor (9), or every later start would wait for it forever.
  CONTAINERS_CONF="$CONF" setsid podman system service --time=0 "unix://$SOCKET" >"$LOG_FILE" 2>&1 </dev/null 9>&- &
  echo $! >"$PID_FILE"
  local waited=0
  until ping_engine "unix://$SOCKET"; do
    sleep 0.2
    waited=$((waited + 1))
    if [ "$waited" -ge 150 ] || ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then
      cannot "podman system service did not answer on $SOCKET within 30 s: $(tail -n 3 "$LOG_FILE" | tr '\n' ' ')"
    fi
  done
  echo "export OBRA_VALIDATE_ENGINE_STARTED=1"
}

# A throwaway container proves the settings work (setrlimit, cgroups) before any scenario relies on them.
smoke_test() {
  local image="$1" out
  out="$(CONTAINERS_CONF="$CONF" podman run --rm "$image" sh -c 'echo ok' 2>&1)" ||
    cannot "podman cannot run a container here: $out"
}

cmd_start() {
  local images=1 engine started=$SECONDS
  [ "${1:-}" = "--no-images" ] && images=0
  if engine="$(other_engine)"; then
    say "an engine already answers at $engine: nothing to set up (docs/CONTAINERS.md)"
    return 0
  fi
  if service_pid >/dev/null && ping_engine "unix://$SOCKET"; then
    # Fast path: set up before; only the images are checked (a cached image is a label lookup).
    [ "$images" = 1 ] && "$HERE/container-image.sh" build python3 >&2
    print_exports
    return 0
  fi
  [ "$(id -u)" = 0 ] || cannot "this set-up runs as root (apt-get, mount, debootstrap); use Docker, or rootless Podman with its socket (docs/CONTAINERS.md)"
  [ -f /etc/debian_version ] && command -v apt-get >/dev/null ||
    cannot "this set-up installs Podman with apt on Debian; elsewhere install Docker or Podman yourself (docs/CONTAINERS.md)"
  command -v node >/dev/null || cannot "node is not on PATH"
  install_packages
  write_conf
  fix_hybrid_cgroups
  start_service
  if [ "$images" = 1 ]; then
    "$HERE/container-image.sh" build python3 >&2 || cannot "the python3 image could not be built (see above)"
    smoke_test localhost/obra-validate/python3:bookworm
  fi
  say "ready in $((SECONDS - started)) s: DOCKER_HOST=unix://$SOCKET"
  print_exports
}

cmd_stop() {
  local pid
  if ! pid="$(service_pid)"; then
    say "no service started by this script runs (no live pid in $PID_FILE)"
    rm -f "$PID_FILE" "$SOCKET"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  rm -f "$PID_FILE" "$SOCKET"
  say "stopped podman system service (pid $pid)"
}

cmd_status() {
  local engine pid
  if engine="$(other_engine)"; then
    say "an engine answers at $engine (not started by this script)"
    return 0
  fi
  if pid="$(service_pid)" && ping_engine "unix://$SOCKET"; then
    say "podman system service runs (pid $pid) on unix://$SOCKET"
    return 0
  fi
  say "no engine answers; set one up with: eval \"\$(scripts/container-engine.sh start)\""
  return 1
}

cmd_env() {
  service_pid >/dev/null && ping_engine "unix://$SOCKET" || { say "the service does not run: use start"; return 1; }
  print_exports
}

# One start or stop at a time (two shells, or CI beside a developer): the others wait for it.
lock() {
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/lock"
  flock 9
}

case "${1:-}" in
  start) shift; lock; cmd_start "$@" ;;
  stop) lock; cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  *)
    say "usage: $0 start [--no-images] | stop | status | env"
    exit 2
    ;;
esac
