/** @file  @brief Articles and the kb folder: parsing, Markdown, lint, loading (tests/fixtures/kb,
 * tests/fixtures/broken). */
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "files.hpp"
#include "spravka/article.hpp"
#include "spravka/knowledge_base.hpp"
#include "temp_dir.hpp"

using namespace spravka;
namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = SPRAVKA_FIXTURES;
const fs::path kFixtureKb = kFixtures / "kb";
const fs::path kBroken = kFixtures / "broken";

using spravka::test::read_text;

void write_text(const fs::path& path, const std::string& text)
{
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    REQUIRE(out);
    out << text;
}

/// Replaces the one occurrence of `from` in the file; fails the test when it is not there.
void edit_file(const fs::path& path, const std::string& from, const std::string& to)
{
    std::string text = read_text(path);
    auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
    write_text(path, text);
}

/// A writable copy of the fixture knowledge base.
fs::path copy_fixture_kb(const test::TempDir& dir)
{
    fs::path kb = dir.path() / "kb";
    fs::copy(kFixtureKb, kb, fs::copy_options::recursive);
    return kb;
}

std::vector<Diagnostic> errors_only(const std::vector<Diagnostic>& all)
{
    std::vector<Diagnostic> out;
    std::copy_if(all.begin(), all.end(), std::back_inserter(out),
                 [](const Diagnostic& d) { return !d.warning; });
    return out;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

size_t code_points(const std::string& text)
{
    return static_cast<size_t>(
        std::count_if(text.begin(), text.end(), [](char ch) { return (ch & 0xC0) != 0x80; }));
}

std::string describe(const std::vector<Diagnostic>& diagnostics)
{
    std::string out;
    for (const auto& d : diagnostics) out += d.to_string() + "\n";
    return out;
}

}  // namespace

// ---- parse_article ----------------------------------------------------------------------------

TEST_CASE("a well-formed article yields every front-matter field and its body", "[articles]")
{
    const fs::path file = kFixtureKb / "payouts" / "timing.md";
    auto parsed = parse_article(file, read_text(file));
    INFO(describe(parsed.problems));
    CHECK(parsed.problems.empty());
    REQUIRE(parsed.article);
    const Article& a = *parsed.article;
    CHECK(a.id == "payouts-timing");
    CHECK(a.title == "Когда придут деньги после подписания акта");
    CHECK(a.audience == Audience::Contractor);
    CHECK(a.tags == std::vector<std::string>{"выплаты", "деньги", "акт", "сроки"});
    CHECK(a.questions == std::vector<std::string>{"когда придут деньги за акт", "подписал акт а денег нет",
                                                  "сколько ждать выплату",
                                                  "через сколько дней приходят деньги"});
    CHECK(a.status == ArticleStatus::Published);
    CHECK(a.updated == "2026-11-20");
    CHECK(a.review_by == "2027-05-20");
    CHECK(a.sources == std::vector<std::string>{"Правила платформы: payouts"});
    CHECK(a.related == std::vector<std::string>{"payouts-late", "acts-sign-sms"});
    CHECK(a.links == std::vector<std::string>{"payouts-late"});
    CHECK(a.path == file);
    CHECK(a.body_line == 18);  // the line after the closing '---'
    CHECK(a.body.rfind("\nПлатформа отправляет выплату", 0) == 0);
    CHECK(contains(a.body, "## Если не помогло"));
    CHECK(contains(a.plain_text, "Платформа отправляет выплату"));
    CHECK_FALSE(contains(a.plain_text, "|"));
    CHECK_FALSE(contains(a.plain_text, "](kb:"));
    CHECK_FALSE(contains(a.plain_text, "## "));
}

