/** @file  @brief Searcher: Xapian retrieval, per-candidate signals, reranking and the answer decision. */
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "index/schema.hpp"
#include "search/analyzer.hpp"
#include "search/decision.hpp"
#include "search/understand.hpp"
#include "spravka/index.hpp"
#include "spravka/search.hpp"
#include "util/utf8.hpp"

namespace spravka {

using nlohmann::json;

const char* role_name(Role role)
{
    switch (role) {
        case Role::Any: return "any";
        case Role::Contractor: return "contractor";
        case Role::Company: return "company";
    }
    return "any";
}

std::optional<Role> parse_role(std::string_view text)
{
    if (text == "any" || text.empty()) return Role::Any;
    if (text == "contractor" || text == "исполнитель" || text == "самозанятый") return Role::Contractor;
    if (text == "company" || text == "компания") return Role::Company;
    return std::nullopt;
}

const char* ask_status_name(AskStatus status)
{
    switch (status) {
        case AskStatus::Answered: return "answered";
        case AskStatus::NoAnswer: return "no_answer";
        case AskStatus::Handoff: return "handoff";
    }
    return "no_answer";
}

// How many of Xapian's hits are reranked with our signals. Broad synonym groups make most articles
// match a question, so the right one can sit below BM25's top 30; reranking reads only a value slot.
constexpr size_t kRerankDepth = 100;
// Score constants, on the scale of kWeights (which sum to 1).
constexpr double kAudienceBonus = 0.013;       // a role-specific article for that role, over a "both" one
constexpr double kCompanyPrior = 0.013;        // a company-only article when no role is given
constexpr double kCrowdWindow = 0.033;         // "almost as good as the best" for the crowd signal
constexpr double kMinAlternativeScore = 0.23;  // below this an article is not worth listing
constexpr double kNullArticles = 3;  // articles with none of the words, in the decision's phrasing evidence
// In a long message the decision's phrasing evidence counts as much as a question of this many words:
// its log-likelihoods are divided by the message's evidence weight (QuestionMatcher::evidence_weight)
// over this. Naive Bayes takes every word as independent evidence, so a 40-word story made it
// near-certain of one article (0.9 and more for many out-of-scope stories), and the decision could not
// tell those from right answers. Ranking keeps the untempered fit: the order is the same.
constexpr double kLongMessageEvidenceWords = 2.0;

struct Searcher::Impl {
    Xapian::Database db;
    analysis::Stemmer stem;
    std::shared_ptr<const search::Lexicon> lexicon = search::Lexicon::load_default();
    std::string kb_version;
    double typical_phrasings = 0;  ///< schema::kMetaTypicalPhrasings, read once at open
    std::optional<Error> stale;
};

namespace {

// The one place Xapian exceptions become Errors.
template <class F>
auto xapian_guard(const std::string& what, F&& body) -> decltype(body())
{
    try {
        return body();
    } catch (const Xapian::DatabaseCorruptError& e) {
        return fail(Code::IndexCorrupt, what + ": the index is damaged: " + e.get_msg(),
                    "run `spravka kb build --force`");
    } catch (const Xapian::DatabaseOpeningError& e) {
        return fail(Code::IndexMissing, what + ": cannot open the index: " + e.get_msg(),
                    "run `spravka kb build`");
    } catch (const Xapian::Error& e) {
        return fail(Code::IndexCorrupt, what + ": " + e.get_type() + ": " + e.get_msg(),
                    "run `spravka kb build --force`");
    }
}

Result<void> check_question(std::string_view question)
{
    if (!util::valid_utf8(question))
        return fail(Code::Usage, "the question is not valid UTF-8", "check the terminal's encoding (locale)");
    if (question.size() > kMaxQuestionBytes)
        return fail(Code::Usage,
                    "the question is too long (" + std::to_string(question.size()) + " bytes; the limit is " +
                        std::to_string(kMaxQuestionBytes) + ")",
                    "ask the main question in a few sentences, or open a ticket: spravka ticket open "
                    "--message-file -");
    return {};
}

// Which candidates contain a term, found by walking the term's posting list once over the candidates'
// sorted docids (skip_to), instead of decoding every candidate's whole termlist: the cost follows the
// number of candidates and query terms, not article length or kb size.
class TermPresence {
public:
    TermPresence(const Xapian::Database& db, const std::vector<Xapian::docid>& docids) : db_(db)
    {
        order_.resize(docids.size());
        for (size_t i = 0; i < docids.size(); ++i) order_[i] = i;
        std::sort(order_.begin(), order_.end(), [&](size_t a, size_t b) { return docids[a] < docids[b]; });
        for (size_t i : order_) sorted_.push_back(docids[i]);
    }

