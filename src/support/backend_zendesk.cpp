/** @file  @brief Zendesk's end-user Requests API: requests, their comments, and satisfaction ratings. */
#include "support/backends.hpp"

#include <map>

namespace spravka::detail {

namespace {

using nlohmann::json;

RemoteTicket request_from(const json& object)
{
    RemoteTicket ticket;
    ticket.id = text_field(object, "id");
    ticket.number = ticket.id;
    ticket.status = text_field(object, "status");
    ticket.subject = text_field(object, "subject");
    ticket.created_at = time_field(object, "created_at").value_or(0);
    ticket.updated_at = time_field(object, "updated_at").value_or(ticket.created_at);
    return ticket;
}

Result<RemoteTicket> request_in(const Result<json>& answer)
{
    return ticket_in_answer(answer, "request", request_from);
}

class ZendeskBackend final : public SupportBackend {
public:
    explicit ZendeskBackend(ApiClient client) : client_(std::move(client)) {}
    BackendKind kind() const override { return BackendKind::Zendesk; }

    HttpRequest preview_create(const NewTicket& ticket, const std::string& key) const override
    {
        std::vector<std::string> upload_tokens;
        for (const auto& attachment : ticket.attachments)
            upload_tokens.push_back("<token of " + attachment.filename + " from POST /api/v2/uploads>");
        return client_.build("POST", "/api/v2/requests", create_body(ticket, key, upload_tokens).dump(2),
                             {{"Idempotency-Key", key}}, true);
    }

    Result<RemoteTicket> create_ticket(const NewTicket& ticket, const std::string& key,
                                       bool may_exist) override
    {
        // Zendesk replays a create with the same Idempotency-Key; looking for the key in the
        // person's requests also covers accounts where the Requests API ignores the header.
        std::vector<std::string> upload_tokens;
        for (const auto& attachment : ticket.attachments) {
            auto doc = client_.call("POST", "/api/v2/uploads?filename=" + url_encode(attachment.filename),
                                    attachment.data, {{"Content-Type", "application/binary"}});
            if (!doc) return tl::unexpected(doc.error());
            try {
                upload_tokens.push_back(json::parse(doc->body).at("upload").at("token").get<std::string>());
            } catch (const json::exception&) {
                return fail(Code::Network, "Zendesk answered an upload without a token");
            }
        }
        return at_most_once<RemoteTicket>(
            client_, may_exist, [&] { return find_by_key(key); },
            [&] {
                return request_in(client_.call_json("POST", "/api/v2/requests",
                                                    create_body(ticket, key, upload_tokens),
                                                    {{"Idempotency-Key", key}}, false));
            });
    }

    Result<RemoteTicket> get_ticket(const std::string& id) override
    {
        return request_in(client_.call_json("GET", "/api/v2/requests/" + url_encode(id)));
    }

    Result<std::vector<RemoteTicket>> list_tickets() override
    {
        auto doc = client_.call_json("GET", "/api/v2/requests?sort_by=updated_at&sort_order=desc");
        if (!doc) return tl::unexpected(doc.error());
        std::vector<RemoteTicket> tickets;
        if (doc->contains("requests") && (*doc)["requests"].is_array())
            for (const auto& item : (*doc)["requests"]) tickets.push_back(request_from(item));
        return tickets;
    }

    Result<std::vector<RemoteMessage>> messages(const std::string& id) override
    {
        auto doc = client_.call_json("GET", "/api/v2/requests/" + url_encode(id) + "/comments");
        if (!doc) return tl::unexpected(doc.error());
        // Authors come side-loaded in "users"; an agent's comment is support's reply.
        std::map<std::string, std::pair<std::string, bool>> users;
        if (doc->contains("users") && (*doc)["users"].is_array())
            for (const auto& user : (*doc)["users"])
                users[text_field(user, "id")] = {text_field(user, "name"), user.value("agent", false)};
        std::vector<RemoteMessage> messages;
        if (doc->contains("comments") && (*doc)["comments"].is_array())
            for (const auto& comment : (*doc)["comments"]) {
                auto author = users[text_field(comment, "author_id")];
                messages.push_back(RemoteMessage{text_field(comment, "id"), author.second, author.first,
                                                 text_field(comment, "body"),
                                                 time_field(comment, "created_at").value_or(0)});
            }
        return messages;
    }

    Result<void> add_message(const std::string& id, const std::string& body, const std::string& key,
                             bool may_exist) override
    {
        auto posted = at_most_once<bool>(
            client_, may_exist, [&] { return posted_before(*this, id, body); },
            [&]() -> Result<bool> {
                auto doc = client_.call_json("PUT", "/api/v2/requests/" + url_encode(id),
                                             json{{"request", {{"comment", {{"body", body}}}}}},
                                             {{"Idempotency-Key", key}}, false);
                if (!doc) return tl::unexpected(doc.error());
                return true;
            });
        if (!posted) return tl::unexpected(posted.error());
        return {};
    }

    Result<void> rate(const std::string& id, Grade grade, const std::string& comment,
                      const std::string&) override
    {
        // Zendesk scores are good/bad; the comment keeps which of our three grades it was.
        std::string text =
            std::string("Оценка: ") + grade_name(grade) + (comment.empty() ? "" : ". " + comment);
        json body = {
            {"satisfaction_rating", {{"score", grade == Grade::Bad ? "bad" : "good"}, {"comment", text}}}};
        auto doc =
            client_.call_json("POST", "/api/v2/tickets/" + url_encode(id) + "/satisfaction_rating", body);
        if (!doc) return tl::unexpected(doc.error());
        return {};
    }

private:
    static json create_body(const NewTicket& ticket, const std::string& key,
                            const std::vector<std::string>& uploads)
    {
        json comment = {{"body", ticket_text_with_context(ticket, key)}};
        if (!uploads.empty()) comment["uploads"] = uploads;
        json request = {{"subject", ticket.subject}, {"comment", comment}};
        if (ticket.urgent) request["priority"] = "high";
        return json{{"request", request}};
    }

    Result<std::optional<RemoteTicket>> find_by_key(const std::string& key)
    {
        auto doc = client_.call_json("GET", "/api/v2/requests?sort_by=created_at&sort_order=desc");
        if (!doc) return tl::unexpected(doc.error());
        if (doc->contains("requests") && (*doc)["requests"].is_array())
            for (const auto& item : (*doc)["requests"])
                if (text_field(item, "description").find(key) != std::string::npos)
                    return std::optional<RemoteTicket>(request_from(item));
        return std::optional<RemoteTicket>();
    }

    ApiClient client_;
};

}  // namespace

std::unique_ptr<SupportBackend> make_zendesk_backend(const BackendSettings&, ApiClient client)
{
    return std::make_unique<ZendeskBackend>(std::move(client));
}

}  // namespace spravka::detail