TEST_CASE("status, audience and the optional fields are read as written", "[articles]")
{
    struct Case {
        const char* file;
        const char* id;
        Audience audience;
        ArticleStatus status;
    };
    const std::vector<Case> cases = {
        {"payouts/wallet.md", "payouts-wallet", Audience::Contractor, ArticleStatus::Draft},
        {"tax/experiment.md", "tax-experiment", Audience::Both, ArticleStatus::Archived},
        {"company/pay-bulk.md", "company-pay-bulk", Audience::Company, ArticleStatus::Published},
        {"status/what-is.md", "status-what-is", Audience::Both, ArticleStatus::Published},
    };
    for (const auto& c : cases) {
        SECTION(c.file)
        {
            auto parsed = parse_article(kFixtureKb / c.file, read_text(kFixtureKb / c.file));
            REQUIRE(parsed.article);
            CHECK(parsed.article->id == c.id);
            CHECK(parsed.article->audience == c.audience);
            CHECK(parsed.article->status == c.status);
        }
    }
    auto bulk = parse_article("x.md", read_text(kFixtureKb / "company" / "pay-bulk.md"));
    REQUIRE(bulk.article);
    CHECK(bulk.article->related.empty());  // no `related:` line
}

TEST_CASE("each broken article file gives one error naming its file, line and field", "[articles]")
{
    struct Case {
        const char* file;
        int line;
        const char* field;
        const char* message_part;
    };
    const std::vector<Case> cases = {
        {"missing-front-matter.md", 1, "", "missing front matter"},
        {"unclosed-front-matter.md", 1, "", "not closed"},
        {"bad-yaml.md", 4, "", "YAML"},
        {"bad-audience.md", 4, "audience", "'everyone'"},
        {"missing-id.md", 1, "id", "missing"},
        {"invalid-utf8.md", 3, "", "UTF-8"},
    };
    for (const auto& c : cases) {
        SECTION(c.file)
        {
            const fs::path file = kBroken / c.file;
            auto parsed = parse_article(file, read_text(file));
            CHECK_FALSE(parsed.article);
            auto errors = errors_only(parsed.problems);
            INFO(describe(parsed.problems));
            REQUIRE(errors.size() == 1);
            CHECK(errors[0].file == file);
            CHECK(errors[0].line == c.line);
            CHECK(errors[0].field == c.field);
            CHECK(contains(errors[0].message, c.message_part));
            CHECK(contains(errors[0].to_string(), file.string() + ":" + std::to_string(c.line) + ": "));
        }
    }
}

TEST_CASE("an article with too few questions parses, and lint names the questions field", "[articles][lint]")
{
    const fs::path file = kBroken / "too-few-questions.md";
    auto parsed = parse_article(file, read_text(file));
    REQUIRE(parsed.article);
    CHECK(errors_only(parsed.problems).empty());
    CHECK(parsed.article->questions.size() == 2);

    KnowledgeBase kb;
    kb.root = kBroken;
    kb.articles.push_back(*parsed.article);
    auto errors = errors_only(lint_knowledge_base(kb, "2026-12-01"));
    INFO(describe(errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].file == file);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].field == "questions");
    CHECK(contains(errors[0].message, "at least 4"));
}

TEST_CASE("front-matter values that are present but wrong are reported at their line", "[articles]")
{
    const std::string head = "---\nid: tax-x\ntitle: Тест\naudience: both\n";
    const std::string tail = "questions: [а, б, в, г]\nsources: [\"422-ФЗ\"]\n---\n\nТекст.\n";
    struct Case {
        const char* name;
        std::string content;
        int line;
        const char* field;
    };
    const std::vector<Case> cases = {
        {"a status that is not published, draft or archived",
         head + "status: ready\nupdated: 2026-11-20\n" + tail, 5, "status"},
        {"an updated date that is not a date", head + "status: published\nupdated: 2026-13-01\n" + tail, 6,
         "updated"},
        {"a review_by date that is not a date",
         head + "status: published\nupdated: 2026-11-20\nreview_by: скоро\n" + tail, 7, "review_by"},
        {"an id with capital letters",
         "---\nid: Tax_X\ntitle: Тест\naudience: both\nstatus: published\nupdated: 2026-11-20\n" + tail, 2,
         "id"},
        {"questions written as a single value",
         head + "status: published\nupdated: 2026-11-20\nquestions: один\nsources: [a]\n---\n\nТекст.\n", 7,
         "questions"},
    };
    for (const auto& c : cases) {
        SECTION(c.name)
        {
            auto parsed = parse_article("kb/tax/x.md", c.content);
            CHECK_FALSE(parsed.article);
            auto errors = errors_only(parsed.problems);
            INFO(describe(parsed.problems));
            REQUIRE(errors.size() == 1);
            CHECK(errors[0].line == c.line);
            CHECK(errors[0].field == c.field);
        }
    }
}

