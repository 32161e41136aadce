/** @file  @brief `kb stats` and `kb gaps` figures on a known fixture log, and how gaps are grouped. */
#include <catch2/catch.hpp>

#include "history_fixture.hpp"
#include "state/db.hpp"

using namespace spravka;
using namespace spravka::test;

namespace {

void add_rated_ticket(Store& store, int id, const char* rating, int64_t rated_at)
{
    auto stmt = store.db().prepare(
        "INSERT INTO tickets (idempotency_key, state, subject, payload, created_at, updated_at, rating) "
        "VALUES (?, 'sent', 'тема', '{}', ?, ?, ?)");
    REQUIRE(stmt);
    stmt->bind(1, std::string_view("key-" + std::to_string(id)))
        .bind(2, rated_at)
        .bind(3, rated_at)
        .bind(4, std::string_view(rating));
    REQUIRE(stmt->run());
}

// Ten questions in the last week, one older one, five votes and three ticket ratings:
//   answered 6, no_answer 2, handoff 1, escalated 1 (questions 10 of them in the window)
//   votes: payouts-timing up 2 down 1, payouts-late up 1 down 1
//   ratings: хорошо, плохо (in the window), плохо (before it)
void fill_fixture(HistoryFixture& f)
{
    const int64_t t = kNow - 3 * kDay;
    const int64_t q1 = f.log("когда придут деньги", Outcome::Answered, "payouts-timing",
                             {"payouts-timing", "payouts-late"}, t);
    f.log("Когда придут деньги?", Outcome::Answered, "payouts-timing", {"payouts-timing"}, t + 1);
    f.log("деньги когда придут", Outcome::Answered, "payouts-timing", {"payouts-timing", "payouts-late"},
          t + 2);
    f.log("деньги опаздывают", Outcome::Answered, "payouts-late", {"payouts-late"}, t + 3);
    f.log("как платить налог", Outcome::Answered, "tax-pay", {"tax-pay"}, t + 4);
    f.log("как платить налог", Outcome::Answered, "tax-pay", {"tax-pay"}, t + 5);
    f.log("деньги не пришли на карту", Outcome::NoAnswer, "payouts-timing", {"payouts-timing"}, t + 6, 0.31);
    f.log("можно ли работать с иностранцами", Outcome::NoAnswer, {}, {}, t + 7);
    f.log("хочу поговорить с человеком", Outcome::Handoff, {}, {}, t + 8);
    const int64_t escalated = f.log("деньги опаздывают неделю", Outcome::Answered, "payouts-late",
                                    {"payouts-late", "payouts-timing"}, t + 9);
    REQUIRE(f.history.mark_escalated(escalated));
    f.log("старый вопрос", Outcome::Answered, "tax-pay", {"tax-pay"}, kNow - 40 * kDay);

    *f.clock_now = t + 20;
    REQUIRE(f.history.record_vote("payouts-timing", 1, {}, q1));
    REQUIRE(f.history.record_vote("payouts-timing", 1));
    REQUIRE(f.history.record_vote("payouts-timing", -1));
    REQUIRE(f.history.record_vote("payouts-late", 1));
    REQUIRE(f.history.record_vote("payouts-late", -1, std::string("не про мой случай"), escalated));
    *f.clock_now = kNow;

    add_rated_ticket(f.store, 1, "хорошо", t + 30);
    add_rated_ticket(f.store, 2, "плохо", t + 31);
    add_rated_ticket(f.store, 3, "плохо", kNow - 40 * kDay);
}

const ArticleHealth& find_article(const Stats& stats, const std::string& id)
{
    for (const auto& article : stats.articles)
        if (article.id == id) return article;
    FAIL("no stats for " << id);
    throw;
}

}  // namespace

TEST_CASE("stats on the fixture log give the exact figures a team lead reads first", "[history][stats]")
{
    HistoryFixture f;
    fill_fixture(f);
    auto stats = f.history.stats(kNow - 30 * kDay, QuestionLens{fake_key, {}});
    REQUIRE(stats);

    CHECK(stats->questions == 10);
    CHECK(stats->answered == 6);
    CHECK(stats->no_answer == 2);
    CHECK(stats->handoff == 1);
    CHECK(stats->escalated == 1);
    CHECK(stats->answered_share() == Approx(0.6));
    CHECK(stats->votes_up == 3);
    CHECK(stats->votes_down == 2);
    CHECK(stats->ratings == 2);
    CHECK(stats->ratings_bad == 1);
    // (2 down votes + 1 «плохо») of (5 votes + 2 ratings)
    REQUIRE(stats->bad_share());
    CHECK(*stats->bad_share() == Approx(3.0 / 7.0));
}

