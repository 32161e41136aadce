"""The real binary: votes, history export/clear, retention, kb stats/gaps on a fixture log, kb new.

Run by ctest as: python3 test_history.py <spravka-binary> <tests-dir> <source-dir>.
Each test gets its own HOME and XDG folders; LC_ALL and TZ are pinned.
"""
import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

from harness import run_tests

SPRAVKA = os.path.abspath(sys.argv[1])
DAY = 86400


class Home:
    """An isolated HOME with XDG folders, and helpers to run spravka in it."""

    def __init__(self):
        self._dir = tempfile.TemporaryDirectory(prefix="spravka-cli-")
        self.path = self._dir.name
        self.env = {
            "HOME": self.path,
            "XDG_CONFIG_HOME": os.path.join(self.path, "config"),
            "XDG_STATE_HOME": os.path.join(self.path, "state"),
            "XDG_CACHE_HOME": os.path.join(self.path, "cache"),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LC_ALL": "C.UTF-8",
            "TZ": "UTC",
        }
        self.db = os.path.join(self.path, "state", "spravka", "spravka.db")

    def run(self, *args, expect=0):
        result = subprocess.run([SPRAVKA, *args], env=self.env, cwd=self.path, capture_output=True,
                                stdin=subprocess.DEVNULL, timeout=60)
        out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
        assert result.returncode == expect, f"{args}: exit {result.returncode}, expected {expect}\n{out}\n{err}"
        return out, err

    def json(self, *args):
        return json.loads(self.run(*args)[0])

    def config(self, text):
        os.makedirs(os.path.join(self.env["XDG_CONFIG_HOME"], "spravka"), exist_ok=True)
        with open(os.path.join(self.env["XDG_CONFIG_HOME"], "spravka", "config.yaml"), "w") as f:
            f.write(text)

    def store(self):
        """The store, created with its schema by the binary itself."""
        if not os.path.exists(self.db):
            self.run("history", "export", "--json")
        return sqlite3.connect(self.db)

    def close(self):
        self._dir.cleanup()


def log_rows(home, rows):
    """rows: (seconds ago, question, normalized, outcome, top_id, top_score, shown_ids)"""
    now = int(time.time())
    with home.store() as db:
        for ago, question, key, outcome, top_id, score, shown in rows:
            db.execute("INSERT INTO query_log (ts, question, normalized, role, outcome, top_id, top_score, "
                       "shown_ids, kb_version) VALUES (?, ?, ?, 'contractor', ?, ?, ?, ?, 'kb1')",
                       (now - ago, question, key, outcome, top_id, score, json.dumps(shown)))


# ---- votes -------------------------------------------------------------------------------------

def test_a_vote_is_recorded_and_exported(home):
    home.run("vote", "payouts-timing", "up")
    home.run("vote", "payouts-late", "down", "-m", "не про мой случай")
    votes = home.json("history", "export", "--json")["votes"]
    assert [(v["article_id"], v["vote"], v["reason"]) for v in votes] == [
        ("payouts-timing", "up", None), ("payouts-late", "down", "не про мой случай")], votes


def test_a_vote_reason_is_masked_before_writing(home):
    cases = [("карта 4276 3800 1234 5671", "4276 3800", "[карта •••• 5671]"),
             ("паспорт 4510 123456", "4510 123456", "[паспорт]"),
             ("звоните +7 912 345-67-89", "345-67-89", "[телефон]"),
             ("пишите ivan@mail.ru", "ivan@mail.ru", "[почта]")]
    for reason, _, _ in cases:
        home.run("vote", "payouts-late", "down", "-m", reason)
    reasons = [v["reason"] for v in home.json("history", "export", "--json")["votes"]]
    raw = open(home.db, "rb").read() + (open(home.db + "-wal", "rb").read() if os.path.exists(home.db + "-wal") else b"")
    for (reason, secret, placeholder), stored in zip(cases, reasons):
        assert placeholder in stored and secret not in stored, (reason, stored)
        assert secret.encode() not in raw, f"{secret} reached the store file"


def test_a_vote_needs_an_article_id_and_up_or_down(home):
    home.run("vote", "Not_An_Id", "up", expect=2)
    home.run("vote", "payouts-timing", "sideways", expect=2)
    home.run("vote", "payouts-timing", expect=2)
    assert home.json("history", "export", "--json")["votes"] == []


