/** @file  @brief SQLite connection, statements and schema migrations by PRAGMA user_version. */
#include "state/db.hpp"

#include <array>

namespace spravka::detail {

namespace {

// Each entry moves the schema from version i to i+1. Append only: never edit a shipped step.
// Step 1 is the whole first schema: the query log, votes, tickets with their messages, and the outbox.
constexpr std::array<const char*, 2> kMigrations = {
    R"sql(
CREATE TABLE query_log (
    id          INTEGER PRIMARY KEY,
    ts          INTEGER NOT NULL,            -- unix seconds
    question    TEXT NOT NULL,               -- masked before writing
    normalized  TEXT NOT NULL,               -- stemmed content words, sorted: the grouping key
    role        TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL,               -- answered | no_answer | handoff | escalated
    top_id      TEXT,
    top_score   REAL,
    shown_ids   TEXT NOT NULL DEFAULT '[]',  -- JSON array of article ids shown
    kb_version  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX query_log_ts ON query_log(ts);

CREATE TABLE votes (
    id          INTEGER PRIMARY KEY,
    ts          INTEGER NOT NULL,
    article_id  TEXT NOT NULL,
    vote        INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    reason      TEXT,
    query_id    INTEGER REFERENCES query_log(id) ON DELETE SET NULL
);
CREATE INDEX votes_article ON votes(article_id);

CREATE TABLE tickets (
    id               INTEGER PRIMARY KEY,    -- local number shown to the person
    idempotency_key  TEXT NOT NULL UNIQUE,
    backend          TEXT NOT NULL DEFAULT '',
    remote_id        TEXT,
    state            TEXT NOT NULL,          -- outbox | sent | draft
    status           TEXT NOT NULL DEFAULT 'new',  -- the service's status once known
    subject          TEXT NOT NULL,
    payload          TEXT NOT NULL,          -- JSON of the ticket as it will be sent
    last_error       TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    first_response_at INTEGER,
    rating           TEXT,
    rating_comment   TEXT
);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    remote_id   TEXT,
    author      TEXT NOT NULL,               -- me | support
    body        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    state       TEXT NOT NULL DEFAULT 'sent' -- outbox | sent
);
CREATE INDEX messages_ticket ON messages(ticket_id);

CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    kind             TEXT NOT NULL,          -- create_ticket | add_message | rate
    ticket_id        INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
    idempotency_key  TEXT NOT NULL UNIQUE,
    body             TEXT NOT NULL,          -- JSON
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    created_at       INTEGER NOT NULL
);
)sql",
    // Step 2 (tickets): the service's own ticket number, when to expect a reply, the role and urgency
    // shown in `ticket list`, and the outbox key of a queued reply so sync can mark it sent.
    R"sql(
ALTER TABLE tickets ADD COLUMN number TEXT;
ALTER TABLE tickets ADD COLUMN reply_due_at INTEGER;
ALTER TABLE tickets ADD COLUMN role TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
ALTER TABLE messages ADD COLUMN idempotency_key TEXT;
CREATE INDEX outbox_ticket ON outbox(ticket_id);
)sql",
};

}  // namespace

Stmt& Stmt::bind(int index, std::string_view text)
{
    sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}
Stmt& Stmt::bind(int index, int64_t value)
{
    sqlite3_bind_int64(stmt_.get(), index, value);
    return *this;
}
Stmt& Stmt::bind(int index, double value)
{
    sqlite3_bind_double(stmt_.get(), index, value);
    return *this;
}
Stmt& Stmt::bind_null(int index)
{
    sqlite3_bind_null(stmt_.get(), index);
    return *this;
}

Result<bool> Stmt::step()
{
    int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    Error err{(rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED ? Code::Locked : Code::StateError,
              std::string("local store: ") + sqlite3_errmsg(db_), ""};
    if ((rc & 0xff) == SQLITE_FULL) err.hint = "the disk is full: free some space and try again";
    if (err.code == Code::Locked) err.hint = "another spravka process is using the store; try again";
    return tl::unexpected(err);
}

Result<void> Stmt::run()
{
    for (;;) {
        auto more = step();
        if (!more) return tl::unexpected(more.error());
        if (!*more) break;
    }
    reset();
    return {};
}

void Stmt::reset()
{
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
}

std::string Stmt::text(int column) const
{
    const auto* p = sqlite3_column_text(stmt_.get(), column);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column)))
             : std::string();
}
std::optional<std::string> Stmt::text_or_null(int column) const
{
    if (is_null(column)) return std::nullopt;
    return text(column);
}
int64_t Stmt::integer(int column) const
{
    return sqlite3_column_int64(stmt_.get(), column);
}
double Stmt::real(int column) const
{
    return sqlite3_column_double(stmt_.get(), column);
}
bool Stmt::is_null(int column) const
{
    return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

Error Db::error(int rc, std::string_view what) const
{
    Error err{Code::StateError,
              std::string(what) + ": " + (db_ ? sqlite3_errmsg(db_.get()) : sqlite3_errstr(rc)) + " (" +
                  file_.string() + ")",
              ""};
    switch (rc & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            err.code = Code::Locked;
            err.hint = "another spravka process is using the store; try again in a moment";
            break;
        case SQLITE_FULL: err.hint = "the disk is full: free some space and try again"; break;
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            err.hint = "the store is damaged; move it aside and spravka will start a new one";
            break;
        case SQLITE_CANTOPEN:
        case SQLITE_READONLY: err.hint = "check that the folder exists and is writable"; break;
        default: break;
    }
    return err;
}

Result<std::unique_ptr<Db>> Db::open(const std::filesystem::path& file)
{
    std::error_code ec;
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
    std::unique_ptr<Db> db(new Db());
    db->file_ = file;
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(file.c_str(), &raw,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    db->db_.reset(raw);
    if (rc != SQLITE_OK) return tl::unexpected(db->error(rc, "cannot open the local store"));
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 3000);
    // WAL lets `ask` log while `ticket sync` writes; foreign keys keep messages tied to tickets.
    for (const char* pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"})
        if (auto ok = db->exec(pragma); !ok) return tl::unexpected(ok.error());
    if (auto ok = db->migrate(); !ok) return tl::unexpected(ok.error());
    return db;
}

Result<Stmt> Db::prepare(std::string_view sql)
{
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) return tl::unexpected(error(rc, "local store query failed"));
    return Stmt(db_.get(), stmt);
}

Result<void> Db::exec(std::string_view sql)
{
    char* message = nullptr;
    std::string owned(sql);
    int rc = sqlite3_exec(db_.get(), owned.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc != SQLITE_OK) return tl::unexpected(error(rc, "local store"));
    return {};
}

Result<void> Db::migrate()
{
    auto version_stmt = prepare("PRAGMA user_version");
    if (!version_stmt) return tl::unexpected(version_stmt.error());
    auto row = version_stmt->step();
    if (!row) return tl::unexpected(row.error());
    const auto current = static_cast<size_t>(version_stmt->integer(0));
    if (current > kMigrations.size())
        return fail(Code::StateError,
                    "the local store " + file_.string() + " was written by a newer spravka (schema " +
                        std::to_string(current) + ")",
                    "upgrade spravka, or move the file aside to start a new store");
    for (size_t step = current; step < kMigrations.size(); ++step) {
        auto ok = transaction([&]() -> Result<void> {
            if (auto r = exec(kMigrations[step]); !r) return r;
            return exec("PRAGMA user_version = " + std::to_string(step + 1));
        });
        if (!ok) return ok;
    }
    return {};
}

}  // namespace spravka::detail
