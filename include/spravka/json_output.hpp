/** @file  @brief The versioned JSON documents of `ask`, `search` and `show` (schemas in docs/json.md). */
#pragma once

#include <string>
#include <vector>

#include "spravka/article.hpp"
#include "spravka/search.hpp"

namespace spravka {

/// Version of every JSON document spravka prints. Changes are additive; bump only on a breaking change.
inline constexpr int kJsonSchemaVersion = 1;

/// {"schema_version":1,"query","role","status","answer":{id,title,audience,score,text,path}|null,
///  "alternatives":[{id,title,score}],"corrected_query","layout_fixed","decision","kb_version",
///  "explain":{...} when `explain`}. Invalid UTF-8 is replaced, never thrown.
std::string ask_result_json(const AskResult& result, bool explain);

/// {"schema_version":1,"query","results":[{id,title,audience,score,snippet,path}]}
std::string search_results_json(const std::string& query, const std::vector<Candidate>& results);

/// {"schema_version":1,"article":{id,title,audience,tags,questions,updated,review_by,sources,related,path,text}}
std::string article_json(const Article& article);

/// {"schema_version":1,"error":{"code","message","hint"}}: what --json prints on failure.
std::string error_json(const Error& error);

/// Adds `"key": <raw JSON value>` to a JSON object document and returns the new document.
std::string json_with_field(const std::string& document, const std::string& key,
                            const std::string& raw_value);

}  // namespace spravka
