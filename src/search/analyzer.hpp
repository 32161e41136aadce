/** @file  @brief Russian text analysis shared by the indexer and the searcher (internal header). */
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spravka::analysis {

/// Lower-cases and folds ё→е. Xapian 1.4's Russian stemmer has no ё in its alphabet, so «счёта»
/// would stay unstemmed; we fold on both sides (index and query).
std::string fold(std::string_view text);

/// Rewrites two-word formulas in folded text. The app's name «Мой налог» in any case form («в моём
/// налоге», «из моего налога») becomes one word, «мойналог»: otherwise «мой» is a stopword and the app
/// became «налог», the tax, which half the knowledge base is about. A greeting («добрый день») is
/// dropped, so «день» can count where it is asked about. Index and query both go through it.
std::string join_names(std::string_view folded);

/// Splits folded text into words (letters and digits; Xapian's idea of a word character).
std::vector<std::string> words(std::string_view folded);
/// Whether `cp` belongs to a word in the sense of words(): Xapian's word characters except «_».
bool is_word_char(char32_t cp);

/// Function words and chat filler («здравствуйте», «подскажите», «пожалуйста»): never drive ranking.
bool is_stopword(std::string_view folded_word);

/// Question words that carry intent («когда», «сколько», «почему»): kept at a low weight, and not
/// counted when measuring how much of a question an article covers.
bool is_intent_word(std::string_view folded_word);
/// Everyday Russian words that rarely name a topic: generic verbs, adverbs of time and degree,
/// pronoun-like words («сделать», «скоро», «дальше», «вообще», «какой-то»). They stay in the query
/// but weigh little when measuring how much of a question an article covers, so chatty phrasing does
/// not look like an unanswerable question. No domain words belong here.
bool is_light_word(std::string_view folded_word);

/// The same test for a stem («когд»), as stored for an article's `questions`.
bool is_intent_stem(std::string_view stem);

/// A Russian stemmer (Snowball via Xapian). Not thread-safe; one per thread.
class Stemmer {
public:
    Stemmer() : stem_("russian") {}
    std::string operator()(const std::string& folded_word) const { return stem_(folded_word); }
    const Xapian::Stem& xapian() const { return stem_; }

private:
    Xapian::Stem stem_;
};

/// Retypes text as if typed on the other keyboard layout (QWERTY ↔ ЙЦУКЕН). Characters with no
/// counterpart are kept. @return nullopt when `word` is not entirely in one layout.
std::optional<std::string> latin_to_cyrillic(std::string_view word);
std::optional<std::string> cyrillic_to_latin(std::string_view word);

/// Number of Unicode code points.
size_t length_chars(std::string_view text);

}  // namespace spravka::analysis