TEST_CASE("an unknown field is a warning and the article is still usable", "[articles]")
{
    std::string content = read_text(kFixtureKb / "tax" / "rates.md");
    content.insert(4, "priority: high\n");
    auto parsed = parse_article("kb/tax/rates.md", content);
    REQUIRE(parsed.article);
    REQUIRE(parsed.problems.size() == 1);
    CHECK(parsed.problems[0].warning);
    CHECK(parsed.problems[0].field == "priority");
    CHECK(parsed.problems[0].line == 2);
}

TEST_CASE("a byte-order mark and Windows line endings do not break an article", "[articles]")
{
    std::string unix_text = read_text(kFixtureKb / "acts" / "sign-sms.md");
    std::string crlf;
    for (char ch : unix_text) crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
    for (const auto& content : {"\xEF\xBB\xBF" + unix_text, crlf}) {
        auto parsed = parse_article("kb/acts/sign-sms.md", content);
        INFO(describe(parsed.problems));
        REQUIRE(parsed.article);
        CHECK(parsed.article->id == "acts-sign-sms");
        CHECK(parsed.article->questions.size() == 4);
    }
}

TEST_CASE("parse_article never throws, whatever the bytes", "[articles]")
{
    const std::vector<std::string> inputs = {"",
                                             "---",
                                             "---\n",
                                             "---\n---\n",
                                             "---\n- a\n- b\n---\n",
                                             "---\nid: [\n---\n",
                                             std::string("---\n\0\n---\n", 10),
                                             "---\nid: x\nquestions: {a: b}\n---\n"};
    for (const auto& input : inputs) {
        ParsedArticle parsed;
        CHECK_NOTHROW(parsed = parse_article("kb/x/y.md", input));
        CHECK_FALSE(parsed.article);
        CHECK_FALSE(errors_only(parsed.problems).empty());
    }
}

// ---- Markdown ---------------------------------------------------------------------------------

TEST_CASE("markdown_to_text keeps the words and drops the Markdown syntax", "[articles][markdown]")
{
    struct Case {
        const char* markdown;
        const char* kept;
        const char* dropped;
    };
    const std::vector<Case> cases = {
        {"Это **важно** знать", "Это важно знать", "**"},
        {"Это *курсив* тут", "Это курсив тут", "*"},
        {"## Если не помогло\n", "Если не помогло", "#"},
        {"Смотрите [статью о ставках](kb:tax-rates).", "Смотрите статью о ставках.", "kb:"},
        {"Команда `spravka ask` помогает", "spravka ask", "`"},
        {"- первый пункт\n- второй пункт\n", "второй пункт", "- "},
        {"1. открыть акт\n2. ввести код\n", "ввести код", "2."},
        {"| Кто | Ставка |\n|---|---|\n| Компания | 6% |\n", "Компания", "|"},
        {"| Кто | Ставка |\n|---|---|\n| Компания | 6% |\n", "6%", "---"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.markdown);
        std::string text = markdown_to_text(c.markdown);
        CAPTURE(text);
        CHECK(contains(text, c.kept));
        CHECK_FALSE(contains(text, c.dropped));
    }
}

TEST_CASE("render_markdown draws a GFM table with box rules and no raw pipes or asterisks",
          "[articles][markdown]")
{
    const std::string table =
        "| Куда | Сколько ждать |\n|---|---|\n| **Карта МИР** | минуты |\n| Счёт в банке | до 3 рабочих дней "
        "|\n";
    std::string out = render_markdown(table, 80, false);
    CAPTURE(out);
    CHECK_FALSE(contains(out, "|"));
    CHECK_FALSE(contains(out, "**"));
    CHECK_FALSE(contains(out, "\033["));
    CHECK(contains(out, "Карта МИР"));
    CHECK(contains(out, "│"));
    CHECK(contains(out, "─┼─"));
    // Columns line up: the separator sits at the same place in every row.
    std::istringstream lines(out);
    std::vector<size_t> bars;
    for (std::string line; std::getline(lines, line);)
        if (auto at = line.find("│"); at != std::string::npos)
            bars.push_back(code_points(line.substr(0, at)));
    REQUIRE(bars.size() == 3);
    CHECK(std::adjacent_find(bars.begin(), bars.end(), std::not_equal_to<>()) == bars.end());
}

