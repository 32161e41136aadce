/** @file  @brief A store in a temp folder, a settable clock and a tiny stand-in for the Searcher's key (tests
 * only). */
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "spravka/history.hpp"
#include "temp_dir.hpp"

namespace spravka::test {

/// 2026-11-20T10:00:00Z
inline constexpr int64_t kNow = 1'795'168'800;
inline constexpr int64_t kDay = 86'400;

/// Lower-cases Russian and ASCII letters in UTF-8 and folds ё to е.
inline std::string lower_russian(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        if (i + 1 >= text.size()) break;
        auto next = static_cast<unsigned char>(text[i + 1]);
        ++i;
        if (c == 0xD0 && next >= 0x90 && next <= 0x9F)
            out += {'\xD0', static_cast<char>(next + 0x20)};
        else if (c == 0xD0 && next >= 0xA0 && next <= 0xAF)
            out += {'\xD1', static_cast<char>(next - 0x20)};
        else if ((c == 0xD0 && next == 0x81) || (c == 0xD1 && next == 0x91))
            out += "е";
        else
            out += {static_cast<char>(c), static_cast<char>(next)};
    }
    return out;
}

/// The fake normaliser the brief describes: lower-case, drop words under three letters and question
/// words, cut each word to a five-letter stem, sort and deduplicate. The real key comes from the Searcher.
inline std::string fake_key(std::string_view question)
{
    static const std::set<std::string> function_words = {"когда",  "как", "что", "где",
                                                         "почему", "мне", "мой", "это"};
    std::string text = lower_russian(question);
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x80 && !std::isalnum(static_cast<unsigned char>(c))) c = ' ';
    std::istringstream words(text);
    std::set<std::string> stems;
    for (std::string word; words >> word;) {
        // Cyrillic letters are two bytes each.
        if (word.size() < 6 || function_words.count(word)) continue;
        stems.insert(word.substr(0, 10));
    }
    std::string key;
    for (const auto& stem : stems) key += (key.empty() ? "" : " ") + stem;
    return key;
}

/// An open History over a fresh store, with a clock the test moves by hand.
struct HistoryFixture {
    TempDir dir;
    std::shared_ptr<int64_t> clock_now = std::make_shared<int64_t>(kNow);
    Store store = open_store(dir.path() / "spravka.db");
    History history{store, [now = clock_now] { return *now; }};

    static Store open_store(const std::filesystem::path& file)
    {
        auto opened = Store::open(file);
        REQUIRE(opened);
        return std::move(*opened);
    }

    int64_t log(const std::string& question, Outcome outcome, std::optional<std::string> top_id = {},
                std::vector<std::string> shown = {}, int64_t time = 0, std::optional<double> score = {})
    {
        AskLogEntry entry;
        entry.question = question;
        entry.normalized = fake_key(question);
        entry.role = "contractor";
        entry.outcome = outcome;
        entry.top_id = top_id;
        entry.top_score = score;
        entry.shown_ids = std::move(shown);
        entry.kb_version = "kb1";
        entry.time = time;
        auto id = history.log_ask(entry);
        REQUIRE(id);
        return *id;
    }
};

}  // namespace spravka::test
