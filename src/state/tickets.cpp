/** @file  @brief The ticket service: outbox first (one transaction), then delivery with one key per item. */
#include "spravka/tickets.hpp"

#include <nlohmann/json.hpp>

#include <random>

#include "state/db.hpp"
#include "support/api_client.hpp"
#include "support/ticket_json.hpp"

namespace spravka {

using nlohmann::json;

const char* ticket_state_name(TicketState state)
{
    switch (state) {
        case TicketState::Queued: return "queued";
        case TicketState::Sent: return "sent";
        case TicketState::Draft: return "draft";
    }
    return "queued";
}

namespace {

// The tickets table says "outbox" for what people see as "queued".
TicketState state_from_db(const std::string& text)
{
    if (text == "sent") return TicketState::Sent;
    if (text == "draft") return TicketState::Draft;
    return TicketState::Queued;
}

std::string new_idempotency_key()
{
    // A random UUID (version 4): unique per ticket, reused by every attempt to send it.
    std::random_device device;
    std::mt19937_64 random(static_cast<uint64_t>(device()) << 32 | device());
    uint64_t high = random(), low = random();
    high = (high & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
    low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
    char text[37];
    std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                  static_cast<unsigned>((high >> 16) & 0xffff), static_cast<unsigned>(high & 0xffff),
                  static_cast<unsigned>(low >> 48), static_cast<unsigned long long>(low & 0xffffffffffffULL));
    return text;
}

// The first line of `text`, cut to at most `limit` bytes without splitting a UTF-8 character.
std::string first_line(const std::string& text, size_t limit)
{
    std::string line = text.substr(0, text.find('\n'));
    if (line.size() <= limit) return line;
    size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    return line.substr(0, cut) + "…";
}

// Masks, then fills what a ticket cannot go without: a subject from the message's first line, and
// the subject as the message when only a subject was given.
NewTicket prepared(const NewTicket& input, std::vector<PersonalData>& found)
{
    NewTicket ticket = TicketService::masked(input, found);
    if (ticket.subject.empty()) ticket.subject = first_line(ticket.message, 120);
    if (ticket.message.empty()) ticket.message = ticket.subject;
    return ticket;
}

bool keeps_item_queued(const Error& error)
{
    return error.code == Code::Network || error.code == Code::AuthRequired;
}

constexpr const char* kSummaryColumns =
    "t.id, t.backend, t.remote_id, t.number, t.state, t.status, t.subject, t.role, t.urgent, t.created_at, "
    "t.updated_at, t.first_response_at, t.reply_due_at, t.last_error, t.rating, "
    "(SELECT COUNT(*) FROM outbox o WHERE o.ticket_id = t.id)";

TicketSummary summary_from(const detail::Stmt& row)
{
    TicketSummary s;
    s.id = row.integer(0);
    s.backend = row.text(1);
    s.remote_id = row.text(2);
    s.number = row.text(3);
    s.state = state_from_db(row.text(4));
    s.status = row.text(5);
    s.subject = row.text(6);
    s.role = row.text(7);
    s.urgent = row.integer(8) != 0;
    s.created_at = row.integer(9);
    s.updated_at = row.integer(10);
    if (!row.is_null(11)) s.first_response_at = row.integer(11);
    if (!row.is_null(12)) s.reply_due_at = row.integer(12);
    s.last_error = row.text(13);
    s.rating = row.text(14);
    s.queued_items = static_cast<int>(row.integer(15));
    return s;
}

struct OutboxItem {
    int64_t id = 0;
    std::string kind;
    int64_t ticket_id = 0;
    std::string key;
    std::string body;
    int64_t attempts = 0;
};

}  // namespace

struct TicketService::Impl {
    Store store;
    std::unique_ptr<HttpTransport> transport;
    std::unique_ptr<SupportBackend> backend;
    Clock clock;

    detail::Db& db() { return store.db(); }