def test_vote_json_carries_the_schema_version(home):
    out = home.json("vote", "payouts-timing", "up", "--json")
    assert out == {"schema_version": 1, "id": 1, "article_id": "payouts-timing", "vote": "up"}, out


# ---- export and clear --------------------------------------------------------------------------

def test_export_json_follows_the_documented_schema(home):
    log_rows(home, [(60, "когда придут деньги", "бабк дойдут", "answered", "payouts-timing", 0.8,
                     ["payouts-timing", "payouts-late"])])
    home.run("vote", "payouts-timing", "up")
    doc = home.json("history", "export", "--json")
    assert list(doc) == ["schema_version", "kind", "exported_at", "since", "queries", "votes"], list(doc)
    assert doc["schema_version"] == 1 and doc["kind"] == "spravka-history"
    query = doc["queries"][0]
    assert list(query) == ["id", "time", "question", "normalized", "role", "outcome", "top_id", "top_score",
                           "shown_ids", "kb_version"], list(query)
    assert query["shown_ids"] == ["payouts-timing", "payouts-late"] and query["outcome"] == "answered"
    assert query["time"].endswith("Z") and len(query["time"]) == 20
    assert list(doc["votes"][0]) == ["id", "time", "article_id", "vote", "reason", "query_id"]


def test_export_csv_opens_cleanly_with_quotes_commas_newlines_and_utf8(home):
    tricky = 'не то, "совсем" не то\nвторая строка'
    log_rows(home, [(60, "деньги, \"срочно\"", "деньг срочн", "no_answer", None, None, [])])
    home.run("vote", "payouts-timing", "down", "-m", tricky)
    raw = subprocess.run([SPRAVKA, "history", "export", "--csv"], env=home.env, capture_output=True).stdout
    text = raw.decode("utf-8")  # strict: fails on invalid UTF-8
    assert text.endswith("\r\n"), "RFC 4180 records end with CRLF"
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[0]["record"] == "query" and rows[0]["question"] == 'деньги, "срочно"', rows[0]
    assert rows[0]["top_id"] == "" and rows[0]["outcome"] == "no_answer"
    assert rows[1]["record"] == "vote" and rows[1]["reason"] == tricky and rows[1]["vote"] == "down", rows[1]
    header = text.split("\r\n", 1)[0]
    assert header == ("record,id,time,question,normalized,role,outcome,top_id,top_score,shown_ids,kb_version,"
                      "article_id,vote,reason,query_id"), header


def test_export_since_leaves_out_older_questions(home):
    log_rows(home, [(10 * DAY, "старый вопрос", "стар", "answered", None, None, []),
                    (60, "новый вопрос", "новый", "answered", None, None, [])])
    doc = home.json("history", "export", "--since", "7d", "--json")
    assert [q["question"] for q in doc["queries"]] == ["новый вопрос"]
    home.run("history", "export", "--since", "вчера", "--json", expect=2)
    home.run("history", "export", expect=2)  # a format is required


def test_history_clear_needs_confirmation_without_a_terminal(home):
    log_rows(home, [(60, "вопрос", "вопро", "answered", None, None, [])])
    home.run("vote", "payouts-timing", "up")
    home.run("history", "clear", expect=2)
    assert len(home.json("history", "export", "--json")["queries"]) == 1
    out, _ = home.run("history", "clear", "--yes")
    assert "2" in out, out
    doc = home.json("history", "export", "--json")
    assert doc["queries"] == [] and doc["votes"] == []


def test_retention_drops_what_is_older_than_the_configured_days(home):
    home.config("log:\n  retention_days: 30\n")
    log_rows(home, [(40 * DAY, "сорок дней назад", "сорок", "answered", None, None, []),
                    (20 * DAY, "двадцать дней назад", "двадц", "answered", None, None, [])])
    questions = [q["question"] for q in home.json("history", "export", "--json")["queries"]]
    assert questions == ["двадцать дней назад"], questions


def test_retention_defaults_to_90_days(home):
    log_rows(home, [(91 * DAY, "91 день назад", "день", "answered", None, None, []),
                    (89 * DAY, "89 дней назад", "дней", "answered", None, None, [])])
    questions = [q["question"] for q in home.json("history", "export", "--json")["queries"]]
    assert questions == ["89 дней назад"], questions


