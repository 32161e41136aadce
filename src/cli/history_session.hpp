/** @file  @brief Opening the query log from a command, and the output helpers history commands share. */
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "cli/context.hpp"
#include "spravka/history.hpp"
#include "spravka/store.hpp"

namespace spravka::cli {

/// An open store and the History over it. History keeps a reference to the store, so the pair lives
/// behind one pointer and never moves.
struct HistorySession {
    explicit HistorySession(Store opened);
    Store store;
    History history;
};

/// The system clock in unix seconds: the one place the CLI reads it for the history.
int64_t unix_now();

/// Opens the store under the state folder and drops what is older than `log.retention_days`, so
/// nothing expired is ever shown or exported.
[[nodiscard]] Result<std::unique_ptr<HistorySession>> open_history(Context& ctx);

/// The log settings from config, with --no-log applied. Defaults when the config cannot be read.
LogSettings log_settings(Context& ctx, bool no_log);

/// Prints "spravka: warning: ..." for failures that must not fail the command (logging after an answer).
void warn(Context& ctx, const Error& error);

/// Width for the staff reports' tables: the terminal's, else $COLUMNS (pipes, tests), else 80.
/// main's terminal.hpp has terminal_width() for answers (capped at 100, no $COLUMNS); tables use
/// the full width, so this stays separate unless that one learns $COLUMNS.
int table_width(const Context& ctx);

/// Columns a UTF-8 string takes (one per code point: spravka prints Russian and ASCII only).
std::size_t display_width(std::string_view text);

/// Cuts `text` to at most `width` columns on a code-point boundary, ending in "…" when cut.
std::string fit(std::string_view text, std::size_t width);

/// "60%" (whole percent, rounded).
std::string percent(double share);

}  // namespace spravka::cli
