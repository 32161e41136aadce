/** @file  @brief Query understanding: layout fix, stopwords, spelling, synonyms, the Xapian query. */
#include "search/understand.hpp"

#include <algorithm>
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
    return !word.empty() && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_ascii_word(const std::string& word)
{
    return std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// A word is known when the index has its stem or a synonym for it. (1.4 has no spelling-frequency
// look-up; the stem test is stricter anyway.)
bool known_word(const Xapian::Database& db, const analysis::Stemmer& stem, const std::string& folded)
{
    std::string z = "Z" + stem(folded);
    return db.term_exists(z) || has_synonyms(db, z);
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
                                      const std::vector<std::string>& raw_chunks)
{
    size_t candidates = 0, converted_known = 0;
    std::vector<std::string> out;
    for (const auto& raw : raw_chunks) {
        std::string chunk = strip_trailing_punct(raw);
        std::string folded = analysis::fold(chunk);
        auto words_as_typed = analysis::words(folded);
        bool typed_known = !words_as_typed.empty() &&
                           std::all_of(words_as_typed.begin(), words_as_typed.end(), [&](const std::string& w) {
                               return is_number(w) || known_word(db, stem, w);
                           });
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
                               return analysis::is_stopword(w) || known_word(db, stem, w);
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
            phrases.emplace_back(Xapian::Query::OP_AND, alt.begin(), alt.end());
    }
    Xapian::Query q(Xapian::Query::OP_SYNONYM, singles.begin(), singles.end());
    if (!phrases.empty()) {
        Xapian::Query p(Xapian::Query::OP_OR, phrases.begin(), phrases.end());
        q = singles.empty() ? p : Xapian::Query(Xapian::Query::OP_OR, q, p);
    }
    return q;
}

}  // namespace

std::optional<std::string> detect_handoff(const std::string& folded, const std::vector<std::string>& words,
                                          const analysis::Stemmer& stem)
{
    std::set<std::string> stems;
    for (const auto& w : words) stems.insert(stem(w));
    auto has = [&](std::initializer_list<const char*> list) {
        return std::any_of(list.begin(), list.end(), [&](const char* s) { return stems.count(s) > 0; });
    };
    // 1. Asking for a person: someone to talk to, plus a verb of connecting or wanting.
    bool person = has({"оператор", "человек", "сотрудник", "менеджер", "специалист", "консультант", "поддержк"});
    bool live = has({"жив", "реальн", "настоящ"});
    bool connect = has({"соедин", "позов", "позва", "переключ", "связ", "свяж", "поговор", "позвон", "перезвон",
                        "нужен", "нужн", "хоч", "дайт", "зов"});
    if ((person && (connect || live)) || (live && stems.count("человек")))
        return std::string("просьба соединить с человеком");

    // 2. Asking support to act on the person's own case: an imperative addressed to support.
    static const std::set<std::string> act_stems = {"разбер", "разберит", "верн", "удал", "отмен", "исправ",
                                                    "провер", "разблокир", "восстанов", "перевед", "отправ",
                                                    "пришл", "оплат", "зачисл", "аннулир", "заблокир", "измен",
                                                    "помен", "отключ", "отвяж", "верн"};
    for (const auto& w : words) {
        bool imperative = w.size() > 6 && (w.ends_with("ите") || w.ends_with("йте") || w.ends_with("итесь") ||
                                           w.ends_with("йтесь"));
        if (!imperative) continue;
        std::string s = stem(w);
        for (const auto& act : act_stems)
            if (s.rfind(act, 0) == 0) return "просьба что-то сделать с личным случаем («" + w + "»)";
    }

    // 3. A specific case: a document number, or an amount together with a date.
    static const std::regex doc_number(
        R"((№|#|номер)\s*\d{2,}|(акт|акта|акту|чек|чека|договор|договора|счет|счета|платеж|платежа|платежку|платежка|поручение|заявк[аиу]|выплат[аиу])\s*(№\s*)?\d{3,})");
    static const std::regex amount(R"(\d[\d\s]*\d\s*(₽|р\b|р\.|руб|тыс|к\b)|\d{4,}\s*(₽|р\b|р\.|руб))");
    static const std::regex date(
        R"(\b\d{1,2}[./]\d{1,2}([./]\d{2,4})?\b|\b\d{1,2}\s+(января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря)|\b(вчера|позавчера|сегодня)\b)");
    bool has_doc = std::regex_search(folded, doc_number);
    bool has_amount = std::regex_search(folded, amount);
    bool has_date = std::regex_search(folded, date);
    if (has_doc) return std::string("вопрос о конкретном документе");
    if (has_amount && has_date) return std::string("вопрос о конкретной выплате: сумма и дата");
    return std::nullopt;
}

