#!/usr/bin/env python3
"""Load of background generations against a running Tailor server (stdlib only).

  generation_load.py burst  BASE N      # N users each submit one cover letter at once;
                                        # prints the time until the last one completed
  generation_load.py streams BASE N PID # queues N generations (the server has no workers),
                                        # opens an event stream on each, holds them, and
                                        # prints the server's RSS before and after
  generation_load.py fake PORT DELAY_MS # an OpenAI-compatible fake answering after DELAY_MS
  generation_load.py submit BASE        # a user submits one cover letter; prints token, id
  generation_load.py wait BASE TOKEN ID STATUS SECS  # waits for STATUS; prints what it saw

Used by scripts/generation-load.sh, which starts the servers.
"""

import json
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

POSTING = """Senior Backend Engineer
Northwind Analytics
Austin, TX (Hybrid)

We build billing platforms.

Requirements:
- 5+ years of Rust or Go
- PostgreSQL and Kafka
- Kubernetes in production
"""

PROFILE = {
    "personal_info": {"full_name": "Load Tester", "email": "load@example.com"},
    "professional_summary": "Backend engineer who builds billing systems.",
    "experiences": [
        {
            "title": "Senior Engineer",
            "company": "Acme",
            "start_date": "2020-01-01",
            "is_current": True,
            "description": "Built billing in Rust on PostgreSQL and Kafka.",
        }
    ],
    "skills": {"technical": ["Rust", "PostgreSQL", "Kafka"], "soft": []},
}


def call(base, method, path, body=None, token=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            return res.status, json.loads(res.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def user_with_job(base):
    email = f"load-{uuid.uuid4().hex}@example.com"
    status, body = call(
        base,
        "POST",
        "/api/v1/auth/register",
        {"email": email, "password": "Secret123", "full_name": "Load Tester"},
    )
    assert status == 201, (status, body)
    token = body["access_token"]
    status, body = call(base, "POST", "/api/v1/profiles", PROFILE, token)
    assert status == 201, (status, body)
    status, body = call(base, "POST", "/api/v1/jobs", {"raw_text": POSTING}, token)
    assert status == 201, (status, body)
    return token, body["id"]


def burst(base, n):
    with ThreadPoolExecutor(16) as pool:
        users = list(pool.map(lambda _: user_with_job(base), range(n)))
    submitted = {}
    barrier = threading.Barrier(n)

    def submit(user):
        token, job = user
        barrier.wait()
        status, body = call(
            base,
            "POST",
            "/api/v1/generations",
            {"job_id": job, "document_type": "cover_letter"},
            token,
        )
        assert status == 202, (status, body)
        return token, body["generation_id"]

    started = time.monotonic()
    with ThreadPoolExecutor(n) as pool:
        for token, gid in pool.map(submit, users):
            submitted[gid] = token
    accepted = time.monotonic() - started
    done = {}
    while len(done) < n and time.monotonic() - started < 120:
        for gid, token in submitted.items():
            if gid in done:
                continue
            status, body = call(base, "GET", f"/api/v1/generations/{gid}", token=token)
            if body["status"] in ("completed", "failed", "cancelled"):
                done[gid] = (time.monotonic() - started, body)
        # Seldom: the client shares the two cores with the server; the server's own
        # timestamps are what is measured.
        time.sleep(0.25)
    total = max((t for t, _ in done.values()), default=float("nan"))
    # The server's own clock: first task created to last task ended.
    stamps = [
        (
            datetime.fromisoformat(body["created_at"]),
            datetime.fromisoformat(body["updated_at"]),
        )
        for _, body in done.values()
    ]
    server_span = (
        (max(e for _, e in stamps) - min(c for c, _ in stamps)).total_seconds()
        if stamps
        else float("nan")
    )
    longest = max(((e - c).total_seconds() for c, e in stamps), default=float("nan"))
    outcomes = {}
    fallbacks = 0
    for _, body in done.values():
        outcomes[body["status"]] = outcomes.get(body["status"], 0) + 1
        raw = (body.get("result") or {}).get("llm_metadata", {}).get("raw", "")
        fallbacks += "fallback" in raw
    print(
        f"burst: {n} generations accepted in {accepted:.2f} s; on the server's clock the "
        f"first was queued and the last ended {server_span:.2f} s apart (the longest took "
        f"{longest:.2f} s); the client saw all ended after {total:.2f} s (it polls); "
        f"outcomes {outcomes}; written offline after a model failure: {fallbacks}"
    )


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1])
    return 0


