/** @file  @brief The command table and the guard around every command. */
#include "cli/commands.hpp"

#include <cerrno>
#include <exception>

#include "cli/exit_codes.hpp"
#include "cli/kb_staff.hpp"

namespace spravka::cli {

void setup_version(CLI::App& app, Runner& runner)
{
    auto* cmd = app.add_subcommand("version", "print the program version");
    cmd->callback([&runner] {
        runner = [](Context& ctx) {
            ctx.out << "spravka " << SPRAVKA_CLI_VERSION << "\n";
            return kOk;
        };
    });
}

void register_commands(CLI::App& app, Runner& runner)
{
    setup_version(app, runner);
    setup_ask(app, runner);
    setup_search(app, runner);
    setup_show(app, runner);
    setup_kb(app, runner);
    setup_ticket(app, runner);
    setup_config(app, runner);
    setup_auth(app, runner);
    setup_vote(app, runner);
    setup_history(app, runner);
}

int run_guarded(Context& ctx, const Runner& runner)
{
    try {
        int code = runner(ctx);
        ctx.out.flush();
        // Output cut short by a closed pipe is not an error (ripgrep does the same).
        if (!ctx.out && errno == EPIPE) return kOk;
        return code;
    } catch (const std::exception& e) {
        if (errno == EPIPE) return kOk;
        ctx.err << "spravka: error: internal: " << e.what() << "\n";
        return kInternal;
    }
}

Result<Config*> Context::load_config()
{
    if (!config) {
        auto loaded = Config::load(dirs, env);
        if (!loaded) return tl::unexpected(loaded.error());
        config = std::move(*loaded);
    }
    return &*config;
}

int report(Context& ctx, const Error& error)
{
    ctx.err << "spravka: error: " << error.message << "\n";
    if (!error.hint.empty()) ctx.err << "hint: " << error.hint << "\n";
    return exit_code_for(error.code);
}

}  // namespace spravka::cli
