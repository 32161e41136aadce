/** @file  @brief RAII wrapper over sqlite3: the only place SQLite result codes become Errors (internal). */
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "spravka/error.hpp"

namespace spravka::detail {

class Db;

/// A prepared statement. Bind by 1-based index, then step() until it returns false.
class Stmt {
public:
    Stmt(Stmt&&) noexcept = default;
    Stmt& operator=(Stmt&&) noexcept = default;

    Stmt& bind(int index, std::string_view text);
    Stmt& bind(int index, int64_t value);
    Stmt& bind(int index, double value);
    Stmt& bind_null(int index);
    // std::string would match both string_view and optional<string>: say which one it is.
    Stmt& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Stmt& bind(int index, const std::optional<std::string>& text)
    {
        return text ? bind(index, std::string_view(*text)) : bind_null(index);
    }

    /// @return true when a row is ready, false when done; Code::StateError or Code::Locked on failure.
    [[nodiscard]] Result<bool> step();
    /// Steps to completion, for statements that return no rows.
    [[nodiscard]] Result<void> run();
    void reset();

    std::string text(int column) const;
    std::optional<std::string> text_or_null(int column) const;
    int64_t integer(int column) const;
    double real(int column) const;
    bool is_null(int column) const;

private:
    friend class Db;
    struct Finalize {
        void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
    };
    Stmt(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    sqlite3* db_ = nullptr;
    std::unique_ptr<sqlite3_stmt, Finalize> stmt_;
};

/// One open database connection in WAL mode with a busy timeout.
class Db {
public:
    /// Opens (creating folders and the file if needed) and applies pending migrations.
    [[nodiscard]] static Result<std::unique_ptr<Db>> open(const std::filesystem::path& file);

    [[nodiscard]] Result<Stmt> prepare(std::string_view sql);
    [[nodiscard]] Result<void> exec(std::string_view sql);
    int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_.get()); }
    int changes() const { return sqlite3_changes(db_.get()); }

    /// Runs `body` inside BEGIN IMMEDIATE ... COMMIT, rolling back when it returns an error.
    template <class F>
    [[nodiscard]] Result<void> transaction(F&& body)
    {
        if (auto ok = exec("BEGIN IMMEDIATE"); !ok) return ok;
        Result<void> result = body();
        if (!result) {
            (void)exec("ROLLBACK");
            return result;
        }
        if (auto ok = exec("COMMIT"); !ok) {
            (void)exec("ROLLBACK");
            return ok;
        }
        return {};
    }

    /// Translates the connection's last failure into an Error. `what` says what was being done.
    Error error(int rc, std::string_view what) const;

    const std::filesystem::path& file() const { return file_; }

private:
    struct Close {
        void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
    };
    Db() = default;
    [[nodiscard]] Result<void> migrate();
    std::unique_ptr<sqlite3, Close> db_;
    std::filesystem::path file_;
};

}  // namespace spravka::detail