    bool has(const std::string& term, size_t candidate) const
    {
        auto [it, inserted] = cache_.try_emplace(term);
        if (inserted) {
            it->second.assign(sorted_.size(), 0);
            Xapian::PostingIterator posting = db_.postlist_begin(term);
            const Xapian::PostingIterator end = db_.postlist_end(term);
            for (size_t k = 0; k < sorted_.size() && posting != end; ++k) {
                posting.skip_to(sorted_[k]);
                if (posting != end && *posting == sorted_[k]) it->second[order_[k]] = 1;
            }
        }
        return it->second[candidate] != 0;
    }

private:
    const Xapian::Database& db_;
    std::vector<size_t> order_;
    std::vector<Xapian::docid> sorted_;
    mutable std::unordered_map<std::string, std::vector<char>> cache_;
};

// One candidate's view of TermPresence, with the `count` a set would have.
struct DocTerms {
    const TermPresence& presence;
    size_t candidate;
    size_t count(const std::string& term) const { return presence.has(term, candidate) ? 1 : 0; }
};

// Document frequencies asked for again and again (every question stem of every candidate) are cached.
class TermFreqs {
public:
    explicit TermFreqs(const Xapian::Database& db) : db_(db) {}
    double idf(const std::string& term) const
    {
        auto [it, inserted] = cache_.try_emplace(term, 0.0);
        if (inserted) {
            double n = std::max<double>(1.0, static_cast<double>(db_.get_doccount()));
            it->second = std::log((n + 1.0) / (static_cast<double>(db_.get_termfreq(term)) + 0.5));
        }
        return it->second;
    }

