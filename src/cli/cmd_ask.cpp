/** @file  @brief `spravka ask QUESTION...`: the best article, or an honest "no answer" and a way to a person.
 */
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/followups.hpp"
#include "cli/vote_prompt.hpp"
#include "cli/open_kb.hpp"
#include "cli/terminal.hpp"
#include "spravka/json_output.hpp"

namespace spravka::cli {

struct AskCliOptions {
    std::vector<std::string> words;
    std::string role;  ///< Default: config's role, else any.
    bool json = false;
    bool explain = false;
    bool ticket = false;  ///< open a ticket without asking (non-interactive)
    std::string message;  ///< extra detail for the ticket
    bool no_log = false;
    std::size_t alternatives = 3;
    std::size_t candidates = 5;
};

namespace {

void print_alternatives(Context& ctx, const std::vector<Candidate>& alternatives, const std::string& heading)
{
    if (alternatives.empty()) return;
    ctx.out << "\n" << bold(ctx, heading) << "\n";
    for (const auto& alt : alternatives)
        ctx.out << "  • " << alt.title << dim(ctx, "  (spravka show " + alt.id + ")") << "\n";
}

std::string shell_quote(const std::string& text)
{
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\' || c == '$' || c == '`') out += '\\';
        out += c;
    }
    return out + "\"";
}

void print_explain(Context& ctx, const AskResult& r)
{
    const auto& u = r.understanding;
    auto& o = ctx.err;  // diagnostics go to stderr so stdout stays the answer
    o << "── как понят вопрос ──\n";
    if (u.layout_fixed) o << "раскладка исправлена: " << *u.layout_fixed << "\n";
    if (u.focus) o << "главный вопрос:       " << *u.focus << "\n";
    o << "нормализовано:        " << u.normalized << "\n";
    if (u.corrected) {
        o << "исправлено:           " << *u.corrected << " (";
        for (size_t i = 0; i < u.corrections.size(); ++i)
            o << (i ? ", " : "") << u.corrections[i].first << " → " << u.corrections[i].second;
        o << ")\n";
    }
    o << "слова для поиска:     " << join_words(u.content_words) << "\n";
    o << "пропущены:            " << join_words(u.ignored_words) << "\n";
    for (const auto& [word, alts] : u.synonyms_used)
        o << "синонимы «" << word << "»: " << join_words(alts) << "\n";
    for (const auto& [word, from] : u.inferred)
        o << "понято без слов:      " << word << " (" << from << ")\n";
    o << "запрос Xapian:        " << u.xapian_query << "\n";
    if (u.handoff_reason) o << "передать человеку:    " << *u.handoff_reason << "\n";
    o << "кандидаты (оценка / покрытие / в заголовке / близкий вопрос / все вопросы / bm25):\n";
    for (const auto& c : r.considered)
        o << "  " << c.id << (c.out_of_scope ? " (не наша тема)" : "") << "  "
          << std::to_string(c.score).substr(0, 5) << " / " << std::to_string(c.coverage).substr(0, 4) << " / "
          << std::to_string(c.title_coverage).substr(0, 4) << " / "
          << std::to_string(c.best_question).substr(0, 4) << " / "
          << std::to_string(c.phrasing_fit).substr(0, 4) << " / " << std::to_string(c.bm25).substr(0, 5)
          << "\n";
    o << "решение:              " << ask_status_name(r.status) << " — " << r.decision << "\n\n";
}

int print_text(Context& ctx, const AskCliOptions& opts, const AskResult& r)
{
    const auto& u = r.understanding;
    if (u.layout_fixed) ctx.out << dim(ctx, "Раскладка исправлена: " + *u.layout_fixed) << "\n";
    if (u.corrected) ctx.out << dim(ctx, "Показаны результаты для: " + *u.corrected) << "\n";
    if (u.layout_fixed || u.corrected) ctx.out << "\n";
    std::string question = join_words(opts.words);
    std::string ticket_cmd = "spravka ask " + shell_quote(question) + " --ticket";
    switch (r.status) {
        case AskStatus::Answered:
            ctx.out << bold(ctx, r.answer->title) << "\n\n";
            ctx.out << render_markdown(r.answer_text, terminal_width(ctx), ctx.use_color()) << "\n";
            print_alternatives(ctx, r.alternatives, "Ещё может подойти:");
            return kOk;
        case AskStatus::NoAnswer:
            if (r.out_of_scope && !r.out_of_scope->reply.empty())
                ctx.out << render_markdown(r.out_of_scope->reply, terminal_width(ctx), ctx.use_color())
                        << "\n";
            else
                ctx.out << "Не нашёл статьи, которая точно отвечает на этот вопрос.\n";
            print_alternatives(ctx, r.alternatives, "Может подойти:");
            if (!opts.ticket && !ctx.can_prompt()) ctx.out << "\nСпросить человека: " << ticket_cmd << "\n";
            return kNoAnswer;
        case AskStatus::Handoff:
            ctx.out << "Здесь лучше помогут люди из поддержки: " << *u.handoff_reason << ".\n";
            print_alternatives(ctx, r.alternatives, "Пока ждёте, может пригодиться:");
            if (!opts.ticket && !ctx.can_prompt()) ctx.out << "\nОткрыть обращение: " << ticket_cmd << "\n";
            return kNoAnswer;
    }
    return kInternal;
}

AskTicketContext ticket_context(const AskCliOptions& opts, const AskResult& r)
{
    AskTicketContext t;
    t.question = join_words(opts.words);
    t.role = r.role;
    t.status = r.status;
    if (r.answer) t.shown_ids.push_back(r.answer->id);
    for (const auto& alt : r.alternatives) t.shown_ids.push_back(alt.id);
    t.kb_version = r.kb_version;
    t.detail = opts.message;
    return t;
}

std::string ticket_outcome_json(const TicketOutcome& o)
{
    using nlohmann::json;
    json doc{{"local_id", o.local_id},
             {"remote_id", o.remote_id.empty() ? json(nullptr) : json(o.remote_id)},
             {"state", o.state},
             {"message", o.message}};
    return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

int run_ask(const AskCliOptions& opts, Context& ctx)
{
    auto fail_with = [&](const Error& e) {
        if (opts.json) ctx.out << error_json(e) << "\n";
        return report(ctx, e);
    };
    std::string question = join_words(opts.words);
    auto role = effective_role(ctx, opts.role);
    if (!role) return fail_with(role.error());
    auto searcher = open_searcher(ctx);
    if (!searcher) return fail_with(searcher.error());
    AskOptions ask_options;
    ask_options.role = *role;
    ask_options.alternatives = opts.alternatives;
    ask_options.considered = opts.candidates;
    auto result = searcher->ask(question, ask_options);
    if (!result) return fail_with(result.error());
    if (ctx.can_prompt()) sync_outbox_quietly(ctx);
    if (opts.explain && !opts.json) print_explain(ctx, *result);
    const bool answered = result->status == AskStatus::Answered;
    const int64_t query_id = log_ask(ctx, *result, opts.no_log);

    // --ticket: open one now, without asking, carrying the question and what was shown.
    std::optional<TicketOutcome> ticket;
    if (opts.ticket) {
        ticket = open_ticket_from_ask(ctx, ticket_context(opts, *result), false);
        if (answered) mark_escalated(ctx, query_id);
    }

    if (opts.json) {
        std::string doc = ask_result_json(*result, opts.explain);
        if (ticket) doc = json_with_field(doc, "ticket", ticket_outcome_json(*ticket));
        ctx.out << doc << "\n";
        if (ticket) return ticket->exit_code;
        return answered ? kOk : kNoAnswer;
    }
    int code = print_text(ctx, opts, *result);
    if (ticket) {
        ctx.out << "\n" << ticket->message << "\n";
        return ticket->exit_code;
    }
    // On a terminal: did it help? A "no" leads straight to a person, with the vote in the ticket.
    if (answered && ctx.can_prompt()) {
        ctx.out << "\n";
        auto vote = prompt_vote(ctx, result->answer->id, query_id);
        if (vote && *vote < 0) {
            mark_escalated(ctx, query_id);
            auto context = ticket_context(opts, *result);
            context.votes.emplace_back(result->answer->id, -1);
            // Interactive, the ticket code prints the outcome itself.
            if (auto opened = open_ticket_from_ask(ctx, context, true)) return opened->exit_code;
        }
        return code;
    }
    // On a terminal, one step from "no answer" to a person.
    if (!answered && ctx.can_prompt()) {
        ctx.out << "\n";
        if (auto opened = open_ticket_from_ask(ctx, ticket_context(opts, *result), true))
            return opened->exit_code;
    }
    return code;
}

}  // namespace

void setup_ask(CLI::App& app, Runner& runner)
{
    auto opts = std::make_shared<AskCliOptions>();
    auto* cmd = app.add_subcommand("ask", "задать вопрос своими словами и получить статью");
    cmd->add_option("question", opts->words, "вопрос, например: когда придут деньги за акт")->required();
    cmd->add_option("--role", opts->role, "contractor (исполнитель) или company (компания)")
        ->check(CLI::IsMember({"contractor", "company", "any"}));
    cmd->add_flag("--json", opts->json, "один JSON-документ (schema_version 1, docs/json.md)");
    cmd->add_flag("--explain", opts->explain, "показать, как понят вопрос и почему выбран ответ");
    cmd->add_flag("--ticket", opts->ticket, "сразу открыть обращение в поддержку с этим вопросом");
    cmd->add_option("-m,--message", opts->message, "подробности для обращения");
    cmd->add_flag("--no-log", opts->no_log, "не записывать вопрос в локальный журнал");
    cmd->add_option("--alternatives", opts->alternatives, "сколько ещё статей предложить")
        ->capture_default_str();
    // For tests/eval/tools (fitting the ranking needs every candidate's signals); not for users.
    cmd->add_option("--candidates", opts->candidates, "сколько кандидатов показать в --explain")
        ->check(CLI::Range(1, 100))
        ->group("");
    cmd->callback([opts, &runner] { runner = [opts](Context& ctx) { return run_ask(*opts, ctx); }; });
}

}  // namespace spravka::cli
