/** @file  @brief NewTicket <-> JSON: what the outbox stores and what our own API receives (internal). */
#pragma once

#include <nlohmann/json.hpp>

#include "spravka/error.hpp"
#include "spravka/support.hpp"

namespace spravka::detail {

/// The body of `POST /v1/tickets` in docs/support-api.md; attachments are base64.
nlohmann::json ticket_to_json(const NewTicket& ticket);
/// The inverse, for outbox entries. Code::StateError when the stored JSON is not a ticket.
[[nodiscard]] Result<NewTicket> ticket_from_json(const std::string& text);

}  // namespace spravka::detail
