/** @file  @brief The rule that decides: answer, "may fit" suggestions, or no answer (internal header).
 *
 * Ranking: a weighted sum of the candidate's signals (Weights). Deciding: an out-of-scope topic ranked
 * above every article refuses at once; otherwise a logistic model over the best article's signals
 * (Model) gives the probability that answering with it is right, and below the threshold we refuse and
 * offer a person. The weights and the model are fitted on five labelled sets by seven different authors
 * (tests/eval/questions.yaml, unseen.yaml, heldout2.yaml, dev4.yaml, heldout3.yaml): the ranking weights by
 * a grid that each set, left out in turn, confirms; the model by tests/eval/tools/calibrate.py, whose
 * threshold is the lowest that refuses >= 94% of their out-of-scope questions, a margin over the 90% target
 * for a new author's questions. docs/search.md records the run. The fifth round of article phrasings raised
 * every signal a little, so the threshold went from 0.67 to 0.69, where the eight development sets refuse
 * as many out-of-scope questions as before it (420 of 452) and answer 5 more right; a refit on all eight
 * sets did worse, left out in turn and on all. The sixth and seventh rounds (neighbours told apart) took
 * it to 0.71: the nine development sets then refuse 470 of 506 out-of-scope questions, against 468
 * before the rounds at 0.69. The last refit (2026-11-23) came with the tempered phrasing evidence of
 * long messages (kLongMessageEvidenceWords in searcher.cpp), on eleven sets (heldout4 to heldout9
 * added) with a 93% refusal target, their share under the model it replaced: left out in turn they
 * answer 2438 right and refuse 571 of 612, against 2416 / 570 for a refit without the tempering and
 * 2426 / 569 for the old constants (heldout10 was then the blind set).
 * A refit on twelve sets with accepted answers counted (2026-11-23, late) landed within 0.03 of these
 * weights and was not taken. With heldout11 and heldout12 opened (fourteen sets), fit_ranking.py chose
 * the ranking weights below (each set left out in turn picks nearly the same), and the model's threshold
 * went 0.745 -> 0.76, where the fourteen sets refuse as many out-of-scope questions as before (718 of
 * 770) and answer 3023 right against 3007 (3021 after a phrasing both status-over-limit and
 * status-reregister claimed was left to the latter); a refit of the model at the 93% target gave 2987 / 718.
 * With kLongMessageWeights (2026-11-24) long messages rank better but score lower, so the model's
 * long_message weight went 0.114 -> 0.189 (a logit shift of 0.075 for long messages only; 0.05 / 0.1 /
 * 0.2 / 0.3 were measured too): on eighteen sets 3787 right / 3846 ranked first / 906 of 976 refused
 * became 3792 / 3860 / 909. Without the shift it was 3764 / 3860 / 916. A refit on nineteen sets
 * (heldout17 added, session 11) did not beat it: left out in turn, 3948 right at 957 of 1028 refused
 * against 3967 at 956 for these constants.
 * In session 17 (twenty-five sets) the weighted sum gave way to monotone boosted trees (Model): a
 * signal's worth depends on the others, and left out in turn the trees answer about 40 more questions
 * right than a weighted sum at the same refusal. A sum of the signals and of their products did nearly
 * as well but answered a question with every word unknown and nothing covered (0.63): its squares grow
 * without end outside the data.
 * Refit after changing signals or ranking.
 */
#pragma once

#include <algorithm>
#include <array>
#include <cmath>

