/** @file  @brief Our own support API (docs/support-api.md): JSON in and out, Idempotency-Key on writes. */
#include "support/backends.hpp"
#include "support/ticket_json.hpp"

namespace spravka::detail {

namespace {

using nlohmann::json;

RemoteTicket ticket_from(const json& object)
{
    RemoteTicket ticket;
    ticket.id = text_field(object, "id");
    ticket.number = text_field(object, "number");
    if (ticket.number.empty()) ticket.number = ticket.id;
    ticket.status = text_field(object, "status");
    ticket.subject = text_field(object, "subject");
    ticket.created_at = time_field(object, "created_at").value_or(0);
    ticket.updated_at = time_field(object, "updated_at").value_or(ticket.created_at);
    ticket.first_response_at = time_field(object, "first_response_at");
    ticket.reply_due_at = time_field(object, "reply_due_at");
    return ticket;
}

Result<RemoteTicket> ticket_in(const Result<json>& answer)
{
    return ticket_in_answer(answer, "ticket", ticket_from);
}

class SpravkaBackend final : public SupportBackend {
public:
    explicit SpravkaBackend(ApiClient client) : client_(std::move(client)) {}
    BackendKind kind() const override { return BackendKind::Spravka; }

    HttpRequest preview_create(const NewTicket& ticket, const std::string& key) const override
    {
        return client_.build("POST", "/v1/tickets", body_of(ticket), {{"Idempotency-Key", key}}, true);
    }

    Result<RemoteTicket> create_ticket(const NewTicket& ticket, const std::string& key, bool) override
    {
        // The service replays the first answer for a key it has seen, so a retry is always safe.
        return ticket_in(
            client_.call_json("POST", "/v1/tickets", ticket_to_json(ticket), {{"Idempotency-Key", key}}));
    }

    Result<RemoteTicket> get_ticket(const std::string& id) override
    {
        return ticket_in(client_.call_json("GET", "/v1/tickets/" + url_encode(id)));
    }

    Result<std::vector<RemoteTicket>> list_tickets() override
    {
        auto doc = client_.call_json("GET", "/v1/tickets");
        if (!doc) return tl::unexpected(doc.error());
        std::vector<RemoteTicket> tickets;
        if (doc->contains("tickets") && (*doc)["tickets"].is_array())
            for (const auto& item : (*doc)["tickets"]) tickets.push_back(ticket_from(item));
        return tickets;
    }

    Result<std::vector<RemoteMessage>> messages(const std::string& id) override
    {
        auto doc = client_.call_json("GET", "/v1/tickets/" + url_encode(id) + "/messages");
        if (!doc) return tl::unexpected(doc.error());
        std::vector<RemoteMessage> messages;
        if (doc->contains("messages") && (*doc)["messages"].is_array())
            for (const auto& item : (*doc)["messages"])
                messages.push_back(RemoteMessage{text_field(item, "id"),
                                                 text_field(item, "from") == "support",
                                                 text_field(item, "author_name"), text_field(item, "body"),
                                                 time_field(item, "created_at").value_or(0)});
        return messages;
    }

    Result<void> add_message(const std::string& id, const std::string& body, const std::string& key,
                             bool) override
    {
        auto doc = client_.call_json("POST", "/v1/tickets/" + url_encode(id) + "/messages",
                                     json{{"body", body}}, {{"Idempotency-Key", key}});
        if (!doc) return tl::unexpected(doc.error());
        return {};
    }

    Result<void> rate(const std::string& id, Grade grade, const std::string& comment,
                      const std::string& key) override
    {
        auto doc = client_.call_json("PUT", "/v1/tickets/" + url_encode(id) + "/rating",
                                     json{{"grade", grade_api_name(grade)}, {"comment", comment}},
                                     {{"Idempotency-Key", key}});
        if (!doc) return tl::unexpected(doc.error());
        return {};
    }

private:
    static std::string body_of(const NewTicket& ticket)
    {
        return ticket_to_json(ticket).dump(-1, ' ', false, json::error_handler_t::replace);
    }
    ApiClient client_;
};

}  // namespace

std::unique_ptr<SupportBackend> make_spravka_backend(const BackendSettings&, ApiClient client)
{
    return std::make_unique<SpravkaBackend>(std::move(client));
}

}  // namespace spravka::detail
