#!/usr/bin/env bash
# Load of background generations on a release build, embedded default (SQLite in a temp
# folder), against a local OpenAI-compatible fake that answers every call after 500 ms:
#
# 1. burst: N users (default 100) each submit one cover letter at the same moment; prints
#    the time until the last one ended (each makes two model calls: ranking and letter).
# 2. streams: a server with no workers holds S queued generations (default 1,000) and S open
#    event streams; prints the server's resident memory before and with them open.
# 3. crash: a generation is running (the model answers after 3 s) when the server is killed
#    with SIGKILL; a new server on the same data takes it up once its lease ends (3 s here)
#    and completes it. Prints the states seen and the time to completion.
#
#   scripts/generation-load.sh
#   N=50 S=200 scripts/generation-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."

N="${N:-100}"
S="${S:-1000}"
PORT="${PORT:-18090}"
FAKE_PORT="${FAKE_PORT:-18091}"
DELAY_MS="${DELAY_MS:-500}"
BASE="http://127.0.0.1:$PORT"

echo "building release binary..."
cargo build --release -q -p tailor-app --bin tailor
ulimit -n 8192 2>/dev/null || true

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

python3 scripts/generation_load.py fake "$FAKE_PORT" "$DELAY_MS" &
pids+=($!)

start_server() {
    data="${DATA:-$work/data-$RANDOM}"
    TAILOR_ENV=local TAILOR__RATE_LIMIT__ENABLED=false TAILOR__LOG__LEVEL=warn \
        TAILOR__LLM__BASE_URL="http://127.0.0.1:$FAKE_PORT" \
        TAILOR__LLM__RESPONSE_CACHE_TTL_SECS=0 \
        "$@" target/release/tailor serve --port "$PORT" --data-dir "$data" \
        >"$work/server.log" 2>&1 &
    server_pid=$!
    pids+=("$server_pid")
    for _ in $(seq 1 100); do
        curl -fs "$BASE/health" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "server did not start"; cat "$work/server.log"; exit 1
}

echo "== burst: $N generations at once, model answers after ${DELAY_MS} ms"
start_server env TAILOR__GENERATION__WORKERS="$N"
python3 scripts/generation_load.py burst "$BASE" "$N"
echo "   peak RSS $(awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' /proc/$server_pid/status)"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

echo "== streams: $S open event streams"
start_server env TAILOR__GENERATION__WORKERS=0 TAILOR__GENERATION__MAX_ACTIVE_PER_USER="$S" \
    TAILOR__SERVER__MAX_CONNECTIONS=4096
python3 scripts/generation_load.py streams "$BASE" "$S" "$server_pid"
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true

echo "== crash: SIGKILL while a generation runs"
kill "${pids[0]}"; wait "${pids[0]}" 2>/dev/null || true
python3 scripts/generation_load.py fake "$FAKE_PORT" 3000 &
pids+=($!)
export DATA="$work/crash"
start_server env TAILOR__GENERATION__LEASE_SECS=3 TAILOR__GENERATION__RECOVER_INTERVAL_SECS=1
read -r token gid < <(python3 scripts/generation_load.py submit "$BASE")
python3 scripts/generation_load.py wait "$BASE" "$token" "$gid" running 20
kill -9 "$server_pid"; wait "$server_pid" 2>/dev/null || true
killed=$(date +%s.%N)
echo "   killed the server (SIGKILL) while the generation ran"
start_server env TAILOR__GENERATION__LEASE_SECS=3 TAILOR__GENERATION__RECOVER_INTERVAL_SECS=1
python3 scripts/generation_load.py wait "$BASE" "$token" "$gid" completed 60
echo "   completed $(python3 -c "import time; print(f'{time.time() - $killed:.1f}')") s after the kill"
