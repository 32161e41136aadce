/** @file  @brief Constructors of the three backends, for the factory in backends.cpp (internal). */
#pragma once

#include <memory>

#include "support/api_client.hpp"

namespace spravka::detail {

std::unique_ptr<SupportBackend> make_spravka_backend(const BackendSettings& settings, ApiClient client);
std::unique_ptr<SupportBackend> make_zammad_backend(const BackendSettings& settings, ApiClient client);
std::unique_ptr<SupportBackend> make_zendesk_backend(const BackendSettings& settings, ApiClient client);

/// The ticket under `field` in a create/get answer, mapped by `map`. An answer without it is
/// Code::Network: the service may have acted, so the same key is sent again later.
Result<RemoteTicket> ticket_in_answer(const Result<nlohmann::json>& answer, const char* field,
                                      RemoteTicket (*map)(const nlohmann::json&));

/// `true` when the conversation of `remote_id` already holds the person's message `body`, else
/// nullopt: how services without idempotency keys avoid posting a retried reply twice.
Result<std::optional<bool>> posted_before(SupportBackend& backend, const std::string& remote_id,
                                          const std::string& body);

/// A write at most once on a service without idempotency keys: before every try that might repeat
/// an earlier one (`may_exist`, or any retry), `find` looks for the result of that earlier try.
/// `find` returns Result<std::optional<T>>; `write` returns Result<T> and must call the ApiClient
/// with replay_safe = false.
template <class T, class Find, class Write>
Result<T> at_most_once(ApiClient& client, bool may_exist, Find find, Write write)
{
    for (int attempt = 1;; ++attempt) {
        if (may_exist || attempt > 1) {
            Result<std::optional<T>> found = find();
            if (!found) return tl::unexpected(found.error());
            if (*found) return **found;
        }
        Result<T> written = write();
        if (written || written.error().code != Code::Network || attempt >= client.max_attempts())
            return written;
        client.wait_before(attempt + 1);
    }
}

/// Percent-encodes a query parameter value.
std::string url_encode(const std::string& text);

}  // namespace spravka::detail