# ---- kb stats and kb gaps ----------------------------------------------------------------------

# The normalized keys are what `ask` stores for these questions with the bundled kb today
# (Searcher::normalized_key: each concept named by the smallest member of its synonym group).
FIXTURE = [
    (3 * DAY, "когда придут деньги", "бабк дойдут", "answered", "payouts-timing", 0.9,
     ["payouts-timing", "payouts-late"]),
    (3 * DAY, "деньги когда придут", "бабк дойдут", "answered", "payouts-timing", 0.9, ["payouts-timing"]),
    (3 * DAY, "как платить налог", "ифнс плат", "answered", "tax-pay", 0.7, ["tax-pay"]),
    (3 * DAY, "деньги опаздывают", "бабк долг", "escalated", "payouts-late", 0.6, ["payouts-late"]),
    (2 * DAY, "деньги не пришли на карту", "бабк дойдут карт", "no_answer", "payouts-timing", 0.31,
     ["payouts-timing"]),
    (2 * DAY, "когда придут деньги", "бабк дойдут", "no_answer", "payouts-timing", 0.33, []),
    (DAY, "хочу поговорить с человеком", "поговор человек", "handoff", None, None, []),
    (40 * DAY, "старый вопрос", "стар", "answered", "tax-pay", 0.7, ["tax-pay"]),
]


def fill_fixture(home):
    log_rows(home, FIXTURE)
    home.run("vote", "payouts-timing", "up")
    home.run("vote", "payouts-timing", "down")
    home.run("vote", "payouts-late", "down")
    now = int(time.time())
    with home.store() as db:
        for n, rating in enumerate(["отлично", "плохо"]):
            db.execute("INSERT INTO tickets (idempotency_key, state, subject, payload, created_at, updated_at, "
                       "rating) VALUES (?, 'sent', 'тема', '{}', ?, ?, ?)", (f"k{n}", now - DAY, now - DAY, rating))


def test_kb_stats_json_gives_exact_figures_on_the_fixture_log(home):
    fill_fixture(home)
    doc = home.json("kb", "stats", "--since", "30d", "--json")
    assert doc["schema_version"] == 1
    s = doc["summary"]
    assert (s["questions"], s["answered"], s["no_answer"], s["handoff"], s["escalated"]) == (7, 3, 2, 1, 1), s
    assert abs(s["answered_share"] - 3 / 7) < 1e-9
    assert (s["votes_up"], s["votes_down"], s["ratings"], s["ratings_bad"]) == (1, 2, 2, 1), s
    assert abs(s["bad_share"] - 3 / 5) < 1e-9  # 2 down votes + 1 «плохо» of 3 votes + 2 ratings
    assert doc["top_questions"][0]["key"] == "бабк дойдут" and doc["top_questions"][0]["count"] == 3
    articles = {a["id"]: a for a in doc["articles"]}
    assert articles["payouts-timing"] == {"id": "payouts-timing", "shown": 3, "up": 1, "down": 1,
                                          "helpful_share": 0.5, "escalated": 0}, articles["payouts-timing"]
    assert articles["payouts-late"]["escalated"] == 1 and articles["payouts-late"]["shown"] == 2
    assert articles["tax-pay"]["shown"] == 1 and articles["tax-pay"]["helpful_share"] is None
    assert doc["articles"][0]["id"] == "payouts-late"  # least helpful first


def test_kb_stats_text_starts_with_the_figures_a_team_lead_reads_first(home):
    fill_fixture(home)
    out, _ = home.run("kb", "stats", "--since", "30d")
    lines = out.splitlines()
    assert lines[0].startswith("Вопросов: 7"), lines[0]
    assert lines[1].startswith("Отвечено без человека: 43%"), lines[1]
    assert lines[2].startswith("Доля «Плохо»: 60%"), lines[2]
    assert "пробелы" in lines[4], lines[4]
    assert lines[5].lstrip().startswith("1.   2×") and "(+1)" in lines[5] and "→ payouts-" in lines[5], lines[5]
    width = int(home.env.get("COLUMNS", "80"))
    assert all(len(line) <= width for line in lines), [line for line in lines if len(line) > width]


