/** @file  @brief Picks the backend and its auth header; renders a ticket's context as plain text. */
#include "support/backends.hpp"

namespace spravka {

std::unique_ptr<SupportBackend> make_backend(const BackendSettings& settings, HttpTransport& transport,
                                             const RetryPolicy& retry, Sleeper sleeper)
{
    using detail::ApiClient;
    switch (settings.kind) {
        case BackendKind::Zammad:
            // Zammad access tokens: https://docs.zammad.org/en/latest/api/intro.html
            return detail::make_zammad_backend(
                settings, ApiClient(transport, retry, std::move(sleeper), settings.base_url,
                                    {{"Authorization", "Token token=" + settings.token}}, settings.token));
        case BackendKind::Zendesk: {
            // The Requests API takes `{end-user email}/token:{api token}` as HTTP Basic credentials.
            std::string basic = detail::base64_encode(settings.requester_email + "/token:" + settings.token);
            return detail::make_zendesk_backend(
                settings, ApiClient(transport, retry, std::move(sleeper), settings.base_url,
                                    {{"Authorization", "Basic " + basic}}, settings.token));
        }
        case BackendKind::Spravka: break;
    }
    return detail::make_spravka_backend(
        settings, ApiClient(transport, retry, std::move(sleeper), settings.base_url,
                            {{"Authorization", "Bearer " + settings.token}}, settings.token));
}

std::string ticket_text_with_context(const NewTicket& ticket, const std::string& idempotency_key)
{
    auto role_text = [](const std::string& role) -> std::string {
        if (role == "contractor") return "исполнитель (самозанятый)";
        if (role == "company") return "представитель компании";
        return "не указана";
    };
    std::string text = ticket.message;
    if (!text.empty() && text.back() != '\n') text += "\n";
    text += "\n— Сведения от spravka —\n";
    if (!ticket.question.empty()) text += "Вопрос: " + ticket.question + "\n";
    if (!ticket.articles.empty()) {
        text += "Уже показанные статьи:\n";
        for (const auto& article : ticket.articles) {
            text += "  • " + article.id + " (база " + article.kb_version + ")";
            if (article.vote > 0) text += " — помогла";
            if (article.vote < 0) text += " — не помогла";
            text += "\n";
        }
    }
    text += "Роль: " + role_text(ticket.role) + "\n";
    if (ticket.urgent) text += "Срочно: да\n";
    if (!ticket.callback_phone.empty()) text += "Просит перезвонить: " + ticket.callback_phone + "\n";
    text += "spravka " + ticket.app_version + ", база знаний " + ticket.kb_version + ", локаль " +
            ticket.locale + "\n";
    // The key lets spravka find this ticket again after a lost answer, on services without
    // Idempotency-Key support (Zammad).
    text += "Ключ обращения: " + idempotency_key + "\n";
    return text;
}

namespace detail {

Result<RemoteTicket> ticket_in_answer(const Result<nlohmann::json>& answer, const char* field,
                                      RemoteTicket (*map)(const nlohmann::json&))
{
    if (!answer) return tl::unexpected(answer.error());
    const bool whole = field == nullptr || *field == '\0';
    if (!answer->is_object() || (!whole && (!answer->contains(field) || !(*answer)[field].is_object())))
        return fail(Code::Network, "the support service answered without the ticket",
                    "`spravka ticket sync` will ask again with the same key");
    auto ticket = map(whole ? *answer : (*answer)[field]);
    if (ticket.id.empty())
        return fail(Code::Network, "the support service answered with a ticket without an id",
                    "`spravka ticket sync` will ask again with the same key");
    return ticket;
}

Result<std::optional<bool>> posted_before(SupportBackend& backend, const std::string& remote_id,
                                          const std::string& body)
{
    auto existing = backend.messages(remote_id);
    if (!existing) return tl::unexpected(existing.error());
    for (const auto& message : *existing)
        if (!message.from_support && message.body == body) return std::optional<bool>(true);
    return std::optional<bool>();
}

std::string url_encode(const std::string& text)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

}  // namespace detail

}  // namespace spravka
