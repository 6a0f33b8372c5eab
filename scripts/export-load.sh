#!/usr/bin/env bash
# Load test of exports on a release build on the embedded default (SQLite, offline
# generator): PDF and DOCX exports of a two-page resume, and the latency of
# GET /api/v1/profiles/me at a light load while exports saturate the renderers
# (target: its p99 under 2x its idle p99), plus the server's peak resident memory.
#
#   scripts/export-load.sh             # 10 s per run
#   DURATION=20 scripts/export-load.sh
#
# Only loopback traffic; installs wrk from Debian's packages when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10}"
PORT="${PORT:-18081}"
BASE="http://127.0.0.1:$PORT"

if ! command -v wrk >/dev/null; then
    echo "installing wrk..."
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi
fi

echo "building release binary..."
cargo build --release -q -p tailor-app --bin tailor

work=$(mktemp -d)
server_pid=""
sampler_pid=""
cleanup() {
    [ -n "$sampler_pid" ] && kill "$sampler_pid" 2>/dev/null || true
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

TAILOR_ENV=local TAILOR__RATE_LIMIT__ENABLED=false TAILOR__LOG__LEVEL=warn \
    target/release/tailor serve --port "$PORT" --data-dir "$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fs "$BASE/health" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fs "$BASE/health" >/dev/null || { echo "server did not start"; cat "$work/server.log"; exit 1; }

(
    peak=0
    while kill -0 "$server_pid" 2>/dev/null; do
        rss=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0)
        [ "${rss:-0}" -gt "$peak" ] && peak=$rss && echo "$peak" >"$work/peak_rss_kb"
        sleep 0.2
    done
) &
sampler_pid=$!
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$server_pid/status" 2>/dev/null || echo "?"; }
echo "resident memory after start: $(rss_mb) MB"

token=$(curl -fs -X POST "$BASE/api/v1/auth/register" -H 'content-type: application/json' \
    -d '{"email":"export-load@example.com","password":"Secret123","full_name":"Load Test"}' |
    sed -E 's/.*"access_token":"([^"]+)".*/\1/')
# The rich profile of scripts/load.sh: 10 experiences, 5 education, 8 projects, 40 skills.
python3 - >"$work/profile.json" <<'PY'
import json
print(json.dumps({
    "personal_info": {"full_name": "Load Test", "email": "load@example.com", "phone": "+1 555 0100",
                      "location": "Austin, TX", "linkedin": "https://linkedin.com/in/load"},
    "professional_summary": "Backend engineer with a decade of experience building reliable services. " * 3,
    "skills": {"technical": [f"Skill {i}" for i in range(30)], "soft": [f"Soft {i}" for i in range(10)],
               "languages": [{"name": "English", "proficiency": "native"}],
               "certifications": [{"name": f"Cert {i}", "issuer": "Issuer", "date_obtained": "2020-01-01"} for i in range(6)]},
    "experiences": [{"title": f"Engineer {i}", "company": f"Company {i}", "location": "Remote",
                     "start_date": f"{2010 + i}-01-01", "end_date": f"{2011 + i}-01-01",
                     "description": "Built and ran services. " * 10,
                     "achievements": ["Cut latency by 40%", "Led a team of five", "Moved billing to Rust"]} for i in range(10)],
    "education": [{"institution": f"University {i}", "degree": "BSc", "field_of_study": "Computer Science",
                   "start_date": f"{2000 + i}-09-01", "end_date": f"{2004 + i}-06-30", "gpa": 3.5} for i in range(5)],
    "projects": [{"name": f"Project {i}", "description": "An open-source tool. " * 5,
                  "technologies": ["Rust", "PostgreSQL"], "url": f"https://example.com/p{i}"} for i in range(8)],
}))
PY
curl -fs -X POST "$BASE/api/v1/profiles" -H 'content-type: application/json' \
    -H "Authorization: Bearer $token" --data-binary @"$work/profile.json" >/dev/null
job_id=$(curl -fs -X POST "$BASE/api/v1/jobs" -H 'content-type: application/json' \
    -H "Authorization: Bearer $token" \
    -d '{"raw_text":"Senior Backend Engineer\nNorthwind Analytics\nAustin, TX\n\nWe build data pipelines in Rust and PostgreSQL.\n\nRequirements\n- 5+ years of Rust\n- PostgreSQL\n- Kubernetes"}' |
    sed -E 's/.*"id":"([^"]+)".*/\1/')
