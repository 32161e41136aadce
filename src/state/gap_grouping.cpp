/** @file  @brief Groups unanswered questions so that similar ones fall together (the writing backlog). */
#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "spravka/history.hpp"
#include "state/wordings.hpp"

namespace spravka {

namespace {

// All questions that share one key exactly.
struct Bucket {
    std::string key;
    std::set<std::string> stems;
    std::vector<const GapInput*> members;
    std::optional<std::string> nearest_id;
    double nearest_score = 0;
};

std::set<std::string> split_stems(const std::string& key)
{
    std::set<std::string> stems;
    std::istringstream in(key);
    for (std::string stem; in >> stem;) stems.insert(stem);
    return stems;
}

std::size_t shared_count(const std::set<std::string>& a, const std::set<std::string>& b)
{
    std::size_t shared = 0;
    for (const auto& stem : a) shared += b.count(stem);
    return shared;
}

// Two wordings of one need: their stems overlap strongly, or they lead to the same nearest article and
// share a stem. The second rule is what joins «когда придут деньги» and «деньги не пришли на карту»:
// придут/пришли do not share a stem, but both sit nearest the same payouts article and both say деньги.
bool similar(const Bucket& a, const Bucket& b)
{
    const std::size_t shared = shared_count(a.stems, b.stems);
    if (shared == 0) return false;
    const std::size_t joined = a.stems.size() + b.stems.size() - shared;
    if (2 * shared >= joined) return true;
    return a.nearest_id && b.nearest_id && *a.nearest_id == *b.nearest_id;
}

struct UnionFind {
    std::vector<std::size_t> parent;
    explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), std::size_t{0}); }
    std::size_t find(std::size_t i)
    {
        while (parent[i] != i) i = parent[i] = parent[parent[i]];
        return i;
    }
    // The smaller index stays the root so results do not depend on merge order.
    void join(std::size_t a, std::size_t b)
    {
        a = find(a);
        b = find(b);
        if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
};

}  // namespace

std::vector<Gap> group_gaps(const std::vector<GapInput>& questions)
{
    std::map<std::string, Bucket> by_key;
    for (const auto& question : questions) {
        auto& bucket = by_key[question.key];
        bucket.key = question.key;
        bucket.members.push_back(&question);
        if (question.nearest_id && (!bucket.nearest_id || question.nearest_score > bucket.nearest_score)) {
            bucket.nearest_id = question.nearest_id;
            bucket.nearest_score = question.nearest_score;
        }
    }
    std::vector<Bucket> buckets;
    for (auto& [key, bucket] : by_key) {
        bucket.stems = split_stems(key);
        buckets.push_back(std::move(bucket));
    }

    UnionFind sets(buckets.size());
    for (std::size_t i = 0; i < buckets.size(); ++i)
        for (std::size_t j = i + 1; j < buckets.size(); ++j)
            if (similar(buckets[i], buckets[j])) sets.join(i, j);

    std::map<std::size_t, std::vector<const Bucket*>> groups;
    for (std::size_t i = 0; i < buckets.size(); ++i) groups[sets.find(i)].push_back(&buckets[i]);

    std::vector<Gap> gaps;
    for (const auto& [root, members] : groups) {
        Gap gap;
        std::map<std::string, int64_t> wordings;
        std::size_t largest = 0;
        for (const Bucket* bucket : members) {
            if (bucket->members.size() > largest) {
                largest = bucket->members.size();
                gap.key = bucket->key;
            }
            if (bucket->nearest_id && (!gap.nearest_id || bucket->nearest_score > gap.nearest_score)) {
                gap.nearest_id = bucket->nearest_id;
                gap.nearest_score = bucket->nearest_score;
            }
            for (const GapInput* input : bucket->members) {
                ++gap.count;
                if (input->outcome == Outcome::Handoff)
                    ++gap.handoff;
                else
                    ++gap.no_answer;
                gap.last_asked = std::max(gap.last_asked, input->time);
                ++wordings[input->question];
            }
        }
        gap.questions = detail::most_frequent_first(wordings);
        gaps.push_back(std::move(gap));
    }
    std::sort(gaps.begin(), gaps.end(), [](const Gap& a, const Gap& b) {
        if (a.count != b.count) return a.count > b.count;
        if (a.last_asked != b.last_asked) return a.last_asked > b.last_asked;
        return a.key < b.key;
    });
    for (std::size_t i = 0; i < gaps.size(); ++i) gaps[i].number = static_cast<int>(i + 1);
    return gaps;
}

}  // namespace spravka