    Result<TicketSummary> summary(int64_t id)
    {
        auto stmt = db().prepare(std::string("SELECT ") + kSummaryColumns + " FROM tickets t WHERE t.id = ?");
        if (!stmt) return tl::unexpected(stmt.error());
        stmt->bind(1, static_cast<int64_t>(id));
        auto row = stmt->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row)
            return fail(Code::NotFound, "no ticket " + std::to_string(id), "see `spravka ticket list`");
        return summary_from(*stmt);
    }

    Result<void> run(const std::string& sql, const std::vector<std::optional<std::string>>& texts,
                     const std::vector<int64_t>& numbers = {})
    {
        auto stmt = db().prepare(sql);
        if (!stmt) return tl::unexpected(stmt.error());
        int index = 1;
        for (const auto& text : texts) stmt->bind(index++, text);
        for (int64_t number : numbers) stmt->bind(index++, number);
        return stmt->run();
    }

    Result<std::vector<OutboxItem>> outbox(std::optional<int64_t> only_id)
    {
        auto stmt = db().prepare(
            "SELECT id, kind, ticket_id, idempotency_key, body, attempts FROM outbox"
            " WHERE (?1 IS NULL OR id = ?1) ORDER BY id");
        if (!stmt) return tl::unexpected(stmt.error());
        if (only_id)
            stmt->bind(1, *only_id);
        else
            stmt->bind_null(1);
        std::vector<OutboxItem> items;
        for (;;) {
            auto row = stmt->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            items.push_back(OutboxItem{stmt->integer(0), stmt->text(1), stmt->integer(2), stmt->text(3),
                                       stmt->text(4), stmt->integer(5)});
        }
        return items;
    }

    Error no_backend_error(const Error& problem) const
    {
        if (!problem.message.empty()) return problem;
        return Error{Code::Network, "no support service is configured", ""};
    }

