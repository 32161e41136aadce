/** @file  @brief `spravka vote ARTICLE_ID up|down [-m reason]`: the non-interactive "did this help?". */

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/json_out.hpp"
#include "cli/history_session.hpp"

namespace spravka::cli {

struct VoteOptions {
    std::string article_id;
    std::string direction;  ///< "up" | "down"
    std::string reason;     ///< Default: empty, no reason
    bool json = false;
};

int run_vote(const VoteOptions& options, Context& ctx)
{
    auto session = open_history(ctx);
    if (!session) return report(ctx, session.error());
    const int value = options.direction == "up" ? 1 : -1;
    std::optional<std::string> reason;
    if (!options.reason.empty()) reason = options.reason;
    auto id = (*session)->history.record_vote(options.article_id, value, reason);
    if (!id) return report(ctx, id.error());
    if (options.json) {
        OrderedJson out = {{"schema_version", 1},
                           {"id", *id},
                           {"article_id", options.article_id},
                           {"vote", options.direction}};
        ctx.out << out.dump(-1, ' ', false, OrderedJson::error_handler_t::replace) << "\n";
    } else {
        ctx.out << "Спасибо, голос записан: " << options.article_id << " — "
                << (value > 0 ? "помогло" : "не помогло") << "\n";
    }
    return kOk;
}

void setup_vote(CLI::App& app, Runner& runner)
{
    auto options = std::make_shared<VoteOptions>();
    auto* cmd = app.add_subcommand("vote", "say whether an article helped (kept in the local store)");
    cmd->add_option("article_id", options->article_id, "article id, e.g. payouts-timing")->required();
    cmd->add_option("vote", options->direction, "up or down")
        ->required()
        ->check(CLI::IsMember({"up", "down"}));
    cmd->add_option("-m,--message", options->reason, "why (personal data is masked before writing)");
    cmd->add_flag("--json", options->json, "print the recorded vote as JSON");
    cmd->callback(
        [&runner, options] { runner = [options](Context& ctx) { return run_vote(*options, ctx); }; });
}

}  // namespace spravka::cli
