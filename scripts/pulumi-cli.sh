#!/usr/bin/env bash
# Builds the Pulumi CLI at the version in .pulumi-version from the Go module proxy and prints the
# path of the binary. The binary is cached per machine outside the repository, keyed by version,
# so only the first run pays for the build (~12 CPU-minutes, ~1.5 GB of Go modules).
#
#   scripts/pulumi-cli.sh            build if needed, print the binary's path
#   scripts/pulumi-cli.sh --check    print the path if built, exit 1 otherwise (never builds)
#
# Why a wrapper module: `go install github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@vX` is refused
# because pkg/v3's go.mod carries replace directives; a throwaway module that requires pkg/v3 and
# sdk/v3 at the same version, with the one replace pkg/v3 needs, builds the same command.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(tr -d '[:space:]' <"$root/.pulumi-version")"
case "$version" in
    [0-9]*.[0-9]*.[0-9]*) ;;
    *)
        echo "pulumi-cli: .pulumi-version holds '$version'; expected a version like 3.248.0" >&2
        exit 1
        ;;
esac

cache="${RAYOPS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/rayops}/pulumi-cli/v$version"
bin="$cache/bin/pulumi"

if [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -qx "v$version"; then
    echo "$bin"
    exit 0
fi
if [ "${1:-}" = "--check" ]; then
    echo "pulumi-cli: v$version is not built yet (run scripts/pulumi-cli.sh)" >&2
    exit 1
fi

command -v go >/dev/null || {
    echo "pulumi-cli: needs Go (https://go.dev/dl) to build the CLI" >&2
    exit 1
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
cat >go.mod <<MOD
module rayops.local/pulumi-cli

go 1.24

require (
	github.com/pulumi/pulumi/pkg/v3 v$version
	github.com/pulumi/pulumi/sdk/v3 v$version
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
MOD
cat >tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
GO

echo "pulumi-cli: building v$version from the Go module proxy (first run on this machine takes minutes)" >&2
export GOFLAGS="-mod=mod"
go get "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$version" >&2
mkdir -p "$cache/bin"
go build -trimpath \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
    -o "$bin.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2
mv "$bin.tmp" "$bin"
built="$("$bin" version)"
if [ "$built" != "v$version" ]; then
    echo "pulumi-cli: built binary reports '$built', expected v$version" >&2
    exit 1
fi
echo "pulumi-cli: built $built at $bin" >&2
echo "$bin"
