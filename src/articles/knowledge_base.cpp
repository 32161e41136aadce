/** @file  @brief Loads a kb/ folder, lints it, and resolves which folder to use. */
#include "spravka/knowledge_base.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

#include "search/analyzer.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"
#include "util/utf8.hpp"

namespace spravka {

const Article* KnowledgeBase::find(std::string_view id) const
{
    for (const auto& article : articles)
        if (article.id == id) return &article;
    return nullptr;
}

namespace {

Result<std::vector<SynonymGroup>> load_synonyms(const std::filesystem::path& file)
{
    std::vector<SynonymGroup> groups;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return groups;
    try {
        YAML::Node root = YAML::LoadFile(file.string());
        YAML::Node list = root.IsMap() ? root["groups"] : root;
        if (!list || !list.IsSequence())
            return fail(Code::KbInvalid, file.string() + ":1: expected a list of groups under 'groups:'");
        for (const auto& group : list) {
            int line = group.Mark().line + 1;
            if (!group.IsSequence() || group.size() < 2)
                return fail(Code::KbInvalid, file.string() + ":" + std::to_string(line) +
                                                 ": a group is a list of 2 or more words");
            SynonymGroup words;
            for (const auto& word : group) {
                if (!word.IsScalar() || word.as<std::string>().empty() ||
                    !util::valid_utf8(word.as<std::string>()))
                    return fail(Code::KbInvalid, file.string() + ":" + std::to_string(word.Mark().line + 1) +
                                                     ": every member must be non-empty UTF-8 text");
                words.push_back(word.as<std::string>());
            }
            groups.push_back(std::move(words));
        }
    } catch (const YAML::Exception& e) {
        return fail(Code::KbInvalid,
                    file.string() + ":" + std::to_string(e.mark.line + 1) + ": YAML: " + e.msg);
    }
    return groups;
}

// kb/_meta/out-of-scope.yaml: `topics:`, each with id, title, reply and questions. Errors name the line.
Result<std::vector<OutOfScopeTopic>> load_out_of_scope(const std::filesystem::path& file)
{
    std::vector<OutOfScopeTopic> topics;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return topics;
    auto where = [&](const YAML::Node& node) {
        return file.string() + ":" + std::to_string(node.Mark().line + 1);
    };
    try {
        YAML::Node root = YAML::LoadFile(file.string());
        YAML::Node list = root.IsMap() ? root["topics"] : YAML::Node();
        if (!list || !list.IsSequence())
            return fail(Code::KbInvalid, file.string() + ":1: expected a list of topics under 'topics:'");
        auto text = [&](const YAML::Node& topic, const char* field) -> Result<std::string> {
            YAML::Node value = topic[field];
            if (!value || !value.IsScalar() || value.as<std::string>().empty())
                return fail(Code::KbInvalid, where(topic) + ": " + field + ": required, non-empty text");
            if (!util::valid_utf8(value.as<std::string>()))
                return fail(Code::KbInvalid, where(value) + ": " + field + ": not valid UTF-8");
            return value.as<std::string>();
        };
        for (const auto& node : list) {
            if (!node.IsMap())
                return fail(Code::KbInvalid,
                            where(node) + ": a topic is a map (id, title, reply, questions)");
            OutOfScopeTopic topic;
            topic.line = node.Mark().line + 1;
            for (auto [field, target] : {std::pair{"id", &topic.id}, std::pair{"title", &topic.title},
                                         std::pair{"reply", &topic.reply}}) {
                auto value = text(node, field);
                if (!value) return tl::unexpected(value.error());
                *target = *value;
            }
            YAML::Node questions = node["questions"];
            if (!questions || !questions.IsSequence() || questions.size() < 4)
                return fail(Code::KbInvalid, where(node) + ": questions: at least 4 are required");
            for (const auto& q : questions) {
                if (!q.IsScalar() || q.as<std::string>().empty() || !util::valid_utf8(q.as<std::string>()))
                    return fail(Code::KbInvalid,
                                where(q) + ": questions: every line must be non-empty UTF-8 text");
                topic.questions.push_back(q.as<std::string>());
            }
            if (YAML::Node sources = node["sources"]) {
                if (!sources.IsSequence())
                    return fail(Code::KbInvalid, where(sources) + ": sources: expected a list");
                for (const auto& source : sources) {
                    if (!source.IsScalar() || source.as<std::string>().empty() ||
                        !util::valid_utf8(source.as<std::string>()))
                        return fail(Code::KbInvalid,
                                    where(source) + ": sources: every entry must be non-empty text");
                    topic.sources.push_back(source.as<std::string>());
                }
            }
            topics.push_back(std::move(topic));
        }
    } catch (const YAML::Exception& e) {
        return fail(Code::KbInvalid,
                    file.string() + ":" + std::to_string(e.mark.line + 1) + ": YAML: " + e.msg);
    }
    return topics;
}

}  // namespace

Result<KnowledgeBase> load_knowledge_base(const std::filesystem::path& root)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(root, ec))
        return fail(Code::KbInvalid, "knowledge base folder " + root.string() + " does not exist",
                    "pass --kb DIR, set SPRAVKA_KB, or `spravka config set kb DIR`");
    KnowledgeBase kb;
    kb.root = root;
    std::vector<std::filesystem::path> files;
    for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const auto& path = it->path();
        std::string name = path.filename().string();
        if (it->is_directory() && (name == "_meta" || name.front() == '.')) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && path.extension() == ".md" && it.depth() >= 1) files.push_back(path);
    }
    if (ec) return fail(Code::Io, root.string() + ": cannot list: " + ec.message());
    std::sort(files.begin(), files.end());

    util::Fnv1a hash;
    for (const auto& file : files) {
        auto content = util::read_file(file);
        if (!content) {
            kb.problems.push_back({file, 0, "", content.error().message, false});
            continue;
        }
        hash.add(std::filesystem::relative(file, root).string());
        hash.add(*content);
        auto parsed = parse_article(file, *content);
        kb.problems.insert(kb.problems.end(), parsed.problems.begin(), parsed.problems.end());
        if (parsed.article) kb.articles.push_back(std::move(*parsed.article));
    }
    auto synonyms_file = root / "_meta" / "synonyms.yaml";
    auto synonyms = load_synonyms(synonyms_file);
    if (!synonyms) return tl::unexpected(synonyms.error());
    kb.synonyms = std::move(*synonyms);
    if (auto content = util::read_file(synonyms_file)) hash.add(*content);
    auto out_of_scope_file = root / "_meta" / "out-of-scope.yaml";
    auto out_of_scope = load_out_of_scope(out_of_scope_file);
    if (!out_of_scope) return tl::unexpected(out_of_scope.error());
    kb.out_of_scope = std::move(*out_of_scope);
    if (auto content = util::read_file(out_of_scope_file)) hash.add(*content);
    kb.version = hash.hex().substr(0, 12);
    return kb;
}

