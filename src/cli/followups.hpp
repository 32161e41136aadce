/** @file  @brief What `ask` does after answering: log, vote, ticket. Implemented by the history and
 *         ticket command files; cmd_ask.cpp only calls these. */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/context.hpp"
#include "spravka/search.hpp"

namespace spravka::cli {

/// Everything a ticket opened from `ask` carries, so nobody explains twice.
struct AskTicketContext {
    std::string question;  ///< as typed (masked later by the ticket code)
    Role role = Role::Any;
    AskStatus status = AskStatus::NoAnswer;
    std::vector<std::string> shown_ids;              ///< articles already shown, best first
    std::vector<std::pair<std::string, int>> votes;  ///< (article id, +1 / -1) given in this session
    std::string kb_version;
    std::string detail;  ///< -m text or the sentence typed at the prompt
};

/// What happened to the ticket, for text and JSON output.
struct TicketOutcome {
    int64_t local_id = 0;
    std::string remote_id;  ///< empty when not delivered yet
    std::string state;      ///< "sent" | "queued" | "draft"
    std::string message;    ///< one line for the person: number and when to expect a reply, or why queued
    int exit_code = 0;      ///< kOk when sent, kQueued when in the outbox, kAuth, kRejected, kLocalData
};

// ---- history (src/cli/cmd_history.cpp and friends) -------------------------------------------
/// Logs one ask outcome to the private query log (masked), unless logging is off by --no-log or
/// config. @return the log row id, or 0 when not logged. Never fails the ask: errors go to stderr.
int64_t log_ask(Context& ctx, const AskResult& result, bool no_log);
/// Records a vote on an article shown by `ask` (query_id may be 0). Marks the query escalated when
/// a ticket follows.
void record_ask_vote(Context& ctx, const std::string& article_id, int vote, int64_t query_id);
void mark_escalated(Context& ctx, int64_t query_id);

// ---- tickets (src/cli/cmd_ticket.cpp and friends) --------------------------------------------
/// Opens a ticket from `ask`. With `interactive`, asks only what is missing (role once, remembered in
/// config; an optional sentence of detail), shows what will be sent and asks to confirm; returns
/// nullopt when the person declines. Without it, sends straight away.
std::optional<TicketOutcome> open_ticket_from_ask(Context& ctx, AskTicketContext ask, bool interactive);

/// Sends anything waiting in the outbox, quietly, at start-up of interactive commands (best effort,
/// short timeout, never prompts, never fails the command).
void sync_outbox_quietly(Context& ctx);

}  // namespace spravka::cli