TEST_CASE("a table too wide for the terminal turns into header: value lines", "[articles][markdown]")
{
    const std::string table =
        "| Куда | Сколько ждать после отправки денег |\n|---|---|\n| Карта МИР | обычно несколько минут, "
        "самое позднее до конца следующего рабочего дня |\n";
    std::string out = render_markdown(table, 30, false);
    CAPTURE(out);
    CHECK_FALSE(contains(out, "|"));
    CHECK(contains(out, "Куда: Карта МИР"));
}

TEST_CASE("render_markdown renders lists, headings and emphasis without raw syntax", "[articles][markdown]")
{
    const std::string markdown =
        "## Пошагово\n\n1. Откройте **акт**.\n2. Введите код.\n\n- первый пункт\n- второй пункт\n\nСм. "
        "[статью](kb:tax-rates).\n";
    std::string plain = render_markdown(markdown, 80, false);
    CAPTURE(plain);
    CHECK_FALSE(contains(plain, "**"));
    CHECK_FALSE(contains(plain, "## "));
    CHECK_FALSE(contains(plain, "](kb:"));
    CHECK(contains(plain, "Пошагово"));
    CHECK(contains(plain, "Откройте акт"));
    CHECK(contains(plain, "второй пункт"));
    CHECK(plain.find("Откройте") < plain.find("Введите"));
    CHECK_FALSE(contains(plain, "\033["));

    std::string colored = render_markdown(markdown, 80, true);
    CHECK(contains(colored, "\033["));
    CHECK_FALSE(contains(colored, "**"));
}

TEST_CASE("render_markdown wraps paragraphs to the width it is given", "[articles][markdown]")
{
    std::string paragraph;
    for (int i = 0; i < 30; ++i) paragraph += "слово ";
    for (int width : {40, 60}) {
        std::string out = render_markdown(paragraph, width, false);
        std::istringstream lines(out);
        int count = 0;
        for (std::string line; std::getline(lines, line); ++count) {
            CAPTURE(width, line);
            CHECK(code_points(line) <= static_cast<size_t>(width));
        }
        CHECK(count > 1);
    }
}

// ---- the knowledge base -----------------------------------------------------------------------

TEST_CASE("the fixture knowledge base loads without problems and lints clean", "[kb][lint]")
{
    auto kb = load_knowledge_base(kFixtureKb);
    REQUIRE(kb);
    CHECK(kb->problems.empty());
    CHECK(kb->articles.size() == 9);
    CHECK(kb->synonyms.size() == 4);
    REQUIRE(kb->out_of_scope.size() == 1);
    CHECK(kb->out_of_scope[0].id == "oos-loans");
    CHECK(kb->out_of_scope[0].questions.size() == 5);
    CHECK(kb->out_of_scope[0].reply.find("банк") != std::string::npos);
    CHECK(kb->version.size() == 12);
    REQUIRE(kb->find("acts-sign-sms"));
    CHECK(kb->find("acts-sign-sms")->title == "Как подписать акт по коду из СМС");
    CHECK(kb->find("no-such-article") == nullptr);
    auto diagnostics = lint_knowledge_base(*kb, "2026-12-01");
    INFO(describe(diagnostics));
    CHECK(diagnostics.empty());
}

