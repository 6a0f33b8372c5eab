#!/usr/bin/env bash
# Load test of a release build on the embedded default (SQLite in a temp folder).
# Measures GET /health, GET /api/v1/auth/me, GET /api/v1/profiles/me, GET /api/v1/jobs
# (20 of 1,000 saved jobs, and random pages of them), POST /api/v1/generations/resume (offline)
# and POST /api/v1/auth/login with wrk, the
# latency of /auth/me while logins saturate the CPU, the server's peak resident memory,
# and the time of one argon2id hash (cargo bench -p tailor-auth).
#
#   scripts/load.sh            # defaults: 10 s per run, 64 connections
#   DURATION=20 CONNECTIONS=128 scripts/load.sh
#
# Only loopback traffic; every run is bounded by DURATION. Installs wrk from Debian's
# packages when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-64}"
PORT="${PORT:-18080}"
BASE="http://127.0.0.1:$PORT"

if ! command -v wrk >/dev/null; then
    echo "installing wrk..."
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq wrk >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null; fi
fi

echo "building release binary..."
cargo build --release -q -p tailor-app --bin tailor
echo "measuring one argon2id hash..."
hash_line=$(cargo bench -q -p tailor-auth --bench hash 2>/dev/null | grep 'one hash')
echo "  $hash_line"
hash_ms=$(sed -E 's/.*mean ([0-9.]+) ms.*/\1/' <<<"$hash_line")
cores=$(nproc)

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
for _ in $(seq 1 50); do
    curl -fs "$BASE/health" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fs "$BASE/health" >/dev/null || { echo "server did not start"; cat "$work/server.log"; exit 1; }

# Peak resident memory of the server while the runs go on.
(
    peak=0
    while kill -0 "$server_pid" 2>/dev/null; do
        rss=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0)
        [ "${rss:-0}" -gt "$peak" ] && peak=$rss && echo "$peak" >"$work/peak_rss_kb"
        sleep 0.2
    done
) &
sampler_pid=$!

# The server's resident memory now, in MB.
rss_mb() { awk '/VmRSS/ {r = $2 / 1024} /Threads/ {t = $2} END {printf "%.1f (%d threads)", r, t}' "/proc/$server_pid/status" 2>/dev/null || echo "?"; }
echo "resident memory after start: $(rss_mb) MB"
email="load-$$@example.com"
token=$(curl -fs -X POST "$BASE/api/v1/auth/register" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"Secret123\",\"full_name\":\"Load Test\"}" |
    sed -E 's/.*"access_token":"([^"]+)".*/\1/')

# A full profile: 10 experiences, 5 education entries, 8 projects, 40 skills, 6 certifications.
python3 - >"$work/profile.json" <<'PY'
import json
print(json.dumps({
    "personal_info": {"full_name": "Load Test", "email": "load@example.com", "phone": "+1 555 0100",
                      "location": "Berlin, DE", "linkedin": "https://linkedin.com/in/load"},
    "professional_summary": "Backend engineer with a decade of experience building reliable services. " * 3,
    "skills": {"technical": [f"Skill {i}" for i in range(30)], "soft": [f"Soft {i}" for i in range(10)],
               "languages": [{"name": "English", "proficiency": "native"}],
               "certifications": [{"name": f"Cert {i}", "issuer": "Issuer", "date_obtained": "2020-01-01"} for i in range(6)]},
    "experiences": [{"title": f"Engineer {i}", "company": f"Company {i}", "location": "Remote",
                     "start_date": f"{2010 + i}-01-01", "end_date": f"{2011 + i}-01-01",
                     "description": "Built and ran services. " * 10,
                     "achievements": ["Cut latency by 40%", "Led a team of five"]} for i in range(10)],
    "education": [{"institution": f"University {i}", "degree": "BSc", "field_of_study": "Computer Science",
                   "start_date": f"{2000 + i}-09-01", "end_date": f"{2004 + i}-06-30", "gpa": 3.5} for i in range(5)],
    "projects": [{"name": f"Project {i}", "description": "An open-source tool. " * 5,
                  "technologies": ["Rust", "PostgreSQL"], "url": f"https://example.com/p{i}"} for i in range(8)],
}))
PY
curl -fs -X POST "$BASE/api/v1/profiles" -H 'content-type: application/json' \
    -H "Authorization: Bearer $token" --data-binary @"$work/profile.json" >/dev/null

# 1,000 saved jobs for the user: realistic postings of 1-2 KB each, half pasted text read
# by the analyser, half structured.
echo "saving 1,000 jobs..."
BASE="$BASE" TOKEN="$token" python3 - <<'PY'
import json, os, urllib.request
base, token = os.environ["BASE"], os.environ["TOKEN"]
roles = ["Backend Engineer", "Data Scientist", "Product Designer", "Site Reliability Engineer",
         "Registered Nurse", "Account Executive", "Frontend Developer", "Financial Analyst"]