TEST_CASE("stats group the most frequent questions by their normalised form", "[history][stats]")
{
    HistoryFixture f;
    fill_fixture(f);
    auto stats = f.history.stats(kNow - 30 * kDay, QuestionLens{fake_key, {}}, 3);
    REQUIRE(stats);
    REQUIRE(stats->top_questions.size() == 3);
    const auto& money = stats->top_questions[0];
    CHECK(money.key == "деньг приду");
    CHECK(money.count == 3);
    REQUIRE(money.questions.size() == 3);  // three wordings of one question
    CHECK(stats->top_questions[1].key == "налог плати");
    CHECK(stats->top_questions[1].count == 2);
    REQUIRE(stats->top_questions[1].questions.size() == 1);
    CHECK(stats->top_questions[1].questions[0].text == "как платить налог");
    CHECK(stats->top_questions[1].questions[0].count == 2);
    CHECK(stats->top_questions[2].count == 1);
}

TEST_CASE("stats show per article how often it was shown, its votes and escalations", "[history][stats]")
{
    HistoryFixture f;
    fill_fixture(f);
    auto stats = f.history.stats(kNow - 30 * kDay);
    REQUIRE(stats);
    REQUIRE(stats->articles.size() == 3);

    const auto& timing = find_article(*stats, "payouts-timing");
    CHECK(timing.shown == 5);
    CHECK(timing.up == 2);
    CHECK(timing.down == 1);
    CHECK(timing.escalated == 0);
    REQUIRE(timing.helpful_share());
    CHECK(*timing.helpful_share() == Approx(2.0 / 3.0));

    const auto& late = find_article(*stats, "payouts-late");
    CHECK(late.shown == 4);
    CHECK(late.up == 1);
    CHECK(late.down == 1);
    CHECK(late.escalated == 1);

    const auto& tax = find_article(*stats, "tax-pay");
    CHECK(tax.shown == 2);  // the third showing is older than the window
    CHECK_FALSE(tax.helpful_share());

    // Least helpful first: payouts-late has a down vote and an escalation.
    CHECK(stats->articles[0].id == "payouts-late");
    CHECK(stats->articles[1].id == "payouts-timing");
    CHECK(stats->articles[2].id == "tax-pay");
}

TEST_CASE("stats without a since take everything kept", "[history][stats]")
{
    HistoryFixture f;
    fill_fixture(f);
    auto stats = f.history.stats(0);
    REQUIRE(stats);
    CHECK(stats->questions == 11);
    CHECK(stats->ratings == 3);
    CHECK(stats->ratings_bad == 2);
}

TEST_CASE("stats on an empty log are zero and have no «Плохо» share", "[history][stats]")
{
    HistoryFixture f;
    auto stats = f.history.stats(0);
    REQUIRE(stats);
    CHECK(stats->questions == 0);
    CHECK(stats->answered_share() == 0.0);
    CHECK_FALSE(stats->bad_share());
    CHECK(stats->articles.empty());
}

namespace {

// Stands in for Searcher::search: the nearest article by a telling stem.
std::optional<std::pair<std::string, double>> fake_nearest(std::string_view question)
{
    const std::string key = fake_key(question);
    if (key.find("верну") != std::string::npos)
        return std::pair<std::string, double>{"payouts-returned", 0.4};
    if (key.find("деньг") != std::string::npos) return std::pair<std::string, double>{"payouts-timing", 0.35};
    if (key.find("налог") != std::string::npos) return std::pair<std::string, double>{"tax-pay", 0.2};
    return std::nullopt;
}

GapInput gap_input(const char* question, Outcome outcome = Outcome::NoAnswer, int64_t time = kNow)
{
    auto nearest = fake_nearest(question);
    GapInput input{question, fake_key(question), outcome, time, {}, 0};
    if (nearest) {
        input.nearest_id = nearest->first;
        input.nearest_score = nearest->second;
    }
    return input;
}

}  // namespace