std::vector<Diagnostic> lint_knowledge_base(const KnowledgeBase& kb, const std::string& today)
{
    std::vector<Diagnostic> out = kb.problems;
    std::map<std::string, const Article*> by_id;
    for (const auto& article : kb.articles) {
        auto [it, inserted] = by_id.emplace(article.id, &article);
        if (!inserted)
            out.push_back({article.path, 2, "id",
                           "'" + article.id + "' is also used by " + it->second->path.string(), false});
        // The file name follows the id: kb/<section>/<slug>.md holds <section>-<slug>.
        std::string expected =
            article.path.parent_path().filename().string() + "-" + article.path.stem().string();
        if (article.id != expected && article.path.parent_path() != kb.root)
            out.push_back({article.path, 2, "id", "expected '" + expected + "' for this file name", true});
    }
    for (const auto& article : kb.articles) {
        if (article.status != ArticleStatus::Published) continue;
        if (article.questions.size() < 4)
            out.push_back({article.path, 2, "questions",
                           "has " + std::to_string(article.questions.size()) + ", needs at least 4", false});
        if (article.sources.empty())
            out.push_back({article.path, 2, "sources", "at least one source is required", false});
        if (article.review_by.empty())
            out.push_back({article.path, 2, "review_by",
                           "missing: set the date the facts must be checked again", false});
        else if (article.review_by < today)
            out.push_back({article.path, 2, "review_by",
                           "review date " + article.review_by + " has passed: check the facts and move it",
                           false});
        if (article.body.find("## Если не помогло") == std::string::npos)
            out.push_back({article.path, article.body_line, "",
                           "the body must end with '## Если не помогло' (how to reach a person)", false});
        if (util::display_width(article.plain_text) < 200)
            out.push_back(
                {article.path, article.body_line, "", "the body is too short to answer a question", false});
        for (const auto& related : article.related)
            if (!by_id.count(related))
                out.push_back({article.path, 2, "related", "no article with id '" + related + "'", false});
        for (const auto& link : article.links)
            if (!by_id.count(link))
                out.push_back(
                    {article.path, article.body_line, "", "link to unknown article kb:" + link, false});
        std::set<std::string> seen;
        for (const auto& question : article.questions)
            if (!seen.insert(question).second)
                out.push_back({article.path, 2, "questions", "'" + question + "' is listed twice", true});
    }
    // A phrase that loses all but one word to stopwords («через сколько» -> «сколько») would tie two
    // synonym groups together; the indexer skips it, and lint says so.
    for (const auto& group : kb.synonyms)
        for (const auto& member : group) {
            auto words = analysis::words(analysis::fold(member));
            size_t content = std::count_if(words.begin(), words.end(),
                                           [](const std::string& w) { return !analysis::is_stopword(w); });
            if (words.size() > 1 && content <= 1)
                out.push_back({kb.root / "_meta" / "synonyms.yaml", 0, "",
                               "'" + member + "' is a single word once stopwords are dropped; it is ignored",
                               true});
        }
    // Out-of-scope topics share the id space with articles (both are search results).
    const auto oos_file = kb.root / "_meta" / "out-of-scope.yaml";
    std::set<std::string> topic_ids;
    for (const auto& topic : kb.out_of_scope) {
        if (topic.id.rfind("oos-", 0) != 0)
            out.push_back({oos_file, topic.line, "id", "'" + topic.id + "' must start with 'oos-'", false});
        if (by_id.count(topic.id) || !topic_ids.insert(topic.id).second)
            out.push_back({oos_file, topic.line, "id", "'" + topic.id + "' is used twice", false});
        // A reply sends people to other services: its phone numbers and addresses need a source too.
        if (topic.sources.empty())
            out.push_back({oos_file, topic.line, "sources", "at least one source is required", false});
    }
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.file, a.line) < std::tie(b.file, b.line);
    });
    return out;
}

KbLocation resolve_kb_dir(const std::string& flag, const Config* config, const Environment& env)
{
    if (!flag.empty()) return {flag, "--kb"};
    if (auto value = env.get("SPRAVKA_KB")) return {*value, "env SPRAVKA_KB"};
    if (config != nullptr)
        if (auto value = config->get("kb"); value && !value->value.empty())
            return {value->value, value->origin};
    // The installed binary uses the installed kb; a development build uses the source tree's.
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    std::string bindir = SPRAVKA_INSTALL_BINDIR;
    if (!ec && exe.parent_path() == bindir && std::filesystem::is_directory(SPRAVKA_INSTALL_KB, ec))
        return {SPRAVKA_INSTALL_KB, "built-in (installed)"};
    return {SPRAVKA_SOURCE_KB, "built-in (source tree)"};
}

std::string today_iso()
{
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &local);
    return buffer;
}

}  // namespace spravka
