/** @file  @brief Turns a question into concepts with synonyms, fixing layout and spelling (internal). */
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "search/analyzer.hpp"
#include "search/lexicon.hpp"
#include "spravka/search.hpp"

namespace spravka::search {

/// One alternative way a concept can appear in an article: one stemmed term, or several that must
/// all be present (a multi-word synonym such as "Zналог Zпрофессиональн Zдоход").
using Alternative = std::vector<std::string>;

/// A unit of meaning in the question: a content word, or a multi-word synonym phrase found in it.
struct Concept {
    std::string word;                       ///< as understood (after layout and spelling fixes)
    std::string stem;                       ///< "Z"-less stem, or the phrase's stems joined by spaces
    std::vector<Alternative> alternatives;  ///< the first one is the word's own stem
    bool intent = false;         ///< «когда», «сколько»: low weight, not in coverage
    bool known = true;           ///< the index has seen it (or a synonym of it)
    double idf = 0;              ///< weight in coverage
    std::vector<size_t> covers;  ///< for a phrase: the word concepts it stands for
    bool in_focus = true;        ///< false: only in the story around a long message's question
};

/// How much a word told only in a long message's story counts, against one in its question.
inline constexpr double kStoryWeight = 0.35;

struct Plan {
    Understanding understanding;
    std::vector<Concept> concepts;
    Xapian::Query query;
};

/// Builds the plan for `question` against `db`. `lexicon` (may be null) tells real Russian words from
/// typos: only a word that is neither in the index nor in the lexicon gets spelling correction.
Plan understand(const Xapian::Database& db, const analysis::Stemmer& stem, const Lexicon* lexicon,
                std::string_view question, Role role);

/// Returns why the question should go to a person, or nullopt. `folded` is the folded question. For a
/// long message, `focus_folded` is its folded question sentences: an amount and a date told in the
/// story («акт за сентябрь на 20 000») do not make a general question («от чего зависит задержка?»)
/// personal; in the question itself they do. `lexicon` (may be null) keeps real words from being read
/// as phone typos of a person or a verb: «половины» is not «позовите».
std::optional<std::string> detect_handoff(const std::string& folded, const std::vector<std::string>& words,
                                          const analysis::Stemmer& stem,
                                          const std::string* focus_folded = nullptr,
                                          const Lexicon* lexicon = nullptr);

/// For a long message (30+ words), the sentences that ask something: what the search should answer.
/// nullopt when the message is short or has no recognisable question.
std::optional<std::string> focus_of_long_message(std::string_view text);

}  // namespace spravka::search
