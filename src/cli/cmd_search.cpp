/** @file  @brief `spravka search QUERY...` (ranked list) and `spravka show ID` (one article). */
#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/open_kb.hpp"
#include "cli/terminal.hpp"
#include "spravka/json_output.hpp"

namespace spravka::cli {

struct SearchCliOptions {
    std::vector<std::string> words;
    std::string role;
    std::size_t limit = 10;  ///< Default: 10.
    bool json = false;
};

struct ShowCliOptions {
    std::string id;
    bool json = false;
};

namespace {

int run_search(const SearchCliOptions& opts, Context& ctx)
{
    auto fail_with = [&](const Error& e) {
        if (opts.json) ctx.out << error_json(e) << "\n";
        return report(ctx, e);
    };
    auto role = effective_role(ctx, opts.role);
    if (!role) return fail_with(role.error());
    auto searcher = open_searcher(ctx);
    if (!searcher) return fail_with(searcher.error());
    std::string query = join_words(opts.words);
    auto results = searcher->search(query, *role, opts.limit);
    if (!results) return fail_with(results.error());
    if (opts.json) {
        ctx.out << search_results_json(query, *results) << "\n";
        return kOk;
    }
    if (results->empty()) {
        ctx.out << "Ничего не нашлось.\n";
        return kNoAnswer;
    }
    for (const auto& r : *results) {
        ctx.out << bold(ctx, r.id) << "  " << r.title << dim(ctx, "  " + std::to_string(r.score).substr(0, 4))
                << "\n";
        if (!r.snippet.empty()) ctx.out << "    " << dim(ctx, r.snippet) << "\n";
    }
    return kOk;
}

int run_show(const ShowCliOptions& opts, Context& ctx)
{
    auto fail_with = [&](const Error& e) {
        if (opts.json) ctx.out << error_json(e) << "\n";
        return report(ctx, e);
    };
    auto searcher = open_searcher(ctx);
    if (!searcher) return fail_with(searcher.error());
    auto article = searcher->article(opts.id);
    if (!article) return fail_with(article.error());
    if (opts.json) {
        ctx.out << article_json(*article) << "\n";
        return kOk;
    }
    ctx.out << bold(ctx, article->title) << "\n\n"
            << render_markdown(article->body, terminal_width(ctx), ctx.use_color()) << "\n";
    ctx.out << dim(ctx, "Проверено: " + article->updated + " · " + article->id) << "\n";
    return kOk;
}

}  // namespace

void setup_search(CLI::App& app, Runner& runner)
{
    auto opts = std::make_shared<SearchCliOptions>();
    auto* cmd = app.add_subcommand("search", "список подходящих статей с оценкой и фрагментом");
    cmd->add_option("query", opts->words, "что искать")->required();
    cmd->add_option("--role", opts->role, "contractor или company")
        ->check(CLI::IsMember({"contractor", "company", "any"}));
    cmd->add_option("-n,--limit", opts->limit, "сколько статей показать")
        ->capture_default_str()
        ->check(CLI::Range(1, 100));
    cmd->add_flag("--json", opts->json, "JSON (schema_version 1)");
    cmd->callback([opts, &runner] { runner = [opts](Context& ctx) { return run_search(*opts, ctx); }; });
}

void setup_show(CLI::App& app, Runner& runner)
{
    auto opts = std::make_shared<ShowCliOptions>();
    auto* cmd = app.add_subcommand("show", "показать статью по id");
    cmd->add_option("id", opts->id, "id статьи, например payouts-timing")->required();
    cmd->add_flag("--json", opts->json, "JSON (schema_version 1)");
    cmd->callback([opts, &runner] { runner = [opts](Context& ctx) { return run_show(*opts, ctx); }; });
}

}  // namespace spravka::cli
