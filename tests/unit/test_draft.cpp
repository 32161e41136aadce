/** @file  @brief `kb new` scaffolds an article whose front matter follows kb/README.md. */
#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <fstream>

#include "spravka/draft.hpp"
#include "temp_dir.hpp"

using namespace spravka;
using namespace std::chrono;

namespace {

constexpr year_month_day kToday{year{2026}, month{11}, day{20}};

YAML::Node front_matter(const std::string& text)
{
    REQUIRE(text.rfind("---\n", 0) == 0);
    const auto end = text.find("\n---\n", 4);
    REQUIRE(end != std::string::npos);
    return YAML::Load(text.substr(4, end - 4));
}

}  // namespace

TEST_CASE("a new article has every required field, as a draft due for review in six months", "[draft]")
{
    test::TempDir kb;
    auto draft = make_draft(kb.path(), {"payouts-card-delay", "", "", {}, "Анна Петрова", kToday});
    REQUIRE(draft);
    CHECK(draft->id == "payouts-card-delay");
    CHECK(draft->file == kb.path() / "payouts" / "card-delay.md");
    auto yaml = front_matter(draft->text);
    CHECK(yaml["id"].as<std::string>() == "payouts-card-delay");
    CHECK_FALSE(yaml["title"].as<std::string>().empty());
    CHECK(yaml["audience"].as<std::string>() == "contractor");
    CHECK(yaml["tags"].IsSequence());
    CHECK(yaml["questions"].size() >= 4);
    CHECK(yaml["status"].as<std::string>() == "draft");
    CHECK(yaml["updated"].as<std::string>() == "2026-11-20");
    CHECK(yaml["review_by"].as<std::string>() == "2027-05-20");
    CHECK(yaml["sources"].IsSequence());
    CHECK(yaml["author"].as<std::string>() == "Анна Петрова");
    CHECK(draft->text.find("## Если не помогло") != std::string::npos);
}

TEST_CASE("a draft from a gap takes the gap's questions, quoted where YAML needs it", "[draft]")
{
    test::TempDir kb;
    const std::vector<std::string> questions = {"когда придут деньги", "деньги не пришли: что делать?",
                                                "звонил на [телефон] # никто", "\"срочно\" нужны деньги"};
    auto draft = make_draft(kb.path(), {"late-money", "payouts", "", questions, "", kToday});
    REQUIRE(draft);
    CHECK(draft->id == "payouts-late-money");
    auto yaml = front_matter(draft->text);
    CHECK(yaml["questions"].as<std::vector<std::string>>() == questions);
    CHECK(yaml["title"].as<std::string>() == "когда придут деньги");
    CHECK_FALSE(yaml["author"]);
}

TEST_CASE("a slug that repeats the section is not doubled", "[draft]")
{
    test::TempDir kb;
    auto draft = make_draft(kb.path(), {"payouts-card-delay", "payouts", "", {}, "", kToday});
    REQUIRE(draft);
    CHECK(draft->id == "payouts-card-delay");
}

TEST_CASE("slugs outside [a-z0-9-] or without a section are refused", "[draft]")
{
    test::TempDir kb;
    for (const char* slug : {"cardDelay", "payouts-", "оплата-карта", "../etc-passwd", "nosection"}) {
        CAPTURE(slug);
        auto draft = make_draft(kb.path(), {slug, "", "", {}, "", kToday});
        REQUIRE_FALSE(draft);
        CHECK(draft.error().code == Code::Usage);
    }
}

TEST_CASE("writing a draft never overwrites an existing article", "[draft]")
{
    test::TempDir kb;
    auto draft = make_draft(kb.path(), {"payouts-card-delay", "", "", {}, "", kToday});
    REQUIRE(draft);
    REQUIRE(write_draft(*draft));
    {
        std::ofstream edited(draft->file);
        edited << "edited by hand";
    }
    auto again = write_draft(*draft);
    REQUIRE_FALSE(again);
    CHECK(again.error().code == Code::Usage);
    std::ifstream in(draft->file);
    std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(content == "edited by hand");
}

TEST_CASE("six months later lands on the month's last day when the day does not exist", "[draft]")
{
    CHECK(iso_date(add_months(year_month_day{year{2026}, month{8}, day{31}}, 6)) == "2027-02-28");
    CHECK(iso_date(add_months(year_month_day{year{2027}, month{8}, day{31}}, 6)) == "2028-02-29");
    CHECK(iso_date(add_months(kToday, 6)) == "2027-05-20");
}
