/** @file  @brief spravka's entry point: parse argv, run the chosen command, map errors to exit codes. */
#include <unistd.h>

#include <csignal>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "cli/exit_codes.hpp"

int main(int argc, char** argv)
{
    using namespace spravka::cli;
    // A closed pipe (`spravka show x | head -1`) ends writes with EPIPE instead of killing us;
    // commands then stop quietly with 0.
    std::signal(SIGPIPE, SIG_IGN);

    Context ctx{
        spravka::Environment::from_process(), {}, {}, {}, isatty(0) == 1, isatty(1) == 1, isatty(2) == 1};
    ctx.dirs = spravka::Dirs::from_environment(ctx.env);

    CLI::App app{"spravka: ответы для самозанятых и компаний, и поддержка в один шаг", "spravka"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("spravka ") + SPRAVKA_CLI_VERSION);
    app.add_option("--kb", ctx.global.kb_dir, "knowledge-base folder (overrides SPRAVKA_KB and config)");
    app.add_flag("--no-input", ctx.global.no_input, "never prompt, even on a terminal");
    app.add_flag("--no-color", ctx.global.no_color, "no colour in output");

    // Global options work anywhere on the line (`spravka kb test --kb DIR`): subcommands created after
    // this inherit fallthrough and hand options they do not know to their parent.
    app.fallthrough();
    // Parse errors read like every other error, with the usual prefix and a hint.
    app.failure_message([](const CLI::App* failed, const CLI::Error& e) {
        std::string where = failed->get_parent() ? failed->get_name() + " " : "";
        return std::string("spravka: error: ") + e.what() + "\nhint: see `spravka " + where + "--help`\n";
    });

    Runner runner;
    register_commands(app, runner);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int code = app.exit(e);
        // CLI11 uses 0 for --help/--version and 100–127 for its own errors; ours is 2.
        return code == 0 ? kOk : kUsage;
    }
    if (!runner) return kUsage;
    return run_guarded(ctx, runner);
}
