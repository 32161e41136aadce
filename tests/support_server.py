"""A loopback support service for the end-to-end tests: our own API (docs/support-api.md), Zammad's
REST API and Zendesk's Requests API, each as far as spravka uses it, with injectable faults.

Standard library only. Start it in a thread with SupportServer(...).start(); it listens on 127.0.0.1
on a free port. Faults are queued per route and consumed one request at a time:

    server.inject("POST", "/v1/tickets", "500", times=2)

Kinds: 500, 429 (Retry-After: 1), garbage (acts, then answers 200 with broken JSON), 401, 422,
timeout (acts, then answers after `delay` seconds), hang (acts, then never answers in time).
"""

import base64
import itertools
import json
import re
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def now_iso():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class SupportServer:
    def __init__(self, token, email="ivan@example.ru"):
        self.token = token
        self.email = email
        self.lock = threading.Lock()
        self.faults = []  # [method, path_prefix, kind, times_left, delay]
        self.log = []  # (method, path, headers dict, body bytes)
        self.ids = itertools.count(1)
        self.reset()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                server.handle(self)

            def do_POST(self):
                server.handle(self)

            def do_PUT(self):
                server.handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port

    # ---- control -------------------------------------------------------------------------------
    def start(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def reset(self):
        with self.lock:
            self.tickets = {}  # id -> dict(subject, body, key, priority, messages=[...], rating)
            self.keys = {}  # idempotency key -> (status, response body)
            self.faults = []
            self.log = []

    def inject(self, method, path_prefix, kind, times=1, delay=2.0):
        with self.lock:
            self.faults.append([method, path_prefix, kind, times, delay])

    def add_agent_reply(self, ticket_id, text):
        with self.lock:
            self.tickets[int(ticket_id)]["messages"].append(
                {"id": next(self.ids), "from": "support", "body": text, "created_at": now_iso()})

    def requests_to(self, method, path_prefix):
        with self.lock:
            return [r for r in self.log if r[0] == method and r[1].startswith(path_prefix)]

    # ---- dispatch ------------------------------------------------------------------------------
    def handle(self, handler):
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        url = urlparse(handler.path)
        method = handler.command
        with self.lock:
            self.log.append((method, url.path, dict(handler.headers), body))
            fault = None
            for f in self.faults:
                if f[0] == method and url.path.startswith(f[1]) and f[3] > 0:
                    f[3] -= 1
                    fault = f
                    break
        kind = fault[2] if fault else None
        if kind == "500":
            return self.send(handler, 500, {"error": {"code": "internal", "message": "boom"}})
        if kind == "429":
            return self.send(handler, 429, {"error": {"code": "rate_limited", "message": "slow down"}},
                             {"Retry-After": "1"})
        if kind == "401":
            return self.send(handler, 401, {"error": {"code": "unauthorized", "message": "bad token"}})
        if kind == "422":
            return self.send(handler, 422, self.validation_error(url.path, "subject", "тема слишком короткая"))
        if not self.authorized(url.path, handler.headers.get("Authorization", "")):
            return self.send(handler, 401, {"error": {"code": "unauthorized", "message": "bad token"}})
        try:
            status, answer = self.route(method, url, handler.headers, body)
        except KeyError:
            status, answer = 404, {"error": {"code": "not_found", "message": "no such ticket"}}
        if kind == "garbage":
            return self.send_raw(handler, 200, b'{"ticket": {"id": 1, "subj')
        if kind in ("timeout", "hang"):
            time.sleep(fault[4] if kind == "timeout" else 60)
        self.send(handler, status, answer)

    def authorized(self, path, header):
        if path.startswith("/v1/"):
            return header == "Bearer " + self.token
        if path.startswith("/api/v1/"):
            return header == "Token token=" + self.token
        if path.startswith("/api/v2/"):
            expected = base64.b64encode(("%s/token:%s" % (self.email, self.token)).encode()).decode()
            return header == "Basic " + expected
        return False

    def validation_error(self, path, field, message):
        if path.startswith("/api/v1/"):
            return {"error": message, "error_human": message}
        if path.startswith("/api/v2/"):
            return {"error": "RecordInvalid", "description": "Record validation errors",
                    "details": {field: [{"description": message}]}}
        return {"error": {"code": "validation_failed", "message": "the ticket is invalid",
                          "details": [{"field": field, "message": message}]}}

    def send(self, handler, status, answer, headers=None):
        self.send_raw(handler, status, json.dumps(answer, ensure_ascii=False).encode(), headers)

    def send_raw(self, handler, status, data, headers=None):
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json; charset=utf-8")
            handler.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout) or was killed

    def new_ticket(self, subject, body, key, priority):
        with self.lock:
            ticket_id = next(self.ids)
            self.tickets[ticket_id] = {
                "id": ticket_id, "subject": subject, "key": key, "priority": priority, "rating": None,
                "created_at": now_iso(),
                "messages": [{"id": next(self.ids), "from": "me", "body": body, "created_at": now_iso()}],
            }
            return self.tickets[ticket_id]

    def route(self, method, url, headers, body):
        path = url.path
        data = json.loads(body) if body and headers.get("Content-Type", "").startswith("application/json") else {}
        if path.startswith("/v1/"):
            return self.own(method, path, headers, data)
        if path.startswith("/api/v1/"):
            return self.zammad(method, path, parse_qs(url.query), data)
        return self.zendesk(method, path, parse_qs(url.query), data, body)

    # ---- our own API (docs/support-api.md) -----------------------------------------------------
    def own_ticket(self, t):
        first = next((m["created_at"] for m in t["messages"] if m["from"] == "support"), None)
        return {"id": str(t["id"]), "number": "S-%d" % t["id"], "status": "open" if first else "new",
                "subject": t["subject"], "priority": t["priority"], "created_at": t["created_at"],
                "updated_at": t["created_at"], "first_response_at": first,
                "reply_due_at": "2030-01-01T12:00:00Z", "rating": t["rating"]}

    def own(self, method, path, headers, data):
        key = headers.get("Idempotency-Key")
        if method == "POST" and path == "/v1/tickets":
            if not key:
                return 400, {"error": {"code": "idempotency_key_required", "message": "send an Idempotency-Key"}}
            with self.lock:
                if key in self.keys:
                    return self.keys[key]
            if not data.get("subject") or not data.get("message"):
                return 422, self.validation_error(path, "subject", "required")
            t = self.new_ticket(data["subject"], data["message"], key, data.get("priority", "normal"))
            t["payload"] = data
            answer = (201, {"ticket": self.own_ticket(t)})
            with self.lock:
                self.keys[key] = (200, answer[1])
            return answer
        if method == "GET" and path == "/v1/tickets":
            return 200, {"tickets": [self.own_ticket(t) for t in self.tickets.values()]}
        m = re.fullmatch(r"/v1/tickets/(\d+)(/messages|/rating)?", path)
        t = self.tickets[int(m.group(1))]
        if method == "GET" and not m.group(2):
            return 200, {"ticket": self.own_ticket(t)}
        if method == "GET" and m.group(2) == "/messages":
            return 200, {"messages": [{"id": str(x["id"]), "from": x["from"], "body": x["body"],
                                       "author_name": "Поддержка" if x["from"] == "support" else "",
                                       "created_at": x["created_at"]} for x in t["messages"]]}
        if method == "POST" and m.group(2) == "/messages":
            with self.lock:
                if key in self.keys:
                    return self.keys[key]
                msg = {"id": next(self.ids), "from": "me", "body": data["body"], "created_at": now_iso()}
                t["messages"].append(msg)
                self.keys[key] = (200, {"message": msg})
            return 201, {"message": msg}
        if method == "PUT" and m.group(2) == "/rating":
            t["rating"] = {"grade": data["grade"], "comment": data.get("comment", "")}
            return 200, {"rating": t["rating"]}
        return 404, {"error": {"code": "not_found", "message": path}}

    # ---- Zammad --------------------------------------------------------------------------------
    def zammad_ticket(self, t):
        return {"id": t["id"], "number": str(31000 + t["id"]), "title": t["subject"], "state_id": 1,
                "state": "new", "priority": t["priority"], "created_at": t["created_at"],
                "updated_at": t["created_at"], "first_response_escalation_at": "2030-01-01T12:00:00Z"}

    def zammad_article(self, t, x):
        return {"id": x["id"], "ticket_id": t["id"], "sender": "Agent" if x["from"] == "support" else "Customer",
                "from": "Поддержка" if x["from"] == "support" else self.email, "body": x["body"],
                "internal": False, "created_at": x["created_at"]}

    def zammad(self, method, path, query, data):
        if method == "POST" and path == "/api/v1/tickets":
            article = data.get("article") or {}
            if not data.get("title") or not article.get("body") or not data.get("group"):
                return 422, self.validation_error(path, "title", "title, group and article are required")
            t = self.new_ticket(data["title"], article["body"], None, data.get("priority", "2 normal"))
            t["attachments"] = article.get("attachments", [])
            return 201, self.zammad_ticket(t)
        if method == "GET" and path == "/api/v1/tickets/search":
            needle = query.get("query", [""])[0].strip('"')
            found = [self.zammad_ticket(t) for t in self.tickets.values()
                     if any(needle in x["body"] for x in t["messages"])]
            return 200, found
        if method == "GET" and path == "/api/v1/tickets":
            return 200, [self.zammad_ticket(t) for t in self.tickets.values()]
        m = re.fullmatch(r"/api/v1/tickets/(\d+)", path)
        if method == "GET" and m:
            return 200, self.zammad_ticket(self.tickets[int(m.group(1))])
        m = re.fullmatch(r"/api/v1/ticket_articles/by_ticket/(\d+)", path)
        if method == "GET" and m:
            t = self.tickets[int(m.group(1))]
            return 200, [self.zammad_article(t, x) for x in t["messages"]]
        if method == "POST" and path == "/api/v1/ticket_articles":
            t = self.tickets[int(data["ticket_id"])]
            msg = {"id": next(self.ids), "from": "me", "body": data["body"], "created_at": now_iso()}
            with self.lock:
                t["messages"].append(msg)
            return 201, self.zammad_article(t, msg)
        return 404, {"error": "not found"}

    # ---- Zendesk Requests API --------------------------------------------------------------------
    def zendesk_request(self, t):
        return {"id": t["id"], "subject": t["subject"], "description": t["messages"][0]["body"],
                "status": "new", "priority": t["priority"], "created_at": t["created_at"],
                "updated_at": t["created_at"]}

    def zendesk(self, method, path, query, data, raw):
        if method == "POST" and path == "/api/v2/uploads":
            return 201, {"upload": {"token": "up-%d" % next(self.ids), "attachment": {
                "file_name": query.get("filename", [""])[0], "size": len(raw)}}}
        if method == "POST" and path == "/api/v2/requests":
            request = data.get("request") or {}
            comment = request.get("comment") or {}
            if not request.get("subject") or not comment.get("body"):
                return 422, self.validation_error(path, "subject", "can't be blank")
            t = self.new_ticket(request["subject"], comment["body"], None, request.get("priority", "normal"))
            t["uploads"] = comment.get("uploads", [])
            return 201, {"request": self.zendesk_request(t)}
        if method == "GET" and path == "/api/v2/requests":
            return 200, {"requests": [self.zendesk_request(t) for t in self.tickets.values()]}
        m = re.fullmatch(r"/api/v2/requests/(\d+)(/comments)?", path)
        if m:
            t = self.tickets[int(m.group(1))]
            if method == "GET" and not m.group(2):
                return 200, {"request": self.zendesk_request(t)}
            if method == "GET":
                return 200, {"comments": [{"id": x["id"], "body": x["body"], "public": True,
                                           "author_id": 2 if x["from"] == "support" else 1,
                                           "created_at": x["created_at"]} for x in t["messages"]],
                             "users": [{"id": 1, "name": "Иван", "agent": False},
                                       {"id": 2, "name": "Поддержка", "agent": True}]}
            if method == "PUT":
                msg = {"id": next(self.ids), "from": "me", "body": data["request"]["comment"]["body"],
                       "created_at": now_iso()}
                with self.lock:
                    t["messages"].append(msg)
                return 200, {"request": self.zendesk_request(t)}
        m = re.fullmatch(r"/api/v2/tickets/(\d+)/satisfaction_rating", path)
        if method == "POST" and m:
            t = self.tickets[int(m.group(1))]
            t["rating"] = data["satisfaction_rating"]
            return 200, {"satisfaction_rating": dict(t["rating"], id=next(self.ids))}
        return 404, {"error": "InvalidEndpoint", "description": "Not found"}
