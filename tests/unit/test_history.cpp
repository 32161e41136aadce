/** @file  @brief The query log and votes: masking, votes, retention, clearing, export. */
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "history_fixture.hpp"

using namespace spravka;
using namespace spravka::test;

namespace {

std::string read_all(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

HistoryExport export_all(History& history)
{
    auto out = history.export_since(0);
    REQUIRE(out);
    return *out;
}

}  // namespace

TEST_CASE("the query log masks each kind of personal data before writing", "[history]")
{
    struct Row {
        const char* question;
        const char* raw;          // what must never reach the disk
        const char* placeholder;  // what stands in its place
    };
    const Row rows[] = {
        {"не пришли деньги на карту 4276 3800 1234 5671", "4276 3800 1234", "[карта •••• 5671]"},
        {"паспорт 4510 123456 как поменять", "4510 123456", "[паспорт]"},
        {"перезвоните на +7 (912) 345-67-89", "345-67-89", "[телефон]"},
        {"ответьте на ivan.petrov@mail.ru", "ivan.petrov@mail.ru", "[почта]"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.question);
        HistoryFixture f;
        f.log(row.question, Outcome::NoAnswer);
        auto exported = export_all(f.history);
        REQUIRE(exported.queries.size() == 1);
        CHECK(exported.queries[0].question.find(row.placeholder) != std::string::npos);
        CHECK(exported.queries[0].question.find(row.raw) == std::string::npos);
        // Nothing unmasked in the database file or its write-ahead log either.
        for (const char* suffix : {"", "-wal"}) {
            auto file = f.dir.path() / (std::string("spravka.db") + suffix);
            CHECK(read_all(file).find(row.raw) == std::string::npos);
        }
    }
}

TEST_CASE("a logged question keeps its outcome, articles and time", "[history]")
{
    HistoryFixture f;
    const int64_t id = f.log("когда придут деньги", Outcome::Answered, "payouts-timing",
                             {"payouts-timing", "payouts-late"}, 0, 0.82);
    auto exported = export_all(f.history);
    REQUIRE(exported.queries.size() == 1);
    const auto& q = exported.queries[0];
    CHECK(q.id == id);
    CHECK(q.time == kNow);
    CHECK(q.question == "когда придут деньги");
    CHECK(q.normalized == "деньг приду");
    CHECK(q.role == "contractor");
    CHECK(q.outcome == Outcome::Answered);
    CHECK(q.top_id == std::optional<std::string>("payouts-timing"));
    CHECK(q.top_score == Approx(0.82));
    CHECK(q.shown_ids == std::vector<std::string>{"payouts-timing", "payouts-late"});
    CHECK(q.kb_version == "kb1");
    CHECK(exported.exported_at == kNow);
}

TEST_CASE("votes are recorded with their article, a masked reason and the question they answer", "[history]")
{
    HistoryFixture f;
    const int64_t query =
        f.log("когда придут деньги", Outcome::Answered, "payouts-timing", {"payouts-timing"});
    REQUIRE(f.history.record_vote("payouts-timing", -1, std::string("не то, звоните 89123456789"), query));
    REQUIRE(f.history.record_vote("payouts-late", 1));

    auto votes = export_all(f.history).votes;
    REQUIRE(votes.size() == 2);
    CHECK(votes[0].article_id == "payouts-timing");
    CHECK(votes[0].value == -1);
    CHECK(votes[0].reason == std::optional<std::string>("не то, звоните [телефон]"));
    CHECK(votes[0].query_id == std::optional<int64_t>(query));
    CHECK(votes[1].article_id == "payouts-late");
    CHECK(votes[1].value == 1);
    CHECK_FALSE(votes[1].reason);
    CHECK_FALSE(votes[1].query_id);
}

TEST_CASE("a vote on a question that is not logged is kept without the link", "[history]")
{
    HistoryFixture f;
    REQUIRE(f.history.record_vote("payouts-timing", 1, {}, 4242));
    auto votes = export_all(f.history).votes;
    REQUIRE(votes.size() == 1);
    CHECK_FALSE(votes[0].query_id);
}

TEST_CASE("a vote must be up or down on a well-formed article id", "[history]")
{
    HistoryFixture f;
    auto zero = f.history.record_vote("payouts-timing", 0);
    REQUIRE_FALSE(zero);
    CHECK(zero.error().code == Code::Usage);
    auto bad_id = f.history.record_vote("../etc/passwd", 1);
    REQUIRE_FALSE(bad_id);
    CHECK(bad_id.error().code == Code::Usage);
    CHECK(export_all(f.history).votes.empty());
}

TEST_CASE("a ticket after an answer marks the question escalated, but a gap stays a gap", "[history]")
{
    HistoryFixture f;
    const int64_t answered = f.log("когда придут деньги", Outcome::Answered, "payouts-timing");
    const int64_t unanswered = f.log("как поменять паспорт", Outcome::NoAnswer);
    auto changed = f.history.mark_escalated(answered);
    REQUIRE(changed);
    CHECK(*changed);
    auto unchanged = f.history.mark_escalated(unanswered);
    REQUIRE(unchanged);
    CHECK_FALSE(*unchanged);
    auto queries = export_all(f.history).queries;
    CHECK(queries[0].outcome == Outcome::Escalated);
    CHECK(queries[1].outcome == Outcome::NoAnswer);
}

TEST_CASE("retention removes questions and votes older than the period and keeps the rest", "[history]")
{
    HistoryFixture f;
    const int64_t old_query = f.log("старый вопрос про налог", Outcome::Answered, {}, {}, kNow - 91 * kDay);
    f.log("новый вопрос про налог", Outcome::Answered, {}, {}, kNow - 89 * kDay);
    *f.clock_now = kNow - 91 * kDay;
    REQUIRE(f.history.record_vote("tax-rates", 1, {}, old_query));
    *f.clock_now = kNow - 10 * kDay;
    REQUIRE(f.history.record_vote("tax-rates", -1));
    *f.clock_now = kNow;

    auto removed = f.history.apply_retention(90);
    REQUIRE(removed);
    CHECK(*removed == 2);
    auto left = export_all(f.history);
    REQUIRE(left.queries.size() == 1);
    CHECK(left.queries[0].question == "новый вопрос про налог");
    REQUIRE(left.votes.size() == 1);
    CHECK(left.votes[0].value == -1);
}

TEST_CASE("history clear removes every question and vote", "[history]")
{
    HistoryFixture f;
    f.log("когда придут деньги", Outcome::Answered);
    f.log("как платить налог", Outcome::NoAnswer);
    REQUIRE(f.history.record_vote("payouts-timing", 1));
    auto removed = f.history.clear();
    REQUIRE(removed);
    CHECK(*removed == 3);
    auto left = export_all(f.history);
    CHECK(left.queries.empty());
    CHECK(left.votes.empty());
}

TEST_CASE("export since a moment leaves out what came before", "[history]")
{
    HistoryFixture f;
    f.log("вопрос позавчера", Outcome::Answered, {}, {}, kNow - 2 * kDay);
    f.log("вопрос сегодня", Outcome::Answered, {}, {}, kNow - 60);
    auto recent = f.history.export_since(kNow - kDay);
    REQUIRE(recent);
    REQUIRE(recent->queries.size() == 1);
    CHECK(recent->queries[0].question == "вопрос сегодня");
    CHECK(recent->since == kNow - kDay);
}

TEST_CASE("since takes periods like 30d and dates like 2026-11-01", "[history]")
{
    struct Row {
        const char* text;
        int64_t expected;
    };
    const Row rows[] = {
        {"30d", kNow - 30 * kDay},
        {"12h", kNow - 12 * 3600},
        {"2w", kNow - 14 * kDay},
        {"2026-11-01", 1'793'491'200},  // 00:00 UTC
    };
    for (const auto& row : rows) {
        CAPTURE(row.text);
        auto since = parse_since(row.text, kNow);
        REQUIRE(since);
        CHECK(*since == row.expected);
    }
    for (const char* bad : {"", "d", "30", "30m", "-3d", "2026-13-01", "вчера"}) {
        CAPTURE(bad);
        auto since = parse_since(bad, kNow);
        REQUIRE_FALSE(since);
        CHECK(since.error().code == Code::Usage);
    }
}

TEST_CASE("times are written as UTC in ISO 8601", "[history]")
{
    CHECK(iso_utc(kNow) == "2026-11-20T10:00:00Z");
    CHECK(iso_utc(0) == "1970-01-01T00:00:00Z");
}

namespace {

LogSettings settings_from(const std::string& config_yaml, bool no_log)
{
    TempDir home;
    const Dirs dirs{home.path() / "config", home.path() / "cache", home.path() / "state"};
    std::filesystem::create_directories(dirs.config);
    std::ofstream(dirs.config / "config.yaml") << config_yaml;
    auto config = Config::load(dirs, Environment{});
    REQUIRE(config);
    return LogSettings::from_config(*config, no_log);
}

}  // namespace

TEST_CASE("the log is on for 90 days unless --no-log or the config switch says otherwise", "[history]")
{
    const auto defaults = settings_from("", false);
    CHECK(defaults.enabled);
    CHECK(defaults.retention_days == 90);
    CHECK_FALSE(settings_from("", true).enabled);
    CHECK_FALSE(settings_from("log:\n  enabled: false\n", false).enabled);
    const auto month = settings_from("log:\n  retention_days: 30\n", false);
    CHECK(month.enabled);
    CHECK(month.retention_days == 30);
}

TEST_CASE("with logging off an ask writes nothing", "[history]")
{
    HistoryFixture f;
    AskLogEntry entry;
    entry.question = "когда придут деньги";
    auto id = f.history.log_ask(entry, LogSettings{false, 90});
    REQUIRE(id);
    CHECK(*id == 0);
    CHECK(export_all(f.history).queries.empty());
}

TEST_CASE("logging an ask also drops questions past the retention period", "[history]")
{
    HistoryFixture f;
    f.log("вопрос сорокадневной давности", Outcome::Answered, {}, {}, kNow - 40 * kDay);
    f.log("вопрос двадцатидневной давности", Outcome::Answered, {}, {}, kNow - 20 * kDay);
    AskLogEntry entry;
    entry.question = "новый вопрос";
    auto id = f.history.log_ask(entry, LogSettings{true, 30});
    REQUIRE(id);
    CHECK(*id > 0);
    auto left = export_all(f.history).queries;
    REQUIRE(left.size() == 2);
    CHECK(left[0].question == "вопрос двадцатидневной давности");
    CHECK(left[1].question == "новый вопрос");
}
