/** @file  @brief Query understanding: layout fix, stopwords, spelling, synonyms, the Xapian query. */
#include "search/understand.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <regex>
#include <set>
#include <sstream>

#include "index/schema.hpp"
#include "util/utf8.hpp"

namespace spravka::search {

namespace {

bool has_synonyms(const Xapian::Database& db, const std::string& key)
{
    return db.synonyms_begin(key) != db.synonyms_end(key);
}

bool is_number(const std::string& word)
{
    return !word.empty() &&
           std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// «180к», «5ти», «2х»: a number with a short ending (longer ones are split off by the analyzer). It is an
// amount or a count, never a misspelt word: «180к» is one edit from «10к», the deduction. (Unknown, it
// still counts as a word the kb does not know: «4к» is a video resolution.)
bool starts_with_digit(const std::string& word)
{
    return !word.empty() && word.front() >= '0' && word.front() <= '9';
}

bool is_ascii_word(const std::string& word)
{
    return std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// A word is known when the index has its stem or a synonym for it. (1.4 has no spelling-frequency
// look-up; the stem test is stricter anyway.)
bool known_word(const Xapian::Database& db, const analysis::Stemmer& stem, const std::string& folded)
{
    std::string z = "Z";  // appended, not "Z" + …: GCC 12 warns falsely (-Wrestrict) on that when inlined
    z += stem(folded);
    return db.term_exists(z) || has_synonyms(db, z);
}

// People rarely mistype the first letter or lose whole syllables: a suggestion that changes either is
// a different word («заберут» is not «берут»).
bool plausible_correction(const std::string& word, const std::string& suggestion)
{
    if (suggestion.empty() || suggestion == word) return false;
    size_t first_len = 0;
    util::next_code_point(word, first_len);
    const size_t length = analysis::length_chars(word);
    const size_t suggestion_length = analysis::length_chars(suggestion);
    return suggestion.compare(0, first_len, word, 0, first_len) == 0 && suggestion_length + 1 >= length &&
           suggestion_length <= length + 1;
}

// The `questions` field of the index: its prefix, and the weight each of its words adds to a term.
constexpr schema::TextField kQuestionsField = [] {
    for (const auto& field : schema::kTextFields)
        if (field.name == "questions") return field;
    return schema::TextField{};
}();

// The correction of a word the index knows only from articles' `questions`, where authors spell words
// the way people do («акаунт», «денги», «работадатель»), or nullopt. Article text is spelt right, so a
// word that is in no article's text, title or tags, is not a Russian word (the lexicon) and is no
// synonym (slang: «закрывашка») is a misspelling; it is corrected to a real word one edit away, with
// the same first letter, that at least three times as many articles have.
std::optional<std::string> misspelling_in_phrasings(const Xapian::Database& db, const analysis::Stemmer& stem,
                                                    const Lexicon& lexicon, const std::string& word)
{
    if (analysis::length_chars(word) < 5 || is_ascii_word(word) || lexicon.contains(word))
        return std::nullopt;
    const std::string stemmed = stem(word);
    const std::string term = schema::stemmed_term("", stemmed);
    // Every word of a phrasing adds the field's weight to the unprefixed term: more means text elsewhere.
    const auto in_questions = db.get_collection_freq(schema::stemmed_term(kQuestionsField.prefix, stemmed));
    if (has_synonyms(db, term) || db.get_collection_freq(term) > kQuestionsField.weight * in_questions)
        return std::nullopt;
    std::string suggestion = db.get_spelling_suggestion(word, 1);
    if (!plausible_correction(word, suggestion) || !lexicon.contains(suggestion)) return std::nullopt;
    if (db.get_termfreq(schema::stemmed_term("", stem(suggestion))) <
        3 * std::max<Xapian::doccount>(1, db.get_termfreq(term)))
        return std::nullopt;
    return suggestion;
}

// Whitespace-separated chunks of the raw question, so layout conversion sees ",.;'[]" inside words.
std::vector<std::string> chunks(std::string_view text)
{
    std::vector<std::string> out;
    std::istringstream in{std::string(text)};
    for (std::string chunk; in >> chunk;) out.push_back(chunk);
    return out;
}

std::string strip_trailing_punct(std::string chunk)
{
    while (!chunk.empty() && (chunk.back() == '?' || chunk.back() == '!')) chunk.pop_back();
    return chunk;
}

// Converts chunks typed in the wrong layout. A chunk converts only when the result is a word the
// index knows and the chunk as typed is not: «rfr» → «как» needs «как»'s neighbours to be known too,
// so a whole question flips only when most of its convertible chunks turn into known words.
std::optional<std::string> fix_layout(const Xapian::Database& db, const analysis::Stemmer& stem,
                                      const Lexicon* lexicon, const std::vector<std::string>& raw_chunks)
{
    size_t candidates = 0, converted_known = 0;
    std::vector<std::string> out;
    for (const auto& raw : raw_chunks) {
        std::string chunk = strip_trailing_punct(raw);
        std::string folded = analysis::fold(chunk);
        auto words_as_typed = analysis::words(folded);
        bool typed_known =
            !words_as_typed.empty() &&
            std::all_of(words_as_typed.begin(), words_as_typed.end(),
                        [&](const std::string& w) { return is_number(w) || known_word(db, stem, w); });
        std::optional<std::string> other;
        if (is_ascii_word(chunk))
            other = analysis::latin_to_cyrillic(chunk);
        else
            other = analysis::cyrillic_to_latin(chunk);
        if (!other || typed_known) {
            out.push_back(raw);
            continue;
        }
        ++candidates;
        std::string other_folded = analysis::fold(*other);
        auto other_words = analysis::words(other_folded);
        bool other_known = !other_words.empty() &&
                           std::all_of(other_words.begin(), other_words.end(), [&](const std::string& w) {
                               return analysis::is_stopword(w) || known_word(db, stem, w) ||
                                      (lexicon && !is_ascii_word(w) && lexicon->contains(w));
                           });
        if (other_known) ++converted_known;
        out.push_back(*other);
    }
    // Require at least half of the unknown chunks to become known words, and at least one.
    if (converted_known == 0 || converted_known * 2 < candidates) return std::nullopt;
    std::string joined;
    for (const auto& chunk : out) joined += (joined.empty() ? "" : " ") + chunk;
    return joined;
}

std::vector<Alternative> alternatives_for(const Xapian::Database& db, const std::string& key)
{
    std::vector<Alternative> alts;
    auto split = [](const std::string& value) {
        Alternative terms;
        std::istringstream in(value);
        for (std::string term; in >> term;) terms.push_back(term);
        return terms;
    };
    alts.push_back(split(key));
    for (auto it = db.synonyms_begin(key); it != db.synonyms_end(key); ++it) alts.push_back(split(*it));
    return alts;
}

double idf_of(const Xapian::Database& db, const std::vector<Alternative>& alts)
{
    double n = std::max<double>(1.0, static_cast<double>(db.get_doccount()));
    double df = 0;
    for (const auto& alt : alts) {
        double alt_df = n;
        for (const auto& term : alt) alt_df = std::min(alt_df, static_cast<double>(db.get_termfreq(term)));
        df = std::max(df, alt_df);
    }
    // A word no article contains weighs the most: it is the part of the question we cannot answer.
    return std::log((n + 1.0) / (df + 0.5));
}

Xapian::Query query_for(const std::vector<Alternative>& alts)
{
    std::vector<Xapian::Query> singles;
    std::vector<Xapian::Query> phrases;
    for (const auto& alt : alts) {
        if (alt.size() == 1)
            singles.emplace_back(alt.front());
        else
            // A multi-word synonym must appear as a phrase (a stopword may sit inside: «налог на
            // профессиональный доход»); as a loose AND its rare words pulled unrelated articles up.
            phrases.emplace_back(Xapian::Query(Xapian::Query::OP_PHRASE, alt.begin(), alt.end(),
                                               static_cast<Xapian::termcount>(alt.size() + 1)));
    }
    Xapian::Query q(Xapian::Query::OP_SYNONYM, singles.begin(), singles.end());
    if (!phrases.empty()) {
        Xapian::Query p(Xapian::Query::OP_SCALE_WEIGHT,
                        Xapian::Query(Xapian::Query::OP_OR, phrases.begin(), phrases.end()), 0.5);
        q = singles.empty() ? p : Xapian::Query(Xapian::Query::OP_OR, q, p);
    }
    return q;
}

// Sentences end at . ! ? or a line break (none of them is ever inside a word); the flag says "?".
std::vector<std::pair<std::string, bool>> sentences_of(std::string_view text)
{
    std::vector<std::pair<std::string, bool>> sentences;
    std::string current;
    for (char c : text) {
        current += c;
        if (c == '.' || c == '!' || c == '?' || c == '\n') {
            sentences.emplace_back(current, c == '?');
            current.clear();
        }
    }
    if (!current.empty()) sentences.emplace_back(current, false);
    return sentences;
}

std::u32string code_points(std::string_view text)
{
    std::u32string out;
    for (size_t pos = 0; pos < text.size();) out += util::next_code_point(text, pos);
    return out;
}

// Optimal-string-alignment distance of two short strings, or 2 when it is more than 1.
int distance_up_to_one(std::u32string_view a, std::u32string_view b)
{
    if (a == b) return 0;
    if (a.size() > b.size() + 1 || b.size() > a.size() + 1) return 2;
    size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
    auto rest = [](std::u32string_view x, size_t from) { return x.substr(std::min(from, x.size())); };
    if (a.size() == b.size()) {
        if (rest(a, i + 1) == rest(b, i + 1)) return 1;  // one letter replaced
        if (i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && rest(a, i + 2) == rest(b, i + 2))
            return 1;  // two letters swapped
        return 2;
    }
    // one letter missing or extra
    return (a.size() > b.size() ? rest(a, i + 1) == rest(b, i) : rest(a, i) == rest(b, i + 1)) ? 1 : 2;
}

// A phone typo of a long word's start: «аператором», «саедините», «челавека». Not a word that only
// shares the prefix but one letter and goes on differently («сотрудничество», «человечный»).
bool starts_nearly(std::string_view word, std::string_view prefix)
{
    const std::u32string w = code_points(word), p = code_points(prefix);
    if (p.size() < 6 || w.size() < p.size() - 1) return false;
    if (w.compare(0, p.size() - 1, p, 0, p.size() - 1) == 0) return w.compare(0, p.size(), p) == 0;
    for (size_t k = p.size() - 1; k <= std::min(w.size(), p.size() + 1); ++k)
        if (distance_up_to_one(std::u32string_view(w).substr(0, k), p) <= 1) return true;
    return false;
}

// A diminutive the index does not know, read as its base word: «договорчиком» is «договором»,
// «файликом» «файлом», «справочку» «справку». The suffix is found on the stem, so the case ending
// carries over; only when the base is a word the index has (for «-ик» also a real word: «ролик» is not
// «рол»), so ordinary words that happen to end so stay as they are.
std::optional<std::string> base_of_diminutive(const Xapian::Database& db, const analysis::Stemmer& stem,
                                              const Lexicon* lexicon, const std::string& word)
{
    struct Rule {
        std::string_view suffix, replacement;
        bool needs_lexicon;
    };
    static const std::array<Rule, 3> rules = {{{"чик", "", false}, {"очк", "к", false}, {"ик", "", true}}};
    const std::string word_stem = stem(word);
    if (word.compare(0, word_stem.size(), word_stem) != 0) return std::nullopt;
    const std::string ending = word.substr(word_stem.size());
    for (const auto& rule : rules) {
        if (!word_stem.ends_with(rule.suffix)) continue;
        std::string base = word_stem.substr(0, word_stem.size() - rule.suffix.size());
        if (analysis::length_chars(base) < 3) return std::nullopt;
        base += std::string(rule.replacement) + ending;
        // «-ик» is a diminutive only of a word that is not a word itself: «комик» is no little «ком».
        if (rule.needs_lexicon && (lexicon == nullptr || !lexicon->contains(base) || lexicon->contains(word)))
            return std::nullopt;
        if (!known_word(db, stem, base)) return std::nullopt;
        return base;
    }
    return std::nullopt;
}

// «смз-шников», «нпд-шница»: a word written with a hyphen inside is one word when the kb knows it
// whole and not its second half. «онлайн-касса», «какой-то», «чек-лист» stay as they are.
std::string join_hyphenated(const Xapian::Database& db, const analysis::Stemmer& stem, std::string_view text)
{
    std::string out;
    size_t pos = 0, word_start = std::string::npos;
    while (pos < text.size()) {
        size_t at = pos;
        char32_t cp = util::next_code_point(text, pos);
        if (cp == U'-' && word_start != std::string::npos && pos < text.size()) {
            size_t right_end = pos;
            while (right_end < text.size()) {
                size_t next = right_end;
                if (!analysis::is_word_char(util::next_code_point(text, next))) break;
                right_end = next;
            }
            const std::string left =
                out.substr(word_start);  // offsets into `out`: earlier joins shortened it
            const std::string right(text.substr(pos, right_end - pos));
            if (!right.empty()) {
                const std::string joined = analysis::fold(left + right);
                if (known_word(db, stem, joined) && !known_word(db, stem, analysis::fold(right))) {
                    out += right;  // the hyphen goes; the word goes on
                    pos = right_end;
                    continue;
                }
            }
        }
        if (analysis::is_word_char(cp)) {
            if (word_start == std::string::npos) word_start = out.size();
        } else {
            word_start = std::string::npos;
        }
        out.append(text.substr(at, pos - at));
    }
    return out;
}

// «сам» is a stopword, but next to a reflexive verb it is what the question asks: «чек сам
// пробивается?», «налог сам спишется?», «это как-то само?» ask whether it happens by itself, and the
// articles say «автоматически». Elsewhere («я сам не знаю», «налог плачу сам») it stays a stopword:
// reading «сам плачу» as «самостоятельно» was measured too and gained nothing.
constexpr std::string_view kByItself = "автоматически";

bool means_by_itself(const std::vector<std::string>& words, size_t i)
{
    const std::string& w = words[i];
    if (w == "само") return true;
    if (w != "сам" && w != "сама" && w != "сами") return false;
    auto reflexive = [](const std::string& v) {
        return analysis::length_chars(v) >= 5 && (v.ends_with("ся") || v.ends_with("сь"));
    };
    return (i > 0 && reflexive(words[i - 1])) || (i + 1 < words.size() && reflexive(words[i + 1]));
}

// «в акте 42 000, а на карту пришло 39 480», «вбили 8к вместо 12к»: two sums of money, one a bit
// smaller than the other, are a person telling us they got less than they should. They rarely say
// «меньше», and the articles about it do. The amounts are read from the words: digits, then groups of
// three digits («42 000»), with an optional «к», «тыс», «р», «руб». A year («в 2025 году», a date's
// «15.01.2026») is not an amount, and sums of millions are limits, not payouts.
constexpr std::string_view kLess = "меньше";

std::vector<double> money_amounts(const std::vector<std::string>& words)
{
    auto digits_then = [](const std::string& w, std::string& suffix) {
        size_t n = 0;
        while (n < w.size() && w[n] >= '0' && w[n] <= '9') ++n;
        suffix = w.substr(n);
        return n;
    };
    auto is_thousands = [](std::string_view suffix) {
        return suffix == "к" || suffix == "k" || suffix == "тыс" || suffix == "тысяч" || suffix == "тысячи" ||
               suffix == "тр" || suffix == "тыщ";
    };
    auto is_rouble = [](std::string_view suffix) {
        return suffix.empty() || suffix == "р" || suffix == "руб" || suffix == "рублей" || suffix == "рубля";
    };
    std::vector<double> out;
    for (size_t i = 0; i < words.size(); ++i) {
        std::string suffix;
        size_t n = digits_then(words[i], suffix);
        if (n == 0 || n > 7) continue;
        double value = std::stod(words[i].substr(0, n));
        // Groups of three digits after it: «42 000», «1 200 000».
        size_t j = i;
        while (suffix.empty() && j + 1 < words.size()) {
            std::string next_suffix;
            if (digits_then(words[j + 1], next_suffix) != 3) break;
            value = value * 1000 + std::stod(words[j + 1].substr(0, 3));
            suffix = next_suffix;
            ++j;
        }
        const std::string next = j + 1 < words.size() ? words[j + 1] : std::string();
        if (suffix.empty() && is_thousands(next)) {
            value *= 1000;
        } else if (is_thousands(suffix)) {
            value *= 1000;
        } else if (!is_rouble(suffix)) {
            i = j;
            continue;
        }
        std::string before_suffix;
        const bool after_day = i > 0 && digits_then(words[i - 1], before_suffix) > 0 &&
                               before_suffix.empty() && words[i - 1].size() <= 2;
        const bool year = j == i && n == 4 && value >= 1990 && value <= 2039 &&
                          (after_day || next.starts_with("год") || next == "г" || next == "гг");
        const bool millions =
            next.starts_with("млн") || next.starts_with("миллион") || next.starts_with("лям");
        if (!year && !millions && value >= 100 && value < 1e6) out.push_back(value);
        i = j;
    }
    return out;
}

// «42 000»: thousands apart by a space, as people write them and as --explain shows them.
std::string amount_text(double value)
{
    const std::string digits = std::to_string(static_cast<long long>(value));
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ' ';
        out += digits[i];
    }
    return out;
}

/// The first two amounts of which one is 40–99% of the other, as «42 000 и 39 480».
std::optional<std::string> less_money_told(const std::vector<std::string>& words)
{
    const auto amounts = money_amounts(words);
    for (size_t a = 0; a < amounts.size(); ++a)
        for (size_t b = a + 1; b < amounts.size(); ++b) {
            double ratio = std::min(amounts[a], amounts[b]) / std::max(amounts[a], amounts[b]);
            if (ratio >= 0.4 && ratio <= 0.99)
                return amount_text(amounts[a]) + " и " + amount_text(amounts[b]);
        }
    return std::nullopt;
}

// The synonyms of a word as --explain shows them: every alternative but the word's own stem, its
// terms without the prefix.
std::vector<std::string> shown_synonyms(const std::vector<Alternative>& alternatives)
{
    std::vector<std::string> shown;
    for (size_t i = 1; i < alternatives.size(); ++i) {
        std::string s;
        for (const auto& term : alternatives[i]) {
            if (!s.empty()) s += ' ';
            s.append(term, 1);
        }
        shown.push_back(std::move(s));
    }
    return shown;
}

// «я вообще самозанятый?», «я ещё самозанятый или нет»: when the status is all a question names and
// «я» is there, the person asks whether they themselves have it, which is checking one's own status.
// «я» is a stopword and multi-word synonyms skip stopwords, so the reading is made here: «я» is read
// as «статус», the word the articles use. With any other topic word («я самозанятый, как платить
// налог») it stays a stopword.
constexpr std::string_view kOwnStatus = "статус";

bool names_the_status(const Xapian::Database& db, const analysis::Stemmer& stem, const std::string& word)
{
    static const Alternative status = {"Zсамозанят"};
    std::string key = "Z";
    key += stem(word);
    const auto alternatives = alternatives_for(db, key);
    return std::find(alternatives.begin(), alternatives.end(), status) != alternatives.end();
}

std::optional<size_t> asks_own_status(const Xapian::Database& db, const analysis::Stemmer& stem,
                                      const std::vector<std::string>& words)
{
    const auto me = std::find(words.begin(), words.end(), "я");
    if (me == words.end()) return std::nullopt;
    std::optional<size_t> topic;
    for (size_t i = 0; i < words.size(); ++i) {
        const auto& w = words[i];
        if (analysis::is_stopword(w) || is_number(w) || analysis::is_intent_word(w)) continue;
        if (topic) return std::nullopt;  // another topic word: not only the status is asked
        topic = i;
    }
    if (!topic) return std::nullopt;
    // «я ещё на учёте?»: being registered is having the status.
    const bool registered = *topic > 0 && words[*topic - 1] == "на" && words[*topic] == "учете";
    if (!registered && !names_the_status(db, stem, words[*topic])) return std::nullopt;
    return static_cast<size_t>(me - words.begin());
}

// «как понять, что я уже самозанятый», «не пойму, я ещё самозанятая или…», «как узнать, числюсь ли я до
// сих пор самозанятым»: a verb of finding out, then «я» and the status right after it (at most one other
// word of its own between them), in the same sentence. Returns the position of «я» in `words`.
std::optional<size_t> own_status_after_finding_out(const Xapian::Database& db, const analysis::Stemmer& stem,
                                                   const std::string& folded,
                                                   const std::vector<std::string>& words)
{
    static const std::set<std::string> finding_out = {"понять", "пойму",     "понимаю",   "узнать",
                                                      "узнаю",  "проверить", "убедиться", "определить"};
    size_t offset = 0;
    for (const auto& [text, asks] : sentences_of(folded)) {
        const auto sentence_words = analysis::words(text);
        for (size_t i = 0; i < sentence_words.size(); ++i) {
            if (sentence_words[i] != "я") continue;
            bool finding = false;
            for (size_t k = i >= 5 ? i - 5 : 0; k < i && !finding; ++k)
                finding = finding_out.count(sentence_words[k]) > 0;
            if (!finding) continue;
            size_t own_words = 0;
            for (size_t k = i + 1; k < sentence_words.size() && own_words < 2; ++k) {
                const auto& w = sentence_words[k];
                if (analysis::is_stopword(w) || analysis::is_intent_word(w)) continue;
                if (names_the_status(db, stem, w)) {
                    const size_t at = offset + i;
                    if (at < words.size() && words[at] == "я") return at;
                    break;
                }
                ++own_words;
            }
        }
        offset += sentence_words.size();
    }
    return std::nullopt;
}

// «я самозанятый?» asked as the last clause of a question inside a longer message: «зарегался в мой
// налог месяц назад, а я теперь самозанятый или нет?». Only a clause that ends in «?»: «Я самозанятый,
// как выставить чек?» states the status and asks something else.
std::optional<size_t> own_status_in_a_sentence(const Xapian::Database& db, const analysis::Stemmer& stem,
                                               const std::string& folded,
                                               const std::vector<std::string>& words)
{
    if (auto whole = asks_own_status(db, stem, words)) return whole;
    if (auto after_finding_out = own_status_after_finding_out(db, stem, folded, words))
        return after_finding_out;
    size_t offset = 0;  // words before the current sentence
    for (const auto& [text, asks] : sentences_of(folded)) {
        const std::string_view sentence = text;
        const auto sentence_words = analysis::words(sentence);
        if (asks) {
            const size_t comma = sentence.find_last_of(",;");
            const auto clause = comma == std::string_view::npos ? sentence_words
                                                                : analysis::words(sentence.substr(comma + 1));
            const size_t before = sentence_words.size() - std::min(clause.size(), sentence_words.size());
            if (auto me = asks_own_status(db, stem, clause)) {
                const size_t at = offset + before + *me;
                // Only when the sentences' words are the question's («10.5» is one word, not two).
                if (at < words.size() && words[at] == "я") return at;
            }
        }
        offset += sentence_words.size();
    }
    return std::nullopt;
}

// «…за год, чтоб не слететь?», «какие бумажки собирать, чтобы налоговая не докопалась»: a clause of
// purpose with «не» names what the person wants to avoid, not what they ask. Its words count as the
// story's do, when the rest of the question has a topic word of its own («что делать, чтобы не
// слететь с нпд» asks about that very thing). Returns one flag per word of `words`.
std::vector<char> avoided_in_purpose_clause(const std::string& folded, const std::vector<std::string>& words)
{
    std::vector<char> avoided(words.size(), 0);
    std::vector<std::string> clauses(1);
    for (size_t i = 0; i < folded.size(); ++i) {
        const char c = folded[i];
        const bool dash = folded.compare(i, 3, "—") == 0 || folded.compare(i, 3, "–") == 0;
        if (std::string_view(",;:.!?()\n").find(c) != std::string_view::npos || dash) {
            clauses.emplace_back();
            if (dash) i += 2;
            continue;
        }
        clauses.back() += c;
    }
    size_t offset = 0;
    bool any = false;
    for (const auto& clause : clauses) {
        const auto clause_words = analysis::words(clause);
        for (size_t k = 0; k < clause_words.size(); ++k) {
            if (clause_words[k] != "чтобы" && clause_words[k] != "чтоб") continue;
            // «не» near the start: «чтоб статус не слетел», not «чтобы налог сам уходил и я про него
            // не вспоминал» (what the person wants, with a worry tacked on).
            const auto near = clause_words.begin() + static_cast<long>(std::min(clause_words.size(), k + 4));
            if (std::find(clause_words.begin() + static_cast<long>(k) + 1, near, "не") == near) break;
            for (size_t j = k; j < clause_words.size() && offset + j < avoided.size(); ++j)
                avoided[offset + j] = 1;
            any = true;
            break;
        }
        offset += clause_words.size();
    }
    // Only when the clauses' words are the question's («10.5» is one word, not two).
    if (!any || offset != words.size()) return std::vector<char>(words.size(), 0);
    // «делать» and «поступить» name no topic: «что делать, чтобы не слететь» asks about slipping off.
    static const std::set<std::string> no_topic = {"делать", "сделать", "поступить", "поступать", "быть"};
    for (size_t i = 0; i < words.size(); ++i)
        if (!avoided[i] && !analysis::is_stopword(words[i]) && !analysis::is_intent_word(words[i]) &&
            !is_number(words[i]) && no_topic.count(words[i]) == 0)
            return avoided;
    return std::vector<char>(words.size(), 0);
}

}  // namespace

std::optional<std::string> detect_handoff(const std::string& folded, const std::vector<std::string>& words,
                                          const analysis::Stemmer& stem, const std::string* focus_folded,
                                          const Lexicon* lexicon)
{
    std::vector<std::string> stems;
    for (const auto& w : words) stems.push_back(stem(w));
    // Only a word that is not a real Russian word can be a phone typo: «половины» is one letter from
    // «позови» but means half (three development questions about a payment register went to a person).
    std::vector<char> may_be_typo(words.size(), 1);
    if (lexicon)
        for (size_t i = 0; i < words.size(); ++i) may_be_typo[i] = lexicon->contains(words[i]) ? 0 : 1;
    auto starts = [](const std::string& s, std::initializer_list<const char*> prefixes) {
        return std::any_of(prefixes.begin(), prefixes.end(),
                           [&](const char* p) { return s.rfind(p, 0) == 0; });
    };
    // «чел» and «люди» only as whole words: as prefixes they would take «Челябинск» and «Людмила».
    // «живой» alone means a person here too: «пообщаться с кем-то живым».
    static const std::set<std::string> people_words = {"чел",    "чела",   "челу",  "челом", "люди",
                                                       "людей",  "людьми", "живой", "живым", "живого",
                                                       "живому", "живые",  "живых", "живыми"};
    auto is_person = [&](const std::string& s, bool fuzzy) {
        static constexpr std::array<const char*, 7> person = {
            "оператор", "человек", "сотрудник", "менеджер", "специалист", "консультант", "саппорт"};
        return std::any_of(person.begin(), person.end(), [&](const char* p) {
            return s.rfind(p, 0) == 0 || (fuzzy && starts_nearly(s, p));
        });
    };
    auto is_connect = [&](const std::string& s, bool fuzzy) {
        // These four with a phone typo too («соедените», «пазовите»); not «поговор»: one letter from
        // «договор».
        for (const char* verb : {"соедин", "переключ", "перезвон", "позови"})
            if (s.rfind(verb, 0) == 0 || (fuzzy && starts_nearly(s, verb))) return true;
        return starts(s, {"позов", "позва",   "переда", "связа",   "связы",   "свяж",    "пообща",
                          "обща",  "поговор", "позвон", "нужен",   "нужна",   "хотел",   "дайт",
                          "зов",   "жив",     "реальн", "настоящ", "ответьт", "отзовит", "откликнит"});
    };
    // Wanting and asking count only as the writer's own words: «хочу оператора», not «сотрудник хочет
    // работать с нами»; «прошу», not «в прошлом месяце» (a stem prefix «прош» matched both).
    static const std::set<std::string> wanting = {"хочу", "хотим", "хотелось", "пусть"};
    static const std::set<std::string> asking = {"прошу", "просим", "просьба", "требую", "требуем", "умоляю"};
    // 1. Asking for a person: a person word with a verb of connecting or wanting next to it
    //    («соедините с оператором», «позовите живого человека»), or a person word alone. The verb is
    //    matched on the word too: the stem of «нужен» is «нуж».
    // «кто-нибудь живой», «пусть кто-либо позвонит» (not «кто-то»: «мне позвонил кто-то» is a story).
    // Every case of it: «поговорить с кем-нибудь», «соедините хоть с кем-нибудь из ваших».
    static const std::set<std::string> who = {"кто", "кого", "кому", "кем", "ком"};
    // «кто-то» only before «живой»: «можно кого-то живого, кто посмотрит наш реестр».
    auto someone_at = [&](size_t i) {
        if (who.count(words[i]) == 0 || i + 1 >= words.size()) return false;
        if (words[i + 1] == "нибудь" || words[i + 1] == "либо") return true;
        return words[i + 1] == "то" && i + 2 < words.size() && words[i + 2].rfind("жив", 0) == 0;
    };
    // «хочу взять человека на работу» is hiring someone, not asking for one of us.
    static const std::set<std::string> hiring = {"взять",  "взял",  "взяли", "возьму",
                                                 "нанять", "нанял", "найму", "принять",
                                                 "принял", "брать", "беру",  "нанимать"};
    // «нужен человек на ресепшн», «нужны люди на склад»: a post to fill, not a person to talk to.
    static const std::set<std::string> line = {"связь", "связи", "линии", "линию", "телефоне", "проводе"};
    auto person_at = [&](size_t i) {
        for (size_t k = i >= 2 ? i - 2 : 0; k < i; ++k)
            if (hiring.count(words[k]) > 0) return false;
        if (i + 2 < words.size() && words[i + 1] == "на" && line.count(words[i + 2]) == 0) return false;
        return is_person(stems[i], may_be_typo[i] != 0) || is_person(words[i], may_be_typo[i] != 0) ||
               people_words.count(words[i]) > 0 || someone_at(i);
    };
    // «нужен», «нужна» ask for whatever they stand next to: «нужен оператор», «мне чел нужен», «нужна
    // связь с оператором», but not «акты подписывает менеджер своей эцп — нужна мчд».
    auto needs_word = [&](size_t j) { return stems[j].rfind("нуж", 0) == 0; };
    auto needed_is_person = [&](size_t j, size_t person) {
        static const std::set<std::string> between_ok = {"связь", "связи", "помощь", "живой", "живого"};
        for (size_t k = std::min(j, person) + 1; k < std::max(j, person); ++k)
            if (!analysis::is_stopword(words[k]) && between_ok.count(words[k]) == 0) return false;
        return true;
    };
    // «позвонила девушка, представилась сотрудником», «связался с менеджером»: a verb of connecting in
    // the past tells what happened, not what the writer asks. «поговорил бы», «чтобы связался» still ask.
    auto told_past = [&](size_t j) {
        const std::string& w = words[j];
        if (!starts(stems[j],
                    {"позвон", "связа", "переда", "поговор", "пообща", "соедин", "переключ", "перезвон"}))
            return false;
        bool past = false;
        for (const char* ending : {"л", "ла", "ли", "ло", "лся", "лась", "лись", "лось"})
            past = past || w.ends_with(ending);
        bool would = false;  // «чтобы со мной связался ваш сотрудник», «поговорил бы»
        for (size_t k = j >= 3 ? j - 3 : 0; k < std::min(words.size(), j + 2); ++k)
            would = would || words[k] == "бы" || words[k] == "б" || words[k] == "чтобы" || words[k] == "чтоб";
        return past && !would;
    };
    // The sentence of each word.
    std::vector<size_t> sentence_of;
    size_t sentence = 0;
    for (const auto& [text, asks] : sentences_of(folded))
        sentence_of.insert(sentence_of.end(), analysis::words(text).size(), sentence++);
    if (sentence_of.size() != words.size()) sentence_of.assign(words.size(), 0);
    size_t content = 0;
    bool only_people = true;
    bool any_person = false;
    for (size_t i = 0; i < stems.size(); ++i) {
        if (analysis::is_stopword(words[i]) && !someone_at(i)) continue;
        ++content;
        if (!person_at(i) && !starts(stems[i], {"жив", "поддержк"})) only_people = false;
        if (!person_at(i)) continue;
        any_person = true;
        // Five words either way, in the same sentence: «свяжите меня, пожалуйста, с менеджером», not
        // «…когда человек переводил деньги. Сейчас меня позвала студия».
        for (size_t j = i >= 5 ? i - 5 : 0; j < std::min(stems.size(), i + 6); ++j) {
            if (j == i || sentence_of[j] != sentence_of[i]) continue;
            const bool fuzzy = may_be_typo[j] != 0;
            if (!(is_connect(stems[j], fuzzy) || is_connect(words[j], fuzzy) || wanting.count(words[j]) > 0 ||
                  asking.count(words[j]) > 0))
                continue;
            if (told_past(j)) continue;
            if (needs_word(j) && !needed_is_person(j, i)) continue;
            return std::string("просьба соединить с человеком");
        }
    }
    if (content > 0 && content <= 3 && only_people && any_person)
        return std::string("просьба соединить с человеком");
    // «Перезвоните мне», «свяжитесь со мной»: a person is the only one who can.
    for (size_t i = 0; i < words.size(); ++i)
        if (starts(words[i], {"перезвоните", "позвоните", "свяжитесь", "наберите"}) && i + 1 < words.size() &&
            (words[i + 1] == "мне" || words[i + 1] == "со" || words[i + 1] == "нам"))
            return std::string("просьба соединить с человеком");

    // «бот меня не понимает», «надоел ваш робот»: the person has given up on automatic answers.
    // Any case of the word, by its stem: «бот», «ботом», «роботу», «автоответчика».
    static const std::set<std::string> bot = {"бот", "робот", "автоответчик"};
    static const std::set<std::string> given_up = {"надоел", "надоело", "достал",      "достали",   "тупит",
                                                   "тупой",  "тупите",  "бесполезный", "бесполезен"};
    for (size_t i = 0; i < words.size(); ++i) {
        if (bot.count(stems[i]) == 0) continue;
        for (size_t j = 0; j < words.size(); ++j) {
            if (sentence_of[j] != sentence_of[i]) continue;
            if (given_up.count(words[j]) > 0) return std::string("просьба соединить с человеком");
            if (words[j] == "не" && j + 1 < words.size() &&
                starts(words[j + 1], {"понима", "поймет", "помога", "поможет", "отвеча", "ответит", "справ"}))
                return std::string("просьба соединить с человеком");
        }
    }

    // 2. Asking support to act on the person's own case: an imperative addressed to support
    //    («разберитесь», «верните», «снимите блокировку»), or «прошу/требую» with such a verb.
    static const std::vector<std::string> act_stems = {
        "разбер",     "верн",     "удал",    "отмен",    "исправ",    "провер",    "разблок",  "восстанов",
        "перевед",    "отправ",   "пришл",   "оплат",    "зачисл",    "аннулир",   "заблокир", "сним",
        "отвяж",      "перечисл", "компенс", "вышл",     "помен",     "измен",     "смен",     "замен",
        "поправ",     "обнов",    "привяж",  "передела", "пересчита", "переоформ", "повлия",   "ускор",
        "напомн",     "застав",   "посмотр", "разобра",  "сдела",     "убра",      "убер",     "останов",
        "приостанов", "забер",    "забра"};
    // An infinitive counts only right after the asking word: «прошу проверить мою выплату», not
    // «прошу разъяснить, должна ли организация проверять статус». «Перечислить» is also «to list»:
    // it acts only on money («прошу перечислить деньги», not «прошу перечислить условия»). A question
    // word between them asks how to do it oneself: «прошу сообщить, как отменить доступ».
    static const std::set<std::string> how = {"как", "каким", "где", "куда", "когда", "можно", "ли", "чем"};
    // «Можете сами убрать лишний чек?» asks us to act as politely as «прошу» (not «сможете»: what we
    // are able to do).
    auto asked_at = [&](size_t i) {
        for (size_t k = i; k-- > (i >= 3 ? i - 3 : 0);) {
            if (how.count(words[k]) > 0) return false;
            if (asking.count(words[k]) > 0 || words[k] == "можете") return true;
        }
        return false;
    };
    auto money_after = [&](size_t i) {
        for (size_t k = i + 1; k < std::min(words.size(), i + 4); ++k)
            if (starts(stems[k], {"деньг", "денег", "выплат", "оплат", "средств", "сумм", "долг", "зарплат"}))
                return true;
        return false;
    };
    // Someone else's words: «хозяйка говорит: пришлите чек» asks the writer, not us. A word counts as
    // reported after a verb of saying and a colon, to the end of its sentence.
    std::vector<char> reported(words.size(), 0);
    {
        static const std::set<std::string> saying = {
            "говорит",   "говорят",  "сказал",   "сказала",  "сказали", "пишет",    "пишут",
            "написал",   "написала", "написали", "просит",   "просят",  "попросил", "попросила",
            "попросили", "требует",  "требуют",  "отвечает", "ответил", "ответила", "ответили"};
        size_t first = 0;
        for (const auto& [text, asks] : sentences_of(folded)) {
            const auto sentence_words = analysis::words(text);
            size_t colon = text.find(':');
            if (colon != std::string::npos) {
                const auto before = analysis::words(std::string_view(text).substr(0, colon));
                if (!before.empty() && saying.count(before.back()) > 0)
                    for (size_t k = first + before.size();
                         k < first + sentence_words.size() && k < words.size(); ++k)
                        reported[k] = 1;
            }
            first += sentence_words.size();
        }
        if (first != words.size()) reported.assign(words.size(), 0);
    }
    for (size_t i = 0; i < words.size(); ++i) {
        if (reported[i]) continue;
        const auto& w = words[i];
        bool imperative = w.size() > 8 && (w.ends_with("ите") || w.ends_with("йте") || w.ends_with("ьте") ||
                                           w.ends_with("итесь") || w.ends_with("йтесь"));
        // «исправте», «удалте»: the soft sign dropped, a common slip; only in a word that is not Russian.
        if (!imperative && may_be_typo[i] != 0 && w.size() > 10 && w.ends_with("те")) imperative = true;
        // Reflexive ones too, and their common misspelling: «просьба разобраться / разобратся».
        bool infinitive =
            (w.ends_with("ть") || w.ends_with("ти") || w.ends_with("ться") || w.ends_with("тся")) &&
            asked_at(i);
        if (!imperative && !infinitive) continue;
        if (stems[i].rfind("перечисл", 0) == 0 && !money_after(i)) continue;
        for (const auto& act : act_stems)
            if (stems[i].rfind(act, 0) == 0) return "просьба что-то сделать с личным случаем («" + w + "»)";
    }

    // 3. A named company: a legal form with a name in quotes («ООО «Ромашка» не платит»). The kb
    //    speaks of companies in general; one by name is that person's own dispute.
    const bool quoted = folded.find("«") != std::string::npos || folded.find('"') != std::string::npos ||
                        folded.find("“") != std::string::npos || folded.find("„") != std::string::npos;
    if (quoted) {
        // Alternations, not bracket classes: std::regex sees bytes, and «„“ are several bytes each.
        static const std::regex named_company(R"((^|[\s(,.:;])(ооо|оао|пао|зао|ао|ип)\s*(«|"|“|„))");
        if (std::regex_search(folded, named_company)) return std::string("вопрос о конкретной компании");
    }

