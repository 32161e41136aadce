/** @file  @brief Parses one article: YAML front matter with yaml-cpp, the body with cmark-gfm. */
#include "spravka/article.hpp"

#include <yaml-cpp/yaml.h>

#include <regex>

#include "util/utf8.hpp"

namespace spravka {

std::vector<std::string> markdown_kb_links(std::string_view markdown);  // markdown.cpp

const char* audience_name(Audience audience)
{
    switch (audience) {
        case Audience::Contractor: return "contractor";
        case Audience::Company: return "company";
        case Audience::Both: return "both";
    }
    return "both";
}

std::optional<Audience> parse_audience(std::string_view text)
{
    if (text == "contractor") return Audience::Contractor;
    if (text == "company") return Audience::Company;
    if (text == "both") return Audience::Both;
    return std::nullopt;
}

std::string Diagnostic::to_string() const
{
    std::string out = file.string();
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
    if (warning) out += "warning: ";
    if (!field.empty()) out += field + ": ";
    return out + message;
}

namespace {

bool is_iso_date(const std::string& text)
{
    static const std::regex date(R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))");
    return std::regex_match(text, date);
}

class FrontMatterReader {
public:
    FrontMatterReader(const std::filesystem::path& path, const YAML::Node& root, int first_line,
                      std::vector<Diagnostic>& problems)
        : path_(path), root_(root), first_line_(first_line), problems_(problems)
    {
    }

    int line_of(const YAML::Node& node) const { return first_line_ + node.Mark().line; }

    void problem(const std::string& field, const std::string& message, int line = 0)
    {
        problems_.push_back({path_, line > 0 ? line : first_line_ - 1, field, message, false});
    }

    std::optional<std::string> scalar(const char* field, bool required)
    {
        YAML::Node node = root_[field];
        if (!node || node.IsNull()) {
            if (required) problem(field, "missing (required)");
            return std::nullopt;
        }
        if (!node.IsScalar()) {
            problem(field, "expected a single value", line_of(node));
            return std::nullopt;
        }
        std::string value = node.as<std::string>();
        if (required && value.empty()) problem(field, "empty", line_of(node));
        return value;
    }

    std::vector<std::string> list(const char* field, bool required)
    {
        std::vector<std::string> out;
        YAML::Node node = root_[field];
        if (!node || node.IsNull()) {
            if (required) problem(field, "missing (required)");
            return out;
        }
        if (!node.IsSequence()) {
            problem(field, "expected a list (- item per line, or [a, b])", line_of(node));
            return out;
        }
        for (const auto& item : node) {
            if (!item.IsScalar()) {
                problem(field, "every item must be text", line_of(item));
                continue;
            }
            out.push_back(item.as<std::string>());
        }
        return out;
    }

    int line(const char* field) const
    {
        YAML::Node node = root_[field];
        return node ? line_of(node) : first_line_ - 1;
    }

private:
    const std::filesystem::path& path_;
    const YAML::Node& root_;
    int first_line_;
    std::vector<Diagnostic>& problems_;
};

}  // namespace