def streams(base, n, pid):
    token, job = user_with_job(base)
    ids = []
    for _ in range(n):
        status, body = call(
            base,
            "POST",
            "/api/v1/generations",
            {"job_id": job, "document_type": "resume"},
            token,
        )
        assert status == 202, (status, body)
        ids.append(body["generation_id"])
    time.sleep(1)
    before = rss_kib(pid)
    host, port = base.removeprefix("http://").split(":")
    socks = []
    for gid in ids:
        s = socket.create_connection((host, int(port)))
        s.sendall(
            (
                f"GET /api/v1/generations/{gid}/events HTTP/1.1\r\nHost: {host}\r\n"
                f"Authorization: Bearer {token}\r\nAccept: text/event-stream\r\n\r\n"
            ).encode()
        )
        socks.append(s)
    opened = 0
    for s in socks:
        s.settimeout(10)
        head = s.recv(4096)
        opened += head.startswith(b"HTTP/1.1 200")
    time.sleep(5)
    peak = rss_kib(pid)
    for s in socks:
        s.settimeout(0.01)
        try:
            while s.recv(65536):
                pass
        except (socket.timeout, BlockingIOError):
            pass
    time.sleep(5)
    held = rss_kib(pid)
    still = 0
    for s in socks:
        try:
            s.settimeout(0.001)
            s.send(b"")
            still += 1
        except OSError:
            pass
        s.close()
    print(
        f"streams: {opened} of {n} opened (200); RSS before {before / 1024:.1f} MiB, "
        f"with them open {peak / 1024:.1f} MiB, after 10 s {held / 1024:.1f} MiB "
        f"(growth {(max(peak, held) - before) / 1024:.1f} MiB); {still} still connected"
    )


class Fake(BaseHTTPRequestHandler):
    delay = 0.5

    def do_POST(self):
        length = int(self.headers.get("content-length", 0))
        request = json.loads(self.rfile.read(length) or b"{}")
        time.sleep(Fake.delay)
        fmt = request.get("response_format") or {}
        name = (fmt.get("json_schema") or {}).get("name", "")
        if name == "ranking" or "json" in fmt.get("type", ""):
            content = json.dumps({"order": [1], "rationale": "The billing work fits best."})
        else:
            content = (
                "Dear Hiring Manager,\n\nI have built billing platforms in Rust.\n\n"
                "I would welcome a conversation.\n\nKind regards,\n[[NAME]]"
            )
        body = json.dumps(
            {
                "id": "x",
                "object": "chat.completion",
                "model": request.get("model", "fake"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
            }
        ).encode()
        try:
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            # The server that asked was killed (the crash run).
            pass

    def log_message(self, *args):
        pass


def fake(port, delay_ms):
    Fake.delay = delay_ms / 1000
    server = ThreadingHTTPServer(("127.0.0.1", port), Fake)
    server.daemon_threads = True
    server.request_queue_size = 512
    server.serve_forever()


def submit_one(base):
    token, job = user_with_job(base)
    status, body = call(
        base,
        "POST",
        "/api/v1/generations",
        {"job_id": job, "document_type": "cover_letter"},
        token,
    )
    assert status == 202, (status, body)
    print(token, body["generation_id"])


def wait(base, token, gid, wanted, secs):
    started = time.monotonic()
    seen = []
    while time.monotonic() - started < secs:
        _, body = call(base, "GET", f"/api/v1/generations/{gid}", token=token)
        state = f"{body['status']}/{body['stage']}/attempt {body['attempts']}"
        if not seen or seen[-1] != state:
            seen.append(state)
        if body["status"] == wanted:
            print(f"   {wanted} after {time.monotonic() - started:.1f} s; seen: {' -> '.join(seen)}")
            return
        if body["status"] in ("completed", "failed", "cancelled"):
            break
        time.sleep(0.1)
    sys.exit(f"not {wanted} within {secs} s; seen: {' -> '.join(seen)}")


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "burst":
        burst(sys.argv[2], int(sys.argv[3]))
    elif mode == "streams":
        streams(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif mode == "submit":
        submit_one(sys.argv[2])
    elif mode == "wait":
        wait(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], float(sys.argv[6]))
    elif mode == "fake":
        fake(int(sys.argv[2]), int(sys.argv[3]))
    else:
        sys.exit(__doc__)
