/** @file  @brief From `ask` to a ticket in one step, and the quiet outbox sync at start-up. */
#include "cli/exit_codes.hpp"
#include "cli/followups.hpp"
#include "cli/ticket_output.hpp"

namespace spravka::cli {

namespace {

const char* ask_status_text(AskStatus status)
{
    switch (status) {
        case AskStatus::NoAnswer: return "no_answer";
        case AskStatus::Handoff: return "handoff";
        case AskStatus::Answered: return "not_helpful";  // answered, but the person says it did not help
    }
    return "no_answer";
}

NewTicket ticket_from(Context& ctx, const AskTicketContext& ask, const std::string& role)
{
    NewTicket ticket;
    ticket.question = ask.question;
    ticket.subject = ask.question.substr(0, ask.question.find('\n'));
    ticket.message = ask.detail.empty() ? ask.question : ask.question + "\n\n" + ask.detail;
    ticket.role = role;
    ticket.ask_status = ask_status_text(ask.status);
    ticket.kb_version = ask.kb_version;
    for (const auto& id : ask.shown_ids) {
        int vote = 0;
        for (const auto& [voted_id, value] : ask.votes)
            if (voted_id == id) vote = value;
        ticket.articles.push_back(ShownArticle{id, ask.kb_version, vote});
    }
    if (auto config = ctx.load_config(); config) {
        ticket.requester_name = (*config)->value("support.name");
        ticket.requester_email = (*config)->value("support.email");
    }
    ticket.app_version = spravka_version();
    ticket.locale = current_locale(ctx.env);
    return ticket;
}

void show_what_will_be_sent(Context& ctx, const NewTicket& ticket)
{
    ctx.out << "\nБудет отправлено в поддержку:\n";
    ctx.out << "  Тема: " << ticket.subject << "\n";
    ctx.out << "  Текст: " << ticket.message << "\n";
    if (!ticket.articles.empty()) {
        ctx.out << "  Статьи, которые вы уже видели:";
        for (const auto& article : ticket.articles)
            ctx.out << " " << article.id << (article.vote > 0 ? " (+)" : article.vote < 0 ? " (−)" : "");
        ctx.out << "\n";
    }
    ctx.out << "  Роль: "
            << (ticket.role == "contractor" ? "исполнитель"
                : ticket.role == "company"  ? "компания"
                                            : "не указана")
            << "; spravka " << ticket.app_version << ", база "
            << (ticket.kb_version.empty() ? "—" : ticket.kb_version) << ", локаль " << ticket.locale << "\n";
}

}  // namespace

std::optional<TicketOutcome> open_ticket_from_ask(Context& ctx, AskTicketContext ask, bool interactive)
{
    const bool prompts = interactive && ctx.can_prompt();
    if (prompts && !prompt_yes(ctx, "Открыть обращение в поддержку? [Д/н]")) return std::nullopt;

    std::string role = ask.role == Role::Contractor ? "contractor"
                       : ask.role == Role::Company  ? "company"
                                                    : "";
    if (role.empty()) {
        if (auto config = ctx.load_config(); config) role = (*config)->value("role");
    }
    if (role.empty() && prompts) role = prompt_role(ctx);
    if (ask.detail.empty() && prompts)
        ask.detail = prompt_line(ctx, "Что ещё важно знать поддержке? Одно предложение (Enter — пропустить):")
                         .value_or("");

    NewTicket ticket = ticket_from(ctx, ask, role);
    if (prompts) {
        std::vector<PersonalData> masked;
        show_what_will_be_sent(ctx, TicketService::masked(ticket, masked));
        if (!prompt_yes(ctx, "Отправить? [Д/н]")) return std::nullopt;
    }

    TicketOutcome outcome;
    auto service = open_service(ctx);
    if (!service) {
        ctx.err << "spravka: обращение не сохранено; ваш вопрос, чтобы он не пропал:\n"
                << ticket.message << "\n";
        outcome.state = "queued";
        outcome.exit_code = report(ctx, service.error());
        outcome.message = service.error().message;
        return outcome;
    }
    auto delivery = service->open(ticket);
    if (!delivery) {
        outcome.exit_code = report(ctx, delivery.error());
        outcome.message = delivery.error().message;
        return outcome;
    }
    warn_masked(ctx, delivery->masked);
    outcome = outcome_of(*delivery, "Обращение отправлено:");
    if (prompts) ctx.out << outcome.message << "\n";
    if (delivery->error) report(ctx, *delivery->error);
    return outcome;
}

void sync_outbox_quietly(Context& ctx)
{
    auto service = open_service(ctx, TicketServiceOptions{{}, true});
    if (!service || !service->has_backend()) return;
    auto queued = service->has_queued();
    if (!queued || !*queued) return;
    auto result = service->sync(false);
    if (result && result->delivered > 0)
        ctx.err << "spravka: отправлено обращений и ответов из очереди: " << result->delivered << "\n";
}

}  // namespace spravka::cli
