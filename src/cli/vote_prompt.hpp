/** @file  @brief «Ответ помог? [д/н]»: one keystroke after `ask` shows an answer on a terminal. */
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cli/context.hpp"

namespace spravka::cli {

/// The vote a key means: д/y → +1, н/n → -1 (either case), anything else (Enter, Esc, Ctrl-C,
/// another letter) → nullopt, a skip. `key` is one UTF-8 character. Keys are not mapped across
/// keyboard layouts: «н» sits on the Latin "y", which would turn a "yes" into a "no".
inline std::optional<int> vote_from_key(std::string_view key)
{
    for (std::string_view yes : {"д", "Д", "y", "Y"})
        if (key == yes) return 1;
    for (std::string_view no : {"н", "Н", "n", "N"})
        if (key == no) return -1;
    return std::nullopt;
}

/// Prints "[д/н] ", reads one key without waiting for Enter and echoes the answer.
/// @return +1 (да), -1 (нет) or nullopt (skipped). The caller checks ctx.can_prompt() first.
std::optional<int> ask_yes_no(Context& ctx);

/// Asks «Ответ помог? [д/н]» and reads one key without waiting for Enter, then records the vote
/// for `article_id` (tied to `query_id`, which may be 0). Never prompts unless ctx.can_prompt().
/// @return +1 or -1 when the person voted, nullopt when they skipped or no prompt was possible.
///         On -1 the caller (`ask`) offers a ticket at once.
std::optional<int> prompt_vote(Context& ctx, const std::string& article_id, int64_t query_id);

}  // namespace spravka::cli
