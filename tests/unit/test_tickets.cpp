/** @file  @brief The ticket service, retries and backends against a fake transport: no network, no $HOME. */
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <sys/stat.h>

#include <deque>
#include <fstream>
#include <random>
#include <set>

#include "spravka/credentials.hpp"
#include "spravka/tickets.hpp"
#include "support/api_client.hpp"

using namespace spravka;
using namespace std::chrono_literals;

namespace {

/// Canned answers in order; a request that does not match, or an answer left unused, fails the test.
class FakeTransport final : public HttpTransport {
public:
    struct Canned {
        std::string method;
        std::string path;  ///< what the URL must end with
        Result<HttpResponse> answer;
    };
    ~FakeTransport() override { CHECK(canned.empty()); }

    Result<HttpResponse> send(const HttpRequest& request) override
    {
        sent.push_back(request);
        REQUIRE_FALSE(canned.empty());
        Canned next = std::move(canned.front());
        canned.pop_front();
        CHECK(request.method == next.method);
        CHECK(request.url.size() >= next.path.size());
        CHECK(request.url.substr(request.url.size() - std::min(request.url.size(), next.path.size())) ==
              next.path);
        if (before_answer) before_answer(request);
        return next.answer;
    }
    void expect(std::string method, std::string path, int status, std::string body = "{}",
                std::vector<HttpHeader> headers = {})
    {
        canned.push_back(
            {std::move(method), std::move(path), HttpResponse{status, std::move(headers), std::move(body)}});
    }
    void expect_failure(std::string method, std::string path, Error error)
    {
        canned.push_back({std::move(method), std::move(path), tl::unexpected(std::move(error))});
    }

    std::deque<Canned> canned;
    std::vector<HttpRequest> sent;
    std::function<void(const HttpRequest&)> before_answer;
};

struct TempDir {
    std::filesystem::path path;
    TempDir()
    {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() / ("spravka-unit-" + std::to_string(rd()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

const char* kCreated = R"({"ticket": {"id": "17", "number": "S-17", "status": "new", "subject": "s",
                          "created_at": "2026-01-05T10:00:00Z", "reply_due_at": "2026-01-05T18:00:00Z"}})";

std::string header(const HttpRequest& request, const std::string& name)
{
    for (const auto& h : request.headers)
        if (h.name == name) return h.value;
    return {};
}

struct Waits {
    std::vector<std::chrono::milliseconds> list;
    Sleeper sleeper()
    {
        return [this](std::chrono::milliseconds wait) { list.push_back(wait); };
    }
};

NewTicket sample_ticket()
{
    NewTicket ticket;
    ticket.subject = "Не пришли деньги";
    ticket.message = "Карта 4276 3800 1234 5671, акт подписан";
    ticket.role = "contractor";
    ticket.question = "когда придут деньги";
    ticket.articles = {{"payouts/late", "kb1", -1}};
    return ticket;
}

int64_t fixed_now()
{
    return 1767607200;
}  // 2026-01-05 10:00 UTC

struct ServiceFixture {
    TempDir dir;
    FakeTransport* transport = nullptr;
    Waits waits;
    std::optional<TicketService> service;

    explicit ServiceFixture(BackendKind kind = BackendKind::Spravka)
    {
        auto owned = std::make_unique<FakeTransport>();
        transport = owned.get();
        auto store = Store::open(dir.path / "spravka.db");
        REQUIRE(store);
        BackendSettings settings{kind, "https://support.example.ru", "SECRET-TOKEN", "Иван",
                                 "ivan@example.ru"};
        auto backend = make_backend(settings, *transport, RetryPolicy{}, waits.sleeper());
        service.emplace(std::move(*store), std::move(owned), std::move(backend), fixed_now);
    }

