/** @file  @brief FTS5 baseline over the same articles, for `kb eval`'s comparison column. */
#include "eval/baseline_fts5.hpp"

#include <sqlite3.h>

#include "search/analyzer.hpp"

namespace spravka::eval {

struct Fts5Baseline::Impl {
    sqlite3* db = nullptr;
    ~Impl()
    {
        if (db) sqlite3_close(db);
    }
};

Fts5Baseline::Fts5Baseline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Fts5Baseline::Fts5Baseline(Fts5Baseline&&) noexcept = default;
Fts5Baseline::~Fts5Baseline() = default;

Result<Fts5Baseline> Fts5Baseline::build(const KnowledgeBase& kb)
{
    auto impl = std::make_unique<Impl>();
    if (sqlite3_open(":memory:", &impl->db) != SQLITE_OK)
        return fail(Code::Internal, "sqlite: cannot open memory db");
    char* err = nullptr;
    if (sqlite3_exec(
            impl->db,
            "CREATE VIRTUAL TABLE a USING fts5(id UNINDEXED, title, questions, body, tokenize='unicode61')",
            nullptr, nullptr, &err) != SQLITE_OK) {
        std::string message = err ? err : "unknown";
        sqlite3_free(err);
        return fail(Code::Internal, "sqlite fts5: " + message);
    }
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(impl->db, "INSERT INTO a VALUES (?,?,?,?)", -1, &insert, nullptr);
    for (const auto& article : kb.articles) {
        if (article.status != ArticleStatus::Published) continue;
        std::string questions;
        for (const auto& q : article.questions) questions += q + "\n";
        sqlite3_bind_text(insert, 1, article.id.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 2, article.title.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 3, questions.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 4, article.plain_text.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_step(insert);
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    return Fts5Baseline(std::move(impl));
}

std::vector<std::string> Fts5Baseline::rank(const std::string& question, std::size_t limit) const
{
    // Every word as a quoted OR term: the plainest BM25 query FTS5 can run.
    std::string match;
    for (const auto& word : analysis::words(analysis::fold(question))) {
        std::string quoted = "\"";
        for (char c : word) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        match += (match.empty() ? "" : " OR ") + quoted + "\"";
    }
    std::vector<std::string> ids;
    if (match.empty()) return ids;
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(impl_->db,
                       "SELECT id FROM a WHERE a MATCH ? ORDER BY bm25(a, 0, 5.0, 3.0, 1.0) LIMIT ?", -1,
                       &stmt, nullptr);
    sqlite3_bind_text(stmt, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(stmt, 2, static_cast<int>(limit));
    while (sqlite3_step(stmt) == SQLITE_ROW)
        ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    return ids;
}

}  // namespace spravka::eval