def test_kb_stats_text_fits_a_narrow_terminal(home):
    fill_fixture(home)
    home.env["COLUMNS"] = "50"
    out, _ = home.run("kb", "stats")
    lines = out.splitlines()
    assert [line for line in lines if len(line) > 50] == []
    assert any(line.startswith("payouts-timing") for line in lines), lines


def test_kb_stats_csv_is_one_figure_per_row(home):
    fill_fixture(home)
    text = home.run("kb", "stats", "--since", "30d", "--csv")[0]
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    figures = {(r["section"], r["item"], r["metric"]): r["value"] for r in rows}
    assert figures[("summary", "", "questions")] == "7"
    assert figures[("summary", "", "bad_share")] == "0.6000"
    assert figures[("article", "payouts-timing", "helpful_share")] == "0.5000"
    gap_counts = sorted(value for (section, _, metric), value in figures.items()
                        if section == "gap" and metric == "count")
    assert gap_counts == ["1", "2"], gap_counts


def test_kb_gaps_groups_similar_questions_most_frequent_first(home):
    fill_fixture(home)
    doc = home.json("kb", "gaps", "--json")
    assert doc["schema_version"] == 1
    gaps = doc["gaps"]
    assert len(gaps) == 2, gaps
    money = gaps[0]
    assert money["number"] == 1 and money["count"] == 2
    assert sorted(q["text"] for q in money["questions"]) == ["деньги не пришли на карту", "когда придут деньги"]
    # The nearest article comes from today's index (the source kb), not from the log.
    # Either payouts article fits the group (timing for «когда придут», late for «не пришли»).
    assert money["nearest"]["id"] in ("payouts-timing", "payouts-late") and money["nearest"]["score"] > 0.5, \
        money["nearest"]
    assert gaps[1]["handoff"] == 1
    out, _ = home.run("kb", "gaps")
    assert out.splitlines()[0].lstrip().startswith("1.") and "kb new --from-gap" in out


# ---- kb new ------------------------------------------------------------------------------------

def front_matter(path):
    text = open(path, encoding="utf-8").read()
    assert text.startswith("---\n")
    head = text[4:text.index("\n---\n", 4)]
    return text, head.splitlines()


def test_kb_new_scaffolds_a_draft_with_valid_front_matter(home):
    with open(os.path.join(home.path, ".gitconfig"), "w") as f:
        f.write("[user]\n\tname = Анна Петрова\n")
    kb = os.path.join(home.path, "kb")
    out, _ = home.run("--kb", kb, "kb", "new", "payouts-card-delay")
    path = os.path.join(kb, "payouts", "card-delay.md")
    assert path in out, out
    text, lines = front_matter(path)
    today = time.strftime("%Y-%m-%d", time.gmtime())
    for expected in ["id: payouts-card-delay", "status: draft", f"updated: {today}", "author: Анна Петрова"]:
        assert expected in lines, (expected, lines)
    for field in ["title:", "audience:", "tags:", "questions:", "review_by:", "sources:"]:
        assert any(line.startswith(field) for line in lines), field
    assert sum(1 for line in lines if line.startswith("  - ")) >= 4
    assert "## Если не помогло" in text
    home.run("--kb", kb, "kb", "new", "payouts-card-delay", expect=2)  # never overwrites
    assert open(path, encoding="utf-8").read() == text


def test_kb_new_from_a_gap_takes_the_gap_questions(home):
    fill_fixture(home)
    kb = os.path.join(home.path, "kb")
    home.run("--kb", kb, "kb", "new", "--from-gap", "1")
    _, lines = front_matter(os.path.join(kb, "payouts", "gap-1.md"))
    assert "id: payouts-gap-1" in lines, lines
    assert "  - когда придут деньги" in lines and "  - деньги не пришли на карту" in lines, lines
    home.run("--kb", kb, "kb", "new", "--from-gap", "9", expect=2)


def test_kb_new_refuses_bad_slugs(home):
    kb = os.path.join(home.path, "kb")
    for slug in ["Payouts-X", "nosection", "../etc-x"]:
        home.run("--kb", kb, "kb", "new", slug, expect=2)
    assert not os.path.exists(kb) or os.listdir(kb) == []


if __name__ == "__main__":
    sys.exit(run_tests(globals(), Home))
