#!/usr/bin/env bash
# Build a real Gitea from the Go module proxy, for the bot and batch tests.
#
# code.gitea.io/gitea is built as a dependency of a small wrapper module that
# copies Gitea's own replace/exclude/godebug lines (a dependency's replace
# lines are ignored by the go command, so without them the build picks other
# versions than Gitea's).  The binary is cached outside the repository:
#   ${GOFIXLEAKS_GITEA_CACHE:-$HOME/.cache/gofixleaks/gitea}/gitea-<version>
# and its path is printed on the last line of stdout.  Never committed.
# About 6 minutes and 1.6 GB of memory on 2 cores the first time; instant after.
set -euo pipefail
version="${GITEA_VERSION:-v1.26.0}"
cache="${GOFIXLEAKS_GITEA_CACHE:-${HOME}/.cache/gofixleaks/gitea}"
bin="$cache/gitea-$version"
if [ -x "$bin" ]; then
    echo "$bin"
    exit 0
fi
mkdir -p "$cache"
work="$(mktemp -d "$cache/build.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
src="$(go mod download -json "code.gitea.io/gitea@$version" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
cd "$work"
{
    echo "module gofixleaks.local/giteawrap"
    echo
    sed -n 's/^go \(1\.[0-9.]*\)$/go \1/p' "$src/go.mod"
    grep -E '^godebug ' "$src/go.mod" || true
    echo
    # single-line replace/exclude directives, and replace/exclude blocks
    awk '
        /^(replace|exclude) \(/ {inblock=1; print; next}
        inblock {print; if ($0 ~ /^\)/) inblock=0; next}
        /^(replace|exclude) / {print}
    ' "$src/go.mod"
} > go.mod
cat > tools.go <<'GO'
//go:build tools

package giteawrap

import _ "code.gitea.io/gitea"
GO
go get "code.gitea.io/gitea@$version" >&2
go build -trimpath -tags 'sqlite sqlite_unlock_notify' -o "$work/gitea" code.gitea.io/gitea >&2
mv "$work/gitea" "$bin.tmp.$$"
mv "$bin.tmp.$$" "$bin"
echo "$bin"
