/** @file  @brief The one JSON shape of a ticket, shared by the outbox and our own support API. */
#include "support/ticket_json.hpp"

#include "support/api_client.hpp"

namespace spravka::detail {

using nlohmann::json;

namespace {

std::string base64_decode(const std::string& text)
{
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::string out;
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v = value(c);
        if (v < 0) continue;
        buffer = (buffer << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xff);
        }
    }
    return out;
}

}  // namespace

json ticket_to_json(const NewTicket& ticket)
{
    json articles = json::array();
    for (const auto& article : ticket.articles)
        articles.push_back({{"id", article.id}, {"kb_version", article.kb_version}, {"vote", article.vote}});
    json attachments = json::array();
    for (const auto& attachment : ticket.attachments)
        attachments.push_back({{"filename", attachment.filename},
                               {"content_type", attachment.content_type},
                               {"size", attachment.data.size()},
                               {"data_base64", base64_encode(attachment.data)}});
    json body = {
        {"subject", ticket.subject},
        {"message", ticket.message},
        {"role", ticket.role},
        {"priority", ticket.urgent ? "high" : "normal"},
        {"callback_phone", ticket.callback_phone.empty() ? json(nullptr) : json(ticket.callback_phone)},
        {"requester", {{"name", ticket.requester_name}, {"email", ticket.requester_email}}},
        {"context",
         {{"question", ticket.question},
          {"ask_status", ticket.ask_status},
          {"articles", articles},
          {"app_version", ticket.app_version},
          {"kb_version", ticket.kb_version},
          {"locale", ticket.locale}}},
        {"attachments", attachments},
    };
    return body;
}

Result<NewTicket> ticket_from_json(const std::string& text)
{
    try {
        auto body = json::parse(text);
        NewTicket ticket;
        ticket.subject = body.at("subject").get<std::string>();
        ticket.message = body.at("message").get<std::string>();
        ticket.role = body.value("role", "");
        ticket.urgent = body.value("priority", "normal") == "high";
        ticket.callback_phone = text_field(body, "callback_phone");
        const auto& requester = body.at("requester");
        ticket.requester_name = requester.value("name", "");
        ticket.requester_email = requester.value("email", "");
        const auto& context = body.at("context");
        ticket.question = context.value("question", "");
        ticket.ask_status = context.value("ask_status", "");
        ticket.app_version = context.value("app_version", "");
        ticket.kb_version = context.value("kb_version", "");
        ticket.locale = context.value("locale", "");
        for (const auto& article : context.at("articles"))
            ticket.articles.push_back(ShownArticle{article.at("id").get<std::string>(),
                                                   article.value("kb_version", ""),
                                                   article.value("vote", 0)});
        for (const auto& attachment : body.value("attachments", json::array()))
            ticket.attachments.push_back(
                Attachment{attachment.at("filename").get<std::string>(),
                           attachment.value("content_type", "application/octet-stream"),
                           base64_decode(attachment.value("data_base64", ""))});
        return ticket;
    } catch (const json::exception& e) {
        return fail(Code::StateError,
                    std::string("a queued ticket in the local store is unreadable: ") + e.what(),
                    "see `spravka ticket show N`; the text is still in the store");
    }
}

}  // namespace spravka::detail