    /// Delivers one outbox item. @return the delivery error, or nullopt when it went through.
    /// Only a failure of the local store is a failed Result.
    Result<std::optional<Error>> deliver(const OutboxItem& item, const Error& problem)
    {
        const int64_t now = clock();
        auto note_failure = [&](const Error& error) -> Result<std::optional<Error>> {
            if (auto ok = run("UPDATE outbox SET last_error = ?, next_attempt_at = ? WHERE id = ?",
                              {error.message}, {now + 60, item.id});
                !ok)
                return tl::unexpected(ok.error());
            if (auto ok =
                    run("UPDATE tickets SET last_error = ?, updated_at = ? WHERE id = ? AND state = 'outbox'",
                        {error.message}, {now, item.ticket_id});
                !ok)
                return tl::unexpected(ok.error());
            return std::optional<Error>(error);
        };
        if (!backend) return note_failure(no_backend_error(problem));

        auto ticket = summary(item.ticket_id);
        if (!ticket) return tl::unexpected(ticket.error());
        if (item.kind != "create_ticket" && ticket->remote_id.empty())
            return std::optional<Error>(
                Error{Code::Network,
                      "waiting for ticket " + std::to_string(ticket->id) + " to be delivered first", ""});

        // Counted before the call and committed: after a crash mid-send, the next run knows the
        // service may already have this item and asks for it by key instead of creating a second.
        const bool may_exist = item.attempts > 0;
        if (auto ok = run("UPDATE outbox SET attempts = attempts + 1 WHERE id = ?", {}, {item.id}); !ok)
            return tl::unexpected(ok.error());
        if (auto ok = run("UPDATE tickets SET attempts = attempts + 1 WHERE id = ?", {}, {item.ticket_id});
            !ok)
            return tl::unexpected(ok.error());

        Result<void> sent;
        std::optional<RemoteTicket> created;
        if (item.kind == "create_ticket") {
            auto parsed = detail::ticket_from_json(item.body);
            if (!parsed) return tl::unexpected(parsed.error());
            auto remote = backend->create_ticket(*parsed, item.key, may_exist);
            if (remote)
                created = *remote;
            else
                sent = tl::unexpected(remote.error());
        } else {
            json body;
            try {
                body = json::parse(item.body);
            } catch (const json::exception&) {
                return fail(Code::StateError, "outbox entry " + std::to_string(item.id) + " is unreadable");
            }
            if (item.kind == "add_message") {
                sent = backend->add_message(ticket->remote_id, body.value("body", ""), item.key, may_exist);
            } else {
                auto grade = parse_grade(body.value("grade", "")).value_or(Grade::Good);
                sent = backend->rate(ticket->remote_id, grade, body.value("comment", ""), item.key);
            }
        }

        if (!sent) {
            const Error& error = sent.error();
            if (keeps_item_queued(error)) return note_failure(error);
            // Refused for good (validation, or the ticket is gone): keep the text, stop retrying.
            auto ok = db().transaction([&]() -> Result<void> {
                if (item.kind == "create_ticket") {
                    if (auto r = run(
                            "UPDATE tickets SET state = 'draft', last_error = ?, updated_at = ? WHERE id = ?",
                            {error.message}, {now, item.ticket_id});
                        !r)
                        return r;
                    if (auto r =
                            run("UPDATE messages SET state = 'draft' WHERE idempotency_key = ?", {item.key});
                        !r)
                        return r;
                } else if (item.kind == "add_message") {
                    if (auto r =
                            run("UPDATE messages SET state = 'draft' WHERE idempotency_key = ?", {item.key});
                        !r)
                        return r;
                }
                return run("DELETE FROM outbox WHERE id = ?", {}, {item.id});
            });
            if (!ok) return tl::unexpected(ok.error());
            return std::optional<Error>(error);
        }

        auto ok = db().transaction([&]() -> Result<void> {
            if (created) {
                auto stmt = db().prepare(
                    "UPDATE tickets SET remote_id = ?, number = ?, status = ?, backend = ?, state = 'sent',"
                    " last_error = NULL, updated_at = ?, reply_due_at = ?, first_response_at = ? WHERE id = "
                    "?");
                if (!stmt) return tl::unexpected(stmt.error());
                stmt->bind(1, created->id).bind(2, created->number);
                stmt->bind(
                    3, created->status.empty() ? std::string_view("new") : std::string_view(created->status));
                stmt->bind(4, std::string_view(backend_kind_name(backend->kind())));
                stmt->bind(5, now);
                if (created->reply_due_at)
                    stmt->bind(6, *created->reply_due_at);
                else
                    stmt->bind_null(6);
                if (created->first_response_at)
                    stmt->bind(7, *created->first_response_at);
                else
                    stmt->bind_null(7);
                stmt->bind(8, item.ticket_id);
                if (auto run_ok = stmt->run(); !run_ok) return run_ok;
            }
            if (auto r = run("UPDATE messages SET state = 'sent' WHERE idempotency_key = ?", {item.key}); !r)
                return r;
            return run("DELETE FROM outbox WHERE id = ?", {}, {item.id});
        });
        if (!ok) return tl::unexpected(ok.error());
        return std::optional<Error>();
    }

    Result<Delivery> deliver_new(int64_t outbox_id, int64_t ticket_id, const Error& problem,
                                 std::vector<PersonalData> masked)
    {
        auto items = outbox(outbox_id);
        if (!items) return tl::unexpected(items.error());
        Delivery delivery;
        delivery.masked = std::move(masked);
        if (!items->empty()) {
            auto error = deliver(items->front(), problem);
            if (!error) return tl::unexpected(error.error());
            delivery.error = *error;
        }
        auto ticket = summary(ticket_id);
        if (!ticket) return tl::unexpected(ticket.error());
        delivery.ticket = *ticket;
        return delivery;
    }

    /// Inserts one outbox row. @return its id.
    Result<int64_t> enqueue(const std::string& kind, int64_t ticket_id, const std::string& key,
                            const std::string& body)
    {
        auto stmt = db().prepare(
            "INSERT INTO outbox (kind, ticket_id, idempotency_key, body, created_at) VALUES (?, ?, ?, ?, ?)");
        if (!stmt) return tl::unexpected(stmt.error());
        stmt->bind(1, kind).bind(2, ticket_id).bind(3, key).bind(4, body).bind(5, clock());
        if (auto r = stmt->run(); !r) return tl::unexpected(r.error());
        return db().last_insert_id();
    }
};