    /// The same for a stem without its "Z", building the term only on a cache miss.
    double idf_of_stem(std::string_view stem) const
    {
        auto it = stem_cache_.find(stem);
        if (it != stem_cache_.end()) return it->second;
        double value = idf("Z" + std::string(stem));
        stem_cache_.emplace(std::string(stem), value);
        return value;
    }

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    const Xapian::Database& db_;
    mutable std::unordered_map<std::string, double> cache_;
    mutable std::unordered_map<std::string, double, Hash, std::equal_to<>> stem_cache_;
};

bool alternative_in(const search::Alternative& alt, const DocTerms& terms, std::string_view prefix)
{
    return std::all_of(alt.begin(), alt.end(), [&](const std::string& term) {
        return terms.count(prefix.empty() ? term : schema::stemmed_term(prefix, term.substr(1))) > 0;
    });
}

// A synonym is weaker evidence than the word itself: «лимит» in a title says more than «превысил».
constexpr double kSynonymCredit = 0.8;

/// 1 when the article has the concept's own word, kSynonymCredit when only a synonym, else 0.
double concept_in(const search::Concept& c, const DocTerms& terms, std::string_view prefix)
{
    for (size_t i = 0; i < c.alternatives.size(); ++i)
        if (alternative_in(c.alternatives[i], terms, prefix)) return i == 0 ? 1.0 : kSynonymCredit;
    return 0.0;
}

// IDF-weighted share of the question's concepts present (phrases stand in for the words they cover).
double coverage(const std::vector<search::Concept>& concepts, const DocTerms& terms, std::string_view prefix,
                int* matched = nullptr)
{
    std::vector<double> hit(concepts.size(), 0.0);
    for (size_t i = 0; i < concepts.size(); ++i) hit[i] = concept_in(concepts[i], terms, prefix);
    for (size_t i = 0; i < concepts.size(); ++i)
        if (hit[i] > 0)
            for (size_t covered : concepts[i].covers) hit[covered] = std::max(hit[covered], hit[i]);
    double total = 0, got = 0;
    int count = 0;
    for (size_t i = 0; i < concepts.size(); ++i) {
        if (concepts[i].intent) continue;
        double weight = concepts[i].idf;
        if (!concepts[i].covers.empty()) {
            // A phrase («стать самозанятым» = registering) can mean more than its common words add up
            // to; the difference counts as one more concept, found only where the phrase's meaning is.
            double words = 0;
            for (size_t covered : concepts[i].covers) words += concepts[covered].idf;
            weight = std::max(0.0, weight - words);
            if (weight <= 0) continue;
        }
        total += weight;
        if (hit[i] > 0) {
            got += weight * hit[i];
            if (concepts[i].covers.empty()) ++count;
        }
    }
    if (matched) *matched = count;
    return total > 0 ? got / total : 0.0;
}

// How a question fits an article's own phrasings, two ways:
// - best: weighted Jaccard with the closest single phrasing. Question words count here too: «когда
//   копилка платит налог» and «копилка платит налог за меня» share every content word, and «когда» is
//   what tells them apart.
// - log_likelihood: naive Bayes over all of them, Σ log P(concept | article), P being the smoothed
//   share of the article's phrasings that contain the concept. One phrasing that happens to share a
//   word says little; an article whose phrasings keep using the question's words is about them.
// Built once per question, so matching 100 candidates' phrasings allocates nothing.
struct PhrasingFit {
    double best = 0;
    double log_likelihood = 0;
    double null_log_likelihood = 0;  ///< the same article if none of its phrasings had the question's words
};

class QuestionMatcher {
public:
    // Question words and «не» are in almost every article, so their IDF is ~0; give them a fixed weight
    // (about that of a word found in a third of the articles) so that «когда» and «не» still count.
    static constexpr double kIntentWeight = 0.8;

    /// `typical_phrasings`: the kb's median count (the index's metadata). An article with fewer is
    /// scored as if it had that many, the share of them that has a concept kept. With its real count
    /// it paid less for each word it lacked, and in a long message, where most words are missing
    /// everywhere, it won: three new 12–14-phrasing articles took 27 development questions from their
    /// 31–38-phrasing neighbours.
    QuestionMatcher(const std::vector<search::Concept>& concepts, const TermFreqs& freqs,
                    double typical_phrasings)
        : concepts_(concepts), freqs_(freqs), typical_phrasings_(typical_phrasings)
    {
        for (size_t i = 0; i < concepts.size(); ++i) {
            if (!concepts[i].covers.empty()) continue;
            question_weight_ += weight_of(concepts[i]);
            evidence_weight_ += evidence_weight_of(concepts[i]);
        }
    }

    /// How many words of evidence the log-likelihood sums: 1 per question concept, kStoryWeight per
    /// concept told only in a long message's story.
    double evidence_weight() const { return evidence_weight_; }

    /// Naive-Bayes smoothing: a concept no phrasing has still gets (kAlpha / (N + 2 kAlpha)), N being
    /// the article's number of phrasings, but at least `typical_phrasings`.
    static constexpr double kAlpha = 0.25;

