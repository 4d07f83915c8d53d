#!/usr/bin/env bash
# Smoke test of the single executable (run by .ci/run after `npm run build:exe`; by hand:
# `bash scripts/exe/smoke.sh release/labdeck-<version>-linux-x64/labdeck`). With a private cache,
# state and HOME it checks: --version, the man page beside it, `demo --serve` and `status --json`
# against the served config, and the console's first frame in tmux (quit with q). Every wait is
# bounded; everything it starts is stopped; any failure exits 1 with the reason on one line.
set -uo pipefail
exe=$(realpath "${1:?usage: smoke.sh path/to/labdeck}")
expected=$(node -p 'require("./package.json").version' 2>/dev/null || true)
work=$(mktemp -d "${TMPDIR:-/tmp}/labdeck-smoke-XXXXXX")
socket="labdeck-smoke-$$"
demo_pid=""
cleanup() {
	[ -n "$demo_pid" ] && kill "$demo_pid" 2>/dev/null && wait "$demo_pid" 2>/dev/null
	tmux -L "$socket" kill-server 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
fail() {
	echo "smoke: FAIL: $*" >&2
	exit 1
}
export HOME="$work/home" LABDECK_CACHE_DIR="$work/cache" LABDECK_STATE_DIR="$work/state" XDG_CONFIG_HOME="$work/config" NO_COLOR=1
mkdir -p "$HOME"

# 1. --version: the version fixed at build time (and the first run unpacks the cache).
version=$(timeout 60 "$exe" --version) || fail "--version exited $?"
[ -z "$expected" ] || [ "$version" = "$expected" ] || fail "--version printed '$version', expected '$expected'"
[ -f "$(dirname "$exe")/labdeck.1" ] || fail "no labdeck.1 beside the executable"
echo "smoke: --version $version"

# 2. demo --serve prints {"config": path} on its first line, then status --json against it.
"$exe" demo --serve >"$work/serve.out" 2>"$work/serve.err" &
demo_pid=$!
for _ in $(seq 600); do
	grep -q '"config"' "$work/serve.out" 2>/dev/null && break
	kill -0 "$demo_pid" 2>/dev/null || fail "demo --serve exited early: $(tail -n 3 "$work/serve.err")"
	sleep 0.1
done
config=$(sed -n 's/^{"config":"\(.*\)"}$/\1/p' "$work/serve.out" | head -n 1)
[ -n "$config" ] && [ -f "$config" ] || fail "demo --serve printed no config within 60 s: $(head -c 300 "$work/serve.out")"
timeout 60 "$exe" status --json --config "$config" >"$work/status.json" 2>"$work/status.err"
code=$?
[ "$code" -eq 0 ] || [ "$code" -eq 3 ] || fail "status --json exited $code: $(tail -n 3 "$work/status.err")"
# Nothing on standard error: the embedded Node is newer than the one the tests run on, and a
# warning it prints (a deprecated API in a dependency) lands in every script's logs.
[ ! -s "$work/status.err" ] || fail "status --json wrote to standard error: $(head -n 3 "$work/status.err")"
node -e '
	const doc = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
	const ok = doc.sources.filter(source => source.status === "ok").map(source => source.id);
	// Proxmox (the demo fixtures), the PDU (net-snmp) and a GPU host over SSH (ssh2), all from the unpacked cache.
	if (doc.schema !== "labdeck/1" || !["pve-demo", "pdu-a", "gpus-box-1"].every(id => ok.includes(id))) throw new Error(`status: unexpected document: ${JSON.stringify(doc.sources)}`);
	console.log(`smoke: status --json: ${ok.length} of ${doc.sources.length} sources ok`);
' "$work/status.json" || fail "status --json did not show the demo lab"

# 3. The console's first frame in tmux (CI unset: a person's terminal), then q.
if command -v tmux >/dev/null; then
	tmux -L "$socket" new-session -d -s smoke -x 100 -y 30 "env -u CI HOME='$HOME' LABDECK_CACHE_DIR='$LABDECK_CACHE_DIR' LABDECK_STATE_DIR='$LABDECK_STATE_DIR' '$exe' --config '$config'; echo labdeck-exit=\$?; sleep 30" || fail "tmux did not start"
	screen=""
	for _ in $(seq 300); do
		screen=$(tmux -L "$socket" capture-pane -p -t smoke 2>/dev/null)
		grep -q 'labdeck · demo' <<<"$screen" && grep -q '? help' <<<"$screen" && break
		sleep 0.1
	done
	grep -q 'labdeck · demo' <<<"$screen" || fail "the console's header did not appear within 30 s; screen: $(tr -s ' \n' ' ' <<<"$screen" | head -c 400)"
	tmux -L "$socket" send-keys -t smoke q
	for _ in $(seq 100); do
		screen=$(tmux -L "$socket" capture-pane -p -t smoke 2>/dev/null)
		grep -q 'labdeck-exit=' <<<"$screen" && break
		sleep 0.1
	done
	grep -q 'labdeck-exit=0' <<<"$screen" || fail "the console did not quit with 0 on q; screen: $(tr -s ' \n' ' ' <<<"$screen" | head -c 400)"
	echo "smoke: console first frame and quit"
else
	fail "tmux is not installed"
fi
echo "smoke: ok"