ParsedArticle parse_article(const std::filesystem::path& path, std::string_view content)
{
    ParsedArticle result;
    auto problem = [&](int line, const std::string& field, const std::string& message) {
        result.problems.push_back({path, line, field, message, false});
    };
    if (!util::valid_utf8(content)) {
        size_t pos = 0;
        int line = 1;
        while (pos < content.size()) {
            size_t before = pos;
            if (util::next_code_point(content, pos) == 0xFFFD && pos - before != 3) break;
            if (content[before] == '\n') ++line;
        }
        problem(line, "", "not valid UTF-8 (save the file as UTF-8)");
        return result;
    }
    if (content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
    // Front matter: the file starts with a line "---" and the next "---" line closes it.
    if (content.substr(0, 4) != "---\n" && content.substr(0, 5) != "---\r\n") {
        problem(1, "", "missing front matter: the file must start with a line '---'");
        return result;
    }
    size_t start = content.find('\n') + 1;
    size_t close = std::string_view::npos;
    int line = 2;
    int close_line = 0;
    for (size_t pos = start; pos < content.size();) {
        size_t end = content.find('\n', pos);
        std::string_view text = content.substr(pos, end == std::string_view::npos ? end : end - pos);
        if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
        if (text == "---") {
            close = pos;
            close_line = line;
            break;
        }
        if (end == std::string_view::npos) break;
        pos = end + 1;
        ++line;
    }
    if (close == std::string_view::npos) {
        problem(1, "", "front matter is not closed: add a line '---' after it");
        return result;
    }
    std::string yaml(content.substr(start, close - start));
    size_t body_start = content.find('\n', close);
    std::string_view body =
        body_start == std::string_view::npos ? std::string_view() : content.substr(body_start + 1);

    YAML::Node root;
    try {
        root = YAML::Load(yaml);
    } catch (const YAML::Exception& e) {
        problem(2 + e.mark.line, "", "YAML: " + e.msg);
        return result;
    }
    if (!root.IsMap()) {
        problem(2, "", "front matter must be 'field: value' lines");
        return result;
    }

    FrontMatterReader fm(path, root, 2, result.problems);
    Article article;
    article.path = path;
    article.body_line = close_line + 1;
    try {
        article.id = fm.scalar("id", true).value_or("");
        static const std::regex id_shape("[a-z0-9]+(-[a-z0-9]+)*");
        if (!article.id.empty() && !std::regex_match(article.id, id_shape))
            fm.problem("id", "'" + article.id + "' must be lower-case latin letters, digits and dashes",
                       fm.line("id"));
        article.title = fm.scalar("title", true).value_or("");
        if (auto audience = fm.scalar("audience", true)) {
            if (auto parsed = parse_audience(*audience))
                article.audience = *parsed;
            else
                fm.problem("audience", "'" + *audience + "' must be contractor, company or both",
                           fm.line("audience"));
        }
        article.tags = fm.list("tags", false);
        article.questions = fm.list("questions", true);
        if (auto status = fm.scalar("status", true)) {
            if (*status == "published")
                article.status = ArticleStatus::Published;
            else if (*status == "draft")
                article.status = ArticleStatus::Draft;
            else if (*status == "archived")
                article.status = ArticleStatus::Archived;
            else
                fm.problem("status", "'" + *status + "' must be published, draft or archived",
                           fm.line("status"));
        }
        article.updated = fm.scalar("updated", true).value_or("");
        if (!article.updated.empty() && !is_iso_date(article.updated))
            fm.problem("updated", "'" + article.updated + "' is not a date (YYYY-MM-DD)", fm.line("updated"));
        article.review_by = fm.scalar("review_by", false).value_or("");
        if (!article.review_by.empty() && !is_iso_date(article.review_by))
            fm.problem("review_by", "'" + article.review_by + "' is not a date (YYYY-MM-DD)",
                       fm.line("review_by"));
        article.sources = fm.list("sources", article.status == ArticleStatus::Published);
        article.related = fm.list("related", false);
        for (const auto& item : root) {
            static const std::vector<std::string> known = {"id",        "title",   "audience", "tags",
                                                           "questions", "status",  "updated",  "review_by",
                                                           "sources",   "related", "author"};
            std::string key = item.first.as<std::string>();
            if (std::find(known.begin(), known.end(), key) == known.end())
                result.problems.push_back(
                    {path, fm.line_of(item.first), key, "unknown field (see kb/README.md)", true});
        }
    } catch (const YAML::Exception& e) {
        problem(2 + e.mark.line, "", "YAML: " + e.msg);
        return result;
    }

    article.body = std::string(body);
    article.plain_text = markdown_to_text(body);
    article.links = markdown_kb_links(body);
    bool fatal = std::any_of(result.problems.begin(), result.problems.end(),
                             [](const Diagnostic& d) { return !d.warning; });
    if (!fatal) result.article = std::move(article);
    return result;
}

}  // namespace spravka