skills = ["Python", "Go", "Rust", "PostgreSQL", "Kubernetes", "AWS", "React", "TypeScript",
          "Kafka", "Terraform", "Docker", "SQL", "Figma", "Excel", "communication", "leadership"]
def post(body):
    req = urllib.request.Request(base + "/api/v1/jobs", data=json.dumps(body).encode(),
        headers={"content-type": "application/json", "authorization": "Bearer " + token})
    with urllib.request.urlopen(req) as res:
        assert res.status == 201, res.status
for i in range(1000):
    role, company = roles[i % len(roles)], f"Company {i}"
    picked = [skills[(i + k) % len(skills)] for k in range(5)]
    description = (f"We are looking for a {role} to join {company}. You will work with "
                   + ", ".join(picked) + ". " + "Our team ships reliable products every week. " * 15)
    if i % 2 == 0:
        post({"raw_text": f"{role}\n{company}\nAustin, TX (Hybrid)\n\n{description}\n\nRequirements\n"
              + "\n".join(f"- 3+ years of {s}" for s in picked)
              + "\n\nBenefits\n- Health insurance\n- 401(k) match\n\nSalary: $120,000 - $150,000"})
    else:
        post({"title": role, "company": company, "source": "imported", "description": description,
              "requirements": [f"3+ years of {s}" for s in picked], "benefits": ["Health insurance"],
              "salary_range": "120000-150000", "remote": i % 3 == 0})
PY
echo "resident memory after saving: $(rss_mb) MB"
cat >"$work/pages.lua" <<'LUA'
-- A random page of 20 of the 1,000 jobs: mostly distinct queries, so mostly database reads.
request = function()
    return wrk.format("GET", "/api/v1/jobs?limit=20&offset=" .. math.random(0, 980))
end
LUA

# One saved job (a pasted posting) for the generation run: a tailored resume of the
# 10-experience profile, written offline and stored, per request.
job_id=$(curl -fs "$BASE/api/v1/jobs?limit=1" -H "Authorization: Bearer $token" |
    sed -E 's/.*"jobs":\[\{"id":"([^"]+)".*/\1/')
cat >"$work/resume.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"job_id":"$job_id","max_experiences":5,"max_projects":3,"include_summary":true}'
wrk.headers["Content-Type"] = "application/json"
LUA

cat >"$work/login.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"email":"$email","password":"Secret123"}'
wrk.headers["Content-Type"] = "application/json"
LUA

# wrk output helpers: requests/s and the 99th percentile in milliseconds.
rps() { awk '/Requests\/sec/ {print $2}' "$1"; }
p99() {
    awk '$1 == "99%" {
        v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v);
        if (unit == "us") v = v / 1000; else if (unit == "s") v = v * 1000;
        printf "%.2f", v }' "$1"
}
p50() {
    awk '$1 == "50%" {
        v = $2; unit = v; gsub(/[0-9.]/, "", unit); sub(/[a-z]+$/, "", v);
        if (unit == "us") v = v / 1000; else if (unit == "s") v = v * 1000;
        printf "%.2f", v }' "$1"
}
non2xx() { awk '/Non-2xx/ {print $NF}' "$1"; }

run() { # name, output, wrk args...
    local name=$1 out=$2; shift 2
    wrk --latency "$@" >"$out"
    printf '  %-34s %10s req/s   p99 %8s ms   non-2xx %-4s RSS %s MB\n' "$name" "$(rps "$out")" "$(p99 "$out")" "$(non2xx "$out" || true)" "$(rss_mb)"
}

echo "runs: ${DURATION}s each, $CONNECTIONS connections, 2 wrk threads, $cores cores"
run "GET /health" "$work/health" -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$BASE/health"
run "GET /api/v1/auth/me" "$work/me" -t2 -c"$CONNECTIONS" -d"${DURATION}s" \
    -H "Authorization: Bearer $token" "$BASE/api/v1/auth/me"
run "GET /api/v1/profiles/me" "$work/profile" -t2 -c"$CONNECTIONS" -d"${DURATION}s" \
    -H "Authorization: Bearer $token" "$BASE/api/v1/profiles/me"
# The app's HTTP client asks for gzip (Accept-Encoding: gzip), so that is the run the
# target is read from; the uncompressed run is shown beside it.
run "GET /api/v1/jobs?limit=20 (gzip)" "$work/jobs" -t2 -c"$CONNECTIONS" -d"${DURATION}s" \
    -H "Authorization: Bearer $token" -H "Accept-Encoding: gzip" "$BASE/api/v1/jobs?limit=20"