TEST_CASE("lint finds what kb/README.md forbids", "[kb][lint]")
{
    struct Case {
        const char* name;
        std::function<void(const fs::path&)> edit;
        const char* file;  // relative to the kb copy
        const char* field;
        const char* message_part;
    };
    const std::vector<Case> cases = {
        {"two articles with one id",
         [](const fs::path& kb) { fs::copy_file(kb / "payouts/timing.md", kb / "payouts/timing-copy.md"); },
         "payouts/timing.md", "id", "timing-copy.md"},  // the first file in path order keeps the id
        {"a related id that does not exist",
         [](const fs::path& kb) {
             edit_file(kb / "payouts/timing.md", "related: [payouts-late, acts-sign-sms]",
                       "related: [payouts-late, payouts-nowhere]");
         },
         "payouts/timing.md", "related", "payouts-nowhere"},
        {"a kb: link to an unknown article",
         [](const fs::path& kb) {
             edit_file(kb / "kopilka/what-is.md", "(kb:tax-rates)", "(kb:tax-nowhere)");
         },
         "kopilka/what-is.md", "", "kb:tax-nowhere"},
        {"a review date in the past",
         [](const fs::path& kb) {
             edit_file(kb / "tax/rates.md", "review_by: 2027-05-20", "review_by: 2026-06-01");
         },
         "tax/rates.md", "review_by", "2026-06-01"},
        {"an empty list of sources",
         [](const fs::path& kb) {
             edit_file(kb / "acts/sign-sms.md",
                       "sources:\n  - \"63-ФЗ, ст. 5\"\n  - \"Правила платформы: acts\"\n", "sources: []\n");
         },
         "acts/sign-sms.md", "sources", "at least one source"},
        {"no sources at all",
         [](const fs::path& kb) {
             edit_file(kb / "company/pay-bulk.md", "sources:\n  - \"Правила платформы: company_pricing\"\n",
                       "");
         },
         "company/pay-bulk.md", "sources", "missing"},
        {"no review date",
         [](const fs::path& kb) { edit_file(kb / "status/what-is.md", "review_by: 2027-05-20\n", ""); },
         "status/what-is.md", "review_by", "missing"},
        {"a body without '## Если не помогло'",
         [](const fs::path& kb) { edit_file(kb / "payouts/late.md", "## Если не помогло", "## Что ещё"); },
         "payouts/late.md", "", "Если не помогло"},
    };
    for (const auto& c : cases) {
        SECTION(c.name)
        {
            test::TempDir dir;
            fs::path root = copy_fixture_kb(dir);
            c.edit(root);
            auto kb = load_knowledge_base(root);
            REQUIRE(kb);
            auto errors = errors_only(lint_knowledge_base(*kb, "2026-12-01"));
            INFO(describe(errors));
            REQUIRE(errors.size() == 1);
            CHECK(errors[0].file == root / c.file);
            CHECK(errors[0].field == c.field);
            CHECK(contains(errors[0].message, c.message_part));
        }
    }
}

TEST_CASE("every published article is due for review once its review_by date passes", "[kb][lint]")
{
    auto kb = load_knowledge_base(kFixtureKb);
    REQUIRE(kb);
    CHECK(errors_only(lint_knowledge_base(*kb, "2027-05-20")).empty());  // due today is not overdue
    auto overdue = errors_only(lint_knowledge_base(*kb, "2027-05-21"));
    CHECK(overdue.size() == 7);  // drafts and archived articles are not linted for review
    for (const auto& d : overdue) CHECK(d.field == "review_by");
}

TEST_CASE("broken files are collected as problems while the rest of the kb loads", "[kb]")
{
    test::TempDir dir;
    fs::path root = copy_fixture_kb(dir);
    fs::copy(kBroken, root / "broken");
    auto kb = load_knowledge_base(root);
    REQUIRE(kb);
    CHECK(kb->articles.size() == 10);  // 9 good ones and too-few-questions.md
    auto problems = errors_only(kb->problems);
    INFO(describe(problems));
    CHECK(problems.size() == 6);
    for (const auto& p : problems) CHECK(p.file.parent_path() == root / "broken");
    CHECK(kb->find("payouts-timing") != nullptr);
}