TicketService::TicketService(Store store, std::unique_ptr<HttpTransport> transport,
                             std::unique_ptr<SupportBackend> backend, Clock clock, Error backend_problem)
    : impl_(std::make_unique<Impl>(
          Impl{std::move(store), std::move(transport), std::move(backend), std::move(clock)})),
      backend_(impl_->backend.get()),
      backend_problem_(std::move(backend_problem))
{
}
TicketService::TicketService(TicketService&&) noexcept = default;
TicketService& TicketService::operator=(TicketService&&) noexcept = default;
TicketService::~TicketService() = default;

NewTicket TicketService::masked(const NewTicket& ticket, std::vector<PersonalData>& found)
{
    NewTicket out = ticket;
    for (std::string* text : {&out.subject, &out.message, &out.question}) {
        auto masked_text = mask_personal_data(*text, MaskPolicy::for_ticket());
        *text = std::move(masked_text.text);
        found.insert(found.end(), masked_text.found.begin(), masked_text.found.end());
    }
    return out;
}

HttpRequest TicketService::preview(const NewTicket& ticket) const
{
    std::vector<PersonalData> found;
    NewTicket clean = prepared(ticket, found);
    if (backend_) return backend_->preview_create(clean, "<idempotency key, fixed when the ticket is saved>");
    HttpRequest request{"POST", "<support.url>/v1/tickets", {}, detail::ticket_to_json(clean).dump(2)};
    return request;
}

Result<Delivery> TicketService::open(const NewTicket& input)
{
    if (input.subject.empty() && input.message.empty())
        return fail(Code::Usage, "a ticket needs a subject or a message", "pass --subject or -m");
    std::vector<PersonalData> found;
    NewTicket ticket = prepared(input, found);
    const std::string key = new_idempotency_key();
    const std::string payload =
        detail::ticket_to_json(ticket).dump(-1, ' ', false, json::error_handler_t::replace);
    const int64_t now = impl_->clock();
    int64_t ticket_id = 0, outbox_id = 0;
    // One transaction: the ticket, its first message and its outbox entry exist together or not at all,
    // and all of it is on disk before any byte goes to the network.
    auto ok = impl_->db().transaction([&]() -> Result<void> {
        auto stmt = impl_->db().prepare(
            "INSERT INTO tickets (idempotency_key, backend, state, status, subject, payload, created_at, "
            "updated_at,"
            " role, urgent) VALUES (?, ?, 'outbox', 'new', ?, ?, ?, ?, ?, ?)");
        if (!stmt) return tl::unexpected(stmt.error());
        stmt->bind(1, key).bind(2, std::string_view(backend_ ? backend_kind_name(backend_->kind()) : ""));
        stmt->bind(3, ticket.subject).bind(4, payload).bind(5, now).bind(6, now).bind(7, ticket.role);
        stmt->bind(8, static_cast<int64_t>(ticket.urgent ? 1 : 0));
        if (auto r = stmt->run(); !r) return r;
        ticket_id = impl_->db().last_insert_id();
        auto message = impl_->db().prepare(
            "INSERT INTO messages (ticket_id, author, body, created_at, state, idempotency_key)"
            " VALUES (?, 'me', ?, ?, 'outbox', ?)");
        if (!message) return tl::unexpected(message.error());
        message->bind(1, ticket_id).bind(2, ticket.message).bind(3, now).bind(4, key);
        if (auto r = message->run(); !r) return r;
        auto queued = impl_->enqueue("create_ticket", ticket_id, key, payload);
        if (!queued) return tl::unexpected(queued.error());
        outbox_id = *queued;
        return {};
    });
    if (!ok) return tl::unexpected(ok.error());
    return impl_->deliver_new(outbox_id, ticket_id, backend_problem_, std::move(found));
}

