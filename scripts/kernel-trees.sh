#!/usr/bin/env bash
# Real kernel trees for the tests and benchmarks, never committed: Debian's
# linux-source packages, unpacked once into a cache folder outside the
# repository, keeping only the KVM paths. Prints one
# `export KVMSIM_LINUX_<series>=DIR` line per tree on stdout (for `eval`), or
# with --env one `KVMSIM_LINUX_<series>=DIR` line (for $GITHUB_ENV); everything
# else goes to stderr.
#
#   eval "$(scripts/kernel-trees.sh)"          # both trees, exported
#   scripts/kernel-trees.sh --env 6.12         # one, as NAME=DIR
#
# The versions are pinned below. A pinned package is fetched with apt, or from
# the Debian archive's pool by URL on a machine whose apt does not know it
# (Ubuntu), and checked against its SHA-256. When the pinned version is gone
# from the archive, the newest one apt knows is used, with a warning: the
# tests' edits then say plainly when their text no longer matches.
#
# Cache: $KVMSIM_CACHE_DIR, else $XDG_CACHE_HOME/kvmsim, else ~/.cache/kvmsim.
set -Eeuo pipefail

# series|package|version|pool path|sha256
PINS=(
  "6.12|linux-source-6.12|6.12.118-1~deb12u1|debian-security/pool/updates/main/l/linux-6.12/linux-source-6.12_6.12.118-1~deb12u1_all.deb|896aff3b39299fa0dd36fef4f5db56ab189182e39abbbb1227dafdc7fcfe3fc3"
  "6.1|linux-source-6.1|6.1.192-3|debian-security/pool/updates/main/l/linux/linux-source-6.1_6.1.192-3_all.deb|5259c57ca92092da39bd2ea803046da0e3c28f2b6a11ea20f6297468188ceb67"
)
MIRROR=${KVMSIM_DEBIAN_MIRROR:-http://deb.debian.org}
# What kvmsim reads of a tree: the KVM code and the headers it includes.
KVM_PATHS=(arch/arm64/kvm virt/kvm 'include/linux/kvm*' 'arch/arm64/include/asm/kvm*' include/kvm)

say() { printf 'kernel-trees: %s\n' "$*" >&2; }
die() {
  say "$*"
  exit 1
}

cache_root=${KVMSIM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kvmsim}
cache=$cache_root/linux

# Fetches the .deb of $package (version $version, or the newest when empty)
# into $work; prints the version it got.
fetch_deb() {
  local package=$1 version=$2 pool=$3 sha=$4 work=$5
  if command -v apt-get >/dev/null 2>&1 &&
    (cd "$work" && apt-get download -q "$package=$version" >/dev/null 2>&1); then
    echo "$version"
    return
  fi
  if command -v curl >/dev/null 2>&1 &&
    curl -fsSL --retry 3 -o "$work/pinned.deb" "$MIRROR/$pool"; then
    if [ "$(sha256sum "$work/pinned.deb" | cut -d' ' -f1)" != "$sha" ]; then
      die "$MIRROR/$pool: SHA-256 does not match the pinned $sha"
    fi
    echo "$version"
    return
  fi
  rm -f "$work/pinned.deb"
  command -v apt-get >/dev/null 2>&1 ||
    die "$package $version: neither apt-get nor $MIRROR/$pool could provide it (install curl, or run on Debian)"
  local newest
  newest=$(apt-cache policy "$package" 2>/dev/null | awk '/Candidate:/ {print $2}')
  if [ -z "$newest" ] || [ "$newest" = "(none)" ]; then
    die "$package: apt knows no version of it (run 'apt-get update'; it is in Debian bookworm-security)"
  fi
  say "warning: $package $version is no longer in the archive; using the newest, $newest"
  (cd "$work" && apt-get download -q "$package=$newest" >/dev/null) ||
    die "$package $newest: apt-get download failed"
  echo "$newest"
}

# Unpacks the KVM paths of one pinned tree into the cache; prints its folder.
obtain() {
  local series=$1 package=$2 version=$3 pool=$4 sha=$5
  # Folder names without the '~' of Debian versions, which shells may expand.
  local pinned=$cache/$package-${version//\~/_}
  if [ -f "$pinned/.kvmsim-tree" ]; then
    echo "$pinned"
    return
  fi
  # A fallback version unpacked earlier is reused too.
  local earlier
  earlier=$(ls -d "$cache/$package"-*/.kvmsim-tree 2>/dev/null | tail -n 1 || true)
  if [ -n "$earlier" ]; then
    say "warning: using $(dirname "$earlier"), not the pinned $package $version"
    dirname "$earlier"
    return
  fi
  command -v dpkg-deb >/dev/null 2>&1 || die "dpkg-deb is needed to unpack $package (Debian package dpkg)"
  mkdir -p "$cache"
  local work
  work=$(mktemp -d "$cache/.download.XXXXXX")
  # shellcheck disable=SC2064 # expand now: the trap must remove this folder
  trap "rm -rf '$work'" EXIT
  say "fetching $package $version"
  local got
  got=$(fetch_deb "$package" "$version" "$pool" "$sha" "$work")
  local deb
  deb=$(ls "$work"/*.deb)
  local tarball=./usr/src/$package.tar.xz
  local top=${package}
  local dest=$cache/$package-${got//\~/_}
  mkdir -p "$work/tree"
  say "unpacking the KVM paths of $package $got"
  local patterns=()
  for path in "${KVM_PATHS[@]}"; do patterns+=("$top/$path"); done
  dpkg-deb --fsys-tarfile "$deb" | tar -xO -f - "$tarball" |
    tar -xJ -f - -C "$work/tree" --strip-components=1 --wildcards "${patterns[@]}" ||
    die "$deb: $tarball does not hold the KVM paths ${KVM_PATHS[*]}"
  [ -f "$work/tree/virt/kvm/kvm_main.c" ] || die "$package $got: virt/kvm/kvm_main.c is missing after unpacking"
  printf '%s %s\n' "$package" "$got" >"$work/tree/.kvmsim-tree"
  rm -rf "$dest"
  mv "$work/tree" "$dest"
  rm -rf "$work"
  echo "$dest"
}

format=export
wanted=()
for arg in "$@"; do
  case "$arg" in
    --env) format=env ;;
    -*) die "unknown option $arg (known: --env)" ;;
    *) wanted+=("$arg") ;;
  esac
done
found=0
for pin in "${PINS[@]}"; do
  IFS='|' read -r series package version pool sha <<<"$pin"
  if [ "${#wanted[@]}" -gt 0 ] && [[ ! " ${wanted[*]} " == *" $series "* ]]; then continue; fi
  found=1
  dir=$(obtain "$series" "$package" "$version" "$pool" "$sha")
  say "$package: $dir ($(cut -d' ' -f2 "$dir/.kvmsim-tree"))"
  if [ "$format" = env ]; then
    printf 'KVMSIM_LINUX_%s=%s\n' "${series//./_}" "$dir"
  else
    printf 'export KVMSIM_LINUX_%s=%q\n' "${series//./_}" "$dir"
  fi
done
[ "$found" = 1 ] || die "no pinned tree is named ${wanted[*]} (known: 6.12, 6.1)"
