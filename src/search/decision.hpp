/** @file  @brief The rule that decides: answer, "may fit" suggestions, or no answer (internal header).
 *
 * Ranking: a weighted sum of the candidate's signals (Weights). Deciding: a logistic model over the
 * top candidate's signals (Model) gives the probability that answering with it is right; below the
 * threshold we refuse and offer a person. The model is fitted by tests/eval/tools/calibrate.py on
 * tests/eval/questions.yaml (dev half fitted, test half held out) and the threshold keeps >= 90% of
 * out-of-scope questions refused. docs/search.md records the run. Refit after changing signals.
 */
#pragma once

#include <array>
#include <cmath>

namespace spravka::search {

struct Weights {
    double coverage = 0.10;        ///< IDF-weighted share of the question's concepts in the article
    double title_coverage = 0.50;  ///< the same in the title and the article's own questions
    double best_question = 0.35;   ///< closest single phrasing from `questions` (weighted Jaccard)
    double bm25 = 0.05;            ///< Xapian's BM25, relative to the best hit of this query
};

/// Inputs of the decision, in the order of Model::weights.
struct DecisionSignals {
    double coverage = 0, title_coverage = 0, best_question = 0, bm25_rel = 0, margin = 0, unknown_share = 0,
           log_concepts = 0;
    std::array<double, 7> as_array() const
    {
        return {coverage, title_coverage, best_question, bm25_rel, margin, unknown_share, log_concepts};
    }
};

struct Model {
    std::array<double, 7> weights;
    double bias;
    double threshold;  ///< answer when p >= threshold
    double suggest;    ///< below an answer, candidates with p >= this are "may fit" suggestions

    double probability(const DecisionSignals& s) const
    {
        double z = bias;
        auto x = s.as_array();
        for (size_t i = 0; i < x.size(); ++i) z += weights[i] * x[i];
        return 1.0 / (1.0 + std::exp(-z));
    }
};

inline constexpr Weights kWeights{};
inline constexpr Model kModel{{1.148, 1.471, 1.459, 0.561, 1.187, -0.256, 0.739}, -3.339, 0.675, 0.35};

}  // namespace spravka::search
