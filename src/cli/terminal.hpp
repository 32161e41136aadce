/** @file  @brief Terminal facts for printers: width and colour helpers. */
#pragma once

#include <string>

#include "cli/context.hpp"

namespace spravka::cli {

/// Columns to wrap text at: the terminal's width (capped at 100), or 80 when not a terminal.
int terminal_width(const Context& ctx);

/// `text` in bold (and `code` colour) when colour is on; plain otherwise.
std::string bold(const Context& ctx, const std::string& text);
std::string dim(const Context& ctx, const std::string& text);

/// Joins argv words into one question.
std::string join_words(const std::vector<std::string>& words);

}  // namespace spravka::cli
