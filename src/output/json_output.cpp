/** @file  @brief JSON documents via nlohmann/json; never by string concatenation. */
#include "spravka/json_output.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace spravka {

using nlohmann::json;

// Found by ADL from nlohmann::json, so it lives in spravka, not in an anonymous namespace.
void to_json(json& j, const Candidate& c)
{
    j = json{{"id", c.id},
             {"title", c.title},
             {"audience", audience_name(c.audience)},
             {"score", std::round(c.score * 1000) / 1000},
             {"out_of_scope", c.out_of_scope},
             {"signals",
              {{"bm25", std::round(c.bm25 * 1000) / 1000},
               {"coverage", std::round(c.coverage * 1000) / 1000},
               {"title_coverage", std::round(c.title_coverage * 1000) / 1000},
               {"best_question", std::round(c.best_question * 1000) / 1000},
               {"phrasing_fit", std::round(c.phrasing_fit * 1000) / 1000},
               {"matched_words", c.matched_words}}}};
}

namespace {

std::string dump(const json& j)
{
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json candidate_brief(const Candidate& c)
{
    return json{{"id", c.id}, {"title", c.title}, {"score", std::round(c.score * 1000) / 1000}};
}

json explain_json(const AskResult& r)
{
    const auto& u = r.understanding;
    json synonyms = json::array();
    for (const auto& [word, alts] : u.synonyms_used) synonyms.push_back({{"word", word}, {"synonyms", alts}});
    json inferred = json::array();
    for (const auto& [word, from] : u.inferred) inferred.push_back({{"word", word}, {"from", from}});
    json corrections = json::array();
    for (const auto& [typed, fixed] : u.corrections)
        corrections.push_back({{"typed", typed}, {"corrected", fixed}});
    return json{{"normalized", u.normalized},
                {"focus", u.focus ? json(*u.focus) : json(nullptr)},
                {"unknown_share", std::round(u.unknown_share * 1000) / 1000},
                {"concepts", u.concepts},
                {"content_words", u.content_words},
                {"ignored_words", u.ignored_words},
                {"corrections", corrections},
                {"synonyms", synonyms},
                {"inferred", inferred},
                {"xapian_query", u.xapian_query},
                {"handoff_reason", u.handoff_reason ? json(*u.handoff_reason) : json(nullptr)}};
}

}  // namespace

std::string ask_result_json(const AskResult& r, bool explain)
{
    json doc{
        {"schema_version", kJsonSchemaVersion},
        {"query", r.query},
        {"role", role_name(r.role)},
        {"status", ask_status_name(r.status)},
        {"answer", nullptr},
        {"alternatives", json::array()},
        {"corrected_query", r.understanding.corrected ? json(*r.understanding.corrected) : json(nullptr)},
        {"layout_fixed", r.understanding.layout_fixed ? json(*r.understanding.layout_fixed) : json(nullptr)},
        {"decision", r.decision},
        {"out_of_scope", r.out_of_scope ? json{{"id", r.out_of_scope->id},
                                               {"title", r.out_of_scope->title},
                                               {"reply", r.out_of_scope->reply}}
                                        : json(nullptr)},
        {"confidence", std::round(r.confidence * 1000) / 1000},
        {"kb_version", r.kb_version}};
    if (r.answer)
        doc["answer"] = json{{"id", r.answer->id},
                             {"title", r.answer->title},
                             {"audience", audience_name(r.answer->audience)},
                             {"score", std::round(r.answer->score * 1000) / 1000},
                             {"text", r.answer_text},
                             {"path", r.answer->path}};
    for (const auto& alt : r.alternatives) doc["alternatives"].push_back(candidate_brief(alt));
    if (explain) {
        doc["explain"] = explain_json(r);
        doc["explain"]["candidates"] = r.considered;
        json signals = json::object();
        for (const auto& [name, value] : r.decision_signals)
            signals[name] = std::round(value * 10000) / 10000;
        doc["explain"]["decision_signals"] = signals;
    }
    return dump(doc);
}

std::string search_results_json(const std::string& query, const std::vector<Candidate>& results)
{
    json doc{{"schema_version", kJsonSchemaVersion}, {"query", query}, {"results", json::array()}};
    for (const auto& c : results)
        doc["results"].push_back({{"id", c.id},
                                  {"title", c.title},
                                  {"audience", audience_name(c.audience)},
                                  {"score", std::round(c.score * 1000) / 1000},
                                  {"snippet", c.snippet},
                                  {"path", c.path}});
    return dump(doc);
}

std::string article_json(const Article& a)
{
    return dump(json{{"schema_version", kJsonSchemaVersion},
                     {"article",
                      {{"id", a.id},
                       {"title", a.title},
                       {"audience", audience_name(a.audience)},
                       {"tags", a.tags},
                       {"questions", a.questions},
                       {"updated", a.updated},
                       {"review_by", a.review_by},
                       {"sources", a.sources},
                       {"related", a.related},
                       {"path", a.path.string()},
                       {"text", a.body}}}});
}

std::string error_json(const Error& e)
{
    return dump(json{{"schema_version", kJsonSchemaVersion},
                     {"error", {{"code", code_name(e.code)}, {"message", e.message}, {"hint", e.hint}}}});
}

std::string json_with_field(const std::string& document, const std::string& key, const std::string& raw_value)
{
    json doc = json::parse(document, nullptr, false);
    json value = json::parse(raw_value, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return document;
    doc[key] = value.is_discarded() ? json(raw_value) : value;
    return dump(doc);
}

}  // namespace spravka