    int64_t count(const char* sql)
    {
        sqlite3* db = nullptr;
        sqlite3_open((dir.path / "spravka.db").c_str(), &db);
        sqlite3_stmt* stmt = nullptr;
        sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
        sqlite3_step(stmt);
        int64_t n = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        sqlite3_close(db);
        return n;
    }
};

}  // namespace

TEST_CASE("backoff doubles from the base delay, adds at most half as jitter, and is capped",
          "[tickets][retry]")
{
    RetryPolicy policy;
    struct Row {
        int attempt;
        double random;
        long expected_ms;
    };
    for (const Row& row : {Row{2, 0.0, 500}, Row{3, 0.0, 1000}, Row{4, 0.0, 2000}, Row{2, 1.0, 750},
                           Row{5, 0.0, 4000}, Row{6, 0.99, 8000}, Row{12, 0.5, 8000}}) {
        CAPTURE(row.attempt, row.random);
        CHECK(policy.backoff(row.attempt, row.random).count() == row.expected_ms);
    }
}

TEST_CASE("a 429 is retried after exactly the Retry-After the service asked for", "[tickets][retry]")
{
    FakeTransport transport;
    Waits waits;
    detail::ApiClient client(transport, RetryPolicy{}, waits.sleeper(), "https://s.example.ru", {}, "");
    transport.expect("GET", "/v1/tickets", 429, "{}", {{"retry-after", "3"}});
    transport.expect("GET", "/v1/tickets", 200, R"({"tickets": []})");
    REQUIRE(client.call("GET", "/v1/tickets"));
    REQUIRE(waits.list.size() == 1);
    CHECK(waits.list[0] == 3000ms);
}

TEST_CASE("a Retry-After longer than the limit ends the run at once and leaves the item queued",
          "[tickets][retry]")
{
    FakeTransport transport;
    Waits waits;
    detail::ApiClient client(transport, RetryPolicy{}, waits.sleeper(), "https://s.example.ru", {}, "");
    transport.expect("POST", "/v1/tickets", 429, "{}", {{"Retry-After", "3600"}});
    auto result = client.call("POST", "/v1/tickets", "{}");
    REQUIRE_FALSE(result);
    CHECK(result.error().code == Code::Network);
    CHECK(waits.list.empty());
}

TEST_CASE("transient failures are retried with growing waits, then reported as Network", "[tickets][retry]")
{
    FakeTransport transport;
    Waits waits;
    detail::ApiClient client(transport, RetryPolicy{}, waits.sleeper(), "https://s.example.ru", {}, "");
    transport.expect_failure("GET", "/x",
                             Error{Code::Network, "cannot reach s.example.ru: Connection refused", ""});
    transport.expect("GET", "/x", 500);
    transport.expect("GET", "/x", 503);
    transport.expect("GET", "/x", 502);
    auto result = client.call("GET", "/x");
    REQUIRE_FALSE(result);
    CHECK(result.error().code == Code::Network);
    REQUIRE(waits.list.size() == 3);
    CHECK(waits.list[0] < waits.list[2]);
}

TEST_CASE("HTTP failures map onto error codes with the service's own message", "[tickets][errors]")
{
    struct Row {
        int status;
        const char* body;
        Code code;
        const char* message_part;
    };
    const Row rows[] = {
        {401, R"({"error": {"message": "bad token SECRET-TOKEN"}})", Code::AuthRequired, "refused the token"},
        {403, "{}", Code::AuthRequired, "HTTP 403"},
        {422,
         R"({"error": {"message": "invalid", "details": [{"field": "subject", "message": "required"}]}})",
         Code::Rejected, "subject: required"},
        {422, R"({"error": "Title is missing", "error_human": "Title is missing"})", Code::Rejected,
         "Title is missing"},
        {422, R"({"error": "RecordInvalid", "description": "Record validation errors",
                  "details": {"subject": [{"description": "Subject: cannot be blank"}]}})",
         Code::Rejected, "Subject: cannot be blank"},
        {404, "{}", Code::NotFound, "HTTP 404"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.status, row.body);
        FakeTransport transport;
        Waits waits;
        detail::ApiClient client(transport, RetryPolicy{}, waits.sleeper(), "https://s.example.ru",
                                 {{"Authorization", "Bearer SECRET-TOKEN"}}, "SECRET-TOKEN");
        transport.expect("POST", "/v1/tickets", row.status, row.body);
        auto result = client.call("POST", "/v1/tickets", "{}");
        REQUIRE_FALSE(result);
        CHECK(result.error().code == row.code);
        CHECK_THAT(result.error().message, Catch::Contains(row.message_part));
        CHECK_THAT(result.error().message, !Catch::Contains("SECRET-TOKEN"));
        CHECK(waits.list.empty());
    }
}

