/** @file  @brief UTF-8 helpers: validation, code-point iteration, display width (internal header). */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace spravka::util {

/// True when `text` is well-formed UTF-8 (no overlongs, no surrogates).
bool valid_utf8(std::string_view text);

/// Decodes the code point at `pos` and advances it. Invalid bytes decode as U+FFFD, one byte each.
char32_t next_code_point(std::string_view text, size_t& pos);

void append_utf8(std::string& out, char32_t cp);

/// Columns a string takes in a terminal: code points, skipping ANSI escape sequences.
size_t display_width(std::string_view text);

/// `piece` repeated `count` times.
std::string repeat(std::string_view piece, size_t count);

/// The first `max_chars` code points, never cutting a character in half.
std::string truncate_chars(std::string_view text, size_t max_chars);

}  // namespace spravka::util
