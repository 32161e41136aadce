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

/// True when the conversation of `remote_id` already holds the person's message `body`: how
/// services without idempotency keys avoid posting a retried reply twice.
Result<bool> already_posted(SupportBackend& backend, const std::string& remote_id, const std::string& body);

/// Percent-encodes a query parameter value.
std::string url_encode(const std::string& text);

}  // namespace spravka::detail