TEST_CASE("gap grouping puts «когда придут деньги» and «деньги не пришли на карту» together",
          "[history][gaps]")
{
    auto gaps = group_gaps({gap_input("когда придут деньги"), gap_input("деньги не пришли на карту"),
                            gap_input("как зарегистрироваться самозанятым")});
    REQUIRE(gaps.size() == 2);
    CHECK(gaps[0].count == 2);
    REQUIRE(gaps[0].questions.size() == 2);
    CHECK(gaps[0].nearest_id == std::optional<std::string>("payouts-timing"));
    CHECK(gaps[0].nearest_score == Approx(0.35));
    CHECK(gaps[1].count == 1);
    CHECK(gaps[1].questions[0].text == "как зарегистрироваться самозанятым");
    CHECK_FALSE(gaps[1].nearest_id);
}

TEST_CASE("gap grouping keeps apart questions that share a word but not the need", "[history][gaps]")
{
    // Both say «деньги», but one is nearest the returned-payments article: two gaps, not one.
    auto gaps = group_gaps({gap_input("когда придут деньги"), gap_input("деньги вернулись обратно")});
    CHECK(gaps.size() == 2);
    // Same nearest article but no shared word: two gaps as well.
    GapInput deduction{"вычет на ребенка", "вычет ребен", Outcome::NoAnswer, kNow, "tax-pay", 0.2};
    GapInput pay{"платить налог", "налог плати", Outcome::NoAnswer, kNow, "tax-pay", 0.3};
    CHECK(group_gaps({deduction, pay}).size() == 2);
    // A shared word and the same nearest article: one gap.
    CHECK(group_gaps({gap_input("налог за прошлый месяц"), gap_input("платить налог")}).size() == 1);
}

TEST_CASE("gap grouping joins keys that overlap strongly even without a nearest article", "[history][gaps]")
{
    GapInput a{"работа с иностранцами", "иностр работа", Outcome::NoAnswer, kNow, {}, 0};
    GapInput b{"работа с иностранцами по договору", "догов иностр работа", Outcome::Handoff, kNow - 5, {}, 0};
    auto gaps = group_gaps({a, b});
    REQUIRE(gaps.size() == 1);
    CHECK(gaps[0].count == 2);
    CHECK(gaps[0].no_answer == 1);
    CHECK(gaps[0].handoff == 1);
    CHECK(gaps[0].last_asked == kNow);
}

TEST_CASE("gaps come most frequent first, numbered from 1", "[history][gaps]")
{
    auto gaps = group_gaps({gap_input("как зарегистрироваться самозанятым", Outcome::NoAnswer, kNow - 100),
                            gap_input("когда придут деньги", Outcome::NoAnswer, kNow - 50),
                            gap_input("деньги не пришли на карту", Outcome::Handoff, kNow - 10),
                            gap_input("когда придут деньги", Outcome::NoAnswer, kNow - 5)});
    REQUIRE(gaps.size() == 2);
    CHECK(gaps[0].number == 1);
    CHECK(gaps[0].count == 3);
    CHECK(gaps[0].key == "деньг приду");
    REQUIRE(gaps[0].questions.size() == 2);
    CHECK(gaps[0].questions[0].text == "когда придут деньги");
    CHECK(gaps[0].questions[0].count == 2);
    CHECK(gaps[0].no_answer == 2);
    CHECK(gaps[0].handoff == 1);
    CHECK(gaps[1].number == 2);
    CHECK(gaps[1].count == 1);
}

TEST_CASE("kb gaps lists only unanswered and handed-off questions from the log", "[history][gaps]")
{
    HistoryFixture f;
    fill_fixture(f);
    SECTION("with the index's key and nearest article")
    {
        auto gaps = f.history.gaps(kNow - 30 * kDay, QuestionLens{fake_key, fake_nearest});
        REQUIRE(gaps);
        REQUIRE(gaps->size() == 3);
        // One question each; the most recent first among equals.
        CHECK(gaps->at(0).questions[0].text == "хочу поговорить с человеком");
        CHECK(gaps->at(0).handoff == 1);
        CHECK(gaps->at(1).questions[0].text == "можно ли работать с иностранцами");
        CHECK(gaps->at(2).questions[0].text == "деньги не пришли на карту");
        CHECK(gaps->at(2).nearest_id == std::optional<std::string>("payouts-timing"));
        CHECK(gaps->at(2).nearest_score == Approx(0.35));
    }
    SECTION("with what was stored when the question was asked")
    {
        auto gaps = f.history.gaps(kNow - 30 * kDay);
        REQUIRE(gaps);
        REQUIRE(gaps->size() == 3);
        CHECK(gaps->at(2).nearest_id == std::optional<std::string>("payouts-timing"));
        CHECK(gaps->at(2).nearest_score == Approx(0.31));
        CHECK(gaps->at(2).key == "деньг карту пришл");
    }
}
