/** @file  @brief `spravka history clear` and `spravka history export`: the private log, for its owner and
 * team. */
#include <fstream>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/csv.hpp"
#include "cli/exit_codes.hpp"
#include "cli/json_out.hpp"
#include "cli/history_session.hpp"
#include "cli/vote_prompt.hpp"

namespace spravka::cli {

namespace {

using json = OrderedJson;

struct HistoryClearOptions {
    bool yes = false;  ///< Default: false. Needed when no prompt is possible.
};

struct HistoryExportOptions {
    std::string since;  ///< Default: empty, everything kept
    bool json = false;
    bool csv = false;
};

std::string join_ids(const std::vector<std::string>& ids)
{
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : " ") + id;
    return out;
}

const char* vote_name(int value)
{
    return value > 0 ? "up" : "down";
}

// docs/history-export.md documents this document; change them together, additively.
json export_json(const HistoryExport& data)
{
    json out = {{"schema_version", 1},
                {"kind", "spravka-history"},
                {"exported_at", iso_utc(data.exported_at)},
                {"since", data.since > 0 ? json(iso_utc(data.since)) : json(nullptr)},
                {"queries", json::array()},
                {"votes", json::array()}};
    for (const auto& q : data.queries)
        out["queries"].push_back({{"id", q.id},
                                  {"time", iso_utc(q.time)},
                                  {"question", q.question},
                                  {"normalized", q.normalized},
                                  {"role", q.role},
                                  {"outcome", outcome_name(q.outcome)},
                                  {"top_id", or_null(q.top_id)},
                                  {"top_score", or_null(q.top_score)},
                                  {"shown_ids", q.shown_ids},
                                  {"kb_version", q.kb_version}});
    for (const auto& v : data.votes)
        out["votes"].push_back({{"id", v.id},
                                {"time", iso_utc(v.time)},
                                {"article_id", v.article_id},
                                {"vote", vote_name(v.value)},
                                {"reason", or_null(v.reason)},
                                {"query_id", or_null(v.query_id)}});
    return out;
}

// One table for both kinds of record, so exports from many machines concatenate into one sheet.
void export_csv(std::ostream& out, const HistoryExport& data)
{
    write_csv_row(out, {"record", "id", "time", "question", "normalized", "role", "outcome", "top_id",
                        "top_score", "shown_ids", "kb_version", "article_id", "vote", "reason", "query_id"});
    for (const auto& q : data.queries)
        write_csv_row(out, {"query", std::to_string(q.id), iso_utc(q.time), q.question, q.normalized, q.role,
                            outcome_name(q.outcome), q.top_id.value_or(""),
                            q.top_score ? decimal4(*q.top_score) : std::string(), join_ids(q.shown_ids),
                            q.kb_version, "", "", "", ""});
    for (const auto& v : data.votes)
        write_csv_row(
            out, {"vote", std::to_string(v.id), iso_utc(v.time), "", "", "", "", "", "", "", "", v.article_id,
                  vote_name(v.value), v.reason.value_or(""), v.query_id ? std::to_string(*v.query_id) : ""});
}

int run_history_export(const HistoryExportOptions& options, Context& ctx)
{
    if (options.json == options.csv)
        return report(ctx, Error{Code::Usage, "choose one format: --json or --csv", ""});
    int64_t since = 0;
    if (!options.since.empty()) {
        auto parsed = parse_since(options.since, unix_now());
        if (!parsed) return report(ctx, parsed.error());
        since = *parsed;
    }
    auto session = open_history(ctx);
    if (!session) return report(ctx, session.error());
    auto data = (*session)->history.export_since(since);
    if (!data) return report(ctx, data.error());
    if (options.json)
        ctx.out << dump_json(export_json(*data)) << "\n";
    else
        export_csv(ctx.out, *data);
    return kOk;
}

int run_history_clear(const HistoryClearOptions& options, Context& ctx)
{
    if (!options.yes) {
        if (!ctx.can_prompt())
            return report(ctx, Error{Code::Usage, "history clear deletes every logged question and vote",
                                     "run `spravka history clear --yes` to confirm"});
        ctx.out << "Удалить все сохранённые вопросы и голоса? ";
        // The same one-key yes/no as the vote prompt; a skip keeps the history.
        if (ask_yes_no(ctx) != 1) {
            ctx.out << "Ничего не удалено.\n";
            return kOk;
        }
    }
    auto session = open_history(ctx);
    if (!session) return report(ctx, session.error());
    auto removed = (*session)->history.clear();
    if (!removed) return report(ctx, removed.error());
    ctx.out << "История очищена: удалено записей — " << *removed << ".\n";
    return kOk;
}

}  // namespace

void setup_history(CLI::App& app, Runner& runner)
{
    auto* history = app.add_subcommand("history", "the private query log and votes on this machine");
    history->require_subcommand(1);

    auto clear = std::make_shared<HistoryClearOptions>();
    auto* clear_cmd = history->add_subcommand("clear", "delete every logged question and vote");
    clear_cmd->add_flag("-y,--yes", clear->yes, "do not ask for confirmation");
    clear_cmd->callback(
        [&runner, clear] { runner = [clear](Context& ctx) { return run_history_clear(*clear, ctx); }; });

    auto exported = std::make_shared<HistoryExportOptions>();
    auto* export_cmd =
        history->add_subcommand("export", "write the masked log and the votes (docs/history-export.md)");
    export_cmd->add_option("--since", exported->since, "only since: 30d, 12h, 2w or 2026-11-01");
    export_cmd->add_flag("--json", exported->json, "one JSON document");
    export_cmd->add_flag("--csv", exported->csv, "CSV (RFC 4180, UTF-8, header row)");
    export_cmd->callback([&runner, exported] {
        runner = [exported](Context& ctx) { return run_history_export(*exported, ctx); };
    });
}

}  // namespace spravka::cli