namespace spravka::search {

struct Weights {
    double coverage = 0.10;       ///< IDF-weighted share of the question's concepts in the article
    double title_coverage = 0.0;  ///< the same in the title and the article's own questions (a decision
                                  ///< signal; for ranking, best_question and phrasing_fit say it better)
    double best_question = 0.55;  ///< closest single phrasing from `questions` (weighted Jaccard)
    double bm25 = 0.0;            ///< Xapian's BM25, relative to the best hit of this query
    double phrasing_fit = 0.35;   ///< the log of the naive-Bayes posterior over the candidates' `questions`
                                  ///< (phrasing_term: 0 at one in a thousand, 1 when sure)
};

/// The ranking's use of the posterior: its log, so that 0.01 against 0.001 counts as much as 1 against 0.1.
inline double phrasing_term(double posterior)
{
    constexpr double kFloor = 0.001;
    return std::max(0.0, 1.0 + std::log(posterior + kFloor) / -std::log(kFloor));
}

/// Inputs of the decision, in the order of Model::weights and kSignalNames.
struct DecisionSignals {
    double coverage = 0, title_coverage = 0, best_question = 0, bm25_rel = 0, margin = 0, unknown_share = 0,
           log_concepts = 0, out_of_scope_gap = 0, long_message = 0, crowd = 0,
           phrasing_fit = 0;  ///< the best article's Candidate::phrasing_evidence
    std::array<double, 11> as_array() const
    {
        return {coverage,     title_coverage,   best_question, bm25_rel, margin,      unknown_share,
                log_concepts, out_of_scope_gap, long_message,  crowd,    phrasing_fit};
    }
};

/// Names of the signals in `ask --json --explain` (explain.decision_signals), read by calibrate.py.
inline constexpr std::array<const char*, 11> kSignalNames = {
    "coverage",     "title_coverage",   "best_question", "bm25_rel", "margin",      "unknown_share",
    "log_concepts", "out_of_scope_gap", "long_message",  "crowd",    "phrasing_fit"};

/// One node of a decision tree: go left when the signal is at most `threshold`. A leaf (feature -1)
/// holds its share of the log-odds.
struct TreeNode {
    int feature;
    double threshold;
    int left;
    int right;
    double value;
};

#include "search/decision_trees.inc"

/// Gradient-boosted trees over the signals (tests/eval/tools/calibrate.py, which writes
/// decision_trees.inc): the log-odds that answering with the best article is right is the baseline plus
/// one leaf of every tree. Each signal may push the probability one way only (more coverage never
/// lowers it, more unknown words never raise it), so a question unlike any we have seen is not answered
/// by an accident of the fit.
struct Model {
    double threshold;  ///< answer when p >= threshold
    double suggest;    ///< below an answer, candidates with p >= this are "may fit" suggestions

    double probability(const DecisionSignals& s) const
    {
        const auto x = s.as_array();
        double z = kTreeBaseline;
        for (int root : kTreeRoots) {
            int i = root;
            while (kTreeNodes[i].feature >= 0) {
                const TreeNode& n = kTreeNodes[i];
                i = x[static_cast<size_t>(n.feature)] <= n.threshold ? n.left : n.right;
            }
            z += kTreeNodes[i].value;
        }
        return 1.0 / (1.0 + std::exp(-z));
    }
};

inline constexpr Weights kWeights{};
/// A long message (a story with its question in one sentence) ranks on the same signals weighted
/// otherwise: its phrasing fit and closest phrasing rest on a few words of the question, while how much
/// of the whole message an article covers tells more than in a short question. Chosen by fit_ranking.py
/// on the long in-scope questions of eighteen development sets (578): each set left out in turn, the
/// weights chosen on the others ranked 510 of them first against 503 with kWeights, top-3 557 against 547.
inline constexpr Weights kLongMessageWeights{0.25, 0.0, 0.45, 0.10, 0.20};
/// The trees were fitted on the twenty-seven development sets (2026-11-24, session 18); the threshold
/// is the lowest that refuses 94.5% of their out-of-scope questions. Each set left out in turn, they
/// answer 5541 right and refuse 1343 of 1424; fitted on all, 5554 / 1348. (Session 17, on twenty-five
/// sets: left out in turn 5166 / 1248 of 1325, fitted on all 5173 / 1253.) The linear model they replaced
/// answered 5119 and refused 1247 on all (its own fit); refitted on the same sets and left out in
/// turn, a linear model answers 5128 / 1245 at a 94% target, where the trees answer 5166 / 1242.
/// `suggest`: the linear model's probabilities never went below 0.36, so every refusal listed "may
/// fit" articles; at 0.05, about 96% of the refusals still do, and the hopeless ones list no noise.
inline constexpr Model kModel{kTreeThreshold, 0.05};

}  // namespace spravka::search
