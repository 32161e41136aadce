/** @file  @brief The rule that decides: answer, "may fit" suggestions, or no answer (internal header).
 *
 * Thresholds are calibrated on tests/eval/questions.yaml with `spravka kb eval`; docs/search.md
 * records the numbers behind each value. Change them only together with a new eval run.
 */
#pragma once

namespace spravka::search {

struct Weights {
    double coverage = 0.35;        ///< IDF-weighted share of the question's concepts in the article
    double title_coverage = 0.20;  ///< the same in the title and the article's own questions
    double best_question = 0.25;   ///< closest single phrasing from `questions` (weighted Jaccard)
    double bm25 = 0.20;            ///< Xapian's BM25, relative to the best hit of this query
};

struct Thresholds {
    double answer_score = 0.50;     ///< final score of the top article needed to answer
    double answer_coverage = 0.55;  ///< and this much of the question must be covered by it
    double suggest_coverage = 0.30; ///< below an answer, articles covering this much are "may fit"
};

inline constexpr Weights kWeights{};
inline constexpr Thresholds kThresholds{};

}  // namespace spravka::search
