/** @file  @brief The decision model's guarantees, whatever calibrate.py fitted into decision_trees.inc. */
#include <catch2/catch.hpp>

#include <array>
#include <random>

#include "search/decision.hpp"

using spravka::search::DecisionSignals;
using spravka::search::kModel;
using spravka::search::kTreeNodes;
using spravka::search::kTreeRoots;

namespace {

// +1: the probability may only rise with the signal; -1: only fall (calibrate.py's MONOTONE).
constexpr std::array<int, 11> kDirection = {1, 1, 1, 0, 1, -1, 0, 1, 0, -1, 1};

DecisionSignals from_array(const std::array<double, 11>& x)
{
    DecisionSignals s;
    s.coverage = x[0];
    s.title_coverage = x[1];
    s.best_question = x[2];
    s.bm25_rel = x[3];
    s.margin = x[4];
    s.unknown_share = x[5];
    s.log_concepts = x[6];
    s.out_of_scope_gap = x[7];
    s.long_message = x[8];
    s.crowd = x[9];
    s.phrasing_fit = x[10];
    return s;
}

std::array<double, 11> random_signals(std::mt19937& rng)
{
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::array<double, 11> x{};
    for (auto& v : x) v = unit(rng);
    x[6] = 3.0 * unit(rng);              // log of the number of concepts
    x[8] = unit(rng) < 0.3 ? 1.0 : 0.0;  // long message
    return x;
}

}  // namespace

TEST_CASE("the trees are well formed", "[decision]")
{
    for (int root : kTreeRoots) {
        REQUIRE(root >= 0);
        REQUIRE(static_cast<size_t>(root) < kTreeNodes.size());
    }
    for (const auto& node : kTreeNodes) {
        if (node.feature < 0) continue;
        CHECK(node.feature < 11);
        CHECK(node.left > 0);
        CHECK(node.right > 0);
        CHECK(static_cast<size_t>(node.left) < kTreeNodes.size());
        CHECK(static_cast<size_t>(node.right) < kTreeNodes.size());
    }
    CHECK(kModel.threshold > kModel.suggest);
}

TEST_CASE("each signal moves the probability one way only", "[decision]")
{
    std::mt19937 rng(20261124);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int trial = 0; trial < 2000; ++trial) {
        auto x = random_signals(rng);
        for (size_t i = 0; i < x.size(); ++i) {
            if (kDirection[i] == 0) continue;
            auto low = x, high = x;
            const double scale = i == 6 ? 3.0 : 1.0;
            low[i] = scale * unit(rng);
            high[i] = low[i] + (scale - low[i]) * unit(rng);
            const double p_low = kModel.probability(from_array(low));
            const double p_high = kModel.probability(from_array(high));
            if (kDirection[i] > 0)
                CHECK(p_high >= p_low - 1e-12);
            else
                CHECK(p_high <= p_low + 1e-12);
        }
    }
}

TEST_CASE("nothing covered, nothing close: no answer", "[decision]")
{
    // The question shares no concept with the best article and has no phrasing near it. Then every
    // candidate is as unlikely as the next: the phrasing evidence is small and so is the margin. The
    // other signals may be anything; that is not an answer.
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int trial = 0; trial < 2000; ++trial) {
        auto x = random_signals(rng);
        x[0] = x[1] = x[2] = 0.0;  // coverage, title coverage, closest phrasing
        x[5] = 1.0;                // every word unknown
        x[4] = 0.05 * unit(rng);   // margin
        x[10] = 0.3 * unit(rng);   // phrasing evidence
        CHECK(kModel.probability(from_array(x)) < kModel.threshold);
    }
    // A question whose words and phrasing match the article well, ahead of the rest, is answered.
    const auto sure = from_array({0.9, 0.9, 0.8, 1.0, 0.5, 0.0, 1.4, 0.6, 0.0, 0.0, 0.99});
    CHECK(kModel.probability(sure) >= kModel.threshold);
}