TEST_CASE("a ticket is in the outbox, masked, before any byte goes to the network", "[tickets][outbox]")
{
    ServiceFixture f;
    int64_t outbox_when_sent = -1;
    f.transport->before_answer = [&](const HttpRequest&) {
        outbox_when_sent = f.count("SELECT COUNT(*) FROM outbox WHERE kind = 'create_ticket'");
    };
    f.transport->expect("POST", "/v1/tickets", 201, kCreated);
    auto delivery = f.service->open(sample_ticket());
    REQUIRE(delivery);
    CHECK_FALSE(delivery->error);
    CHECK(outbox_when_sent == 1);
    CHECK(f.count("SELECT COUNT(*) FROM outbox") == 0);
    CHECK(delivery->ticket.state == TicketState::Sent);
    CHECK(delivery->ticket.number == "S-17");
    REQUIRE(delivery->ticket.reply_due_at);
    CHECK(*delivery->ticket.reply_due_at == 1767636000);
    REQUIRE(delivery->masked.size() == 1);
    CHECK(delivery->masked[0] == PersonalData::CardNumber);
    const std::string& body = f.transport->sent.at(0).body;
    CHECK_THAT(body, !Catch::Contains("4276 3800 1234 5671"));
    CHECK_THAT(body, Catch::Contains("payouts/late"));
    CHECK_FALSE(header(f.transport->sent.at(0), "Idempotency-Key").empty());
}

TEST_CASE("a ticket that cannot be delivered stays queued and sync sends it with the same key",
          "[tickets][outbox]")
{
    ServiceFixture f;
    for (int i = 0; i < 4; ++i)
        f.transport->expect_failure("POST", "/v1/tickets", Error{Code::Network, "cannot reach: refused", ""});
    auto delivery = f.service->open(sample_ticket());
    REQUIRE(delivery);
    REQUIRE(delivery->error);
    CHECK(delivery->error->code == Code::Network);
    CHECK(delivery->ticket.state == TicketState::Queued);

    f.transport->expect("POST", "/v1/tickets", 200, kCreated);
    auto report = f.service->sync(false);
    REQUIRE(report);
    CHECK(report->delivered == 1);
    CHECK(report->queued == 0);
    std::set<std::string> keys;
    for (const auto& request : f.transport->sent) keys.insert(header(request, "Idempotency-Key"));
    CHECK(keys.size() == 1);
    auto tickets = f.service->list();
    REQUIRE(tickets);
    CHECK(tickets->at(0).state == TicketState::Sent);
}

TEST_CASE("a refused ticket becomes a draft that keeps the text and the service's message",
          "[tickets][outbox]")
{
    ServiceFixture f;
    f.transport->expect("POST", "/v1/tickets", 422, R"({"error": {"message": "subject too short"}})");
    auto delivery = f.service->open(sample_ticket());
    REQUIRE(delivery);
    REQUIRE(delivery->error);
    CHECK(delivery->error->code == Code::Rejected);
    CHECK(delivery->ticket.state == TicketState::Draft);
    CHECK_THAT(delivery->ticket.last_error, Catch::Contains("subject too short"));
    auto detail = f.service->show(delivery->ticket.id, false);
    REQUIRE(detail);
    REQUIRE(detail->messages.size() == 1);
    CHECK_THAT(detail->messages[0].body, Catch::Contains("акт подписан"));
    CHECK(f.count("SELECT COUNT(*) FROM outbox") == 0);
}

TEST_CASE("a reply to a ticket not yet delivered waits behind it in the outbox", "[tickets][outbox]")
{
    ServiceFixture f;
    for (int i = 0; i < 4; ++i) f.transport->expect("POST", "/v1/tickets", 503);
    auto opened = f.service->open(sample_ticket());
    REQUIRE(opened);
    auto replied = f.service->reply(opened->ticket.id, "ещё деталь");
    REQUIRE(replied);
    REQUIRE(replied->error);
    CHECK(f.count("SELECT COUNT(*) FROM outbox") == 2);

    f.transport->expect("POST", "/v1/tickets", 201, kCreated);
    f.transport->expect("POST", "/v1/tickets/17/messages", 201, R"({"message": {}})");
    auto report = f.service->sync(false);
    REQUIRE(report);
    CHECK(report->delivered == 2);
    CHECK(f.count("SELECT COUNT(*) FROM messages WHERE state = 'outbox'") == 0);
}