TEST_CASE("a missing kb folder or a broken _meta file is an error that names the line, not an empty kb",
          "[kb]")
{
    auto missing = load_knowledge_base("/nonexistent/spravka-kb");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Code::KbInvalid);
    CHECK_FALSE(missing.error().hint.empty());

    struct Case {
        const char* name;
        const char* file;
        const char* yaml;
        const char* where;
    };
    const std::vector<Case> cases = {
        {"a group of one word", "synonyms.yaml", "groups:\n  - [акт, закрывашка]\n  - [нпд]\n",
         "synonyms.yaml:3:"},
        {"synonyms not a list", "synonyms.yaml", "groups: акт\n", "synonyms.yaml:1:"},
        {"synonyms bad YAML", "synonyms.yaml", "groups:\n  - [акт, закрывашка\n", "synonyms.yaml:"},
        {"a topic without a reply", "out-of-scope.yaml",
         "topics:\n  - id: oos-x\n    title: Кредиты\n    questions: [a, b, c, d]\n",
         "out-of-scope.yaml:2: reply"},
        {"a topic with too few questions", "out-of-scope.yaml",
         "topics:\n  - id: oos-x\n    title: Кредиты\n    reply: не к нам\n    questions: [a, b]\n",
         "out-of-scope.yaml:2: questions"},
        {"topics not a list", "out-of-scope.yaml", "topics: кредиты\n", "out-of-scope.yaml:1:"},
        {"topics bad YAML", "out-of-scope.yaml", "topics:\n  - id: [oos-x\n", "out-of-scope.yaml:"},
    };
    for (const auto& c : cases) {
        SECTION(c.name)
        {
            test::TempDir dir;
            fs::path root = copy_fixture_kb(dir);
            write_text(root / "_meta" / c.file, c.yaml);
            auto kb = load_knowledge_base(root);
            REQUIRE_FALSE(kb);
            CHECK(kb.error().code == Code::KbInvalid);
            CHECK(contains(kb.error().message, c.where));
        }
    }
}

TEST_CASE("lint rejects an out-of-scope id that is not oos-... or is taken, and a topic without sources",
          "[kb][lint]")
{
    test::TempDir dir;
    fs::path root = copy_fixture_kb(dir);
    write_text(root / "_meta" / "out-of-scope.yaml",
               "topics:\n"
               "  - id: tax-rates\n    title: Ставки\n    reply: не к нам\n    questions: [a, b, c, d]\n"
               "    sources: [\"ФНС: nalog.gov.ru\"]\n"
               "  - id: oos-loans\n    title: Кредиты\n    reply: в банк\n    questions: [a, b, c, d]\n"
               "    sources: [\"Банк России: cbr.ru\"]\n"
               "  - id: oos-fines\n    title: Штрафы\n    reply: в ГИБДД\n    questions: [a, b, c, d]\n");
    auto kb = load_knowledge_base(root);
    REQUIRE(kb);
    auto diagnostics = lint_knowledge_base(*kb, "2026-12-01");
    std::string text = describe(diagnostics);
    INFO(text);
    CHECK(contains(text, "out-of-scope.yaml:2: id: 'tax-rates' must start with 'oos-'"));
    CHECK(contains(text, "out-of-scope.yaml:2: id: 'tax-rates' is used twice"));
    CHECK(contains(text, "out-of-scope.yaml:12: sources: at least one source is required"));
    CHECK_FALSE(contains(text, "oos-loans"));
    CHECK_FALSE(contains(text, "out-of-scope.yaml:7:"));
}

TEST_CASE("the kb version changes when any file changes and only then", "[kb]")
{
    test::TempDir dir;
    fs::path root = copy_fixture_kb(dir);
    auto first = load_knowledge_base(root);
    REQUIRE(first);
    auto again = load_knowledge_base(root);
    REQUIRE(again);
    CHECK(again->version == first->version);

    struct Case {
        const char* name;
        std::function<void()> edit;
    };
    const std::vector<Case> cases = {
        {"an article body",
         [&] { edit_file(root / "tax/rates.md", "Отчётов сдавать не нужно.", "Отчётов нет."); }},
        {"an article's front matter",
         [&] { edit_file(root / "tax/rates.md", "updated: 2026-11-20", "updated: 2026-11-21"); }},
        {"a draft article", [&] { edit_file(root / "payouts/wallet.md", "Пока нет", "Пока ещё нет"); }},
        {"the synonyms", [&] { edit_file(root / "_meta/synonyms.yaml", "бабки]", "бабки, бабло]"); }},
        {"a new article", [&] { fs::copy_file(root / "tax/rates.md", root / "tax/rates-2.md"); }},
        {"a removed article", [&] { fs::remove(root / "kopilka/what-is.md"); }},
    };
    std::string previous = first->version;
    for (const auto& c : cases) {
        CAPTURE(c.name);
        c.edit();
        auto kb = load_knowledge_base(root);
        REQUIRE(kb);
        CHECK(kb->version != previous);
        previous = kb->version;
    }
}
