/** @file  @brief Counting the distinct wordings of a question group (internal). */
#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "spravka/history.hpp"

namespace spravka::detail {

/// Distinct wordings with their counts, most frequent first; ties stay alphabetical (the map's order),
/// so output is stable from run to run.
inline std::vector<QuestionCount> most_frequent_first(const std::map<std::string, int64_t>& counts)
{
    std::vector<QuestionCount> out;
    for (const auto& [text, count] : counts) out.push_back({text, count});
    std::stable_sort(out.begin(), out.end(),
                     [](const QuestionCount& a, const QuestionCount& b) { return a.count > b.count; });
    return out;
}

}  // namespace spravka::detail
