#!/usr/bin/env bash
# Schema-driven testing of the running API against its OpenAPI document with Schemathesis:
# every operation gets generated requests (valid and invalid), and every answer is checked
# against the document (`--checks all`, less the checks named below with their reasons;
# settings in scripts/schemathesis.toml). Any 5xx, undocumented status, answer that does not
# match its schema, or request the server treats differently from the document fails the run.
#
# The server runs from this checkout on a fresh SQLite database in a temporary folder
# (TAILOR_ENV=test, rate limits off but for URL imports, which answer 429 so that the run
# fetches nothing from the internet). The run is authenticated as a new user who owns one
# profile, job and sample, so that operations on them reach their logic.
#
#   scripts/schemathesis.sh                 # 10 examples per operation
#   TAILOR_SCHEMATHESIS_MAX_EXAMPLES=100 scripts/schemathesis.sh
#   TAILOR_SCHEMATHESIS_SEED=42 scripts/schemathesis.sh   # repeat a run's data
#   scripts/schemathesis.sh --report har    # further options go to every `schemathesis run`
#
# Schemathesis is installed from PyPI into a virtual environment under the Cargo target
# folder the first time (python3 with venv needed).
set -euo pipefail
cd "$(dirname "$0")/.."
extra=("$@")

SCHEMATHESIS_VERSION=4.32.5
max_examples="${TAILOR_SCHEMATHESIS_MAX_EXAMPLES:-10}"
target="${CARGO_TARGET_DIR:-target}"
venv="$target/schemathesis-$SCHEMATHESIS_VERSION"

if [ ! -x "$venv/bin/schemathesis" ]; then
    echo "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
        "schemathesis==$SCHEMATHESIS_VERSION"
fi

cargo build --quiet -p tailor-app --bin tailor
tailor="$target/debug/tailor"

work=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"

# Every rate limit off (0 requests is no limit), but URL imports: one a day, spent below on
# an address the server refuses without a look-up, so that generated URLs answer 429
# instead of fetching pages from the internet.
settings=(
    TAILOR_ENV=test
    TAILOR__SERVER__PORT="$port"
    TAILOR__DATA__DIR="$work/data"
    TAILOR__DATABASE__URL=
    TAILOR__RATE_LIMIT__JOB_IMPORT__IP_REQUESTS=1
    TAILOR__RATE_LIMIT__JOB_IMPORT__IP_PERIOD_SECS=86400
    TAILOR__RATE_LIMIT__JOB_IMPORT__EMAIL_REQUESTS=0
)
for scope in register login refresh forgot_password reset_password change_password check_email; do
    settings+=(
        "TAILOR__RATE_LIMIT__${scope^^}__IP_REQUESTS=0"
        "TAILOR__RATE_LIMIT__${scope^^}__EMAIL_REQUESTS=0"
    )
done
env "${settings[@]}" "$tailor" serve >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 100); do
    curl -fs "$base/health" >/dev/null 2>&1 && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
        cat "$work/server.log" >&2
        echo "the server did not start" >&2
        exit 1
    fi
    sleep 0.2
done
curl -fs "$base/health" >/dev/null

# POST a JSON body with the token (when set) and print one field of the answer.
post() {
    local path=$1 body=$2 field=$3
    curl -fsS -X POST "$base$path" \
        -H 'content-type: application/json' \
        ${token:+-H "Authorization: Bearer $token"} \
        -d "$body" |
        python3 -c "import json, sys; print(json.load(sys.stdin)$field)"
}

token=
token=$(post /api/v1/auth/register \
    '{"email":"fuzz@example.com","password":"Fuzzing123","full_name":"Fuzz Tester"}' \
    '["access_token"]')
TAILOR_FUZZ_PROFILE_ID=$(post /api/v1/profiles \
    '{"personal_info":{"full_name":"Fuzz Tester","email":"fuzz@example.com"},
      "experiences":[{"title":"Engineer","company":"Acme","start_date":"2020-01-01"}]}' \
    '["id"]')
TAILOR_FUZZ_JOB_ID=$(post /api/v1/jobs '{"title":"Engineer","company":"Acme"}' '["id"]')
# Spend the one URL import (a loopback address is refused before any connection).
code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$base/api/v1/jobs" \
    -H 'content-type: application/json' -H "Authorization: Bearer $token" \
    -d '{"url":"http://127.0.0.1:9/posting"}')
[ "$code" = 422 ] || { echo "the URL import answered $code, not 422" >&2; exit 1; }
code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$base/api/v1/jobs" \
    -H 'content-type: application/json' -H "Authorization: Bearer $token" \
    -d '{"url":"http://127.0.0.1:9/posting"}')
[ "$code" = 429 ] || { echo "URL imports are not limited (got $code)" >&2; exit 1; }
printf 'I write plain, short sentences about the work I did.\n' >"$work/sample.txt"
TAILOR_FUZZ_SAMPLE_ID=$(curl -fsS -X POST "$base/api/v1/samples/upload" \
    -H "Authorization: Bearer $token" \
    -F document_type=resume -F "file=@$work/sample.txt;type=text/plain" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
export TAILOR_FUZZ_PROFILE_ID TAILOR_FUZZ_JOB_ID TAILOR_FUZZ_SAMPLE_ID

# Operations that delete the fixtures run after the others, and the one that ends the
# session last.
deletes=(
    "DELETE /api/v1/profiles/{profile_id}"
    "DELETE /api/v1/jobs/{job_id}"
    "DELETE /api/v1/samples/{sample_id}"
)
logout="POST /api/v1/auth/logout"
first=(--exclude-name "$logout")
second=()
for name in "${deletes[@]}"; do
    first+=(--exclude-name "$name")
    second+=(--include-name "$name")
done

# Checks left out, each with its reason:
excluded_checks=(
    # it expects 401 without an `Authorization` header; the contract answers 403 `Not
    # authenticated` (documented), and no operation has another required header
    missing_required_header
    # the only deletes it can follow here are bulk deletes of entries named in the body
    # (deletes of a profile, job or sample run last, on their own): the list the path names
    # stays, and reading it rightly answers 200
    use_after_free
)

export TAILOR_FUZZ_CACHE_DIR="$target/schemathesis-cache"

run() {
    PYTHONPATH="scripts${PYTHONPATH:+:$PYTHONPATH}" PYTHONDONTWRITEBYTECODE=1 \
        "$venv/bin/schemathesis" \
        --config-file scripts/schemathesis.toml --no-color \
        run "$base/api/v1/openapi.json" \
        --url "$base" \
        --checks all \
        --exclude-checks "$(IFS=,; echo "${excluded_checks[*]}")" \
        --max-examples "$max_examples" \
        ${TAILOR_SCHEMATHESIS_SEED:+--seed "$TAILOR_SCHEMATHESIS_SEED"} \
        --generation-database none \
        --request-timeout 10 \
        -H "Authorization: Bearer $token" \
        "${extra[@]}" "$@"
}

status=0
run "${first[@]}" || status=$?
run "${second[@]}" || status=$?
run --include-name "$logout" || status=$?
if [ "$status" -ne 0 ]; then
    echo "schemathesis found failures; errors in the server's log:" >&2
    grep -E ' ERROR ' "$work/server.log" | tail -n 50 >&2 || true
fi
exit "$status"
