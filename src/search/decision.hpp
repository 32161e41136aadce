/** @file  @brief The rule that decides: answer, "may fit" suggestions, or no answer (internal header).
 *
 * Ranking: a weighted sum of the candidate's signals (Weights). Deciding: an out-of-scope topic ranked
 * above every article refuses at once; otherwise a logistic model over the best article's signals
 * (Model) gives the probability that answering with it is right, and below the threshold we refuse and
 * offer a person. The model is fitted by tests/eval/tools/calibrate.py on tests/eval/questions.yaml
 * (even half fitted, odd half held out, then all of it), and the threshold is the lowest that refuses
 * >= 94% of its out-of-scope questions, a margin over the 90% target for questions never seen
 * (tests/eval/unseen.yaml and heldout2.yaml, never fitted on). docs/search.md records the run. Refit after
 * changing signals or ranking.
 */
#pragma once

#include <array>
#include <cmath>

namespace spravka::search {

struct Weights {
    double coverage = 0.05;        ///< IDF-weighted share of the question's concepts in the article
    double title_coverage = 0.25;  ///< the same in the title and the article's own questions
    double best_question = 0.40;   ///< closest single phrasing from `questions` (weighted Jaccard)
    double bm25 = 0.05;            ///< Xapian's BM25, relative to the best hit of this query
    double phrasing_fit = 0.25;    ///< naive-Bayes posterior over the candidates' `questions` (sums to 1)
};

/// Inputs of the decision, in the order of Model::weights and kSignalNames.
struct DecisionSignals {
    double coverage = 0, title_coverage = 0, best_question = 0, bm25_rel = 0, margin = 0, unknown_share = 0,
           log_concepts = 0, out_of_scope_gap = 0, long_message = 0, crowd = 0;
    std::array<double, 10> as_array() const
    {
        return {coverage,      title_coverage, best_question,    bm25_rel,     margin,
                unknown_share, log_concepts,   out_of_scope_gap, long_message, crowd};
    }
};

/// Names of the signals in `ask --json --explain` (explain.decision_signals), read by calibrate.py.
inline constexpr std::array<const char*, 10> kSignalNames = {
    "coverage",      "title_coverage", "best_question",    "bm25_rel",     "margin",
    "unknown_share", "log_concepts",   "out_of_scope_gap", "long_message", "crowd"};

struct Model {
    std::array<double, 10> weights;
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
inline constexpr Model kModel{
    {0.534, 0.589, 0.969, 0.481, 1.451, -0.079, 0.424, 1.421, 0.278, -0.577}, -1.475, 0.705, 0.35};

}  // namespace spravka::search
