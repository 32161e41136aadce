/** @file  @brief What the ticket commands share: opening the service, prompts, and printing outcomes. */
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "cli/context.hpp"
#include "cli/followups.hpp"
#include "spravka/tickets.hpp"

namespace spravka::cli {

/// The ticket service for this run. @return the error for `report` (store or config problems).
Result<TicketService> open_service(Context& ctx, const TicketServiceOptions& options = {});

/// Asks one question on the terminal. @return the trimmed answer, or nullopt at end of input.
std::optional<std::string> prompt_line(Context& ctx, const std::string& question);
/// «[Д/н]» questions: Enter means yes. nullopt at end of input counts as no.
bool prompt_yes(Context& ctx, const std::string& question);
/// Asks «исполнитель или компания» and remembers the answer in the config. Empty when not answered.
std::string prompt_role(Context& ctx);

/// The role to put on a ticket: the flag, else the config, else asked once on a terminal.
std::string resolve_role(Context& ctx, const std::string& flag);

/// Warns on stderr, in Russian, about every kind of personal data masked.
void warn_masked(Context& ctx, const std::vector<PersonalData>& masked);

/// The outcome in the shape `ask` uses, with one line for the person.
TicketOutcome outcome_of(const Delivery& delivery, const char* action);

/// One ticket as JSON (docs/tickets-json.md).
nlohmann::json ticket_json(const TicketSummary& ticket);
nlohmann::json error_json(const std::optional<Error>& error);
/// Prints `doc` with "schema_version": 1 added, never throwing on invalid UTF-8.
void print_json(Context& ctx, nlohmann::json doc);

/// Prints the result of open/reply/rate (text or JSON) and reports a delivery error.
/// @return the exit code: 0 sent, 5 queued, 4 auth, 7 refused.
int print_delivery(Context& ctx, const Delivery& delivery, bool json, const char* action);

/// "12.05.2025 14:30" in local time.
std::string local_time(int64_t unix_seconds);
/// "5 мин", "3 ч", "2 дн".
std::string duration_text(int64_t seconds);

}  // namespace spravka::cli