    /// Both fits over the article's phrasings; each phrasing is a line of stems.
    PhrasingFit fit(const std::vector<std::string_view>& questions) const
    {
        double best = 0;
        std::vector<std::string_view> stems;
        std::vector<char> used;
        counts_.assign(concepts_.size(), 0.0);
        double phrasings = 0;
        for (std::string_view line : questions) {
            stems.clear();
            for (size_t pos = 0; pos < line.size();) {
                size_t end = line.find(' ', pos);
                if (end == std::string_view::npos) end = line.size();
                std::string_view stem = line.substr(pos, end - pos);
                if (!stem.empty() && std::find(stems.begin(), stems.end(), stem) == stems.end())
                    stems.push_back(stem);
                pos = end + 1;
            }
            if (stems.empty()) continue;
            phrasings += 1;
            used.assign(stems.size(), 0);
            // Each concept takes the first of its alternatives (its own stem first) that the phrasing has.
            double shared = 0;
            for (size_t ci = 0; ci < concepts_.size(); ++ci) {
                const auto& c = concepts_[ci];
                if (!c.covers.empty()) continue;
                bool found = false;
                for (size_t a = 0; a < c.alternatives.size(); ++a) {
                    const auto& alt = c.alternatives[a];
                    if (alt.size() != 1) continue;
                    std::string_view term = std::string_view(alt.front()).substr(1);
                    for (size_t k = 0; k < stems.size(); ++k)
                        if (stems[k] == term) {
                            shared += weight_of(c) * (a == 0 ? 1.0 : kSynonymCredit);
                            counts_[ci] += 1;
                            used[k] = 1;
                            found = true;
                            break;
                        }
                    if (found) break;
                }
            }
            double extra = 0;
            for (size_t k = 0; k < stems.size(); ++k)
                if (!used[k])
                    extra +=
                        analysis::is_intent_stem(stems[k]) ? kIntentWeight : freqs_.idf_of_stem(stems[k]);
            double union_weight = question_weight_ + extra;
            if (union_weight > 0) best = std::max(best, shared / union_weight);
        }
        PhrasingFit out;
        out.best = best;
        const double n = std::max(phrasings, typical_phrasings_);
        for (size_t ci = 0; ci < concepts_.size(); ++ci) {
            if (!concepts_[ci].covers.empty()) continue;
            double share = phrasings > 0 ? counts_[ci] / phrasings : 0.0;
            out.log_likelihood +=
                evidence_weight_of(concepts_[ci]) * std::log((share * n + kAlpha) / (n + 2 * kAlpha));
        }
        out.null_log_likelihood = evidence_weight_ * std::log(kAlpha / (n + 2 * kAlpha));
        return out;
    }

private:
    // A word told only in a long message's story counts less in the likelihood too.
    static double evidence_weight_of(const search::Concept& c)
    {
        return c.in_focus ? 1.0 : search::kStoryWeight;
    }
    static double weight_of(const search::Concept& c)
    {
        if (!c.intent) return c.idf;
        return c.in_focus ? kIntentWeight : kIntentWeight * search::kStoryWeight;
    }
    const std::vector<search::Concept>& concepts_;
    const TermFreqs& freqs_;
    double typical_phrasings_ = 0;
    double question_weight_ = 0;
    double evidence_weight_ = 0;
    mutable std::vector<double> counts_;  // per concept: phrasings that contain it
};

// Naive-Bayes posteriors over the candidates (softmax of the log-likelihoods), with `null_count` more
// articles competing at `null_log_likelihood`.
std::vector<double> posteriors(const std::vector<double>& log_likelihood, double null_log_likelihood,
                               double null_count)
{
    std::vector<double> out(log_likelihood.size(), 0.0);
    if (log_likelihood.empty()) return out;
    double top =
        std::max(*std::max_element(log_likelihood.begin(), log_likelihood.end()), null_log_likelihood);
    double sum = null_count * std::exp(null_log_likelihood - top);
    for (double l : log_likelihood) sum += std::exp(l - top);
    for (size_t i = 0; i < out.size(); ++i) out[i] = std::exp(log_likelihood[i] - top) / sum;
    return out;
}

std::string make_snippet(const std::string& text, const std::vector<search::Concept>& concepts,
                         const analysis::Stemmer& stem)
{
    std::set<std::string> wanted;
    for (const auto& c : concepts)
        for (const auto& alt : c.alternatives)
            if (alt.size() == 1) wanted.insert(alt.front().substr(1));
    std::string best;
    size_t best_hits = 0;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find_first_of(".\n", start);
        if (end == std::string::npos) end = text.size();
        std::string sentence = text.substr(start, end - start);
        size_t hits = 0;
        for (const auto& w : analysis::words(analysis::join_names(analysis::fold(sentence))))
            if (wanted.count(stem(w))) ++hits;
        if (hits > best_hits || best.empty()) {
            if (hits > best_hits || best.empty()) best = sentence;
            best_hits = std::max(best_hits, hits);
        }
        start = end + 1;
    }
    while (!best.empty() && (best.front() == ' ')) best.erase(0, 1);
    if (analysis::length_chars(best) > 160) best = util::truncate_chars(best, 157) + "...";
    return best;
}

}  // namespace

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

