/** @file  @brief Opens the local store. */
#include "spravka/store.hpp"

#include "state/db.hpp"

namespace spravka {

Store::Store(std::unique_ptr<detail::Db> db) : db_(std::move(db)) {}
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;
Store::~Store() = default;

Result<Store> Store::open(const std::filesystem::path& file)
{
    auto db = detail::Db::open(file);
    if (!db) return tl::unexpected(db.error());
    return Store(std::move(*db));
}

}  // namespace spravka
