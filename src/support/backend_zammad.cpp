/** @file  @brief Zammad REST API: tickets with a first article, articles as the conversation. */
#include "support/backends.hpp"

namespace spravka::detail {

namespace {

using nlohmann::json;

// Zammad's default ticket states by id, for answers without `?expand=true`.
std::string state_name(const json& object)
{
    std::string state = text_field(object, "state");
    if (!state.empty()) return state;
    static const char* const kDefaultStates[] = {"",       "new",    "open",    "pending reminder",
                                                 "closed", "merged", "removed", "pending close"};
    std::string id = text_field(object, "state_id");
    if (id.size() == 1 && id[0] >= '1' && id[0] <= '7') return kDefaultStates[id[0] - '0'];
    return id.empty() ? "new" : "state " + id;
}

RemoteTicket ticket_from(const json& object)
{
    RemoteTicket ticket;
    ticket.id = text_field(object, "id");
    ticket.number = text_field(object, "number");
    if (ticket.number.empty()) ticket.number = ticket.id;
    ticket.status = state_name(object);
    ticket.subject = text_field(object, "title");
    ticket.created_at = time_field(object, "created_at").value_or(0);
    ticket.updated_at = time_field(object, "updated_at").value_or(ticket.created_at);
    ticket.first_response_at = time_field(object, "first_response_at");
    // Zammad's SLA: when the first response escalates, i.e. the latest a reply is promised.
    ticket.reply_due_at = time_field(object, "first_response_escalation_at");
    return ticket;
}

class ZammadBackend final : public SupportBackend {
public:
    ZammadBackend(const BackendSettings& settings, ApiClient client)
        : client_(std::move(client)), group_(settings.group), email_(settings.requester_email)
    {
    }
    BackendKind kind() const override { return BackendKind::Zammad; }

    HttpRequest preview_create(const NewTicket& ticket, const std::string& key) const override
    {
        return client_.build("POST", "/api/v1/tickets", create_body(ticket, key).dump(2), {}, true);
    }

    Result<RemoteTicket> create_ticket(const NewTicket& ticket, const std::string& key,
                                       bool may_exist) override
    {
        // Zammad has no idempotency keys. The key is in the first article, so before any try that
        // may repeat an earlier one, search for the key instead of creating a second ticket.
        return at_most_once<RemoteTicket>(
            client_, may_exist, [&] { return find_by_key(key); },
            [&] {
                return ticket_in_answer(
                    client_.call_json("POST", "/api/v1/tickets", create_body(ticket, key), {}, false), "",
                    ticket_from);
            });
    }

    Result<RemoteTicket> get_ticket(const std::string& id) override
    {
        return ticket_in_answer(
            client_.call_json("GET", "/api/v1/tickets/" + url_encode(id) + "?expand=true"), "", ticket_from);
    }

    Result<std::vector<RemoteTicket>> list_tickets() override
    {
        // A customer's token sees only that customer's tickets.
        auto doc = client_.call_json("GET", "/api/v1/tickets?expand=true");
        if (!doc) return tl::unexpected(doc.error());
        std::vector<RemoteTicket> tickets;
        if (doc->is_array())
            for (const auto& item : *doc) tickets.push_back(ticket_from(item));
        return tickets;
    }

    Result<std::vector<RemoteMessage>> messages(const std::string& id) override
    {
        auto doc = client_.call_json("GET", "/api/v1/ticket_articles/by_ticket/" + url_encode(id));
        if (!doc) return tl::unexpected(doc.error());
        std::vector<RemoteMessage> messages;
        if (!doc->is_array()) return messages;
        for (const auto& article : *doc) {
            if (article.value("internal", false)) continue;  // agents' notes are not for the customer
            messages.push_back(RemoteMessage{text_field(article, "id"),
                                             text_field(article, "sender") == "Agent",
                                             text_field(article, "from"), text_field(article, "body"),
                                             time_field(article, "created_at").value_or(0)});
        }
        return messages;
    }

    Result<void> add_message(const std::string& id, const std::string& body, const std::string&,
                             bool may_exist) override
    {
        auto posted = at_most_once<bool>(
            client_, may_exist, [&] { return posted_before(*this, id, body); },
            [&]() -> Result<bool> {
                auto doc =
                    client_.call_json("POST", "/api/v1/ticket_articles", article_body(id, body), {}, false);
                if (!doc) return tl::unexpected(doc.error());
                return true;
            });
        if (!posted) return tl::unexpected(posted.error());
        return {};
    }

    Result<void> rate(const std::string& id, Grade grade, const std::string& comment,
                      const std::string& key) override
    {
        // Zammad has no customer rating endpoint; the grade goes to support as an article.
        std::string text =
            std::string("Оценка обращения: ") + grade_name(grade) + (comment.empty() ? "" : ". " + comment);
        return add_message(id, text, key, true);
    }

private:
    json article_body(const std::string& ticket_id, const std::string& body) const
    {
        json article = {
            {"body", body}, {"type", "note"}, {"internal", false}, {"content_type", "text/plain"}};
        if (!ticket_id.empty()) {
            const bool numeric =
                ticket_id.find_first_not_of("0123456789") == std::string::npos && ticket_id.size() < 18;
            article["ticket_id"] = numeric ? json(std::stoll(ticket_id)) : json(ticket_id);
        }
        return article;
    }

    json create_body(const NewTicket& ticket, const std::string& key) const
    {
        json article = article_body("", ticket_text_with_context(ticket, key));
        article["subject"] = ticket.subject;
        if (!ticket.attachments.empty()) {
            article["attachments"] = json::array();
            for (const auto& attachment : ticket.attachments)
                article["attachments"].push_back({{"filename", attachment.filename},
                                                  {"data", base64_encode(attachment.data)},
                                                  {"mime-type", attachment.content_type}});
        }
        json body = {{"title", ticket.subject}, {"group", group_}, {"article", article}};
        if (!email_.empty()) body["customer"] = email_;
        if (ticket.urgent) body["priority"] = "3 high";
        return body;
    }

    Result<std::optional<RemoteTicket>> find_by_key(const std::string& key)
    {
        auto doc = client_.call_json(
            "GET", "/api/v1/tickets/search?query=" + url_encode("\"" + key + "\"") + "&limit=1&expand=true");
        if (!doc) return tl::unexpected(doc.error());
        if (doc->is_array() && !doc->empty()) return std::optional<RemoteTicket>(ticket_from(doc->front()));
        return std::optional<RemoteTicket>();
    }

    ApiClient client_;
    std::string group_;
    std::string email_;
};

}  // namespace

std::unique_ptr<SupportBackend> make_zammad_backend(const BackendSettings& settings, ApiClient client)
{
    return std::make_unique<ZammadBackend>(settings, std::move(client));
}

}  // namespace spravka::detail
