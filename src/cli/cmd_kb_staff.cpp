/** @file  @brief `kb stats`, `kb gaps`, `kb new`: figures, the writing backlog, and new drafts. */
#include <fmt/format.h>

#include <cmath>
#include <cstdio>
#include <ctime>

#include "cli/csv.hpp"
#include "cli/exit_codes.hpp"
#include "cli/json_out.hpp"
#include "cli/history_session.hpp"
#include "cli/kb_staff.hpp"
#include "spravka/draft.hpp"

namespace spravka::cli {

namespace {

using json = OrderedJson;

constexpr std::size_t kTopGaps = 10;

struct KbStatsOptions {
    std::string since;  ///< Default: empty, everything kept
    bool json = false;
    bool csv = false;
    std::size_t top = 10;  ///< Default: 10 most frequent questions
};

struct KbGapsOptions {
    std::string since;
    bool json = false;
};

struct KbNewOptions {
    std::string slug;
    std::string section;
    std::string title;
    int from_gap = 0;   ///< Default: 0, not from a gap
    std::string since;  ///< with --from-gap: the same window `kb gaps` used
};

Result<int64_t> since_of(const std::string& text)
{
    if (text.empty()) return 0;
    return parse_since(text, unix_now());
}

Result<QuestionLens> open_lens(Context& ctx, const KbStaffSeams& seams)
{
    if (!seams.open_lens) return QuestionLens{};
    return seams.open_lens(ctx);
}

json gap_json(const Gap& gap)
{
    json questions = json::array();
    for (const auto& q : gap.questions) questions.push_back({{"text", q.text}, {"count", q.count}});
    return {{"number", gap.number},
            {"key", gap.key},
            {"count", gap.count},
            {"no_answer", gap.no_answer},
            {"handoff", gap.handoff},
            {"last_asked", iso_utc(gap.last_asked)},
            {"questions", questions},
            {"nearest",
             gap.nearest_id ? json{{"id", *gap.nearest_id}, {"score", gap.nearest_score}} : json(nullptr)}};
}

// The line a team lead reads for one gap: "  1. 12× когда придут деньги  → payouts-timing 0.35".
void print_gap_line(Context& ctx, const Gap& gap, int width)
{
    const std::string head = fmt::format("{:>3}. {:>3}× ", gap.number, gap.count);
    const std::string tail = gap.nearest_id ? fmt::format("  → {} {:.2f}", *gap.nearest_id, gap.nearest_score)
                                            : std::string("  → (нет похожей статьи)");
    const auto room = static_cast<std::size_t>(
        std::max(10, width - static_cast<int>(display_width(head) + display_width(tail))));
    std::string question = gap.questions.empty() ? gap.key : gap.questions.front().text;
    if (gap.questions.size() > 1) question += fmt::format(" (+{})", gap.questions.size() - 1);
    ctx.out << head << fit(question, room) << tail << "\n";
}

std::string window(const Stats& stats)
{
    const std::string until = iso_utc(stats.until).substr(0, 10);
    if (stats.since == 0) return "всё время по " + until;
    return iso_utc(stats.since).substr(0, 10) + " — " + until;
}

void print_stats_text(Context& ctx, const Stats& stats, const std::vector<Gap>& gaps)
{
    const int width = table_width(ctx);
    ctx.out << fmt::format("Вопросов: {} ({})\n", stats.questions, window(stats));
    ctx.out << fmt::format("Отвечено без человека: {} ({} из {})\n", percent(stats.answered_share()),
                           stats.answered, stats.questions);
    const int64_t rated = stats.votes_up + stats.votes_down + stats.ratings;
    if (auto bad = stats.bad_share())
        ctx.out << fmt::format("Доля «Плохо»: {} ({} из {} оценок)\n", percent(*bad),
                               stats.votes_down + stats.ratings_bad, rated);
    else
        ctx.out << "Доля «Плохо»: оценок пока нет\n";
    ctx.out << "\nГлавные пробелы (что написать):\n";
    if (gaps.empty()) ctx.out << "  нет: на всё нашёлся ответ\n";
    for (std::size_t i = 0; i < gaps.size() && i < kTopGaps; ++i) print_gap_line(ctx, gaps[i], width);

    auto share = [&](int64_t part) {
        return percent(stats.questions ? double(part) / double(stats.questions) : 0);
    };
    // One figure a line, so the block fits any terminal.
    ctx.out << "\nИсходы:\n";
    const std::pair<const char*, int64_t> outcomes[] = {{"отвечено", stats.answered},
                                                        {"без ответа", stats.no_answer},
                                                        {"передано человеку", stats.handoff},
                                                        {"тикет после ответа", stats.escalated}};
    for (const auto& [label, count] : outcomes)
        ctx.out << fmt::format("  {:<20} {:>5} {:>5}\n", label, count, share(count));
    ctx.out << fmt::format("Голоса: помогло {}, не помогло {}\n", stats.votes_up, stats.votes_down);
    ctx.out << fmt::format("Оценки тикетов: {}, из них «плохо» {}\n", stats.ratings, stats.ratings_bad);

    if (!stats.top_questions.empty()) ctx.out << "\nЧастые вопросы:\n";
    for (const auto& group : stats.top_questions) {
        std::string text = group.questions.empty() ? group.key : group.questions.front().text;
        if (group.questions.size() > 1) text += fmt::format(" (+{})", group.questions.size() - 1);
        ctx.out << fmt::format("{:>5}  {}\n", group.count,
                               fit(text, static_cast<std::size_t>(std::max(10, width - 7))));
    }

    if (stats.articles.empty()) return;
    // The id column takes what the numbers leave, so the table never wraps.
    constexpr auto kNumbers = "  {:>7} {:>3} {:>3}  {:>7}  {:>7}";
    const std::string numbers_head = fmt::format(kNumbers, "показов", "+", "−", "помогло", "тикетов");
    const auto id_width =
        static_cast<std::size_t>(std::max(12, width - static_cast<int>(display_width(numbers_head))));
    ctx.out << "\nСтатьи (сначала те, что помогли меньше всего):\n";
    ctx.out << fit("статья", id_width)
            << std::string(id_width - std::min(id_width, display_width("статья")), ' ') << numbers_head
            << "\n";
    for (const auto& article : stats.articles) {
        const std::string id = fit(article.id, id_width);
        const auto helpful = article.helpful_share();
        ctx.out << id << std::string(id_width - display_width(id), ' ')
                << fmt::format(kNumbers, article.shown, article.up, article.down,
                               helpful ? percent(*helpful) : "—", article.escalated)
                << "\n";
    }
}

json stats_json(const Stats& stats, const std::vector<Gap>& gaps)
{
    json top_gaps = json::array();
    for (std::size_t i = 0; i < gaps.size() && i < kTopGaps; ++i) top_gaps.push_back(gap_json(gaps[i]));
    json questions = json::array();
    for (const auto& group : stats.top_questions) {
        json wordings = json::array();
        for (const auto& q : group.questions) wordings.push_back({{"text", q.text}, {"count", q.count}});
        questions.push_back({{"key", group.key}, {"count", group.count}, {"questions", wordings}});
    }
    json articles = json::array();
    for (const auto& a : stats.articles)
        articles.push_back({{"id", a.id},
                            {"shown", a.shown},
                            {"up", a.up},
                            {"down", a.down},
                            {"helpful_share", or_null(a.helpful_share())},
                            {"escalated", a.escalated}});
    return {{"schema_version", 1},
            {"since", stats.since > 0 ? json(iso_utc(stats.since)) : json(nullptr)},
            {"until", iso_utc(stats.until)},
            {"summary",
             {{"questions", stats.questions},
              {"answered", stats.answered},
              {"no_answer", stats.no_answer},
              {"handoff", stats.handoff},
              {"escalated", stats.escalated},
              {"answered_share", stats.answered_share()},
              {"votes_up", stats.votes_up},
              {"votes_down", stats.votes_down},
              {"ratings", stats.ratings},
              {"ratings_bad", stats.ratings_bad},
              {"bad_share", or_null(stats.bad_share())}}},
            {"top_gaps", top_gaps},
            {"top_questions", questions},
            {"articles", articles}};
}

// Long ("tidy") form: one figure per row, so a pivot table can lay it out any way.
void print_stats_csv(Context& ctx, const Stats& stats, const std::vector<Gap>& gaps)
{
    auto row = [&](const char* section, const std::string& item, const char* metric,
                   const std::string& value) {
        write_csv_row(ctx.out, {section, item, metric, value});
    };
    write_csv_row(ctx.out, {"section", "item", "metric", "value"});
    const std::pair<const char*, int64_t> counts[] = {
        {"questions", stats.questions},   {"answered", stats.answered},   {"no_answer", stats.no_answer},
        {"handoff", stats.handoff},       {"escalated", stats.escalated}, {"votes_up", stats.votes_up},
        {"votes_down", stats.votes_down}, {"ratings", stats.ratings},     {"ratings_bad", stats.ratings_bad}};
    for (const auto& [metric, value] : counts) row("summary", "", metric, std::to_string(value));
    row("summary", "", "answered_share", decimal4(stats.answered_share()));
    if (auto bad = stats.bad_share()) row("summary", "", "bad_share", decimal4(*bad));
    for (std::size_t i = 0; i < gaps.size() && i < kTopGaps; ++i) {
        const auto& gap = gaps[i];
        row("gap", gap.key, "count", std::to_string(gap.count));
        if (!gap.questions.empty()) row("gap", gap.key, "example", gap.questions.front().text);
        if (gap.nearest_id) {
            row("gap", gap.key, "nearest_id", *gap.nearest_id);
            row("gap", gap.key, "nearest_score", decimal4(gap.nearest_score));
        }
    }
    for (const auto& group : stats.top_questions) {
        row("question", group.key, "count", std::to_string(group.count));
        if (!group.questions.empty()) row("question", group.key, "example", group.questions.front().text);
    }
    for (const auto& a : stats.articles) {
        row("article", a.id, "shown", std::to_string(a.shown));
        row("article", a.id, "up", std::to_string(a.up));
        row("article", a.id, "down", std::to_string(a.down));
        if (auto helpful = a.helpful_share()) row("article", a.id, "helpful_share", decimal4(*helpful));
        row("article", a.id, "escalated", std::to_string(a.escalated));
    }
}

// Opens the history and the lens and computes the gaps: shared by stats, gaps and new --from-gap.
struct Backlog {
    std::unique_ptr<HistorySession> session;
    QuestionLens lens;
    int64_t since = 0;
    std::vector<Gap> gaps;
};

Result<Backlog> open_backlog(Context& ctx, const KbStaffSeams& seams, const std::string& since_text)
{
    Backlog backlog;
    auto since = since_of(since_text);
    if (!since) return tl::unexpected(since.error());
    backlog.since = *since;
    auto session = open_history(ctx);
    if (!session) return tl::unexpected(session.error());
    backlog.session = std::move(*session);
    auto lens = open_lens(ctx, seams);
    if (!lens) return tl::unexpected(lens.error());
    backlog.lens = std::move(*lens);
    auto gaps = backlog.session->history.gaps(backlog.since, backlog.lens);
    if (!gaps) return tl::unexpected(gaps.error());
    backlog.gaps = std::move(*gaps);
    return backlog;
}

int run_kb_stats(const KbStatsOptions& options, const KbStaffSeams& seams, Context& ctx)
{
    if (options.json && options.csv)
        return report(ctx, Error{Code::Usage, "choose one format: --json or --csv", ""});
    auto backlog = open_backlog(ctx, seams, options.since);
    if (!backlog) return report(ctx, backlog.error());
    auto stats = backlog->session->history.stats(backlog->since, backlog->lens, options.top);
    if (!stats) return report(ctx, stats.error());
    if (options.json)
        ctx.out << dump_json(stats_json(*stats, backlog->gaps)) << "\n";
    else if (options.csv)
        print_stats_csv(ctx, *stats, backlog->gaps);
    else
        print_stats_text(ctx, *stats, backlog->gaps);
    return kOk;
}

int run_kb_gaps(const KbGapsOptions& options, const KbStaffSeams& seams, Context& ctx)
{
    auto backlog = open_backlog(ctx, seams, options.since);
    if (!backlog) return report(ctx, backlog.error());
    if (options.json) {
        json gaps = json::array();
        for (const auto& gap : backlog->gaps) gaps.push_back(gap_json(gap));
        ctx.out << dump_json({{"schema_version", 1},
                              {"since", backlog->since > 0 ? json(iso_utc(backlog->since)) : json(nullptr)},
                              {"gaps", gaps}})
                << "\n";
        return kOk;
    }
    if (backlog->gaps.empty()) {
        ctx.out << "Пробелов нет: на все вопросы нашлись ответы.\n";
        return kOk;
    }
    const int width = table_width(ctx);
    for (const auto& gap : backlog->gaps) {
        print_gap_line(ctx, gap, width);
        for (std::size_t i = 1; i < gap.questions.size(); ++i)
            ctx.out << "          "
                    << fit(gap.questions[i].text, static_cast<std::size_t>(std::max(10, width - 10)))
                    << (gap.questions[i].count > 1 ? fmt::format(" ({}×)", gap.questions[i].count) : "")
                    << "\n";
    }
    const std::string since = options.since.empty() ? "" : " --since " + options.since;
    ctx.out << "\nЧерновик статьи по пробелу: spravka kb new --from-gap N" << since << " [SLUG]\n";
    return kOk;
}

std::filesystem::path kb_folder(Context& ctx, const KbStaffSeams& seams)
{
    if (seams.kb_dir) return seams.kb_dir(ctx);
    if (!ctx.global.kb_dir.empty()) return ctx.global.kb_dir;
    if (auto config = ctx.load_config(); config && !(*config)->value("kb").empty())
        return (*config)->value("kb");
    return "kb";
}

std::string git_user_name(std::filesystem::path kb_dir)
{
    // `git -C` needs a folder that exists; a new kb folder takes the config of the one it will be in.
    std::error_code ec;
    kb_dir = std::filesystem::absolute(kb_dir, ec);
    while (!kb_dir.empty() && kb_dir != kb_dir.root_path() && !std::filesystem::is_directory(kb_dir, ec))
        kb_dir = kb_dir.parent_path();
    // Quoting the path for the shell: it comes from the person's own --kb or config.
    std::string path = kb_dir.string();
    std::string quoted = "'";
    for (char c : path) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
    const std::string command = "git -C " + quoted + " config user.name 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return {};
    std::string name;
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe.get())) name += buffer;
    while (!name.empty() && (name.back() == '\n' || name.back() == '\r')) name.pop_back();
    return name;
}

