/** @file  @brief Measuring answer quality: `kb test` (articles find themselves) and `kb eval` (a labelled
 * set). */
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "spravka/error.hpp"
#include "spravka/knowledge_base.hpp"
#include "spravka/search.hpp"

namespace spravka {

// ---- kb test ---------------------------------------------------------------------------------

struct SelfTestFailure {
    std::string article_id;
    std::string question;
    std::string got_id;  ///< what ranked first instead ("" when nothing matched)
};

/// Two articles that compete for the same questions: merge or split them.
struct CompetingPair {
    std::string first, second;
    int questions = 0;  ///< how many questions put them within the margin of each other
};

struct SelfTestReport {
    std::size_t questions = 0;
    std::size_t passed = 0;
    std::vector<SelfTestFailure> failures;
    std::vector<CompetingPair> competing;
};

/// Asks every published article's own `questions` (as its audience) and checks that the article ranks
/// first, ahead of out-of-scope topics too; and every out-of-scope topic's phrasings find that topic. Pairs
/// whose scores come within `margin` of each other are reported as competing.
SelfTestReport self_test(const Searcher& searcher, const KnowledgeBase& kb, double margin = 0.03);

// ---- kb eval ---------------------------------------------------------------------------------

/// One labelled question from tests/eval/*.yaml.
struct EvalCase {
    std::string question;
    std::string expect;               ///< article id, "none" (out of scope) or "handoff"
    std::vector<std::string> accept;  ///< other ids that count as right
    std::string topic;
    std::string role;  ///< contractor | company | any
    std::string kind;
    int line = 0;
};

/// @return Code::KbInvalid naming the file, line and field for a malformed entry.
[[nodiscard]] Result<std::vector<EvalCase>> load_eval_set(const std::filesystem::path& file);

struct EvalMetrics {
    std::size_t in_scope = 0;
    std::size_t answered_right = 0;  ///< status answered and the answer is expected/accepted (top-1)
    std::size_t ranked_first = 0;    ///< right article ranked first, whatever the decision
    std::size_t in_top3 = 0;
    double reciprocal_rank_sum = 0;
    std::size_t in_scope_refused = 0;  ///< in-scope questions we declined to answer
    std::size_t out_of_scope = 0;
    std::size_t out_of_scope_refused = 0;
    std::size_t handoff = 0;
    std::size_t handoff_detected = 0;

    double top1() const { return in_scope ? double(answered_right) / double(in_scope) : 0; }
    double top3() const { return in_scope ? double(in_top3) / double(in_scope) : 0; }
    double mrr() const { return in_scope ? reciprocal_rank_sum / double(in_scope) : 0; }
    double refusal() const { return out_of_scope ? double(out_of_scope_refused) / double(out_of_scope) : 0; }
    double handoff_rate() const { return handoff ? double(handoff_detected) / double(handoff) : 0; }
};

struct EvalMiss {
    EvalCase item;
    std::string status;  ///< what ask decided
    std::string got;     ///< the id answered or ranked first
};

struct EvalReport {
    EvalMetrics overall;
    std::map<std::string, EvalMetrics> by_topic;
    std::map<std::string, EvalMetrics> by_kind;
    EvalMetrics baseline;  ///< plain BM25 (SQLite FTS5, unicode61), no stemming/synonyms/corrections
    std::map<std::string, EvalMetrics> baseline_by_topic;
    std::vector<EvalMiss> misses;
};

/// Runs every case through `searcher` and through the FTS5 baseline built from `kb`'s published articles.
[[nodiscard]] Result<EvalReport> run_eval(const Searcher& searcher, const KnowledgeBase& kb,
                                          const std::vector<EvalCase>& cases);

}  // namespace spravka
