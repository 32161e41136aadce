/** @file  @brief `spravka auth login --with-token|status|logout`: the token comes only from stdin. */
#include <iostream>
#include <iterator>
#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/ticket_output.hpp"
#include "spravka/credentials.hpp"

namespace spravka::cli {

using nlohmann::json;

namespace {

struct AuthOptions {
    bool with_token = false;
    bool json = false;
};

int run_login(Context& ctx, const AuthOptions& options)
{
    // Like gh: a token in argv would land in shell history and `ps`, so there is no flag for it.
    if (!options.with_token)
        return report(
            ctx, Error{Code::Usage, "the token is read from standard input",
                       "run `spravka auth login --with-token < token.txt` (or paste it and press Ctrl-D)"});
    if (ctx.stdin_tty) ctx.out << "Вставьте токен и нажмите Ctrl-D:\n" << std::flush;
    std::string token((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    auto file = save_token(ctx.dirs, token);
    if (!file) return report(ctx, file.error());
    ctx.out << "Токен сохранён в " << file->string() << " (доступ только у вас).\n";
    if (ctx.env.get("SPRAVKA_TOKEN"))
        ctx.err << "spravka: переменная SPRAVKA_TOKEN задана и используется вместо файла\n";
    return kOk;
}

int run_status(Context& ctx, const AuthOptions& options)
{
    auto config = ctx.load_config();
    if (!config) return report(ctx, config.error());
    auto token = load_token(ctx.dirs, ctx.env);
    if (!token) return report(ctx, token.error());
    const std::string backend = (*config)->value("support.backend");
    const std::string url = (*config)->value("support.url");
    std::optional<Error> check;
    if (*token && !backend.empty() && !url.empty()) {
        // A cheap authenticated call: listing the person's tickets.
        auto service = open_ticket_service(ctx.dirs, **config, ctx.env, TicketServiceOptions{{}, true});
        if (!service) return report(ctx, service.error());
        auto synced = service->sync(true);
        if (!synced)
            check = synced.error();
        else if (synced->error)
            check = synced->error;
    }
    if (options.json) {
        print_json(ctx, {{"backend", backend.empty() ? json(nullptr) : json(backend)},
                         {"url", url.empty() ? json(nullptr) : json(url)},
                         {"token_origin", *token ? json((*token)->origin) : json(nullptr)},
                         {"error", error_json(check)}});
    } else {
        ctx.out << "Сервис поддержки: " << (backend.empty() ? "не настроен" : backend)
                << (url.empty() ? "" : " " + url) << "\n";
        ctx.out << "Токен: " << (*token ? "задан (" + (*token)->origin + ")" : "не задан") << "\n";
    }
    if (!*token)
        return report(ctx, Error{Code::AuthRequired, "no token for the support service",
                                 "run `spravka auth login --with-token` (or set SPRAVKA_TOKEN)"});
    if (check) return report(ctx, *check);
    return kOk;
}

int run_logout(Context& ctx, const AuthOptions&)
{
    auto removed = remove_token(ctx.dirs);
    if (!removed) return report(ctx, removed.error());
    ctx.out << (*removed ? "Токен удалён.\n" : "Сохранённого токена не было.\n");
    return kOk;
}

}  // namespace

void setup_auth(CLI::App& app, Runner& runner)
{
    auto* auth = app.add_subcommand("auth", "токен сервиса поддержки: login, status, logout");
    auth->require_subcommand(1);

    auto login = std::make_shared<AuthOptions>();
    auto* cmd = auth->add_subcommand("login", "сохранить токен (читается из stdin)");
    cmd->add_flag("--with-token", login->with_token, "прочитать токен из стандартного ввода");
    cmd->callback([&runner, login] { runner = [login](Context& ctx) { return run_login(ctx, *login); }; });

    auto status = std::make_shared<AuthOptions>();
    cmd = auth->add_subcommand("status", "откуда берётся токен и принимает ли его сервис");
    cmd->add_flag("--json", status->json, "вывод в JSON");
    cmd->callback(
        [&runner, status] { runner = [status](Context& ctx) { return run_status(ctx, *status); }; });

    auto logout = std::make_shared<AuthOptions>();
    cmd = auth->add_subcommand("logout", "удалить сохранённый токен");
    cmd->callback(
        [&runner, logout] { runner = [logout](Context& ctx) { return run_logout(ctx, *logout); }; });
}

}  // namespace spravka::cli