Result<Searcher> Searcher::open(const std::filesystem::path& index_dir)
{
    return xapian_guard("opening " + index_dir.string(), [&]() -> Result<Searcher> {
        auto impl = std::make_unique<Impl>();
        impl->db = Xapian::Database(index_dir.string());
        std::string schema_version = impl->db.get_metadata(std::string(schema::kMetaSchema));
        if (schema_version != std::to_string(kIndexSchemaVersion))
            return fail(Code::IndexSchema,
                        "the index at " + index_dir.string() + " has schema " +
                            (schema_version.empty() ? "unknown" : schema_version) + ", this spravka needs " +
                            std::to_string(kIndexSchemaVersion),
                        "run `spravka kb build --force`");
        impl->kb_version = impl->db.get_metadata(std::string(schema::kMetaKbVersion));
        impl->typical_phrasings =
            std::atof(impl->db.get_metadata(std::string(schema::kMetaTypicalPhrasings)).c_str());
        return Searcher(std::move(impl));
    });
}

std::string Searcher::kb_version() const
{
    return impl_->kb_version;
}

const std::optional<Error>& Searcher::stale() const
{
    return impl_->stale;
}

namespace {

struct Ranked {
    std::vector<Candidate> candidates;
    search::Plan plan;
};

Ranked rank(const Xapian::Database& db, const analysis::Stemmer& stem, const search::Lexicon* lexicon,
            double typical_phrasings, std::string_view question, Role role, size_t depth)
{
    Ranked out;
    out.plan = search::understand(db, stem, lexicon, question, role);
    if (out.plan.concepts.empty()) return out;
    Xapian::Enquire enquire(db);
    enquire.set_query(out.plan.query);
    Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(depth));
    double max_weight = mset.empty() ? 1.0 : std::max(1e-9, mset.begin().get_weight());
    std::vector<Xapian::docid> docids;
    for (auto it = mset.begin(); it != mset.end(); ++it) docids.push_back(*it);
    TermPresence presence(db, docids);
    TermFreqs freqs(db);
    QuestionMatcher matcher(out.plan.concepts, freqs, typical_phrasings);
    // A topic we do not cover is judged on the whole message, like an article: a long story about a
    // mortgage or bailiffs that ends in «что делать?» is that topic's, and the article the question
    // sentence names is still offered under "may fit" (docs/search.md, "Out-of-scope topics").
    const bool long_message = out.plan.understanding.focus.has_value();
    // A long message ranks on its own weights (decision.hpp).
    const auto& weights = long_message ? search::kLongMessageWeights : search::kWeights;
    std::vector<double> log_likelihood;
    // The likeliest "none of the words" article: the one with the fewest phrasings pays least for them.
    double null_log_likelihood = -std::numeric_limits<double>::infinity();
    size_t index = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it, ++index) {
        // The ranking slot: id, title, audience, path, then a line of stems per question.
        std::string slot = it.get_document().get_value(schema::kSlotRanking);
        std::vector<std::string> lines;
        for (size_t start = 0; start < slot.size();) {
            size_t end = slot.find('\n', start);
            if (end == std::string::npos) end = slot.size();
            lines.emplace_back(slot, start, end - start);
            start = end + 1;
        }
        if (lines.size() < 5) continue;
        std::vector<std::string_view> questions(lines.begin() + 5, lines.end());
        DocTerms terms{presence, index};
        Candidate c;
        c.id = lines[0];
        c.title = lines[1];
        c.audience = parse_audience(lines[2]).value_or(Audience::Both);
        c.path = lines[3];
        c.out_of_scope = lines[4] == "out_of_scope";
        c.bm25 = it.get_weight();
        const auto& concepts = out.plan.concepts;
        c.coverage = coverage(concepts, terms, "", &c.matched_words);
        double title_cov = coverage(concepts, terms, "S");
        double questions_cov = coverage(concepts, terms, "XQ");
        c.title_coverage = std::max(title_cov, questions_cov);
        PhrasingFit fit = matcher.fit(questions);
        c.best_question = fit.best;
        log_likelihood.push_back(fit.log_likelihood);
        null_log_likelihood = std::max(null_log_likelihood, fit.null_log_likelihood);
        c.score = weights.coverage * c.coverage + weights.title_coverage * c.title_coverage +
                  weights.best_question * c.best_question + weights.bm25 * (c.bm25 / max_weight);
        // A role-specific article fits its own audience better than a "both" one.
        if (role != Role::Any && c.audience != Audience::Both) c.score += kAudienceBonus;
        // Most people who do not say who they are are contractors: a company-only article must fit
        // a little better to win.
        if (role == Role::Any && c.audience == Audience::Company) c.score -= kCompanyPrior;
        out.candidates.push_back(std::move(c));
    }
    // The ranking weighs each candidate against the others; the decision's evidence also against
    // kNullArticles articles with none of the words, so that two candidates that fit equally badly
    // do not get 0.5 each.
    auto fit = posteriors(log_likelihood, null_log_likelihood, 0);
    const double temperature =
        long_message ? std::max(1.0, matcher.evidence_weight() / kLongMessageEvidenceWords) : 1.0;
    for (auto& l : log_likelihood) l /= temperature;
    auto evidence = posteriors(log_likelihood, null_log_likelihood / temperature, kNullArticles);
    for (size_t i = 0; i < out.candidates.size(); ++i) {
        auto& c = out.candidates[i];
        c.phrasing_fit = fit[i];
        c.phrasing_evidence = evidence[i];
        c.score += weights.phrasing_fit * search::phrasing_term(c.phrasing_fit);
    }
    std::stable_sort(out.candidates.begin(), out.candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    return out;
}