run "GET /api/v1/jobs?limit=20 (identity)" "$work/jobs_plain" -t2 -c"$CONNECTIONS" -d"${DURATION}s" \
    -H "Authorization: Bearer $token" "$BASE/api/v1/jobs?limit=20"
run "GET /api/v1/jobs random pages" "$work/job_pages" -t2 -c"$CONNECTIONS" -d"${DURATION}s" \
    -s "$work/pages.lua" -H "Authorization: Bearer $token" "$BASE"
run "POST /api/v1/generations/resume (4 conns)" "$work/resume" -t1 -c4 -d"${DURATION}s" \
    -s "$work/resume.lua" -H "Authorization: Bearer $token" "$BASE/api/v1/generations/resume"
run "POST /api/v1/auth/login" "$work/login" -t2 -c16 -d"${DURATION}s" -s "$work/login.lua" \
    "$BASE/api/v1/auth/login"
run "GET /auth/me idle (4 conns)" "$work/me_idle" -t1 -c4 -d"${DURATION}s" \
    -H "Authorization: Bearer $token" "$BASE/api/v1/auth/me"
# Logins saturate the hashing threads while /auth/me is measured at the same light load.
wrk -t1 -c16 -d"$((DURATION + 4))s" -s "$work/login.lua" "$BASE/api/v1/auth/login" >"$work/login_bg" &
bg=$!
sleep 2
run "GET /auth/me during logins (4 conns)" "$work/me_busy" -t1 -c4 -d"${DURATION}s" \
    -H "Authorization: Bearer $token" "$BASE/api/v1/auth/me"
wait "$bg"
printf '  %-34s %10s req/s\n' "  (logins meanwhile)" "$(rps "$work/login_bg")"

peak_kb=$(cat "$work/peak_rss_kb" 2>/dev/null || echo 0)
health=$(rps "$work/health"); me=$(rps "$work/me"); logins=$(rps "$work/login")
profile=$(rps "$work/profile"); profile_p99=$(p99 "$work/profile")
jobs=$(rps "$work/jobs"); jobs_p99=$(p99 "$work/jobs")
jobs_plain=$(rps "$work/jobs_plain"); jobs_plain_p99=$(p99 "$work/jobs_plain")
idle=$(p99 "$work/me_idle"); busy=$(p99 "$work/me_busy")
resume_p50=$(p50 "$work/resume"); resume_p99=$(p99 "$work/resume")

echo
echo "results"
awk -v h="$health" -v m="$me" -v l="$logins" -v hash="$hash_ms" -v c="$cores" \
    -v pr_rps="$profile" -v pr_p99="$profile_p99" -v jb_rps="$jobs" -v jb_p99="$jobs_p99" -v jp_rps="$jobs_plain" -v jp_p99="$jobs_plain_p99" \
    -v idle="$idle" -v busy="$busy" -v rss="$peak_kb" -v rs50="$resume_p50" -v rs99="$resume_p99" 'BEGIN {
    ratio = m / h; ideal = c / (hash / 1000); lratio = l / ideal; pr = busy / idle;
    printf "  /auth/me vs /health throughput   %.0f%%   (target >= 40%%)   %s\n", ratio * 100, (ratio >= 0.4 ? "ok" : "MISSED");
    pratio = pr_rps / h;
    printf "  /profiles/me vs /health          %.0f%%, p99 %.2f ms   (target >= 40%%, p99 < 10 ms)   %s\n", pratio * 100, pr_p99, (pratio >= 0.4 && pr_p99 < 10 ? "ok" : "MISSED");
    jratio = jb_rps / h;
    printf "  /jobs?limit=20 (gzip) vs /health %.0f%%, p99 %.2f ms   (target >= 40%%, p99 < 10 ms)   %s\n", jratio * 100, jb_p99, (jratio >= 0.4 && jb_p99 < 10 ? "ok" : "MISSED");
    printf "  /jobs?limit=20 uncompressed      %.0f%%, p99 %.2f ms\n", jp_rps / h * 100, jp_p99;
    printf "  logins/s vs cores/hash time      %.0f%% of %.1f (hash %.2f ms)   (target >= 90%%)   %s\n", lratio * 100, ideal, hash, (lratio >= 0.9 ? "ok" : "MISSED");
    printf "  /auth/me p99 busy vs idle        %.2f ms vs %.2f ms = %.2fx   (target <= 2x)   %s\n", busy, idle, pr, (pr <= 2 ? "ok" : "MISSED");
    printf "  POST /generations/resume         median %.2f ms, p99 %.2f ms   (target median < 25 ms)   %s\n", rs50, rs99, (rs50 < 25 ? "ok" : "MISSED");
    printf "  peak resident memory             %.1f MB   (target < 60 MB)   %s\n", rss / 1024, (rss / 1024 < 60 ? "ok" : "MISSED");
}'
