/** @file  @brief `spravka ticket open|list|show|reply|rate|sync`: options in, TicketService call, printer
 * out. */
#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/ticket_output.hpp"

namespace spravka::cli {

using nlohmann::json;

namespace {

struct TicketOpenOptions {
    std::string subject;
    std::string message;
    std::string message_file;  ///< "-" reads standard input
    std::string role;
    bool urgent = false;
    std::string callback;
    std::vector<std::string> attach;
    bool dry_run = false;
    bool json = false;
    std::string ca_file;
};

struct TicketIdOptions {
    int64_t id = 0;
    std::string message;
    std::string message_file;
    std::string grade;
    bool json = false;
    bool offline = false;
};

/// -m, or --message-file (a path, or "-" for standard input). Code::Usage for an unreadable file
/// or text that is not UTF-8.
Result<std::string> message_text(const std::string& inline_text, const std::string& file)
{
    std::string text = inline_text;
    if (!file.empty()) {
        std::ostringstream buffer;
        if (file == "-") {
            buffer << std::cin.rdbuf();
        } else {
            std::ifstream in(file, std::ios::binary);
            if (!in) return fail(Code::Usage, "cannot read " + file);
            buffer << in.rdbuf();
        }
        text = buffer.str();
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    // Reject invalid UTF-8 at the edge, before it is stored or sent.
    for (size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        size_t length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool ok = length > 0 && i + length <= text.size();
        for (size_t k = 1; ok && k < length; ++k)
            ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
        if (!ok)
            return fail(Code::Usage, "the message is not valid UTF-8",
                        "save the text as UTF-8 and try again");
        i += length;
    }
    return text;
}

std::string content_type_for(const std::filesystem::path& file)
{
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".png") return "image/png";
    if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
    if (ext == ".pdf") return "application/pdf";
    if (ext == ".txt" || ext == ".log") return "text/plain";
    return "application/octet-stream";
}

Result<Attachment> read_attachment(const std::string& name)
{
    std::error_code ec;
    auto size = std::filesystem::file_size(name, ec);
    if (ec) return fail(Code::Usage, "cannot attach " + name + ": " + ec.message());
    if (size > kMaxAttachmentBytes)
        return fail(Code::Usage,
                    fmt::format("{} is {:.1f} MB; attachments are limited to {} MB", name,
                                static_cast<double>(size) / 1048576.0, kMaxAttachmentBytes / 1048576),
                    "attach a smaller file, or a screenshot of the relevant part");
    std::ifstream in(name, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in && !in.eof()) return fail(Code::Usage, "cannot read " + name);
    return Attachment{std::filesystem::path(name).filename().string(), content_type_for(name),
                      std::move(data)};
}

bool plausible_phone(const std::string& phone)
{
    int digits = 0;
    for (char c : phone) {
        if (std::isdigit(static_cast<unsigned char>(c)))
            ++digits;
        else if (std::string_view(" +-()").find(c) == std::string_view::npos)
            return false;
    }
    return digits >= 10 && digits <= 15;
}

void fill_requester(Context& ctx, NewTicket& ticket)
{
    if (auto config = ctx.load_config(); config) {
        ticket.requester_name = (*config)->value("support.name");
        ticket.requester_email = (*config)->value("support.email");
    }
    ticket.app_version = spravka_version();
    ticket.locale = current_locale(ctx.env);
}

int print_preview(Context& ctx, const HttpRequest& request, bool as_json)
{
    if (as_json) {
        json headers = json::object();
        for (const auto& h : request.headers) headers[h.name] = h.value;
        json body = json::parse(request.body, nullptr, false);
        print_json(ctx, {{"dry_run", true},
                         {"request",
                          {{"method", request.method},
                           {"url", request.url},
                           {"headers", headers},
                           {"body", body.is_discarded() ? json(request.body) : body}}}});
        return kOk;
    }
    ctx.out << "Пробный запуск: ничего не сохранено и не отправлено. Запрос был бы таким:\n\n";
    ctx.out << request.method << " " << request.url << "\n";
    for (const auto& h : request.headers) ctx.out << h.name << ": " << h.value << "\n";
    json body = json::parse(request.body, nullptr, false);
    ctx.out << "\n"
            << (body.is_discarded() ? request.body : body.dump(2, ' ', false, json::error_handler_t::replace))
            << "\n";
    return kOk;
}

int run_open(Context& ctx, const TicketOpenOptions& options)
{
    NewTicket ticket;
    ticket.subject = options.subject;
    auto message = message_text(options.message, options.message_file);
    if (!message) return report(ctx, message.error());
    ticket.message = *message;
    if (ticket.subject.empty() && ticket.message.empty()) {
        if (!ctx.can_prompt())
            return report(ctx,
                          Error{Code::Usage, "a ticket needs a subject or a message",
                                "pass --subject and -m, or --message-file - to read the text from stdin"});
        ticket.subject = prompt_line(ctx, "Тема обращения:").value_or("");
        ticket.message = prompt_line(ctx, "Опишите, что случилось (одной строкой):").value_or("");
        if (ticket.subject.empty() && ticket.message.empty())
            return report(ctx,
                          Error{Code::Usage, "nothing to send: the subject and the message are empty", ""});
    }
    if (!options.callback.empty() && !plausible_phone(options.callback))
        return report(ctx, Error{Code::Usage, "--callback '" + options.callback + "' is not a phone number",
                                 "for example: --callback '+7 912 345-67-89'"});
    ticket.urgent = options.urgent;
    ticket.callback_phone = options.callback;
    for (const auto& file : options.attach) {
        auto attachment = read_attachment(file);
        if (!attachment) return report(ctx, attachment.error());
        ticket.attachments.push_back(std::move(*attachment));
    }
    fill_requester(ctx, ticket);
    // A dry run has no side effects: it does not ask for the role (which would be remembered).
    ticket.role = options.dry_run ? options.role : resolve_role(ctx, options.role);
    if (options.dry_run && ticket.role.empty())
        if (auto config = ctx.load_config(); config) ticket.role = (*config)->value("role");

    auto service = open_service(ctx, TicketServiceOptions{options.ca_file, false});
    if (!service) {
        // Nothing typed is lost even when the store cannot be opened: give the text back.
        if (!options.dry_run && !ticket.message.empty())
            ctx.err << "spravka: обращение не сохранено; ваш текст, чтобы он не пропал:\n"
                    << ticket.message << "\n";
        return report(ctx, service.error());
    }
    if (options.dry_run) return print_preview(ctx, service->preview(ticket), options.json);
    auto delivery = service->open(ticket);
    if (!delivery) {
        ctx.err << "spravka: обращение не сохранено; ваш текст, чтобы он не пропал:\n"
                << ticket.message << "\n";
        return report(ctx, delivery.error());
    }
    return print_delivery(ctx, *delivery, options.json, "Обращение отправлено:");
}

/// Sends what waits and refreshes statuses before showing them; a failure only warns.
void refresh_quietly(Context& ctx, TicketService& service)
{
    if (!service.has_backend()) return;
    auto report_sync = service.sync(true);
    if (report_sync && report_sync->error)
        ctx.err << "spravka: не удалось обновить статусы (" << report_sync->error->message
                << "); показаны сохранённые данные\n";
}

const char* state_text(TicketState state)
{
    switch (state) {
        case TicketState::Queued: return "в очереди";
        case TicketState::Sent: return "отправлено";
        case TicketState::Draft: return "черновик";
    }
    return "";
}

std::string first_response_text(const TicketSummary& ticket)
{
    if (ticket.first_response_at) return duration_text(*ticket.first_response_at - ticket.created_at);
    return "—";
}

int run_list(Context& ctx, const TicketIdOptions& options)
{
    auto service = open_service(ctx);
    if (!service) return report(ctx, service.error());
    if (!options.offline) refresh_quietly(ctx, *service);
    auto tickets = service->list();
    if (!tickets) return report(ctx, tickets.error());
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    if (options.json) {
        json items = json::array();
        for (const auto& ticket : *tickets) {
            json item = ticket_json(ticket);
            item["age_seconds"] = now - ticket.created_at;
            item["first_response_seconds"] = ticket.first_response_at
                                                 ? json(*ticket.first_response_at - ticket.created_at)
                                                 : json(nullptr);
            items.push_back(item);
        }
        print_json(ctx, {{"tickets", items}});
        return kOk;
    }
    if (tickets->empty()) {
        ctx.out << "Обращений пока нет. Открыть: spravka ticket open --subject ТЕМА -m ТЕКСТ\n";
        return kOk;
    }
    ctx.out << fmt::format("{:>4}  {:<11}  {:<10}  {:>7}  {:>12}  {}\n", "№", "состояние", "статус",
                           "возраст", "первый ответ", "тема");
    for (const auto& ticket : *tickets)
        ctx.out << fmt::format("{:>4}  {:<11}  {:<10}  {:>7}  {:>12}  {}{}\n", ticket.id,
                               state_text(ticket.state), ticket.status,
                               duration_text(now - ticket.created_at), first_response_text(ticket),
                               ticket.urgent ? "[срочно] " : "", ticket.subject);
    return kOk;
}

int run_show(Context& ctx, const TicketIdOptions& options)
{
    auto service = open_service(ctx);
    if (!service) return report(ctx, service.error());
    std::optional<Error> refresh_error;
    auto detail = service->show(options.id, !options.offline, &refresh_error);
    if (!detail) return report(ctx, detail.error());
    if (refresh_error)
        ctx.err << "spravka: не удалось получить переписку (" << refresh_error->message
                << "); показана сохранённая\n";
    const auto& ticket = detail->ticket;
    if (options.json) {
        json messages = json::array();
        for (const auto& m : detail->messages)
            messages.push_back({{"from", m.from_support ? "support" : "me"},
                                {"body", m.body},
                                {"created_at", m.created_at},
                                {"queued", m.queued}});
        print_json(ctx, {{"ticket", ticket_json(ticket)}, {"messages", messages}});
        return kOk;
    }
    ctx.out << "Обращение №" << ticket.id;
    if (!ticket.number.empty()) ctx.out << " · в поддержке " << ticket.number;
    ctx.out << " · " << state_text(ticket.state) << " · статус: " << ticket.status << " · создано "
            << local_time(ticket.created_at) << "\n";
    ctx.out << "Тема: " << ticket.subject << "\n";
    if (!ticket.last_error.empty()) ctx.out << "Последняя ошибка: " << ticket.last_error << "\n";
    if (!ticket.rating.empty()) ctx.out << "Ваша оценка: " << ticket.rating << "\n";
    for (const auto& m : detail->messages) {
        ctx.out << "\n— " << (m.from_support ? "поддержка" : "вы") << ", " << local_time(m.created_at)
                << (m.queued ? " (ещё не отправлено)" : "") << "\n"
                << m.body << "\n";
    }
    return kOk;
}

int run_reply(Context& ctx, const TicketIdOptions& options)
{
    auto text = message_text(options.message, options.message_file);
    if (!text) return report(ctx, text.error());
    if (text->empty()) return report(ctx, Error{Code::Usage, "the reply is empty", "pass the text with -m"});
    auto service = open_service(ctx);
    if (!service) {
        ctx.err << "spravka: ответ не сохранён; ваш текст, чтобы он не пропал:\n" << *text << "\n";
        return report(ctx, service.error());
    }
    auto delivery = service->reply(options.id, *text);
    if (!delivery) return report(ctx, delivery.error());
    return print_delivery(ctx, *delivery, options.json, "Ответ добавлен к обращению");
}

int run_rate(Context& ctx, const TicketIdOptions& options)
{
    auto grade = parse_grade(options.grade);
    if (!grade)
        return report(ctx, Error{Code::Usage, "unknown grade '" + options.grade + "'",
                                 "use one of: отлично, хорошо, плохо"});
    auto service = open_service(ctx);
    if (!service) return report(ctx, service.error());
    auto delivery = service->rate(options.id, *grade, options.message);
    if (!delivery) return report(ctx, delivery.error());
    return print_delivery(ctx, *delivery, options.json, "Спасибо! Оценка передана по обращению");
}

int run_sync(Context& ctx, const TicketIdOptions& options)
{
    auto service = open_service(ctx);
    if (!service) return report(ctx, service.error());
    auto result = service->sync(true);
    if (!result) return report(ctx, result.error());
    int code = kOk;
    if (result->queued > 0)
        code = result->error ? exit_code_for(result->error->code) : kQueued;
    else if (result->drafts > 0)
        code = kRejected;
    else if (result->error && result->error->code == Code::AuthRequired)
        code = kAuth;
    if (options.json) {
        print_json(ctx, {{"delivered", result->delivered},
                         {"queued", result->queued},
                         {"drafts", result->drafts},
                         {"refreshed", result->refreshed},
                         {"error", error_json(result->error)}});
    } else {
        ctx.out << "Отправлено из очереди: " << result->delivered << ", ждут отправки: " << result->queued
                << ", не приняты: " << result->drafts << ", обновлено статусов: " << result->refreshed
                << ".\n";
    }
    if (result->error && code != kOk) report(ctx, *result->error);
    if (!service->has_backend() && code == kOk && result->queued == 0)
        ctx.err << "hint: " << service->backend_problem().hint << "\n";
    return code;
}

void add_id(CLI::App* cmd, TicketIdOptions& options)
{
    cmd->add_option("N", options.id, "ticket number (see `spravka ticket list`)")
        ->required()
        ->check(CLI::PositiveNumber);
}

}  // namespace

void setup_ticket(CLI::App& app, Runner& runner)
{
    auto* ticket = app.add_subcommand("ticket", "обращения в поддержку: open, list, show, reply, rate, sync");
    ticket->require_subcommand(1);

    auto open = std::make_shared<TicketOpenOptions>();
    auto* cmd = ticket->add_subcommand("open", "открыть обращение");
    cmd->add_option("--subject", open->subject, "тема");
    cmd->add_option("-m,--message", open->message, "текст обращения");
    cmd->add_option("--message-file", open->message_file, "прочитать текст из файла ('-' — из stdin)");
    cmd->add_option("--role", open->role, "contractor или company")
        ->check(CLI::IsMember({"contractor", "company"}));
    cmd->add_flag("--urgent", open->urgent, "срочно, в том числе ночью (высокий приоритет)");
    cmd->add_option("--callback", open->callback, "перезвоните мне по этому номеру");
    cmd->add_option("--attach", open->attach, "приложить файл (до 10 МБ), можно несколько раз");
    cmd->add_flag("--dry-run", open->dry_run, "показать точный запрос, ничего не отправляя");
    cmd->add_flag("--json", open->json, "вывод в JSON (docs/tickets-json.md)");
    cmd->add_option("--ca-file", open->ca_file, "дополнительный корневой сертификат для сервиса поддержки");
    cmd->callback([&runner, open] { runner = [open](Context& ctx) { return run_open(ctx, *open); }; });

    auto list = std::make_shared<TicketIdOptions>();
    cmd = ticket->add_subcommand("list", "мои обращения: статус, возраст, время до первого ответа");
    cmd->add_flag("--json", list->json, "вывод в JSON");
    cmd->add_flag("--offline", list->offline, "не обращаться к сервису, показать сохранённое");
    cmd->callback([&runner, list] { runner = [list](Context& ctx) { return run_list(ctx, *list); }; });

    auto show = std::make_shared<TicketIdOptions>();
    cmd = ticket->add_subcommand("show", "переписка по обращению");
    add_id(cmd, *show);
    cmd->add_flag("--json", show->json, "вывод в JSON");
    cmd->add_flag("--offline", show->offline, "не обращаться к сервису, показать сохранённое");
    cmd->callback([&runner, show] { runner = [show](Context& ctx) { return run_show(ctx, *show); }; });

    auto reply = std::make_shared<TicketIdOptions>();
    cmd = ticket->add_subcommand("reply", "ответить в обращении");
    add_id(cmd, *reply);
    cmd->add_option("-m,--message", reply->message, "текст ответа");
    cmd->add_option("--message-file", reply->message_file, "прочитать текст из файла ('-' — из stdin)");
    cmd->add_flag("--json", reply->json, "вывод в JSON");
    cmd->callback([&runner, reply] { runner = [reply](Context& ctx) { return run_reply(ctx, *reply); }; });

    auto rate = std::make_shared<TicketIdOptions>();
    cmd = ticket->add_subcommand("rate", "оценить ответ поддержки: отлично, хорошо или плохо");
    add_id(cmd, *rate);
    cmd->add_option("GRADE", rate->grade, "отлично | хорошо | плохо")->required();
    cmd->add_option("-m,--message", rate->message, "комментарий к оценке");
    cmd->add_flag("--json", rate->json, "вывод в JSON");
    cmd->callback([&runner, rate] { runner = [rate](Context& ctx) { return run_rate(ctx, *rate); }; });

    auto sync = std::make_shared<TicketIdOptions>();
    cmd = ticket->add_subcommand("sync", "отправить очередь и обновить статусы");
    cmd->add_flag("--json", sync->json, "вывод в JSON");
    cmd->callback([&runner, sync] { runner = [sync](Context& ctx) { return run_sync(ctx, *sync); }; });
}

}  // namespace spravka::cli
