#!/usr/bin/env bash
# Container images built here from Debian packages, for machines that cannot pull from a registry
# (docs/CONTAINERS.md, "Local images").
#
#   scripts/container-image.sh build NAME [PACKAGE...]   # localhost/obra-validate/NAME:bookworm
#   scripts/container-image.sh key NAME [PACKAGE...]     # its content key
#
# The image is `debootstrap --variant=minbase --include=PACKAGE,...` (PACKAGEs default to NAME) of
# Debian bookworm, imported with `podman import` (or `docker import`). It carries its content key (a hash
# of the suite, the packages and these build steps) in the label org.obra-validate.image-key: a second
# build with the same key does nothing. The .deb files are cached in $OBRA_VALIDATE_IMAGE_CACHE (default
# /var/cache/obra-validate/debootstrap), so a rebuild on the same machine downloads nothing.
# Needs root and debootstrap (scripts/container-engine.sh start installs it). Says what it does on stderr.
set -euo pipefail

SUITE=bookworm
CACHE_DIR="${OBRA_VALIDATE_IMAGE_CACHE:-/var/cache/obra-validate/debootstrap}"
KEY_LABEL=org.obra-validate.image-key

say() { printf 'container-image: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

engine_cli() {
  if command -v podman >/dev/null; then echo podman; elif command -v docker >/dev/null; then echo docker; else
    die "neither podman nor docker is installed: run scripts/container-engine.sh start first"
  fi
}

# The mirror apt uses (deb822 `URIs:` or a one-line `deb` entry of the main archive, not security).
debian_mirror() {
  local uri
  uri="$(grep -hs '^URIs:' /etc/apt/sources.list.d/debian.sources | awk '{print $2}' | grep -v security | head -n 1 || true)"
  [ -n "$uri" ] || uri="$(grep -hs '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v security | head -n 1 || true)"
  echo "${uri:-http://deb.debian.org/debian}"
}

# The root filesystem: Debian minbase with the packages, trimmed of apt's caches, and a marker file that
# says which image it is (/etc/obra-validate-image).
make_rootfs() {
  local rootfs="$1" packages="$2" key="$3"
  mkdir -p "$CACHE_DIR"
  # Its few hundred lines go to a log; the last ones are shown when it fails.
  debootstrap --variant=minbase --include="$packages" --cache-dir="$CACHE_DIR" "$SUITE" "$rootfs" "$(debian_mirror)" \
    >"$rootfs.log" 2>&1 || { tail -n 20 "$rootfs.log" >&2; rm -f "$rootfs.log"; die "debootstrap failed (above: its last lines)"; }
  rm -f "$rootfs.log"
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb
  printf 'obra-validate image %s\nsuite %s\npackages %s\nkey %s\n' "$NAME" "$SUITE" "$packages" "$key" \
    >"$rootfs/etc/obra-validate-image"
}

content_key() {
  { printf 'suite %s\nvariant minbase\narch %s\npackages %s\n' "$SUITE" "$(dpkg --print-architecture 2>/dev/null || uname -m)" "$1"
    declare -f make_rootfs; } | sha256sum | cut -c1-16
}

cmd_build() {
  local cli tag packages key have started
  cli="$(engine_cli)"
  tag="localhost/obra-validate/$NAME:$SUITE"
  packages="$(printf '%s\n' "${PACKAGES[@]}" | sort -u | paste -sd, -)"
  key="$(content_key "$packages")"
  have="$("$cli" image inspect --format "{{ index .Labels \"$KEY_LABEL\" }}" "$tag" 2>/dev/null || true)"
  if [ "$have" = "$key" ]; then
    say "$tag is up to date (key $key): nothing to build"
    return 0
  fi
  [ "$(id -u)" = 0 ] || die "building $tag runs debootstrap, which needs root"
  # One build at a time; one that waited finds the image the other built.
  mkdir -p "$CACHE_DIR"
  exec 9>"$CACHE_DIR/.lock"
  flock 9
  have="$("$cli" image inspect --format "{{ index .Labels \"$KEY_LABEL\" }}" "$tag" 2>/dev/null || true)"
  if [ "$have" = "$key" ]; then
    say "$tag was built meanwhile (key $key)"
    return 0
  fi
  command -v debootstrap >/dev/null || die "debootstrap is not installed: apt-get install debootstrap (or scripts/container-engine.sh start)"
  say "building $tag from Debian $SUITE minbase + $packages (key $key${have:+, replacing key $have})"
  started=$(date +%s)
  ROOTFS="$(mktemp -d /var/tmp/obra-validate-rootfs.XXXXXX)"
  trap 'rm -rf "$ROOTFS" "$ROOTFS.log"' EXIT
  make_rootfs "$ROOTFS" "$packages" "$key"
  tar -C "$ROOTFS" -c . | "$cli" import \
    --change "LABEL $KEY_LABEL=$key" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/sh"]' \
    - "$tag" >/dev/null
  say "built $tag in $(($(date +%s) - started)) s"
}

[ $# -ge 2 ] || { say "usage: $0 build|key NAME [PACKAGE...]"; exit 2; }
ACTION="$1"
NAME="$2"
shift 2
[[ "$NAME" =~ ^[a-z0-9][a-z0-9._-]*$ ]] || die "NAME must be lower-case letters, digits, '.', '_' or '-' (an image name); got \"$NAME\""
PACKAGES=("$@")
[ ${#PACKAGES[@]} -gt 0 ] || PACKAGES=("$NAME")
case "$ACTION" in
  build) cmd_build ;;
  key) content_key "$(printf '%s\n' "${PACKAGES[@]}" | sort -u | paste -sd, -)" ;;
  *) say "usage: $0 build|key NAME [PACKAGE...]"; exit 2 ;;
esac
