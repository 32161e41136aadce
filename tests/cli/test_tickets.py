"""End to end: the real binary against a loopback support service, for each backend.

Usage (ctest): python3 test_tickets.py <spravka-binary> <tests-dir> <source-dir>
Asserts issue 5's list: one ticket per idempotency key after retries and after a kill mid-send,
nothing typed is lost, exit codes match the table, and the token never appears in any output.
"""

import json
import os
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time

BINARY, TESTS_DIR = sys.argv[1], sys.argv[2]
sys.path.insert(0, TESTS_DIR)
from support_server import SupportServer  # noqa: E402

TOKEN = "tok-SECRET-7f3a9c1e5b"
EMAIL = "ivan@example.ru"
ALL_OUTPUT = []  # every stdout and stderr, checked for the token at the end
FAILURES = []


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("FAIL:", what)


class Home:
    """An isolated HOME with XDG dirs, pinned locale and time zone, CI-safe retry delays."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="spravka-tickets-")
        self.env = {
            "HOME": self.dir, "XDG_CONFIG_HOME": self.dir + "/config", "XDG_STATE_HOME": self.dir + "/state",
            "XDG_CACHE_HOME": self.dir + "/cache", "LC_ALL": "C.UTF-8", "TZ": "UTC", "PATH": os.environ["PATH"],
            "SPRAVKA_TEST_RETRY_DELAY_MS": "20", "SPRAVKA_TEST_HTTP_TIMEOUT_MS": "800", "NO_COLOR": "1",
        }

    def run(self, *args, stdin=None, env=None, expect=None, what=""):
        full_env = dict(self.env, **(env or {}))
        p = subprocess.run([BINARY, *args], input=stdin, capture_output=True, text=True, env=full_env, timeout=60)
        ALL_OUTPUT.append(p.stdout + p.stderr)
        if expect is not None:
            check(p.returncode == expect, "%s: exit %d, expected %d\nstdout: %s\nstderr: %s"
                  % (what or " ".join(args), p.returncode, expect, p.stdout, p.stderr))
        return p

    def configure(self, backend, url):
        self.run("config", "set", "support.backend", backend, expect=0)
        self.run("config", "set", "support.url", url, expect=0)
        self.run("config", "set", "support.email", EMAIL, expect=0)
        self.run("config", "set", "support.name", "Иван", expect=0)

    def login(self):
        self.run("auth", "login", "--with-token", stdin=TOKEN + "\n", expect=0)

    def db(self):
        return sqlite3.connect(self.dir + "/state/spravka/spravka.db")


PATHS = {"spravka": ("POST", "/v1/tickets"), "zammad": ("POST", "/api/v1/tickets"),
         "zendesk": ("POST", "/api/v2/requests")}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def open_ticket(home, expect, *extra, what=""):
    return home.run("ticket", "open", "--subject", "Не пришли деньги за акт", "-m",
                    "Акт подписан 3 дня назад, денег нет", "--role", "contractor", *extra, expect=expect, what=what)


def test_backend(server, backend):
    method, path = PATHS[backend]
    server.reset()
    home = Home()
    home.configure(backend, server.url)
    home.login()
    mode = stat.S_IMODE(os.stat(home.dir + "/config/spravka/credentials").st_mode)
    check(mode == 0o600, "%s: credentials file mode %o" % (backend, mode))

    # Happy path: the ticket, its number, the context, then the conversation both ways and a rating.
    p = open_ticket(home, 0, "--json", what=backend + " open")
    doc = json.loads(p.stdout)
    check(doc["schema_version"] == 1 and doc["delivered"] is True, backend + ": open --json")
    check(len(server.tickets) == 1, backend + ": one ticket after open")
    ticket = next(iter(server.tickets.values()))
    first = ticket["messages"][0]["body"] if backend != "spravka" else ticket["payload"]["message"]
    check("Акт подписан" in first, backend + ": message delivered")
    if backend != "spravka":
        check("Ключ обращения" in first and "spravka 0.1.0" in first, backend + ": context in the article")
    else:
        check(ticket["payload"]["role"] == "contractor" and ticket["payload"]["context"]["locale"] == "C.UTF-8",
              backend + ": context fields")
    local_id = str(doc["ticket"]["id"])
    server.add_agent_reply(ticket["id"], "Проверили: выплата ушла сегодня.")
    p = home.run("ticket", "show", local_id, expect=0)
    check("выплата ушла сегодня" in p.stdout, backend + ": show has support's reply")
    p = home.run("ticket", "list", "--json", expect=0)
    listed = json.loads(p.stdout)["tickets"]
    check(len(listed) == 1 and listed[0]["first_response_seconds"] is not None, backend + ": list first response")
    home.run("ticket", "reply", local_id, "-m", "Спасибо, пришло", expect=0)
    check(any(m["body"] == "Спасибо, пришло" for m in ticket["messages"]), backend + ": reply delivered")
    home.run("ticket", "rate", local_id, "отлично", "-m", "быстро", expect=0)
    if backend == "zammad":
        check(any("Оценка обращения: отлично" in m["body"] for m in ticket["messages"]), backend + ": rating")
    else:
        check(ticket["rating"] is not None, backend + ": rating delivered")

    # 500 twice, then success: retried, one ticket.
    server.reset()
    server.inject(method, path, "500", times=2)
    open_ticket(home, 0, what=backend + " after 500s")
    check(len(server.tickets) == 1, backend + ": one ticket after 500 retries")

    # 429 with Retry-After, then success.
    server.reset()
    server.inject(method, path, "429")
    open_ticket(home, 0, what=backend + " after 429")
    check(len(server.tickets) == 1, backend + ": one ticket after 429")

    # A timeout after the service acted: the retry must not make a second ticket.
    server.reset()
    server.inject(method, path, "timeout", delay=2.0)
    open_ticket(home, 0, what=backend + " after a timeout")
    time.sleep(1.5)
    check(len(server.tickets) == 1, backend + ": one ticket after a timeout (%d)" % len(server.tickets))

    # Garbage JSON on 200 after the service acted. Our API: queued (exit 5), sync replays the key.
    # Zammad and Zendesk: the next try looks the key up first and finds the ticket at once.
    server.reset()
    server.inject(method, path, "garbage")
    p = open_ticket(home, 5 if backend == "spravka" else 0, what=backend + " garbage JSON")
    if backend == "spravka":
        check("ticket sync" in p.stdout + p.stderr, backend + ": garbage says ticket sync")
    home.run("ticket", "sync", expect=0, what=backend + " sync after garbage")
    check(len(server.tickets) == 1, backend + ": one ticket after garbage + sync (%d)" % len(server.tickets))

    # 401: exit 4 with a hint, the ticket stays queued, then goes once the service accepts.
    server.reset()
    server.inject(method, path, "401")
    p = open_ticket(home, 4, what=backend + " 401")
    check("auth login" in p.stderr, backend + ": 401 hint")
    home.run("ticket", "sync", expect=0, what=backend + " sync after 401")
    check(len(server.tickets) == 1, backend + ": one ticket after 401 + sync")

    # 422: exit 7, kept as a draft with the service's message and the person's text.
    server.reset()
    server.inject(method, path, "422")
    p = open_ticket(home, 7, "--json", what=backend + " 422")
    doc = json.loads(p.stdout)
    check(doc["ticket"]["state"] == "draft", backend + ": 422 makes a draft")
    p = home.run("ticket", "show", str(doc["ticket"]["id"]), "--offline", expect=0)
    check("Акт подписан" in p.stdout and ("тема слишком короткая" in p.stdout or "subject" in p.stdout),
          backend + ": draft keeps text and the service's message")
    check(len(server.tickets) == 0, backend + ": nothing created on 422")

    # Connection refused: queued (exit 5), nothing lost; sync after the service is back.
    server.reset()
    home.run("config", "set", "support.url", "http://127.0.0.1:%d" % free_port(), expect=0)
    p = open_ticket(home, 5, what=backend + " connection refused")
    check("ticket sync" in p.stdout, backend + ": refused says it is safe")
    home.run("config", "set", "support.url", server.url, expect=0)
    home.run("ticket", "sync", expect=0, what=backend + " sync after refused")
    check(len(server.tickets) == 1, backend + ": one ticket after refused + sync")

    # Killed mid-send: the service acted, the process died; sync must not make a second ticket.
    server.reset()
    server.inject(method, path, "hang")
    proc = subprocess.Popen([BINARY, "ticket", "open", "--subject", "Убит на отправке", "-m", "текст"],
                            env=dict(home.env, SPRAVKA_TEST_HTTP_TIMEOUT_MS="30000"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.time() + 10
    while time.time() < deadline and not server.tickets:
        time.sleep(0.05)
    proc.kill()
    out, err = proc.communicate()
    ALL_OUTPUT.append((out + err).decode("utf-8", "replace"))
    check(len(server.tickets) == 1, backend + ": the killed send reached the service")
    with home.db() as db:
        queued = db.execute("SELECT COUNT(*) FROM outbox WHERE kind = 'create_ticket'").fetchone()[0]
    check(queued == 1, backend + ": the killed ticket is still in the outbox")
    home.run("ticket", "sync", expect=0, what=backend + " sync after kill")
    check(len(server.tickets) == 1, backend + ": one ticket after kill + sync (%d)" % len(server.tickets))

    # --dry-run shows the exact request with the token hidden and sends nothing.
    server.reset()
    p = open_ticket(home, 0, "--dry-run", "--json", what=backend + " dry run")
    doc = json.loads(p.stdout)
    check(doc["request"]["url"] == server.url + path and doc["request"]["headers"]["Authorization"] == "***",
          backend + ": dry run request")
    check(len(server.log) == 0, backend + ": dry run sends nothing")

    # Urgent, callback, attachment; card and passport masked before storing and sending.
    server.reset()
    attachment = os.path.join(home.dir, "screen.txt")
    with open(attachment, "w") as f:
        f.write("скриншот")
    p = home.run("ticket", "open", "--subject", "Срочно", "-m", "карта 4276 3800 1234 5671, паспорт 4510 123456",
                 "--urgent", "--callback", "+7 912 345-67-89", "--attach", attachment, expect=0)
    check("номер карты" in p.stderr and "паспортные данные" in p.stderr, backend + ": masking warning")
    sent = b"".join(r[3] for r in server.log).decode("utf-8", "replace")
    check("4276 3800 1234 5671" not in sent and "4510 123456" not in sent, backend + ": masked before sending")
    with home.db() as db:
        stored = " ".join(r[0] for r in db.execute("SELECT payload FROM tickets"))
    check("4276 3800 1234 5671" not in stored, backend + ": masked before storing")
    ticket = next(iter(server.tickets.values()))
    check(ticket["priority"] in ("high", "3 high"), backend + ": urgent is high priority")
    if backend == "zendesk":
        check(len(ticket["uploads"]) == 1, backend + ": attachment uploaded")
    elif backend == "zammad":
        check(len(ticket["attachments"]) == 1, backend + ": attachment in the article")
    else:
        check(len(ticket["payload"]["attachments"]) == 1, backend + ": attachment in the payload")

    with home.db() as db:
        rows = db.execute("SELECT payload || COALESCE(last_error, '') FROM tickets").fetchall()
    check(all(TOKEN not in r[0] for r in rows), backend + ": token not in the database")


def test_local_rules(server):
    home = Home()
    # No backend: the ticket waits in the outbox and the tool says how to configure one.
    p = home.run("ticket", "open", "-m", "Помогите", expect=5)
    check("support.backend" in p.stderr, "no backend: says how to configure")
    home.configure("spravka", server.url)
    # A credentials file others can read is refused with the chmod to run.
    creds = home.dir + "/config/spravka/credentials"
    with open(creds, "w") as f:
        f.write(TOKEN + "\n")
    os.chmod(creds, 0o644)
    p = home.run("ticket", "sync", expect=6)
    check("chmod 600" in p.stderr and "0644" in p.stderr, "unsafe credentials refused")
    os.chmod(creds, 0o600)
    server.reset()
    home.run("ticket", "sync", expect=0, what="sync after chmod")
    check(len(server.tickets) == 1, "the ticket queued before configuration went out once")
    # No token flag exists; login without --with-token is a usage error.
    home.run("auth", "login", expect=2)
    home.run("auth", "login", "--token", "typed-on-argv", expect=2)  # there is no such flag
    p = home.run("auth", "status", expect=0)
    check("credentials" in p.stdout, "auth status names the source")
    p = home.run("config", "get", "support.url", "--json", expect=0)
    check(json.loads(p.stdout)["origin"].startswith(home.dir + "/config/spravka/config.yaml:"),
          "config get names the origin: " + p.stdout)
    # A token given by environment takes precedence; a wrong one is refused with exit 4.
    p = home.run("ticket", "open", "-m", "ещё", env={"SPRAVKA_TOKEN": "wrong-token"}, expect=4)
    check("auth login" in p.stderr, "wrong token: hint")
    # Unknown ticket and bad grade are usage errors.
    home.run("ticket", "show", "999", "--offline", expect=2)
    home.run("ticket", "rate", "1", "супер", expect=2)
    home.run("ticket", "open", "-m", "x", "--callback", "позвоните", expect=2)


def main():
    server = SupportServer(TOKEN, EMAIL).start()
    try:
        for backend in ("spravka", "zammad", "zendesk"):
            test_backend(server, backend)
        test_local_rules(server)
    finally:
        server.stop()
    leaks = [out for out in ALL_OUTPUT if TOKEN in out]
    check(not leaks, "the token never appears in any output: %r" % leaks[:1])
    print("%d runs, %d failures" % (len(ALL_OUTPUT), len(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
