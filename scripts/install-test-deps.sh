#!/usr/bin/env bash
# Install what the browser tests (tests/e2e) need, on Debian 12, as root.
#
#   Debian: chromium fonts-liberation fonts-dejavu-core libxml2-utils zip unzip time python3 python3-venv
#   npm:    the pinned versions in tests/e2e/package.json (playwright-core,
#           axe-core, scorm-again), from tests/e2e/package-lock.json; and the
#           JavaScript gates in the root package.json (typescript, eslint),
#           from package-lock.json (`cargo xtask lint-js`)
#   PyPI:   ralph-malph (the LRS of the xAPI and cmi5 tests) and every package
#           it needs, pinned in tests/e2e/lrs/requirements.txt, in a venv at
#           tests/e2e/.cache/ralph (ignored by git)
#
#   --bench also installs what `cargo xtask bench` compares coursepack with:
#           the pinned peer packager in xtask/bench-js/package.json
#           (simple-scorm-packager), from xtask/bench-js/package-lock.json.
#           Without it nothing is installed there, so plain test runs stay quick.
#
# Idempotent and quick when everything is already there: apt is only touched
# when a package is missing, npm only when node_modules is older than the
# lockfile. No browser is ever downloaded: tests use Debian's /usr/bin/chromium.
# Everything this script says goes to stderr.
set -euo pipefail

say() { printf 'install-test-deps: %s\n' "$*" >&2; }

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
e2e_dir="$repo_root/tests/e2e"
bench_dir="$repo_root/xtask/bench-js"

with_bench=0
for arg in "$@"; do
    case "$arg" in
        --bench) with_bench=1 ;;
        *) say "unknown option $arg (the only one is --bench)"; exit 2 ;;
    esac
done

debian_packages=(chromium fonts-liberation fonts-dejavu-core libxml2-utils zip unzip time python3 python3-venv)

# --- Debian packages -------------------------------------------------------
missing=()
for pkg in "${debian_packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]})); then
    sudo=()
    if [[ $(id -u) -ne 0 ]]; then
        command -v sudo >/dev/null || { say "need root (or sudo) to install: ${missing[*]}"; exit 2; }
        sudo=(sudo)
    fi
    say "apt-get update"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    say "apt-get install --no-install-recommends ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
    say "Debian packages already installed: ${debian_packages[*]}"
fi

[[ -x /usr/bin/chromium ]] || { say "/usr/bin/chromium is missing after install"; exit 1; }

# --- npm packages ----------------------------------------------------------
node_help="Debian 12's nodejs is Node 18: install Node 20 from NodeSource (curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash -; sudo apt-get install -y nodejs) or with nvm (nvm install 20)"
command -v node >/dev/null || { say "node is not installed (Node 20 or later is needed). $node_help"; exit 1; }
command -v npm >/dev/null || { say "npm is not installed"; exit 1; }
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if ((node_major < 20)); then
    say "Node $node_major found; Node 20 or later is needed. $node_help"
    exit 1
fi

export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PUPPETEER_SKIP_DOWNLOAD=1
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

# npm ci in $1 when its node_modules is missing or older than its lockfile.
npm_install_pinned() {
    local dir="$1" stamp="node_modules/.package-lock.json"   # npm writes the stamp on every install
    cd "$dir"
    if [[ -f package-lock.json ]]; then
        if [[ -f $stamp && ! package-lock.json -nt $stamp && ! package.json -nt $stamp ]]; then
            say "npm packages up to date in ${dir#"$repo_root"/}/node_modules"
        else
            say "npm ci (${dir#"$repo_root"/})"
            npm ci --no-audit --no-fund --loglevel=error >&2
        fi
    else
        say "no package-lock.json: npm install (${dir#"$repo_root"/})"
        npm install --no-audit --no-fund --loglevel=error >&2
    fi
    cd "$repo_root"
}

npm_install_pinned "$e2e_dir"
npm_install_pinned "$repo_root"
if ((with_bench)); then
    npm_install_pinned "$bench_dir"
fi

# --- Ralph (PyPI ralph-malph), the LRS of the xAPI and cmi5 tests -----------
# Reinstalled only when tests/e2e/lrs/requirements.txt changes. Every package
# is pinned there (the complete set, so --no-deps installs exactly it).
ralph_venv="$e2e_dir/.cache/ralph"
ralph_reqs="$e2e_dir/lrs/requirements.txt"
ralph_stamp="$ralph_venv/installed-requirements.txt"
if [[ -x $ralph_venv/bin/ralph && -f $ralph_stamp ]] && cmp -s "$ralph_reqs" "$ralph_stamp"; then
    say "Ralph up to date in tests/e2e/.cache/ralph"
else
    python=/usr/bin/python3
    [[ -x $python ]] || python="$(command -v python3)" || { say "python3 is not installed"; exit 1; }
    say "venv tests/e2e/.cache/ralph, pip install -r tests/e2e/lrs/requirements.txt"
    rm -rf "$ralph_venv"
    "$python" -m venv "$ralph_venv" >&2
    "$ralph_venv/bin/python" -m pip install --quiet --no-input --disable-pip-version-check \
        --no-deps -r "$ralph_reqs" >&2
    "$ralph_venv/bin/python" -m pip check --disable-pip-version-check >&2
    cp "$ralph_reqs" "$ralph_stamp"
fi
RALPH_RUNSERVER_BACKEND=fs "$ralph_venv/bin/python" -c 'import ralph.api, ralph.models.xapi.base.statements' \
    || { say "Ralph is installed but does not import"; exit 1; }

say "ready: $(/usr/bin/chromium --version 2>/dev/null | head -n1), node $(node --version)"
