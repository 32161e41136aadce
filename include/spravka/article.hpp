/** @file  @brief One knowledge-base article: front matter (YAML) plus a Markdown body. */
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spravka {

enum class Audience { Contractor, Company, Both };
enum class ArticleStatus { Published, Draft, Archived };

const char* audience_name(Audience audience);  ///< "contractor", "company", "both"
std::optional<Audience> parse_audience(std::string_view text);

/// A problem found in an article or a kb/_meta file, located as precisely as possible.
struct Diagnostic {
    std::filesystem::path file;
    int line = 0;       ///< 1-based; 0 when unknown
    std::string field;  ///< front-matter field, or empty
    std::string message;
    bool warning = false;  ///< warnings do not stop an article from being indexed

    /// "kb/tax/rates.md:4: audience: expected contractor, company or both"
    std::string to_string() const;
};

struct Article {
    std::string id;
    std::string title;
    Audience audience = Audience::Both;
    std::vector<std::string> tags;
    std::vector<std::string> questions;
    ArticleStatus status = ArticleStatus::Draft;
    std::string updated;    ///< YYYY-MM-DD
    std::string review_by;  ///< YYYY-MM-DD, empty when not set
    std::vector<std::string> sources;
    std::vector<std::string> related;
    std::string body;                ///< Markdown, as written
    std::string plain_text;          ///< body with Markdown syntax removed, for indexing and snippets
    std::vector<std::string> links;  ///< ids from [..](kb:id) links in the body
    std::filesystem::path path;      ///< the file it came from
    int body_line = 1;               ///< line where the body starts, for messages
};

/// The result of parsing one file: the article when it is usable, and every problem found.
struct ParsedArticle {
    std::optional<Article> article;
    std::vector<Diagnostic> problems;
};

/// Parses `content` as the article file `path`. Never throws. Errors name the file, line and field.
ParsedArticle parse_article(const std::filesystem::path& path, std::string_view content);

/// Renders Markdown for a terminal: headings, lists, tables and emphasis without raw syntax.
/// @param width  wrap width in columns. @param color  ANSI bold/colour when true.
std::string render_markdown(std::string_view markdown, int width, bool color);

/// Markdown to plain text (what is indexed and shown in snippets).
std::string markdown_to_text(std::string_view markdown);

}  // namespace spravka
