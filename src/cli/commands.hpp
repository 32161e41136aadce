/** @file  @brief Registration of every subcommand: each lives in its own cmd_*.cpp. */
#pragma once

#include <CLI/CLI.hpp>

#include "cli/context.hpp"

#ifndef SPRAVKA_CLI_VERSION
#define SPRAVKA_CLI_VERSION "0.1.0"
#endif

namespace spravka::cli {

/// Adds every subcommand to `app`; the chosen one stores its body in `runner`.
void register_commands(CLI::App& app, Runner& runner);

/// Runs `runner`, turning stray exceptions into exit 1 and a broken pipe into a quiet 0.
int run_guarded(Context& ctx, const Runner& runner);

// One setup function per command family; each is defined in its cmd_*.cpp.
void setup_version(CLI::App& app, Runner& runner);
void setup_ask(CLI::App& app, Runner& runner);
void setup_search(CLI::App& app, Runner& runner);
void setup_show(CLI::App& app, Runner& runner);
void setup_kb(CLI::App& app, Runner& runner);
void setup_ticket(CLI::App& app, Runner& runner);
void setup_config(CLI::App& app, Runner& runner);
void setup_auth(CLI::App& app, Runner& runner);
void setup_vote(CLI::App& app, Runner& runner);
void setup_history(CLI::App& app, Runner& runner);

}  // namespace spravka::cli