// Each concept is named by the smallest member of its synonym group, so «бабки» and «деньги» agree.
// Question words are left out, but not «без»: «без смс» and «по смс» are two different questions.
std::string key_of(const search::Plan& plan)
{
    std::set<std::string> key;
    for (const auto& c : plan.concepts) {
        if ((c.intent && c.word != "без") || !c.covers.empty()) continue;
        std::string name;
        for (const auto& alt : c.alternatives) {
            if (alt.size() != 1) continue;
            std::string s = alt.front().substr(1);
            if (name.empty() || s < name) name = s;
        }
        key.insert(name.empty() ? c.stem : name);
    }
    std::string out;
    for (const auto& k : key) out += (out.empty() ? "" : " ") + k;
    return out;
}

OutOfScopeMatch out_of_scope_match(const Xapian::Database& db, const Candidate& topic)
{
    OutOfScopeMatch match{topic.id, topic.title, {}};
    std::string term = std::string(schema::kOutOfScopePrefix) + topic.id;
    auto posting = db.postlist_begin(term);
    if (posting == db.postlist_end(term)) return match;
    json data = json::parse(db.get_document(*posting).get_data(), nullptr, false);
    if (!data.is_discarded()) match.reply = data.value("reply", "");
    return match;
}

// Snippets only for what is shown: reading full article data is the costly part of a candidate.
void fill_snippets(const Xapian::Database& db, const analysis::Stemmer& stem, const search::Plan& plan,
                   std::vector<Candidate>& candidates, size_t count)
{
    for (size_t i = 0; i < candidates.size() && i < count; ++i) {
        std::string term = std::string(schema::kIdPrefix) + candidates[i].id;
        auto posting = db.postlist_begin(term);
        if (posting == db.postlist_end(term)) continue;
        json data = json::parse(db.get_document(*posting).get_data(), nullptr, false);
        if (!data.is_discarded())
            candidates[i].snippet = make_snippet(data.value("text", ""), plan.concepts, stem);
    }
}

}  // namespace