std::chrono::year_month_day local_today()
{
    const std::time_t now = static_cast<std::time_t>(unix_now());
    std::tm tm{};
    localtime_r(&now, &tm);
    return std::chrono::year_month_day{std::chrono::year{tm.tm_year + 1900},
                                       std::chrono::month{static_cast<unsigned>(tm.tm_mon + 1)},
                                       std::chrono::day{static_cast<unsigned>(tm.tm_mday)}};
}

int run_kb_new(const KbNewOptions& options, const KbStaffSeams& seams, Context& ctx)
{
    const auto kb_dir = kb_folder(ctx, seams);
    DraftOptions draft_options{options.slug, options.section,       options.title,
                               {},           git_user_name(kb_dir), local_today()};
    if (options.from_gap > 0) {
        auto backlog = open_backlog(ctx, seams, options.since);
        if (!backlog) return report(ctx, backlog.error());
        if (static_cast<std::size_t>(options.from_gap) > backlog->gaps.size())
            return report(ctx, Error{Code::NotFound,
                                     fmt::format("there is no gap {} (there are {})", options.from_gap,
                                                 backlog->gaps.size()),
                                     "see `spravka kb gaps`, with the same --since"});
        const Gap& gap = backlog->gaps[static_cast<std::size_t>(options.from_gap - 1)];
        for (const auto& q : gap.questions) draft_options.questions.push_back(q.text);
        // With no slug, name the draft after the gap, in the section of its nearest article.
        if (draft_options.slug.empty()) {
            if (draft_options.section.empty() && gap.nearest_id)
                draft_options.section = gap.nearest_id->substr(0, gap.nearest_id->find('-'));
            draft_options.slug = fmt::format("gap-{}", gap.number);
        }
    }
    if (draft_options.slug.empty())
        return report(ctx, Error{Code::Usage, "kb new needs a SLUG, like payouts-card-delay", ""});
    if (options.from_gap > 0 && draft_options.section.empty() &&
        draft_options.slug.find('-') == std::string::npos)
        return report(ctx, Error{Code::Usage, "this gap has no nearest article to take a section from",
                                 "give --section or a SLUG like payouts-card-delay"});
    auto draft = make_draft(kb_dir, draft_options);
    if (!draft) return report(ctx, draft.error());
    if (auto written = write_draft(*draft); !written) return report(ctx, written.error());
    ctx.out
        << "Черновик создан: " << draft->file.string() << " (id " << draft->id << ")\n"
        << "Заполните заголовок, вопросы, ответ и источники, затем status: published и `spravka kb lint`.\n";
    return kOk;
}

}  // namespace

