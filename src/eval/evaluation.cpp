/** @file  @brief `kb test` and `kb eval`: how well the knowledge base answers, in numbers. */
#include "spravka/evaluation.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>

#include "eval/baseline_fts5.hpp"

namespace spravka {

namespace {

Role role_for(Audience audience)
{
    switch (audience) {
        case Audience::Contractor: return Role::Contractor;
        case Audience::Company: return Role::Company;
        case Audience::Both: return Role::Any;
    }
    return Role::Any;
}

bool is_right(const EvalCase& c, const std::string& id)
{
    return id == c.expect || std::find(c.accept.begin(), c.accept.end(), id) != c.accept.end();
}

// Scores one ranked list against the case; `answered` is the id ask would answer with ("" if it refused).
void score(EvalMetrics& m, const EvalCase& c, const std::vector<std::string>& ranked,
           const std::string& answered, bool handoff)
{
    if (c.expect == "none") {
        ++m.out_of_scope;
        if (answered.empty()) ++m.out_of_scope_refused;
        return;
    }
    if (c.expect == "handoff") {
        ++m.handoff;
        if (handoff) ++m.handoff_detected;
        return;
    }
    ++m.in_scope;
    if (!answered.empty() && is_right(c, answered)) ++m.answered_right;
    if (answered.empty()) ++m.in_scope_refused;
    if (!ranked.empty() && is_right(c, ranked.front())) ++m.ranked_first;
    for (size_t i = 0; i < ranked.size() && i < 10; ++i) {
        if (is_right(c, ranked[i])) {
            if (i < 3) ++m.in_top3;
            m.reciprocal_rank_sum += 1.0 / double(i + 1);
            break;
        }
    }
}

}  // namespace

SelfTestReport self_test(const Searcher& searcher, const KnowledgeBase& kb, double margin)
{
    SelfTestReport report;
    std::map<std::pair<std::string, std::string>, int> pairs;
    for (const auto& article : kb.articles) {
        if (article.status != ArticleStatus::Published) continue;
        for (const auto& question : article.questions) {
            ++report.questions;
            auto ranked = searcher.search(question, role_for(article.audience), 3, true);
            std::string first = ranked && !ranked->empty() ? ranked->front().id : "";
            if (first == article.id)
                ++report.passed;
            else
                report.failures.push_back({article.id, question, first});
            if (ranked && ranked->size() >= 2 && (*ranked)[0].score - (*ranked)[1].score < margin) {
                auto a = (*ranked)[0].id, b = (*ranked)[1].id;
                if (a == article.id || b == article.id) ++pairs[{std::min(a, b), std::max(a, b)}];
            }
        }
    }
    // An out-of-scope topic's phrasings must find the topic, not an article that shares their words.
    for (const auto& topic : kb.out_of_scope)
        for (const auto& question : topic.questions) {
            ++report.questions;
            auto ranked = searcher.search(question, Role::Any, 1, true);
            std::string first = ranked && !ranked->empty() ? ranked->front().id : "";
            if (first == topic.id)
                ++report.passed;
            else
                report.failures.push_back({topic.id, question, first});
        }
    for (const auto& [key, count] : pairs) report.competing.push_back({key.first, key.second, count});
    std::sort(report.competing.begin(), report.competing.end(),
              [](const CompetingPair& x, const CompetingPair& y) { return x.questions > y.questions; });
    return report;
}

Result<std::vector<EvalCase>> load_eval_set(const std::filesystem::path& file)
{
    std::vector<EvalCase> cases;
    try {
        YAML::Node root = YAML::LoadFile(file.string());
        if (!root.IsSequence())
            return fail(Code::KbInvalid, file.string() + ":1: expected a list of questions");
        for (const auto& item : root) {
            EvalCase c;
            c.line = item.Mark().line + 1;
            auto where = file.string() + ":" + std::to_string(c.line) + ": ";
            if (!item["q"] || !item["expect"])
                return fail(Code::KbInvalid, where + "each entry needs q and expect");
            c.question = item["q"].as<std::string>();
            c.expect = item["expect"].as<std::string>();
            if (item["accept"]) c.accept = item["accept"].as<std::vector<std::string>>();
            c.topic = item["topic"] ? item["topic"].as<std::string>() : "other";
            c.role = item["role"] ? item["role"].as<std::string>() : "any";
            c.kind = item["kind"] ? item["kind"].as<std::string>() : "";
            if (!parse_role(c.role))
                return fail(Code::KbInvalid, where + "role: '" + c.role + "' is not a role");
            cases.push_back(std::move(c));
        }
    } catch (const YAML::Exception& e) {
        return fail(Code::KbInvalid, file.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    return cases;
}

Result<EvalReport> run_eval(const Searcher& searcher, const KnowledgeBase& kb,
                            const std::vector<EvalCase>& cases)
{
    auto baseline = eval::Fts5Baseline::build(kb);
    if (!baseline) return tl::unexpected(baseline.error());
    EvalReport report;
    for (const auto& c : cases) {
        AskOptions options;
        options.role = parse_role(c.role).value_or(Role::Any);
        auto asked = searcher.ask(c.question, options);
        if (!asked) return tl::unexpected(asked.error());
        auto ranked_candidates = searcher.search(c.question, options.role, 10);
        std::vector<std::string> ranked;
        if (ranked_candidates)
            for (const auto& r : *ranked_candidates) ranked.push_back(r.id);
        std::string answered = asked->status == AskStatus::Answered ? asked->answer->id : "";
        bool handoff = asked->status == AskStatus::Handoff;
        score(report.overall, c, ranked, answered, handoff);
        score(report.by_topic[c.topic], c, ranked, answered, handoff);
        score(report.by_kind[c.kind], c, ranked, answered, handoff);

        auto base_ranked = baseline->rank(c.question, 10);
        std::string base_answer = base_ranked.empty() ? "" : base_ranked.front();
        score(report.baseline, c, base_ranked, base_answer, false);
        score(report.baseline_by_topic[c.topic], c, base_ranked, base_answer, false);

        bool right = c.expect == "none"      ? answered.empty()
                     : c.expect == "handoff" ? handoff
                                             : (!answered.empty() && is_right(c, answered));
        if (!right)
            report.misses.push_back({c, ask_status_name(asked->status),
                                     !answered.empty() ? answered : (ranked.empty() ? "" : ranked.front())});
    }
    return report;
}

}  // namespace spravka
