/** @file  @brief Build-time tool: word forms (unmunch output) -> the binary lexicon of form hashes.
 *
 * spravka corrects the spelling of a word only when it is not a Russian word at all. Loading Hunspell
 * on every `ask` costs ~175 ms, so the build expands Debian's ru_RU dictionary once (unmunch) and this
 * tool keeps a 32-bit hash of every folded form (src/search/lexicon.hpp has the format); `ask` then
 * does one binary search in a memory-mapped file. Forms, not stems: the stem of the typo «сколко» is
 * the stem of «сколок», a real word, so a stem list let that typo through uncorrected.
 *
 *   make_lexicon < forms.txt > ru-forms.lex
 */
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "search/analyzer.hpp"
#include "search/lexicon.hpp"

int main()
{
    std::ios::sync_with_stdio(false);
    std::vector<std::uint32_t> hashes;
    hashes.reserve(1 << 21);
    for (std::string line; std::getline(std::cin, line);) {
        if (line.empty()) continue;
        std::string folded = spravka::analysis::fold(line);
        auto words = spravka::analysis::words(folded);
        if (words.size() != 1) continue;  // skip abbreviations with dots and multi-word entries
        hashes.push_back(spravka::search::Lexicon::hash(words.front()));
    }
    if (hashes.empty()) return 1;
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    std::fwrite(spravka::search::Lexicon::kMagic.data(), 1, spravka::search::Lexicon::kMagic.size(), stdout);
    for (std::uint32_t h : hashes) {
        unsigned char le[4] = {static_cast<unsigned char>(h), static_cast<unsigned char>(h >> 8),
                               static_cast<unsigned char>(h >> 16), static_cast<unsigned char>(h >> 24)};
        std::fwrite(le, 1, sizeof le, stdout);
    }
    return std::fflush(stdout) == 0 ? 0 : 1;
}
