/** @file  @brief What every command needs: environment, folders, config, terminal facts, output streams. */
#pragma once

#include <functional>
#include <iostream>
#include <optional>
#include <string>

#include "spravka/config.hpp"
#include "spravka/environment.hpp"
#include "spravka/error.hpp"

namespace spravka::cli {

/// Options every command shares, filled by main() before the subcommand runs.
struct GlobalOptions {
    std::string kb_dir;     ///< --kb DIR; empty when not given
    bool no_input = false;  ///< --no-input: never prompt
    bool no_color = false;  ///< --no-color
};

struct Context {
    Environment env;
    Dirs dirs;
    GlobalOptions global;
    std::optional<Config> config;  ///< loaded lazily by `load_config`
    bool stdin_tty = false;
    bool stdout_tty = false;
    bool stderr_tty = false;
    std::ostream& out = std::cout;
    std::ostream& err = std::cerr;

    /// Prompts are allowed only with a terminal on both ends and no --no-input.
    bool can_prompt() const { return stdin_tty && stdout_tty && !global.no_input; }
    /// Colour only on a terminal, never with NO_COLOR or --no-color.
    bool use_color() const { return stdout_tty && !global.no_color && !env.get("NO_COLOR"); }

    /// Loads the config once. @return the error for the caller to report.
    Result<Config*> load_config();
};

/// Prints `spravka: error: ...` and an optional `hint: ...` to stderr. @return the exit code.
int report(Context& ctx, const Error& error);

/// A command's body, chosen by the CLI11 callback and run by main() after parsing.
using Runner = std::function<int(Context&)>;

}  // namespace spravka::cli