Result<Delivery> TicketService::reply(int64_t id, const std::string& input)
{
    if (input.empty()) return fail(Code::Usage, "the reply is empty", "pass the text with -m");
    auto ticket = impl_->summary(id);
    if (!ticket) return tl::unexpected(ticket.error());
    auto clean = mask_personal_data(input, MaskPolicy::for_ticket());
    const std::string key = new_idempotency_key();
    int64_t outbox_id = 0;
    auto ok = impl_->db().transaction([&]() -> Result<void> {
        auto message = impl_->db().prepare(
            "INSERT INTO messages (ticket_id, author, body, created_at, state, idempotency_key)"
            " VALUES (?, 'me', ?, ?, 'outbox', ?)");
        if (!message) return tl::unexpected(message.error());
        message->bind(1, id).bind(2, clean.text).bind(3, impl_->clock()).bind(4, key);
        if (auto r = message->run(); !r) return r;
        auto queued = impl_->enqueue("add_message", id, key, json{{"body", clean.text}}.dump());
        if (!queued) return tl::unexpected(queued.error());
        outbox_id = *queued;
        return {};
    });
    if (!ok) return tl::unexpected(ok.error());
    return impl_->deliver_new(outbox_id, id, backend_problem_, clean.found);
}

Result<Delivery> TicketService::rate(int64_t id, Grade grade, const std::string& input)
{
    auto ticket = impl_->summary(id);
    if (!ticket) return tl::unexpected(ticket.error());
    auto clean = mask_personal_data(input, MaskPolicy::for_ticket());
    int64_t outbox_id = 0;
    auto ok = impl_->db().transaction([&]() -> Result<void> {
        if (auto r = impl_->run("UPDATE tickets SET rating = ?, rating_comment = ? WHERE id = ?",
                                {std::string(grade_name(grade)), clean.text}, {id});
            !r)
            return r;
        auto queued = impl_->enqueue("rate", id, new_idempotency_key(),
                                     json{{"grade", grade_api_name(grade)}, {"comment", clean.text}}.dump());
        if (!queued) return tl::unexpected(queued.error());
        outbox_id = *queued;
        return {};
    });
    if (!ok) return tl::unexpected(ok.error());
    return impl_->deliver_new(outbox_id, id, backend_problem_, clean.found);
}

Result<bool> TicketService::has_queued()
{
    auto stmt = impl_->db().prepare("SELECT EXISTS (SELECT 1 FROM outbox)");
    if (!stmt) return tl::unexpected(stmt.error());
    auto row = stmt->step();
    if (!row) return tl::unexpected(row.error());
    return stmt->integer(0) != 0;
}

Result<SyncReport> TicketService::sync(bool refresh)
{
    SyncReport report;
    auto items = impl_->outbox(std::nullopt);
    if (!items) return tl::unexpected(items.error());
    bool stop = false;
    for (const auto& item : *items) {
        if (stop) {
            ++report.queued;
            continue;
        }
        auto error = impl_->deliver(item, backend_problem_);
        if (!error) return tl::unexpected(error.error());
        if (!*error) {
            ++report.delivered;
            continue;
        }
        if (!report.error) report.error = **error;
        if (keeps_item_queued(**error)) {
            ++report.queued;
            // One refused connection or token means the rest would fail the same way.
            stop = (*error)->message.rfind("waiting for ticket", 0) != 0;
        } else if (item.kind == "create_ticket") {
            ++report.drafts;
        }
    }
    if (!refresh || !backend_) return report;
    auto remote = backend_->list_tickets();
    if (!remote) {
        if (!report.error) report.error = remote.error();
        return report;
    }
    const std::string backend_name = backend_kind_name(backend_->kind());
    for (const auto& ticket : *remote) {
        auto stmt = impl_->db().prepare(
            "UPDATE tickets SET status = ?, updated_at = MAX(updated_at, ?),"
            " first_response_at = COALESCE(?, first_response_at) WHERE remote_id = ? AND backend = ?");
        if (!stmt) return tl::unexpected(stmt.error());
        stmt->bind(1, ticket.status).bind(2, ticket.updated_at);
        if (ticket.first_response_at)
            stmt->bind(3, *ticket.first_response_at);
        else
            stmt->bind_null(3);
        stmt->bind(4, ticket.id).bind(5, backend_name);
        if (auto r = stmt->run(); !r) return tl::unexpected(r.error());
        report.refreshed += impl_->db().changes();
    }
    return report;
}

