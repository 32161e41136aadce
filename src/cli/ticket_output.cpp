/** @file  @brief Shared pieces of the ticket commands: service, prompts, outcome text and JSON. */
#include "cli/ticket_output.hpp"

#include <ctime>
#include <iostream>

#include "cli/exit_codes.hpp"

namespace spravka::cli {

using nlohmann::json;

Result<TicketService> open_service(Context& ctx, const TicketServiceOptions& options)
{
    auto config = ctx.load_config();
    if (!config) return tl::unexpected(config.error());
    return open_ticket_service(ctx.dirs, **config, ctx.env, options);
}

std::optional<std::string> prompt_line(Context& ctx, const std::string& question)
{
    ctx.out << question << " " << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) {
        ctx.out << "\n";
        return std::nullopt;
    }
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
    size_t start = line.find_first_not_of(' ');
    return start == std::string::npos ? std::string() : line.substr(start);
}

bool prompt_yes(Context& ctx, const std::string& question)
{
    for (;;) {
        auto answer = prompt_line(ctx, question);
        if (!answer) return false;
        if (answer->empty() || *answer == "д" || *answer == "Д" || *answer == "да" || *answer == "y" ||
            *answer == "yes")
            return true;
        if (*answer == "н" || *answer == "Н" || *answer == "нет" || *answer == "n" || *answer == "no")
            return false;
        ctx.out << "Ответьте «д» или «н».\n";
    }
}

std::string prompt_role(Context& ctx)
{
    for (;;) {
        auto answer = prompt_line(ctx, "Вы исполнитель (самозанятый) или представитель компании? [и/к]");
        if (!answer || answer->empty()) return {};
        std::string role;
        if (*answer == "и" || *answer == "И" || *answer == "исполнитель" || *answer == "contractor")
            role = "contractor";
        if (*answer == "к" || *answer == "К" || *answer == "компания" || *answer == "company")
            role = "company";
        if (role.empty()) {
            ctx.out << "Ответьте «и» (исполнитель) или «к» (компания).\n";
            continue;
        }
        // Asked once: the answer is remembered for every later ticket and search.
        if (auto config = ctx.load_config(); config) {
            if (auto ok = (*config)->set("role", role); !ok) report(ctx, ok.error());
        }
        return role;
    }
}

std::string resolve_role(Context& ctx, const std::string& flag)
{
    if (!flag.empty()) return flag;
    if (auto config = ctx.load_config(); config) {
        std::string remembered = (*config)->value("role");
        if (!remembered.empty()) return remembered;
    }
    return ctx.can_prompt() ? prompt_role(ctx) : std::string();
}

void warn_masked(Context& ctx, const std::vector<PersonalData>& masked)
{
    if (masked.empty()) return;
    std::string kinds;
    for (auto kind :
         {PersonalData::CardNumber, PersonalData::Passport, PersonalData::Phone, PersonalData::Email})
        if (std::find(masked.begin(), masked.end(), kind) != masked.end())
            kinds += (kinds.empty() ? "" : ", ") + std::string(personal_data_name(kind));
    ctx.err << "spravka: предупреждение: скрыто перед сохранением и отправкой: " << kinds
            << ". Поддержке они не нужны; не присылайте их.\n";
}

std::string local_time(int64_t unix_seconds)
{
    std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    localtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%d.%m.%Y %H:%M", &tm);
    return text;
}

std::string duration_text(int64_t seconds)
{
    if (seconds < 0) seconds = 0;
    if (seconds < 3600) return std::to_string(std::max<int64_t>(seconds / 60, 0)) + " мин";
    if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " ч";
    return std::to_string(seconds / 86400) + " дн";
}

namespace {

std::string reply_expectation(const TicketSummary& ticket)
{
    if (ticket.reply_due_at) return "Ответ придёт не позже " + local_time(*ticket.reply_due_at) + ".";
    // Without a promise from the service, say what support's own rules are.
    return ticket.urgent ? "Срочные обращения разбирают в течение часа, и ночью тоже."
                         : "Обычно отвечают в течение рабочего дня.";
}

}  // namespace