Plan understand(const Xapian::Database& db, const analysis::Stemmer& stem, std::string_view question, Role role)
{
    Plan plan;
    Understanding& u = plan.understanding;
    u.original = std::string(question);

    std::string text(question);
    if (auto fixed = fix_layout(db, stem, chunks(text))) {
        u.layout_fixed = *fixed;
        text = *fixed;
    }
    std::string folded = analysis::fold(text);
    auto all_words = analysis::words(folded);

    std::vector<std::string> corrected_words;
    std::vector<size_t> word_concept;  // index into concepts of each content word, for phrases
    std::vector<std::string> normalized;
    for (const auto& raw_word : all_words) {
        std::string word = raw_word;
        if (analysis::is_stopword(word)) {
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
        if (!known && length >= 4 && !is_number(word)) {
            // One edit up to 6 letters, two above: enough for «самозанятсть», not enough to turn
            // an unrelated word into a domain one.
            unsigned edits = length <= 6 ? 1 : 2;
            std::string suggestion = db.get_spelling_suggestion(word, edits);
            if (!suggestion.empty() && suggestion != word) {
                u.corrections.emplace_back(word, suggestion);
                word = suggestion;
                known = true;
            }
        }
        corrected_words.push_back(word);
        if (analysis::is_stopword(word)) continue;
        normalized.push_back(word);
        Concept c;
        c.word = word;
        c.stem = stem(word);
        c.alternatives = alternatives_for(db, "Z" + c.stem);
        c.intent = analysis::is_intent_word(word);
        c.known = known;
        c.idf = idf_of(db, c.alternatives);
        if (!c.intent) u.content_words.push_back(word);
        if (c.alternatives.size() > 1) {
            std::vector<std::string> shown;
            for (size_t i = 1; i < c.alternatives.size(); ++i) {
                std::string s;
                for (const auto& t : c.alternatives[i]) s += (s.empty() ? "" : " ") + t.substr(1);
                shown.push_back(s);
            }
            u.synonyms_used.emplace_back(word, shown);
        }
        // The same word twice adds nothing.
        bool duplicate = std::any_of(plan.concepts.begin(), plan.concepts.end(),
                                     [&](const Concept& other) { return other.stem == c.stem; });
        if (!duplicate) {
            word_concept.push_back(plan.concepts.size());
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
            for (size_t j = i; j < i + n; ++j) key += (key.empty() ? "Z" : " Z") + plan.concepts[word_concept[j]].stem;
            if (!has_synonyms(db, key)) continue;
            Concept phrase;
            for (size_t j = i; j < i + n; ++j) {
                phrase.word += (phrase.word.empty() ? "" : " ") + plan.concepts[word_concept[j]].word;
                phrase.covers.push_back(word_concept[j]);
            }
            phrase.stem = key;
            phrase.alternatives = alternatives_for(db, key);
            phrase.idf = idf_of(db, phrase.alternatives);
            std::vector<std::string> shown;
            for (size_t a = 1; a < phrase.alternatives.size(); ++a) {
                std::string s;
                for (const auto& t : phrase.alternatives[a]) s += (s.empty() ? "" : " ") + t.substr(1);
                shown.push_back(s);
            }
            u.synonyms_used.emplace_back(phrase.word, shown);
            plan.concepts.push_back(std::move(phrase));
        }
    }

    std::vector<Xapian::Query> parts;
    for (const auto& c : plan.concepts) {
        Xapian::Query q = query_for(c.alternatives);
        if (c.intent) q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.3);
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
    u.handoff_reason = detect_handoff(folded, all_words, stem);
    return plan;
}

}  // namespace spravka::search