generation_id=$(curl -fs -X POST "$BASE/api/v1/generations/resume" -H 'content-type: application/json' \
    -H "Authorization: Bearer $token" \
    -d "{\"job_id\":\"$job_id\",\"max_experiences\":6,\"max_projects\":4,\"include_summary\":true}" |
    sed -E 's/.*"generation_id":"([^"]+)".*/\1/')
pages=$(curl -fs -X POST "$BASE/api/v1/exports/pdf" -H 'content-type: application/json' \
    -H "Authorization: Bearer $token" \
    -d "{\"generation_id\":\"$generation_id\",\"template\":\"classic\",\"format\":\"pdf\"}" |
    sed -E 's/.*"page_count":([0-9]+).*/\1/')
echo "the resume exports to $pages page(s)"

for format in pdf docx; do
    cat >"$work/$format.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"generation_id":"$generation_id","template":"classic","format":"$format"}'
wrk.headers["Content-Type"] = "application/json"
LUA
done

rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
pct() { # file, percentile label (50% / 99%)
    awk -v want="$2" '$1 == want {
        v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v);
        if (unit == "us") v = v / 1000; else if (unit == "s") v = v * 1000;
        printf "%.2f", v }' "$1"
}
non2xx() { awk '/Non-2xx/ {print $NF}' "$1"; }
run() { # name, output, wrk args...
    local name=$1 out=$2; shift 2
    wrk --latency "$@" >"$out"
    printf '  %-40s %9s req/s   p50 %8s ms   p99 %8s ms   non-2xx %-4s RSS %s MB\n' "$name" \
        "$(rps "$out")" "$(pct "$out" 50%)" "$(pct "$out" 99%)" "$(non2xx "$out" || true)" "$(rss_mb)"
}

echo "runs: ${DURATION}s each, $(nproc) cores"
run "POST /exports/pdf (4 conns)" "$work/pdf" -t1 -c4 -d"${DURATION}s" -s "$work/pdf.lua" \
    -H "Authorization: Bearer $token" "$BASE/api/v1/exports/pdf"
run "POST /exports/docx (4 conns)" "$work/docx" -t1 -c4 -d"${DURATION}s" -s "$work/docx.lua" \
    -H "Authorization: Bearer $token" "$BASE/api/v1/exports/docx"
run "GET /profiles/me idle (4 conns)" "$work/idle" -t1 -c4 -d"${DURATION}s" \
    -H "Authorization: Bearer $token" "$BASE/api/v1/profiles/me"
# PDF exports keep every render slot busy while /profiles/me is measured at the same light
# load.
wrk -t1 -c8 -d"$((DURATION + 4))s" -s "$work/pdf.lua" -H "Authorization: Bearer $token" \
    "$BASE/api/v1/exports/pdf" >"$work/pdf_bg" &
bg=$!
sleep 2
run "GET /profiles/me during exports (4 conns)" "$work/busy" -t1 -c4 -d"${DURATION}s" \
    -H "Authorization: Bearer $token" "$BASE/api/v1/profiles/me"
wait "$bg"
printf '  %-40s %9s req/s   non-2xx %s\n' "  (PDF exports meanwhile, 8 conns)" "$(rps "$work/pdf_bg")" "$(non2xx "$work/pdf_bg" || true)"

peak_kb=$(cat "$work/peak_rss_kb" 2>/dev/null || echo 0)
echo
echo "results"
awk -v idle="$(pct "$work/idle" 99%)" -v busy="$(pct "$work/busy" 99%)" -v rss="$peak_kb" \
    -v pdf="$(pct "$work/pdf" 50%)" -v docx="$(pct "$work/docx" 50%)" 'BEGIN {
    printf "  PDF export, median request       %.2f ms\n", pdf;
    printf "  DOCX export, median request      %.2f ms\n", docx;
    printf "  /profiles/me p99 busy vs idle    %.2f ms vs %.2f ms = %.2fx   (target <= 2x)   %s\n", busy, idle, busy / idle, (busy / idle <= 2 ? "ok" : "MISSED");
    printf "  peak resident memory             %.1f MB   (target < 60 MB)   %s\n", rss / 1024, (rss / 1024 < 60 ? "ok" : "MISSED");
}'