Result<AskResult> Searcher::ask(std::string_view question, const AskOptions& options) const
{
    if (auto ok = check_question(question); !ok) return tl::unexpected(ok.error());
    return xapian_guard("searching", [&]() -> Result<AskResult> {
        AskResult result;
        result.query = std::string(question);
        result.role = options.role;
        result.kb_version = impl_->kb_version;
        Ranked ranked = rank(impl_->db, impl_->stem, impl_->lexicon.get(), impl_->typical_phrasings, question,
                             options.role, kRerankDepth);
        result.understanding = ranked.plan.understanding;
        result.normalized_key = key_of(ranked.plan);
        auto& candidates = ranked.candidates;
        for (size_t i = 0; i < candidates.size() && i < options.considered; ++i)
            result.considered.push_back(candidates[i]);

        // Only articles that plausibly fit are offered; a weak list is worse than none.
        auto take_alternatives = [&](size_t from, double min_score) {
            for (size_t i = from; i < candidates.size() && result.alternatives.size() < options.alternatives;
                 ++i)
                if (!candidates[i].out_of_scope && candidates[i].score >= min_score)
                    result.alternatives.push_back(candidates[i]);
        };

        if (result.understanding.handoff_reason) {
            result.status = AskStatus::Handoff;
            result.decision = "передаём человеку: " + *result.understanding.handoff_reason;
            take_alternatives(0, kMinAlternativeScore);
            return result;
        }
        if (candidates.empty()) {
            result.status = AskStatus::NoAnswer;
            result.decision = ranked.plan.concepts.empty() ? "в вопросе нет слов, по которым можно искать"
                                                           : "ни одна статья не содержит слов вопроса";
            return result;
        }
        // The best article (an out-of-scope topic may rank above it) and what comes after it.
        size_t best = 0;
        while (best < candidates.size() && candidates[best].out_of_scope) ++best;
        // An out-of-scope topic fits better than any article: say so and point elsewhere.
        auto refuse_as_not_ours = [&] {
            result.status = AskStatus::NoAnswer;
            result.out_of_scope = out_of_scope_match(impl_->db, candidates.front());
            result.decision = "вопрос не по нашей теме: " + candidates.front().title;
        };
        if (best == candidates.size()) {
            refuse_as_not_ours();
            return result;
        }
        const Candidate& top = candidates[best];
        search::DecisionSignals signals;
        signals.coverage = top.coverage;
        signals.title_coverage = top.title_coverage;
        signals.best_question = top.best_question;
        double max_bm25 = 0;
        for (size_t i = 0; i < candidates.size() && i < 5; ++i)
            max_bm25 = std::max(max_bm25, candidates[i].bm25);
        signals.bm25_rel = max_bm25 > 0 ? top.bm25 / max_bm25 : 0;
        signals.margin = top.score - (best + 1 < candidates.size() ? candidates[best + 1].score : 0.0);
        signals.unknown_share = result.understanding.unknown_share;
        signals.log_concepts = std::log(1.0 + static_cast<double>(result.understanding.concepts));
        // How far the article is ahead of the closest out-of-scope topic (its own score when none matched).
        double best_topic = 0;
        for (const auto& c : candidates)
            if (c.out_of_scope) best_topic = std::max(best_topic, c.score);
        signals.out_of_scope_gap = top.score - best_topic;
        signals.long_message = result.understanding.focus ? 1.0 : 0.0;
        // How many other articles score almost as well: «выплата» alone fits five articles equally.
        int close = 0;
        for (size_t i = best + 1; i < candidates.size() && i < best + 11; ++i)
            if (!candidates[i].out_of_scope && top.score - candidates[i].score < kCrowdWindow) ++close;
        signals.crowd = std::min(close, 5) / 5.0;
        signals.phrasing_fit = top.phrasing_evidence;
        auto values = signals.as_array();
        for (size_t i = 0; i < values.size(); ++i)
            result.decision_signals.emplace_back(search::kSignalNames[i], values[i]);
        const auto& model = search::kModel;
        double p = model.probability(signals);
        result.confidence = p;
        char line[160];
        if (best > 0) {
            refuse_as_not_ours();
            if (p >= model.suggest) take_alternatives(0, kMinAlternativeScore);
        } else if (p >= model.threshold) {
            result.status = AskStatus::Answered;
            result.answer = top;
            auto article = this->article(top.id);
            if (article) result.answer_text = article->body;
            std::snprintf(line, sizeof line, "ответ: уверенность %.2f ≥ порога %.2f", p, model.threshold);
            result.decision = line;
            take_alternatives(1, kMinAlternativeScore);
        } else {
            result.status = AskStatus::NoAnswer;
            std::snprintf(line, sizeof line, "нет уверенного ответа: уверенность %.2f < порога %.2f", p,
                          model.threshold);
            result.decision = line;
            // "May fit": the top few, if the best of them is at least plausible.
            if (p >= model.suggest) take_alternatives(0, kMinAlternativeScore);
        }
        return result;
    });
}

