/** @file  @brief The local SQLite store under $XDG_STATE_HOME/spravka: query log, votes, tickets, outbox. */
#pragma once

#include <filesystem>
#include <memory>

#include "spravka/environment.hpp"
#include "spravka/error.hpp"

namespace spravka {

namespace detail {
class Db;
}

/// An open store. Feature modules (history, tickets) take a Store& and keep their SQL to themselves.
class Store {
public:
    /// Opens or creates `file`, in WAL mode with a 3 s busy timeout, and migrates it.
    /// @return Code::StateError (damaged, newer schema), Code::Locked, or Code::Io.
    [[nodiscard]] static Result<Store> open(const std::filesystem::path& file);
    /// The default location: Dirs::state / "spravka.db".
    static std::filesystem::path default_file(const Dirs& dirs) { return dirs.state / "spravka.db"; }

    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;
    ~Store();

    /// For the library's own modules only (src/state, src/support); not part of the public contract.
    detail::Db& db() { return *db_; }

private:
    explicit Store(std::unique_ptr<detail::Db> db);
    std::unique_ptr<detail::Db> db_;
};

}  // namespace spravka
