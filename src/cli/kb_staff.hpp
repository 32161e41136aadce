/** @file  @brief `kb stats`, `kb gaps` and `kb new`: the commands support staff use to close the loop. */
#pragma once

#include <filesystem>
#include <functional>

#include <CLI/CLI.hpp>

#include "cli/context.hpp"
#include "spravka/history.hpp"

namespace spravka::cli {

/// What the staff commands take from the index, opened only when a command runs.
struct KbStaffSeams {
    /// The Searcher's normalized_key and nearest article (its top search hit and score). Default: none,
    /// and stats/gaps fall back to the key and best candidate stored when each question was logged.
    std::function<Result<QuestionLens>(Context&)> open_lens;
    /// The kb folder `kb new` writes into (resolve_kb_dir). Default: --kb, else the `kb` config key
    /// (or SPRAVKA_KB), else ./kb.
    std::function<std::filesystem::path(Context&)> kb_dir;
};

/// Adds `stats`, `gaps` and `new` to the existing `kb` subcommand.
void setup_kb_staff(CLI::App& kb, Runner& runner, KbStaffSeams seams = {});

}  // namespace spravka::cli