Result<std::vector<Candidate>> Searcher::search(std::string_view query, Role role, size_t limit,
                                                bool with_out_of_scope) const
{
    if (auto ok = check_question(query); !ok) return tl::unexpected(ok.error());
    return xapian_guard("searching", [&]() -> Result<std::vector<Candidate>> {
        Ranked ranked = rank(impl_->db, impl_->stem, impl_->lexicon.get(), impl_->typical_phrasings, query,
                             role, std::max(limit, kRerankDepth));
        if (!with_out_of_scope)
            std::erase_if(ranked.candidates, [](const Candidate& c) { return c.out_of_scope; });
        if (ranked.candidates.size() > limit) ranked.candidates.resize(limit);
        fill_snippets(impl_->db, impl_->stem, ranked.plan, ranked.candidates, limit);
        return ranked.candidates;
    });
}

Result<Article> Searcher::article(std::string_view id) const
{
    return xapian_guard("reading an article", [&]() -> Result<Article> {
        std::string term = std::string(schema::kIdPrefix) + std::string(id);
        auto posting = impl_->db.postlist_begin(term);
        if (posting == impl_->db.postlist_end(term))
            return fail(Code::NotFound, "no article with id '" + std::string(id) + "'",
                        "list articles with `spravka search ...`");
        json data = json::parse(impl_->db.get_document(*posting).get_data(), nullptr, false);
        if (data.is_discarded())
            return fail(Code::IndexCorrupt, "stored article '" + std::string(id) + "' is unreadable",
                        "run `spravka kb build --force`");
        Article a;
        a.id = data.value("id", "");
        a.title = data.value("title", "");
        a.audience = parse_audience(data.value("audience", "both")).value_or(Audience::Both);
        a.path = data.value("path", "");
        a.body = data.value("body", "");
        a.plain_text = data.value("text", "");
        a.questions = data.value("questions", std::vector<std::string>{});
        a.tags = data.value("tags", std::vector<std::string>{});
        a.updated = data.value("updated", "");
        a.review_by = data.value("review_by", "");
        a.sources = data.value("sources", std::vector<std::string>{});
        a.related = data.value("related", std::vector<std::string>{});
        a.status = ArticleStatus::Published;
        return a;
    });
}

Result<std::vector<std::string>> Searcher::ids() const
{
    return xapian_guard("listing articles", [&]() -> Result<std::vector<std::string>> {
        std::vector<std::string> out;
        std::string prefix(schema::kIdPrefix);
        for (auto it = impl_->db.allterms_begin(prefix); it != impl_->db.allterms_end(prefix); ++it)
            out.push_back((*it).substr(prefix.size()));
        return out;
    });
}

std::string Searcher::normalized_key(std::string_view question) const
{
    if (!util::valid_utf8(question) || question.size() > kMaxQuestionBytes) return {};
    try {
        return key_of(search::understand(impl_->db, impl_->stem, impl_->lexicon.get(), question, Role::Any));
    } catch (const Xapian::Error&) {
        return {};
    }
}

Result<Searcher> open_searcher_for(const std::filesystem::path& kb_dir,
                                   const std::filesystem::path& cache_dir)
{
    auto handle = ensure_index(kb_dir, cache_dir);
    if (!handle) return tl::unexpected(handle.error());
    auto searcher = Searcher::open(handle->dir);
    if (searcher) searcher->impl_->stale = handle->stale;
    return searcher;
}

}  // namespace spravka