Result<std::vector<TicketSummary>> TicketService::list()
{
    auto stmt =
        impl_->db().prepare(std::string("SELECT ") + kSummaryColumns + " FROM tickets t ORDER BY t.id DESC");
    if (!stmt) return tl::unexpected(stmt.error());
    std::vector<TicketSummary> tickets;
    for (;;) {
        auto row = stmt->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        tickets.push_back(summary_from(*stmt));
    }
    return tickets;
}

Result<TicketDetail> TicketService::show(int64_t id, bool refresh, std::optional<Error>* refresh_error)
{
    auto ticket = impl_->summary(id);
    if (!ticket) return tl::unexpected(ticket.error());
    if (refresh && backend_ && !ticket->remote_id.empty() &&
        ticket->backend == backend_kind_name(backend_->kind())) {
        auto remote = backend_->get_ticket(ticket->remote_id);
        auto messages = remote ? backend_->messages(ticket->remote_id) : tl::unexpected(remote.error());
        if (!messages) {
            if (refresh_error) *refresh_error = messages.error();
        } else {
            std::optional<int64_t> first_response;
            for (const auto& m : *messages)
                if (m.from_support && m.created_at > 0) {
                    first_response = m.created_at;
                    break;
                }
            auto ok = impl_->db().transaction([&]() -> Result<void> {
                // The service's copy of the conversation replaces ours; replies not sent yet stay.
                if (auto r =
                        impl_->run("DELETE FROM messages WHERE ticket_id = ? AND state = 'sent'", {}, {id});
                    !r)
                    return r;
                for (const auto& m : *messages) {
                    auto stmt = impl_->db().prepare(
                        "INSERT INTO messages (ticket_id, remote_id, author, body, created_at, state)"
                        " VALUES (?, ?, ?, ?, ?, 'sent')");
                    if (!stmt) return tl::unexpected(stmt.error());
                    stmt->bind(1, id).bind(2, m.id).bind(3,
                                                         std::string_view(m.from_support ? "support" : "me"));
                    stmt->bind(4, m.body).bind(5, m.created_at);
                    if (auto r = stmt->run(); !r) return r;
                }
                auto stmt = impl_->db().prepare(
                    "UPDATE tickets SET status = ?, updated_at = MAX(updated_at, ?),"
                    " first_response_at = COALESCE(first_response_at, ?, ?) WHERE id = ?");
                if (!stmt) return tl::unexpected(stmt.error());
                stmt->bind(1, remote->status).bind(2, remote->updated_at);
                if (remote->first_response_at)
                    stmt->bind(3, *remote->first_response_at);
                else
                    stmt->bind_null(3);
                if (first_response)
                    stmt->bind(4, *first_response);
                else
                    stmt->bind_null(4);
                stmt->bind(5, id);
                return stmt->run();
            });
            if (!ok) return tl::unexpected(ok.error());
            ticket = impl_->summary(id);
            if (!ticket) return tl::unexpected(ticket.error());
        }
    }
    TicketDetail detail;
    detail.ticket = *ticket;
    auto payload = impl_->db().prepare("SELECT payload FROM tickets WHERE id = ?");
    if (!payload) return tl::unexpected(payload.error());
    payload->bind(1, id);
    if (auto row = payload->step(); row && *row) detail.payload = payload->text(0);
    auto stmt = impl_->db().prepare(
        "SELECT author, body, created_at, state FROM messages WHERE ticket_id = ? ORDER BY created_at, id");
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind(1, id);
    for (;;) {
        auto row = stmt->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        const bool from_support = stmt->text(0) == "support";
        detail.messages.push_back(TicketMessage{from_support, from_support ? "поддержка" : "вы",
                                                stmt->text(1), stmt->integer(2), stmt->text(3) != "sent"});
    }
    return detail;
}

std::string current_locale(const Environment& env)
{
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"})
        if (auto value = env.get(name)) return *value;
    return "C";
}

const char* spravka_version()
{
    return SPRAVKA_VERSION;
}

}  // namespace spravka
