/** @file  @brief Build-time tool: word forms (unmunch output) -> sorted unique Snowball stems, one per line.
 *
 * spravka corrects the spelling of a word only when it is not a Russian word at all. Loading Hunspell
 * on every `ask` costs ~175 ms, so the build expands Debian's ru_RU dictionary once (unmunch) and this
 * tool keeps the stems of every form; `ask` then does one binary search in a memory-mapped file.
 *
 *   make_lexicon < forms.txt > ru-stems.txt
 */
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "search/analyzer.hpp"

int main()
{
    std::ios::sync_with_stdio(false);
    spravka::analysis::Stemmer stem;
    std::vector<std::string> stems;
    stems.reserve(1 << 20);
    for (std::string line; std::getline(std::cin, line);) {
        if (line.empty()) continue;
        std::string folded = spravka::analysis::fold(line);
        auto words = spravka::analysis::words(folded);
        if (words.size() != 1) continue;  // skip abbreviations with dots and multi-word entries
        stems.push_back(stem(words.front()));
    }
    std::sort(stems.begin(), stems.end());
    stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
    for (const auto& s : stems) std::cout << s << '\n';
    return stems.empty() ? 1 : 0;
}