TEST_CASE("without a backend a ticket waits in the outbox and says how to configure one", "[tickets][outbox]")
{
    TempDir dir;
    auto store = Store::open(dir.path / "spravka.db");
    REQUIRE(store);
    TicketService service(std::move(*store), nullptr, nullptr, fixed_now,
                          Error{Code::Network, "no support service is configured", "spravka config set ..."});
    auto delivery = service.open(sample_ticket());
    REQUIRE(delivery);
    REQUIRE(delivery->error);
    CHECK(delivery->error->hint == "spravka config set ...");
    CHECK(delivery->ticket.state == TicketState::Queued);
}

TEST_CASE("zammad looks for the key before creating again after an attempt that may have reached it",
          "[tickets][zammad]")
{
    ServiceFixture f(BackendKind::Zammad);
    // The first try times out after Zammad acted; the second finds the ticket by its key.
    f.transport->expect_failure("POST", "/api/v1/tickets", Error{Code::Network, "timeout", ""});
    f.transport->expect("GET", "&limit=1&expand=true", 200,
                        R"([{"id": 5, "number": "31005", "title": "t", "state": "new"}])");
    auto delivery = f.service->open(sample_ticket());
    REQUIRE(delivery);
    CHECK_FALSE(delivery->error);
    CHECK(delivery->ticket.number == "31005");
    CHECK(header(f.transport->sent.at(0), "Authorization") == "Token token=SECRET-TOKEN");
    CHECK_THAT(f.transport->sent.at(0).body, Catch::Contains("Ключ обращения"));
}

TEST_CASE("zendesk signs requests as {email}/token:{token} and rates with good or bad", "[tickets][zendesk]")
{
    ServiceFixture f(BackendKind::Zendesk);
    f.transport->expect("POST", "/api/v2/requests", 201, R"({"request": {"id": 9, "status": "new"}})");
    auto opened = f.service->open(sample_ticket());
    REQUIRE(opened);
    CHECK_FALSE(opened->error);
    CHECK(header(f.transport->sent.at(0), "Authorization") ==
          "Basic " + detail::base64_encode("ivan@example.ru/token:SECRET-TOKEN"));
    f.transport->expect("POST", "/api/v2/tickets/9/satisfaction_rating", 200, "{}");
    auto rated = f.service->rate(opened->ticket.id, Grade::Bad, "долго");
    REQUIRE(rated);
    CHECK_FALSE(rated->error);
    CHECK_THAT(f.transport->sent.back().body, Catch::Contains(R"("score":"bad")"));
}

TEST_CASE("the three grades parse from Russian and API names", "[tickets]")
{
    CHECK(parse_grade("отлично") == Grade::Excellent);
    CHECK(parse_grade("хорошо") == Grade::Good);
    CHECK(parse_grade("bad") == Grade::Bad);
    CHECK_FALSE(parse_grade("супер"));
}

TEST_CASE("service times are read in UTC whatever offset they carry", "[tickets]")
{
    struct Row {
        const char* text;
        std::optional<int64_t> expected;
    };
    for (const Row& row :
         {Row{"2026-01-05T10:00:00Z", 1767607200}, Row{"2026-01-05T13:00:00+03:00", 1767607200},
          Row{"2026-01-05T10:00:00.123Z", 1767607200}, Row{"yesterday", std::nullopt}}) {
        CAPTURE(row.text);
        CHECK(detail::parse_iso_time(row.text) == row.expected);
    }
}

TEST_CASE("a credentials file others can read is refused; a private one is used", "[tickets][credentials]")
{
    TempDir dir;
    Dirs dirs{dir.path / "config", dir.path / "cache", dir.path / "state"};
    auto saved = save_token(dirs, "abc123\n");
    REQUIRE(saved);
    struct stat info {};
    REQUIRE(::stat(saved->c_str(), &info) == 0);
    CHECK((info.st_mode & 0777) == 0600);
    auto loaded = load_token(dirs, Environment{});
    REQUIRE(loaded);
    REQUIRE(*loaded);
    CHECK((*loaded)->token == "abc123");

    ::chmod(saved->c_str(), 0644);
    auto refused = load_token(dirs, Environment{});
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == Code::ConfigInvalid);
    CHECK_THAT(refused.error().hint, Catch::Contains("chmod 600"));
    CHECK_THAT(refused.error().message, !Catch::Contains("abc123"));

    auto from_env =
        load_token(dirs, Environment(std::map<std::string, std::string>{{"SPRAVKA_TOKEN", "envtok"}}));
    REQUIRE(from_env);
    CHECK((*from_env)->origin == "env SPRAVKA_TOKEN");
    CHECK_FALSE(save_token(dirs, "two words"));
}