    // 4. A specific case: a document number, or an amount together with a date. Every pattern needs a
    //    digit (or «№»/«#»), so most questions skip compiling the regexes at all.
    if (folded.find_first_of("0123456789#") == std::string::npos && folded.find("№") == std::string::npos)
        return std::nullopt;
    static const std::regex doc_number(
        R"((№|#|номер)\s*\d{2,}|(акт|акта|акту|чек|чека|договор|договора|счет|счета|платеж|платежа|платежку|платежка|поручение)\s*(№\s*)?\d{3,}|(заявка|заявки|заявку|выплата|выплаты|выплату|обращение|обращения|обращению|тикет|тикета)\s*(№\s*\d{3,}|\d{4,})|\*\d{4}\b|инн\s*\d{10,12})");
    // Bracket classes of Cyrillic letters would match single bytes, so the word forms are spelt out. A
    // payout or a request needs four digits or «№»: «выплата 200 исполнителям» is a count.
    // std::regex's \b knows only ASCII word characters, so a Cyrillic word ends at an explicit boundary.
    static const std::regex amount(
        R"(\d[\d\s]*\d\s*(₽|р\.|руб|тыс|(р|к)($|[\s.,!?;:)]))|\d{4,}\s*(₽|р\.|руб|р($|[\s.,!?;:)])))");
    static const std::regex date(
        R"(\b\d{1,2}[./]\d{1,2}([./]\d{2,4})?\b|\b\d{1,2}\s+(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)|(^|[\s.,!?;:(])(вчера|позавчера)($|[\s.,!?;:)])|за\s+(январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь))");
    // A phone number is the person's own data: changing it is something only support can do.
    static const std::regex phone(R"((\+7|\b8)[\s(-]*9\d{2}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\b)");
    if (std::regex_search(folded, phone)) return std::string("вопрос о личных данных: номер телефона");
    bool has_doc = std::regex_search(folded, doc_number);
    const std::string& question_part = focus_folded ? *focus_folded : folded;
    bool has_amount = std::regex_search(question_part, amount);
    bool has_date = std::regex_search(question_part, date);
    if (has_doc) return std::string("вопрос о конкретном документе или платеже");
    if (has_amount && has_date) return std::string("вопрос о конкретной выплате: сумма и дата");
    return std::nullopt;
}

// «работали как самозанятые», «оформлен как ИП»: «как» before the name of a role is "as", not "how".
bool as_a_role(const std::vector<std::string>& words, size_t k)
{
    if (words[k] != "как" || k + 1 >= words.size()) return false;
    const std::string& next = words[k + 1];
    if (next == "ип") return true;  // a prefix would take «как ипотеку взять»
    for (std::string_view role : {"самозанят", "смз", "нпд", "ипшник", "физлиц", "физическ", "исполнител",
                                  "подрядчик", "фрилансер", "сотрудник", "работник", "штатн"})
        if (next.starts_with(role)) return true;
    return false;
}

std::optional<std::string> focus_of_long_message(std::string_view text)
{
    // Short questions are their own focus.
    size_t word_count = analysis::words(analysis::fold(text)).size();
    if (word_count < 30) return std::nullopt;
    // A question sentence has "?" or opens with a question word.
    const auto sentences = sentences_of(text);
    static const std::set<std::string> question_words = {
        "как",     "когда",  "сколько", "почему", "зачем", "где",  "куда",   "какие",
        "какой",   "какая",  "каким",   "можно",  "нужно", "надо", "вправе", "обязан",
        "обязаны", "грозит", "чем",     "что-то", "кто",   "ли"};
    // Someone who puts question marks puts them on the questions; only without any does a question
    // word mark one («как» and «можно» are also everyday conjunctions in a story).
    const bool marked =
        std::any_of(sentences.begin(), sentences.end(), [](const auto& s) { return s.second; });
    std::vector<bool> is_question(sentences.size(), false);
    for (size_t i = 0; i < sentences.size(); ++i) {
        auto words = analysis::words(analysis::fold(sentences[i].first));
        bool asks = false;
        for (size_t k = 0; k < words.size() && !asks; ++k)
            asks = question_words.count(words[k]) > 0 && !as_a_role(words, k);
        is_question[i] = sentences[i].second || (!marked && asks);
    }
    // With no «?» at all, people still end with what they want to know: «Подойдёт мне самозанятость
    // для такого или нет», «Хочу прикинуть, во что нам обойдётся». The last sentence is a question too.
    if (!marked && !sentences.empty()) is_question.back() = true;
    // With «?» elsewhere, a message that stops without any mark on a sentence opening with a question
    // word ends on a question too: «…Получается, я плачу налог с денег, которых нет? Как правильно
    // отменить этот чек».
    if (marked && !sentences.empty() && !sentences.back().second) {
        std::string_view last = sentences.back().first;
        while (!last.empty() && std::isspace(static_cast<unsigned char>(last.back()))) last.remove_suffix(1);
        const bool unfinished = !last.empty() && last.back() != '.' && last.back() != '!';
        auto words = analysis::words(analysis::fold(last));
        if (unfinished && !words.empty() && question_words.count(words.front()) > 0 && !as_a_role(words, 0))
            is_question.back() = true;
    }
    std::vector<bool> take = is_question;
    for (size_t i = 1; i < sentences.size(); ++i) {
        // «Правда это или нет?» leans on the sentence before it: a question with at most two words
        // of its own to search for.
        if (!is_question[i]) continue;
        auto words = analysis::words(analysis::fold(sentences[i].first));
        auto own = std::count_if(words.begin(), words.end(), [](const std::string& w) {
            return !analysis::is_stopword(w) && !analysis::is_intent_word(w);
        });
        if (own <= 2) take[i - 1] = true;
    }
    std::string focus;
    size_t focus_words = 0;
    for (size_t i = 0; i < sentences.size(); ++i) {
        if (!take[i]) continue;
        focus += sentences[i].first + " ";
        focus_words += analysis::words(analysis::fold(sentences[i].first)).size();
    }
    // No question found, or the question is most of the message: search with all of it.
    if (focus.empty() || focus_words * 10 > word_count * 8) return std::nullopt;
    return focus;
}

Plan understand(const Xapian::Database& db, const analysis::Stemmer& stem, const Lexicon* lexicon,
                std::string_view question, Role role)
{
    Plan plan;
    Understanding& u = plan.understanding;
    u.original = std::string(question);

    std::string text(question);
    if (auto fixed = fix_layout(db, stem, lexicon, chunks(text))) {
        u.layout_fixed = *fixed;
        text = *fixed;
    }
    text = join_hyphenated(db, stem, text);
    const std::string full_folded = analysis::fold(text);
    const auto full_words = analysis::words(full_folded);
    const std::string folded = analysis::join_names(full_folded);
    // In a long story, the sentences that ask lead the search. The story's other words still count,
    // at kStoryWeight: «подписать по-другому?» needs the «смс» told three sentences before.
    std::set<std::string> focus_stems;
    std::string focus_folded;
    if (auto focus = focus_of_long_message(text)) {
        u.focus = *focus;
        focus_folded = analysis::join_names(analysis::fold(*focus));
        for (const auto& w : analysis::words(focus_folded)) focus_stems.insert(stem(w));
        // What the app showed, quoted in the story («у акта стоит статус «аннулирован»»), is what a
        // question about «этот статус» means: a short quote counts as the question's own words.
        // «…», “…” and "…" (an ASCII quote closes at the next one).
        static const std::array<std::pair<std::string_view, std::string_view>, 3> quotes = {
            {{"«", "»"}, {"“", "”"}, {"\"", "\""}}};
        for (const auto& [opening, closing] : quotes) {
            for (size_t open = folded.find(opening); open != std::string::npos;) {
                const size_t from = open + opening.size();
                const size_t close = folded.find(closing, from);
                if (close == std::string::npos) break;
                const auto quoted = analysis::words(std::string_view(folded).substr(from, close - from));
                if (!quoted.empty() && quoted.size() <= 3)
                    for (const auto& w : quoted)
                        if (w != "мойналог") focus_stems.insert(stem(w));
                open = folded.find(opening, close + closing.size());
            }
        }
    }
    auto in_focus = [&](const std::string& raw_word, const std::string& word_stem) {
        return focus_stems.empty() || focus_stems.count(word_stem) > 0 ||
               focus_stems.count(stem(raw_word)) > 0;
    };
    auto all_words = analysis::words(folded);

    // A word's concept as the index knows it: its stem, synonyms and weight.
    auto concept_of = [&](const std::string& word) {
        Concept c;
        c.word = word;
        c.stem = stem(word);
        c.alternatives = alternatives_for(db, "Z" + c.stem);
        c.idf = idf_of(db, c.alternatives);
        return c;
    };
    auto has_concept = [&](const std::string& concept_stem) {
        return std::any_of(plan.concepts.begin(), plan.concepts.end(),
                           [&](const Concept& other) { return other.stem == concept_stem; });
    };

    std::vector<std::string> corrected_words;
    std::vector<size_t> word_concept;  // index into concepts of each content word, for phrases
    std::vector<std::string> normalized;
    const auto own_status = own_status_in_a_sentence(db, stem, folded, all_words);
    const auto avoided = avoided_in_purpose_clause(folded, all_words);
    for (size_t wi = 0; wi < all_words.size(); ++wi) {
        const std::string& raw_word = all_words[wi];
        // A stopword read as a topic word, not corrected into one.
        std::optional<std::string_view> reading;
        if (means_by_itself(all_words, wi)) reading = kByItself;
        if (own_status == wi) reading = kOwnStatus;
        const bool is_reading = reading.has_value();
        std::string word = reading ? std::string(*reading) : raw_word;
        if (!is_reading && analysis::is_stopword(word)) {
            u.ignored_words.push_back(word);
            corrected_words.push_back(word);
            continue;
        }
        bool known = known_word(db, stem, word);
        if (is_number(word) && !known) {
            u.ignored_words.push_back(word);  // amounts and dates are not topics
            corrected_words.push_back(word);
            continue;
        }
        size_t length = analysis::length_chars(word);
        bool real_word = lexicon != nullptr && lexicon->contains(word);
        if (!known && !real_word && length >= 4 && !starts_with_digit(word)) {
            // One edit up to 6 letters, two above: enough for «самозанятсть», not enough to turn
            // an unrelated word into a domain one.
            unsigned edits = length <= 6 ? 1 : 2;
            std::string suggestion = db.get_spelling_suggestion(word, edits);
            if (plausible_correction(word, suggestion)) {
                u.corrections.emplace_back(word, suggestion);
                word = suggestion;
                known = true;
            }
        }
        // A misspelling the kb itself has taught the index («акаунт» in one phrasing) is corrected all the
        // same; its own stem stays searched, so the phrasing written for it still matches.
        std::optional<std::string> misspelt_stem;
        if (known && !real_word && !is_reading && lexicon != nullptr) {
            if (auto fixed = misspelling_in_phrasings(db, stem, *lexicon, word)) {
                u.corrections.emplace_back(word, *fixed);
                misspelt_stem = schema::stemmed_term("", stem(word));
                word = *fixed;
            }
        }
        if (!known) {
            if (auto base = base_of_diminutive(db, stem, lexicon, word)) {
                u.corrections.emplace_back(word, *base);
                word = *base;
                known = true;
            }
        }
        corrected_words.push_back(is_reading ? raw_word : word);  // a reading, not a correction
        if (analysis::is_stopword(word)) continue;
        normalized.push_back(word);
        Concept c = concept_of(word);
        if (misspelt_stem && std::none_of(c.alternatives.begin(), c.alternatives.end(), [&](const auto& a) {
                return a.size() == 1 && a.front() == *misspelt_stem;
            }))
            c.alternatives.push_back({*misspelt_stem});
        c.intent = analysis::is_intent_word(word);
        c.known = known;
        if (analysis::is_light_word(word)) c.idf *= 0.3;
        c.in_focus = in_focus(raw_word, c.stem) && avoided[wi] == 0;
        if (!c.in_focus) c.idf *= kStoryWeight;
        if (!c.intent) u.content_words.push_back(word);
        // The same word twice adds nothing (and is shown once in --explain).
        bool duplicate = has_concept(c.stem);
        if (c.alternatives.size() > 1 && !duplicate)
            u.synonyms_used.emplace_back(word, shown_synonyms(c.alternatives));
        if (duplicate && c.in_focus) {
            // Told in the story and asked again in the question: it is part of the question.
            for (auto& other : plan.concepts)
                if (other.stem == c.stem && !other.in_focus) {
                    other.in_focus = true;
                    other.idf = c.idf;
                }
        }
        if (!duplicate) {
            word_concept.push_back(plan.concepts.size());
            plan.concepts.push_back(std::move(c));
        }
    }
    // Two sums, one smaller: the person got less than they expected.
    if (auto amounts = less_money_told(all_words)) {
        Concept c = concept_of(std::string(kLess));
        if (!has_concept(c.stem)) {
            u.inferred.emplace_back(c.word, "суммы " + *amounts);
            u.content_words.push_back(c.word);
            normalized.push_back(c.word);
            if (c.alternatives.size() > 1)
                u.synonyms_used.emplace_back(c.word, shown_synonyms(c.alternatives));
            // Not a word of the text, so never part of a multi-word phrase with its neighbour.
            plan.concepts.push_back(std::move(c));
        }
    }
    if (!u.corrections.empty()) {
        std::string corrected;
        for (const auto& w : corrected_words) corrected += (corrected.empty() ? "" : " ") + w;
        u.corrected = corrected;
    }
    for (const auto& w : normalized) u.normalized += (u.normalized.empty() ? "" : " ") + w;

    // Multi-word synonyms: a run of 2–4 content words whose stems form a synonym key.
    const size_t word_count = word_concept.size();
    for (size_t n = 4; n >= 2; --n) {
        for (size_t i = 0; i + n <= word_count; ++i) {
            std::string key;
            for (size_t j = i; j < i + n; ++j)
                key += (key.empty() ? "Z" : " Z") + plan.concepts[word_concept[j]].stem;
            if (!has_synonyms(db, key)) continue;
            Concept phrase;
            for (size_t j = i; j < i + n; ++j) {
                phrase.word += (phrase.word.empty() ? "" : " ") + plan.concepts[word_concept[j]].word;
                phrase.covers.push_back(word_concept[j]);
            }
            phrase.stem = key;
            phrase.alternatives = alternatives_for(db, key);
            phrase.idf = idf_of(db, phrase.alternatives);
            phrase.in_focus = std::all_of(phrase.covers.begin(), phrase.covers.end(),
                                          [&](size_t k) { return plan.concepts[k].in_focus; });
            if (!phrase.in_focus) phrase.idf *= kStoryWeight;
            u.synonyms_used.emplace_back(phrase.word, shown_synonyms(phrase.alternatives));
            plan.concepts.push_back(std::move(phrase));
        }
    }

    double all_weight = 0, unknown_weight = 0;
    for (const auto& c : plan.concepts) {
        if (c.intent || !c.covers.empty()) continue;
        ++u.concepts;
        all_weight += c.idf;
        if (!c.known) unknown_weight += c.idf;
    }
    u.unknown_share = all_weight > 0 ? unknown_weight / all_weight : 0;

    std::vector<Xapian::Query> parts;
    for (const auto& c : plan.concepts) {
        Xapian::Query q = query_for(c.alternatives);
        if (c.intent) q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.3);
        if (!c.in_focus) q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, kStoryWeight);
        parts.push_back(q);
    }
    plan.query = Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    if (role != Role::Any) {
        Xapian::Query audience(Xapian::Query::OP_OR,
                               Xapian::Query(std::string(schema::kAudiencePrefix) + role_name(role)),
                               Xapian::Query(std::string(schema::kAudiencePrefix) + "both"));
        plan.query = Xapian::Query(Xapian::Query::OP_FILTER, plan.query, audience);
    }
    u.xapian_query = plan.query.get_description();
    u.handoff_reason =
        detect_handoff(full_folded, full_words, stem, u.focus ? &focus_folded : nullptr, lexicon);
    return plan;
}

}  // namespace spravka::search