void setup_kb_staff(CLI::App& kb, Runner& runner, KbStaffSeams seams)
{
    auto shared_seams = std::make_shared<KbStaffSeams>(std::move(seams));

    auto stats = std::make_shared<KbStatsOptions>();
    auto* stats_cmd =
        kb.add_subcommand("stats", "questions, answers, votes and article health from the local log");
    stats_cmd->add_option("--since", stats->since, "only since: 30d, 12h, 2w or 2026-11-01");
    stats_cmd->add_flag("--json", stats->json, "one JSON document (docs/history-export.md)");
    stats_cmd->add_flag("--csv", stats->csv, "CSV, one figure per row (docs/history-export.md)");
    stats_cmd->add_option("--top", stats->top, "how many frequent questions to list")->capture_default_str();
    stats_cmd->callback([&runner, stats, shared_seams] {
        runner = [stats, shared_seams](Context& ctx) { return run_kb_stats(*stats, *shared_seams, ctx); };
    });

    auto gaps = std::make_shared<KbGapsOptions>();
    auto* gaps_cmd = kb.add_subcommand("gaps", "unanswered questions, grouped: the writing backlog");
    gaps_cmd->add_option("--since", gaps->since, "only since: 30d, 12h, 2w or 2026-11-01");
    gaps_cmd->add_flag("--json", gaps->json, "one JSON document (docs/history-export.md)");
    gaps_cmd->callback([&runner, gaps, shared_seams] {
        runner = [gaps, shared_seams](Context& ctx) { return run_kb_gaps(*gaps, *shared_seams, ctx); };
    });

    auto created = std::make_shared<KbNewOptions>();
    auto* new_cmd = kb.add_subcommand("new", "start a draft article with valid front matter");
    new_cmd->add_option("slug", created->slug, "payouts-card-delay, or card-delay with --section");
    new_cmd->add_option("--section", created->section, "kb section folder (default: the slug's first part)");
    new_cmd->add_option("--title", created->title, "the article's question, as a person would ask it");
    new_cmd->add_option("--from-gap", created->from_gap, "take the questions of gap N from `kb gaps`")
        ->check(CLI::PositiveNumber);
    new_cmd->add_option("--since", created->since, "with --from-gap: the --since given to `kb gaps`");
    new_cmd->callback([&runner, created, shared_seams] {
        runner = [created, shared_seams](Context& ctx) { return run_kb_new(*created, *shared_seams, ctx); };
    });
}

}  // namespace spravka::cli
