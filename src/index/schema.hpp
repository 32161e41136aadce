/** @file  @brief The index schema: every field's prefix and weight, declared once (internal header).
 *
 * The indexer, the query builder and `--explain` all read this table. Prefixes follow Omega:
 * Q for the unique id, K for tags, X... for our own. Stemmed terms carry a Z in front
 * (TermGenerator::STEM_ALL_Z), so the title's stem of «акты» is "ZSакт".
 */
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace spravka::schema {

struct TextField {
    std::string_view name;
    std::string_view prefix;  ///< prefixed copy, for per-field coverage ("" = none)
    unsigned weight;          ///< wdf added to the unprefixed terms: how much a hit here counts
};

/// Free-text fields. Title and questions outweigh the body, as the issue asks.
inline constexpr std::array<TextField, 4> kTextFields = {{
    {"title", "S", 5},
    {"questions", "XQ", 3},
    {"tags", "XT", 2},
    {"body", "", 1},
}};

inline constexpr std::string_view kIdPrefix = "Q";         ///< boolean: Qtax-rates
inline constexpr std::string_view kAudiencePrefix = "XA";  ///< boolean: XAcontractor | XAcompany | XAboth
inline constexpr std::string_view kTagPrefix = "K";        ///< boolean: folded tag
/// Unique term of an out-of-scope topic (kb/_meta/out-of-scope.yaml). Not "Q": a topic is not an
/// article, so `show`, `ids()` and links never see it.
inline constexpr std::string_view kOutOfScopePrefix = "XO";

/// Value slot with what reranking needs, as lines: id, title, audience, path, kind ("article" or
/// "out_of_scope"), then the stems of each of the article's `questions` (space-separated, one question
/// a line). Plain lines, not JSON: parsing them for 100 candidates must cost next to nothing on every ask.
inline constexpr unsigned kSlotRanking = 0;

inline constexpr std::string_view kMetaSchema = "spravka.schema";
inline constexpr std::string_view kMetaKbVersion = "spravka.kb_version";
inline constexpr std::string_view kMetaKbRoot = "spravka.kb_root";
/// The median number of `questions` of a published article: ranking scores an article with fewer as if
/// it had this many (see QuestionMatcher in searcher.cpp).
inline constexpr std::string_view kMetaTypicalPhrasings = "spravka.typical_phrasings";

/// Stemmed term of a prefixed field, as STEM_ALL_Z writes it.
inline std::string stemmed_term(std::string_view prefix, std::string_view stem)
{
    std::string term = "Z";  // appended, not "Z" + …: GCC 12 warns falsely (-Wrestrict) on that when inlined
    term += prefix;
    term += stem;
    return term;
}

}  // namespace spravka::schema
