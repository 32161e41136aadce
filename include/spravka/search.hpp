/** @file  @brief Question in, ranked articles out, with the decision to answer, refuse or hand over. */
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "spravka/article.hpp"
#include "spravka/error.hpp"

namespace spravka {

enum class Role { Any, Contractor, Company };
const char* role_name(Role role);  ///< "any", "contractor", "company"
std::optional<Role> parse_role(std::string_view text);

enum class AskStatus { Answered, NoAnswer, Handoff };
const char* ask_status_name(AskStatus status);  ///< "answered", "no_answer", "handoff"

/// Longest question accepted, in bytes (about 2 500 Cyrillic letters, 300+ words). Longer is Code::Usage.
inline constexpr std::size_t kMaxQuestionBytes = 5000;

/// One ranked article with the signals behind its place.
struct Candidate {
    std::string id;
    std::string title;
    Audience audience = Audience::Both;
    std::string path;
    double score = 0;              ///< final ranking score (higher is better), what JSON reports
    double bm25 = 0;               ///< Xapian's weight
    double coverage = 0;           ///< IDF-weighted share of the question's content words in the article
    double title_coverage = 0;     ///< the same share in the title and `questions`
    double best_question = 0;      ///< best overlap with one of the article's own `questions`
    double phrasing_fit = 0;       ///< naive-Bayes share among the candidates: how all its `questions` fit
    double phrasing_evidence = 0;  ///< phrasing_fit with articles that have none of the words competing
    int matched_words = 0;
    bool out_of_scope = false;  ///< an out-of-scope topic (kb/_meta/out-of-scope.yaml), not an article
    std::string snippet;
};

/// How the question was understood: what `--explain` prints.
struct Understanding {
    std::string original;
    std::string normalized;                   ///< lower-cased, ё→е, filler removed
    std::optional<std::string> layout_fixed;  ///< set when keyboard-layout conversion was applied
    std::optional<std::string> focus;         ///< for a long message: the sentences that ask the question
    std::optional<std::string> corrected;     ///< set when spelling correction changed a word
    std::vector<std::pair<std::string, std::string>> corrections;  ///< (typed, corrected)
    std::vector<std::string> content_words;                        ///< words that drive ranking
    std::vector<std::string> ignored_words;                        ///< stopwords and filler
    std::vector<std::pair<std::string, std::vector<std::string>>> synonyms_used;
    /// Words the question implies without saying them: (word, what it was read from), e.g. «меньше»
    /// from two sums of money, one smaller.
    std::vector<std::pair<std::string, std::string>> inferred;
    std::string xapian_query;  ///< Query::get_description()
    std::optional<std::string> handoff_reason;
    double unknown_share = 0;  ///< IDF-weighted share of content words the index has never seen
    std::size_t concepts = 0;  ///< content words and phrases searched for
};

/// The out-of-scope topic a question matched best: what to tell the person instead of an article.
struct OutOfScopeMatch {
    std::string id;
    std::string title;
    std::string reply;
};

struct AskResult {
    std::string query;
    Role role = Role::Any;
    AskStatus status = AskStatus::NoAnswer;
    std::optional<Candidate> answer;
    std::string answer_text;              ///< Markdown body of the answer
    std::vector<Candidate> alternatives;  ///< next best (or "may fit" suggestions on no_answer)
    std::vector<Candidate> considered;    ///< the top candidates the decision looked at (for --explain)
    std::string decision;                 ///< one line: why answered / refused / handed over
    std::optional<OutOfScopeMatch> out_of_scope;  ///< no_answer because the question is not ours
    double confidence = 0;                        ///< probability that the top article answers the question
    std::vector<std::pair<std::string, double>> decision_signals;  ///< the model's inputs (--explain)
    Understanding understanding;
    std::string kb_version;
    std::string normalized_key;  ///< Searcher::normalized_key of the question (grouping in stats)
};

struct AskOptions {
    Role role = Role::Any;         ///< Default: Any. Contractor/Company filter to that audience + both.
    std::size_t alternatives = 3;  ///< Default: 3.
    std::size_t considered = 5;    ///< How many top candidates AskResult::considered keeps. Default: 5.
};

/// An open index. Cheap to open; all Xapian use stays behind this type.
class Searcher {
public:
    /// @return Code::IndexMissing, Code::IndexCorrupt or Code::IndexSchema (with a rebuild hint).
    [[nodiscard]] static Result<Searcher> open(const std::filesystem::path& index_dir);
    Searcher(Searcher&&) noexcept;
    Searcher& operator=(Searcher&&) noexcept;
    ~Searcher();

    /// Answers a question. Code::Usage for invalid UTF-8 or a question over kMaxQuestionBytes.
    [[nodiscard]] Result<AskResult> ask(std::string_view question, const AskOptions& options = {}) const;

    /// Ranked list without the answer decision (for `spravka search`). Out-of-scope topics are left
    /// out unless `with_out_of_scope` (for `kb test`, which checks they do not take articles' questions).
    [[nodiscard]] Result<std::vector<Candidate>> search(std::string_view query, Role role, std::size_t limit,
                                                        bool with_out_of_scope = false) const;

    /// The stored article (front matter + body), or Code::NotFound.
    [[nodiscard]] Result<Article> article(std::string_view id) const;
    /// Every indexed article id.
    [[nodiscard]] Result<std::vector<std::string>> ids() const;

    /// The grouping key of a question: its content words, normalised and stemmed, sorted, deduplicated.
    /// «когда придут деньги» and «деньги когда придут» share a key.
    std::string normalized_key(std::string_view question) const;

    std::string kb_version() const;

    /// Why this is an older index than the kb (set by open_searcher_for when a rebuild failed).
    const std::optional<Error>& stale() const;

private:
    friend Result<Searcher> open_searcher_for(const std::filesystem::path& kb_dir,
                                              const std::filesystem::path& cache_dir);
    struct Impl;
    explicit Searcher(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// Finds (building or refreshing when the kb changed) and opens the index for `kb_dir`. When the kb
/// changed but cannot be rebuilt and an older index exists, that one is opened and `stale()` says why.
/// @return the errors of ensure_index() and Searcher::open().
[[nodiscard]] Result<Searcher> open_searcher_for(const std::filesystem::path& kb_dir,
                                                 const std::filesystem::path& cache_dir);

}  // namespace spravka