TicketOutcome outcome_of(const Delivery& delivery, const char* action)
{
    TicketOutcome outcome;
    const auto& ticket = delivery.ticket;
    outcome.local_id = ticket.id;
    outcome.remote_id = ticket.remote_id;
    const std::string number = "№" + std::to_string(ticket.id);
    if (!delivery.error) {
        outcome.state = "sent";
        outcome.exit_code = kOk;
        outcome.message = std::string(action) + " " + number +
                          (ticket.number.empty() ? "" : " (в поддержке: " + ticket.number + ")") + ". " +
                          reply_expectation(ticket);
        return outcome;
    }
    outcome.exit_code = exit_code_for(delivery.error->code);
    if (ticket.state == TicketState::Draft || delivery.error->code == Code::Rejected) {
        outcome.state = "draft";
        outcome.message = "Поддержка не приняла обращение " + number + ": " + delivery.error->message +
                          ". Текст сохранён: `spravka ticket show " + std::to_string(ticket.id) + "`.";
    } else {
        outcome.state = "queued";
        outcome.message = "Обращение " + number +
                          " сохранено на этом компьютере и не потеряется; оно будет "
                          "отправлено командой `spravka ticket sync` (и само при следующем запуске).";
    }
    return outcome;
}

json ticket_json(const TicketSummary& ticket)
{
    auto optional_time = [](const std::optional<int64_t>& t) { return t ? json(*t) : json(nullptr); };
    auto optional_text = [](const std::string& text) { return text.empty() ? json(nullptr) : json(text); };
    return json{
        {"id", ticket.id},
        {"state", ticket_state_name(ticket.state)},
        {"backend", optional_text(ticket.backend)},
        {"remote_id", optional_text(ticket.remote_id)},
        {"number", optional_text(ticket.number)},
        {"status", ticket.status},
        {"subject", ticket.subject},
        {"role", optional_text(ticket.role)},
        {"urgent", ticket.urgent},
        {"created_at", ticket.created_at},
        {"updated_at", ticket.updated_at},
        {"first_response_at", optional_time(ticket.first_response_at)},
        {"reply_due_at", optional_time(ticket.reply_due_at)},
        {"rating", optional_text(ticket.rating)},
        {"last_error", optional_text(ticket.last_error)},
        {"queued_items", ticket.queued_items},
    };
}

json error_json(const std::optional<Error>& error)
{
    if (!error) return nullptr;
    return json{{"code", code_name(error->code)},
                {"message", error->message},
                {"hint", error->hint.empty() ? json(nullptr) : json(error->hint)}};
}

void print_json(Context& ctx, json doc)
{
    json out = {{"schema_version", 1}};
    for (auto& [key, value] : doc.items()) out[key] = std::move(value);
    ctx.out << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

int print_delivery(Context& ctx, const Delivery& delivery, bool as_json, const char* action)
{
    warn_masked(ctx, delivery.masked);
    TicketOutcome outcome = outcome_of(delivery, action);
    if (as_json) {
        json masked = json::array();
        for (auto kind : delivery.masked) masked.push_back(personal_data_name(kind));
        print_json(ctx, {{"ticket", ticket_json(delivery.ticket)},
                         {"delivered", !delivery.error.has_value()},
                         {"outcome", outcome.state},
                         {"error", error_json(delivery.error)},
                         {"masked", masked}});
    } else {
        ctx.out << outcome.message << "\n";
    }
    if (delivery.error) {
        Error error = *delivery.error;
        if (error.hint.empty() && error.code == Code::Network)
            error.hint = "nothing is lost; run `spravka ticket sync` when the connection is back";
        report(ctx, error);
    }
    return outcome.exit_code;
}

}  // namespace spravka::cli
