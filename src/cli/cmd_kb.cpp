/** @file  @brief `spravka kb build|lint|test|eval`: the staff's tools for the knowledge base. */
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/kb_staff.hpp"
#include "cli/open_kb.hpp"
#include "cli/terminal.hpp"
#include "spravka/evaluation.hpp"
#include "spravka/index.hpp"

namespace spravka::cli {

struct KbBuildOptions {
    bool force = false;
};
struct KbEvalOptions {
    std::string file;
    double min_top1 = 0;     ///< fail (exit 1) when top-1 accuracy is below this
    double min_refusal = 0;  ///< fail when the out-of-scope refusal share is below this
    bool show_misses = false;
};

namespace {

int run_build(const KbBuildOptions& opts, Context& ctx)
{
    auto location = kb_location(ctx);
    if (!location) return report(ctx, location.error());
    BuildOptions build;
    build.force = opts.force;
    if (ctx.stderr_tty)
        build.progress = [&ctx](size_t done, size_t total) {
            if (total >= 50 && (done % 10 == 0 || done == total))
                ctx.err << "\rиндексирую: " << done << "/" << total << (done == total ? "\n" : "")
                        << std::flush;
        };
    auto built = build_index(location->dir, ctx.dirs.cache, build);
    if (!built) return report(ctx, built.error());
    for (const auto& problem : built->rejected)
        if (!problem.warning) ctx.err << problem.to_string() << "\n";
    if (built->up_to_date) {
        ctx.out << "Индекс актуален: " << built->indexed << " статей, версия базы " << built->kb_version
                << ".\n";
        return kOk;
    }
    size_t rejected_files = 0;
    for (const auto& p : built->rejected) rejected_files += p.warning ? 0 : 1;
    ctx.out << fmt::format(
        "Проиндексировано: {} статей (изменено {}, удалено {}), тем вне базы: {}, пропущено: {}, отклонено: "
        "{} "
        "— за {:.2f} с.\n",
        built->indexed, built->changed, built->removed, built->out_of_scope_topics, built->skipped.size(),
        rejected_files, built->seconds);
    for (const auto& [id, why] : built->skipped) ctx.out << "  пропущена " << id << ": " << why << "\n";
    ctx.out << "Версия базы " << built->kb_version << ", индекс: " << built->index_dir.string() << "\n";
    return rejected_files > 0 ? kLocalData : kOk;
}

int run_lint(Context& ctx, bool strict)
{
    auto location = kb_location(ctx);
    if (!location) return report(ctx, location.error());
    auto kb = load_knowledge_base(location->dir);
    if (!kb) return report(ctx, kb.error());
    auto problems = lint_knowledge_base(*kb, today_iso());
    size_t errors = 0;
    for (const auto& problem : problems) {
        ctx.out << problem.to_string() << "\n";
        if (!problem.warning) ++errors;
    }
    size_t published = std::count_if(kb->articles.begin(), kb->articles.end(),
                                     [](const Article& a) { return a.status == ArticleStatus::Published; });
    const size_t warnings = problems.size() - errors;
    ctx.err << fmt::format("{} статей ({} опубликовано), ошибок: {}, предупреждений: {}\n",
                           kb->articles.size(), published, errors, warnings);
    if (strict && warnings > 0) ctx.err << "--strict: предупреждения тоже надо исправить\n";
    return errors > 0 || (strict && warnings > 0) ? kLocalData : kOk;
}

int run_test(Context& ctx)
{
    auto location = kb_location(ctx);
    if (!location) return report(ctx, location.error());
    auto kb = load_knowledge_base(location->dir);
    if (!kb) return report(ctx, kb.error());
    auto searcher = open_searcher_for(location->dir, ctx.dirs.cache);
    if (!searcher) return report(ctx, searcher.error());
    auto result = self_test(*searcher, *kb);
    for (const auto& f : result.failures)
        ctx.out << fmt::format("FAIL {}: «{}» нашла {}\n", f.article_id, f.question,
                               f.got_id.empty() ? "ничего" : f.got_id);
    if (!result.competing.empty()) {
        ctx.out << "Статьи, которые спорят за одни вопросы (объедините или разделите):\n";
        for (const auto& pair : result.competing)
            ctx.out << fmt::format("  {} ~ {}: {} вопрос(ов)\n", pair.first, pair.second, pair.questions);
    }
    ctx.out << fmt::format("{} из {} вопросов статей находят свою статью первой.\n", result.passed,
                           result.questions);
    return result.failures.empty() ? kOk : kInternal;
}

std::string pct(double value)
{
    return fmt::format("{:5.1f}%", value * 100);
}

int run_eval_cmd(const KbEvalOptions& opts, Context& ctx)
{
    auto location = kb_location(ctx);
    if (!location) return report(ctx, location.error());
    auto kb = load_knowledge_base(location->dir);
    if (!kb) return report(ctx, kb.error());
    auto cases = load_eval_set(opts.file);
    if (!cases) return report(ctx, cases.error());
    auto searcher = open_searcher_for(location->dir, ctx.dirs.cache);
    if (!searcher) return report(ctx, searcher.error());
    auto result = run_eval(*searcher, *kb, *cases);
    if (!result) return report(ctx, result.error());

    auto row = [&](const std::string& name, const EvalMetrics& m, const EvalMetrics* base) {
        ctx.out << fmt::format("{:<14} {:>4}  {}  {}  {:.3f}", name, m.in_scope, pct(m.top1()), pct(m.top3()),
                               m.mrr());
        ctx.out << (m.out_of_scope ? fmt::format("  {:>3} {}", m.out_of_scope, pct(m.refusal()))
                                   : std::string(11, ' '));
        ctx.out << (m.handoff ? fmt::format("  {:>3} {}", m.handoff, pct(m.handoff_rate()))
                              : std::string(11, ' '));
        if (base)
            ctx.out << fmt::format("   | {}  {}  {}", pct(base->top1()), pct(base->top3()),
                                   base->out_of_scope ? pct(base->refusal()) : std::string("     -"));
        ctx.out << "\n";
    };
    ctx.out << fmt::format(
        "{:<14} {:>4}  {:>6}  {:>6}  {:>5}  {:>10}  {:>10}   | baseline FTS5: top1 top3 refusal\n", "topic",
        "n", "top1", "top3", "MRR", "out/refused", "handoff");
    for (const auto& [topic, m] : result->by_topic) {
        auto base = result->baseline_by_topic.find(topic);
        row(topic, m, base == result->baseline_by_topic.end() ? nullptr : &base->second);
    }
    ctx.out << std::string(100, '-') << "\n";
    row("overall", result->overall, &result->baseline);
    ctx.out << "\nby kind:\n";
    for (const auto& [kind, m] : result->by_kind) row(kind.empty() ? "-" : kind, m, nullptr);
    const auto& m = result->overall;
    ctx.out << fmt::format("\nin scope {}: answered right {} ({}), ranked first {} ({}), refused {}\n",
                           m.in_scope, m.answered_right, pct(m.top1()), m.ranked_first,
                           pct(m.in_scope ? double(m.ranked_first) / double(m.in_scope) : 0),
                           m.in_scope_refused);
    if (opts.show_misses) {
        ctx.out << "\nmisses:\n";
        for (const auto& miss : result->misses)
            ctx.out << fmt::format("  {}:{} [{}] expect {} got {} ({}): {}\n", opts.file, miss.item.line,
                                   miss.item.topic, miss.item.expect, miss.got.empty() ? "-" : miss.got,
                                   miss.status, miss.item.question);
    }
    int code = kOk;
    if (m.top1() < opts.min_top1) {
        ctx.err << fmt::format("spravka: error: top-1 accuracy {} is below the floor {}\n", pct(m.top1()),
                               pct(opts.min_top1));
        code = kInternal;
    }
    if (m.refusal() < opts.min_refusal) {
        ctx.err << fmt::format("spravka: error: out-of-scope refusal {} is below the floor {}\n",
                               pct(m.refusal()), pct(opts.min_refusal));
        code = kInternal;
    }
    return code;
}

}  // namespace

void setup_kb(CLI::App& app, Runner& runner)
{
    auto* kb = app.add_subcommand("kb", "база знаний: сборка индекса, проверки, качество ответов");
    kb->require_subcommand(1);

    auto build = std::make_shared<KbBuildOptions>();
    auto* build_cmd = kb->add_subcommand("build", "собрать индекс (атомарно; только изменённые статьи)");
    build_cmd->add_flag("--force", build->force, "пересобрать всё с нуля");
    build_cmd->callback(
        [build, &runner] { runner = [build](Context& ctx) { return run_build(*build, ctx); }; });

    auto strict = std::make_shared<bool>(false);
    auto* lint_cmd = kb->add_subcommand("lint", "проверить статьи: поля, ссылки, источники, даты");
    lint_cmd->add_flag("--strict", *strict, "предупреждения считать ошибками (для CI)");
    lint_cmd->callback(
        [strict, &runner] { runner = [strict](Context& ctx) { return run_lint(ctx, *strict); }; });
    kb->add_subcommand("test", "каждая статья находится по своим вопросам")->callback([&runner] {
        runner = [](Context& ctx) { return run_test(ctx); };
    });

    // Staff analytics (stats, gaps, new) group by the key ask stored (the searcher's normalized_key at
    // the time) and look up each gap's nearest article in today's index, so a newly written article
    // shows up at once. Without a usable index they fall back to what was stored.
    KbStaffSeams seams;
    seams.open_lens = [](Context& ctx) -> Result<QuestionLens> {
        auto opened = open_searcher(ctx);
        if (!opened) {
            ctx.err << "spravka: warning: " << opened.error().message
                    << "; nearest articles are those recorded when the questions were asked\n";
            return QuestionLens{};
        }
        auto searcher = std::make_shared<Searcher>(std::move(*opened));
        QuestionLens lens;
        lens.nearest = [searcher](std::string_view q) -> std::optional<std::pair<std::string, double>> {
            auto hits = searcher->search(q, Role::Any, 1);
            if (!hits || hits->empty()) return std::nullopt;
            return std::make_pair(hits->front().id, hits->front().score);
        };
        return lens;
    };
    seams.kb_dir = [](Context& ctx) -> std::filesystem::path {
        auto location = kb_location(ctx);
        return location ? location->dir : std::filesystem::path("kb");
    };
    setup_kb_staff(*kb, runner, seams);

    auto eval = std::make_shared<KbEvalOptions>();
    auto* eval_cmd = kb->add_subcommand("eval", "качество ответов на размеченном наборе вопросов");
    eval_cmd->add_option("file", eval->file, "YAML с вопросами (tests/eval/questions.yaml)")
        ->required()
        ->check(CLI::ExistingFile);
    eval_cmd->add_option("--min-top1", eval->min_top1, "порог top-1 (0..1); ниже — выход 1");
    eval_cmd->add_option("--min-refusal", eval->min_refusal, "порог отказов вне темы (0..1); ниже — выход 1");
    eval_cmd->add_flag("--misses", eval->show_misses, "показать ошибки");
    eval_cmd->callback(
        [eval, &runner] { runner = [eval](Context& ctx) { return run_eval_cmd(*eval, ctx); }; });
}

}  // namespace spravka::cli
