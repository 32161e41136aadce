/** @file  @brief The query log and votes in SQLite: writing (masked), retention, stats and export. */
#include "spravka/history.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

#include "spravka/privacy.hpp"
#include "state/db.hpp"
#include "state/wordings.hpp"

namespace spravka {

namespace {

constexpr int64_t kSecondsPerDay = 86400;

std::string shown_ids_json(const std::vector<std::string>& ids)
{
    return nlohmann::json(ids).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> parse_shown_ids(const std::string& text)
{
    // The column is ours, but a hand-edited store must not crash stats: treat junk as "none shown".
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> ids;
    if (!parsed.is_array()) return ids;
    for (const auto& item : parsed)
        if (item.is_string()) ids.push_back(item.get<std::string>());
    return ids;
}

bool is_article_id(std::string_view id)
{
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

std::string masked(std::string_view text)
{
    return mask_personal_data(text, MaskPolicy::for_log()).text;
}

double share(int64_t part, int64_t whole)
{
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

std::string key_of(const LoggedQuery& query, const QuestionLens& lens)
{
    std::string key = lens.key ? lens.key(query.question) : query.normalized;
    // A question of only stopwords has no key; grouping it by its own text keeps it apart.
    return key.empty() ? query.question : key;
}

}  // namespace

const char* outcome_name(Outcome outcome)
{
    switch (outcome) {
        case Outcome::Answered: return "answered";
        case Outcome::NoAnswer: return "no_answer";
        case Outcome::Handoff: return "handoff";
        case Outcome::Escalated: return "escalated";
    }
    return "no_answer";
}

std::optional<Outcome> parse_outcome(std::string_view text)
{
    for (Outcome o : {Outcome::Answered, Outcome::NoAnswer, Outcome::Handoff, Outcome::Escalated})
        if (text == outcome_name(o)) return o;
    return std::nullopt;
}

std::optional<double> ArticleHealth::helpful_share() const
{
    if (up + down == 0) return std::nullopt;
    return share(up, up + down);
}

double Stats::answered_share() const
{
    return share(answered, questions);
}

std::optional<double> Stats::bad_share() const
{
    const int64_t all = votes_up + votes_down + ratings;
    if (all == 0) return std::nullopt;
    return share(votes_down + ratings_bad, all);
}

Result<int64_t> History::log_ask(const AskLogEntry& entry)
{
    auto stmt = store_.db().prepare(
        "INSERT INTO query_log (ts, question, normalized, role, outcome, top_id, top_score, shown_ids, "
        "kb_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!stmt) return tl::unexpected(stmt.error());
    // Stmt::bind takes string_view; a std::string would also match its optional<string> overload.
    const std::string question = masked(entry.question);
    const std::string shown = shown_ids_json(entry.shown_ids);
    stmt->bind(1, entry.time != 0 ? entry.time : now())
        .bind(2, std::string_view(question))
        .bind(3, std::string_view(entry.normalized))
        .bind(4, std::string_view(entry.role))
        .bind(5, std::string_view(outcome_name(entry.outcome)))
        .bind(6, entry.top_id);
    if (entry.top_score)
        stmt->bind(7, *entry.top_score);
    else
        stmt->bind_null(7);
    stmt->bind(8, std::string_view(shown)).bind(9, std::string_view(entry.kb_version));
    if (auto ok = stmt->run(); !ok) return tl::unexpected(ok.error());
    return store_.db().last_insert_id();
}

LogSettings LogSettings::from_config(const Config& config, bool no_log)
{
    LogSettings settings;
    settings.enabled = !no_log && config.value("log.enabled") != "false";
    const std::string days = config.value("log.retention_days");
    if (!days.empty() && days.size() < 7) settings.retention_days = std::stoi(days);
    return settings;
}

Result<int64_t> History::log_ask(const AskLogEntry& entry, const LogSettings& settings)
{
    if (!settings.enabled) return 0;
    auto id = log_ask(entry);
    if (!id) return id;
    if (auto removed = apply_retention(settings.retention_days); !removed)
        return tl::unexpected(removed.error());
    return id;
}

Result<int64_t> History::record_vote(std::string_view article_id, int value,
                                     std::optional<std::string> reason, int64_t query_id)
{
    if (value != 1 && value != -1) return fail(Code::Usage, "a vote is up (+1) or down (-1)");
    if (!is_article_id(article_id))
        return fail(Code::Usage, "'" + std::string(article_id) + "' is not an article id",
                    "ids look like payouts-timing: lower-case letters, digits and dashes");
    if (reason) reason = masked(*reason);
    // The sub-select leaves query_id NULL when that question is not (or no longer) logged, e.g.
    // after `history clear` or with the log switched off, instead of failing the foreign key.
    auto stmt = store_.db().prepare(
        "INSERT INTO votes (ts, article_id, vote, reason, query_id) "
        "VALUES (?, ?, ?, ?, (SELECT id FROM query_log WHERE id = ?))");
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind(1, now()).bind(2, article_id).bind(3, int64_t{value}).bind(4, reason).bind(5, query_id);
    if (auto ok = stmt->run(); !ok) return tl::unexpected(ok.error());
    return store_.db().last_insert_id();
}

Result<bool> History::mark_escalated(int64_t query_id)
{
    auto stmt = store_.db().prepare(
        "UPDATE query_log SET outcome = 'escalated' WHERE id = ? AND outcome = 'answered'");
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind(1, query_id);
    if (auto ok = stmt->run(); !ok) return tl::unexpected(ok.error());
    return store_.db().changes() > 0;
}

namespace {

Result<int64_t> delete_older_than(detail::Db& db, int64_t cutoff)
{
    int64_t removed = 0;
    auto ok = db.transaction([&]() -> Result<void> {
        for (const char* sql : {"DELETE FROM votes WHERE ts < ?", "DELETE FROM query_log WHERE ts < ?"}) {
            auto stmt = db.prepare(sql);
            if (!stmt) return tl::unexpected(stmt.error());
            stmt->bind(1, cutoff);
            if (auto run = stmt->run(); !run) return run;
            removed += db.changes();
        }
        return {};
    });
    if (!ok) return tl::unexpected(ok.error());
    return removed;
}

}  // namespace

Result<int64_t> History::clear()
{
    return delete_older_than(store_.db(), INT64_MAX);
}

Result<int64_t> History::apply_retention(int days)
{
    if (days < 0) return fail(Code::Usage, "the retention period cannot be negative");
    return delete_older_than(store_.db(), now() - int64_t{days} * kSecondsPerDay);
}

namespace {

// Runs a SELECT bound to one `since` value and turns each row into a T.
template <class T, class ReadRow>
Result<std::vector<T>> select_since(detail::Db& db, const std::string& sql, int64_t since, ReadRow read_row)
{
    auto stmt = db.prepare(sql);
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind(1, since);
    std::vector<T> rows;
    for (;;) {
        auto more = stmt->step();
        if (!more) return tl::unexpected(more.error());
        if (!*more) break;
        rows.push_back(read_row(*stmt));
    }
    return rows;
}

LoggedQuery read_query(const detail::Stmt& stmt)
{
    LoggedQuery row;
    row.id = stmt.integer(0);
    row.time = stmt.integer(1);
    row.question = stmt.text(2);
    row.normalized = stmt.text(3);
    row.role = stmt.text(4);
    row.outcome = parse_outcome(stmt.text(5)).value_or(Outcome::NoAnswer);
    row.top_id = stmt.text_or_null(6);
    if (!stmt.is_null(7)) row.top_score = stmt.real(7);
    row.shown_ids = parse_shown_ids(stmt.text(8));
    row.kb_version = stmt.text(9);
    return row;
}

Vote read_vote(const detail::Stmt& stmt)
{
    Vote vote;
    vote.id = stmt.integer(0);
    vote.time = stmt.integer(1);
    vote.article_id = stmt.text(2);
    vote.value = static_cast<int>(stmt.integer(3));
    vote.reason = stmt.text_or_null(4);
    if (!stmt.is_null(5)) vote.query_id = stmt.integer(5);
    return vote;
}

Result<std::vector<Vote>> votes_since(detail::Db& db, int64_t since)
{
    return select_since<Vote>(
        db, "SELECT id, ts, article_id, vote, reason, query_id FROM votes WHERE ts >= ? ORDER BY ts, id",
        since, read_vote);
}

}  // namespace

Result<std::vector<LoggedQuery>> History::queries_since(int64_t since, bool gaps_only)
{
    return select_since<LoggedQuery>(
        store_.db(),
        std::string(
            "SELECT id, ts, question, normalized, role, outcome, top_id, top_score, shown_ids, kb_version "
            "FROM query_log WHERE ts >= ?") +
            (gaps_only ? " AND outcome IN ('no_answer', 'handoff')" : "") + " ORDER BY ts, id",
        since, read_query);
}

namespace {

// Ticket ratings count towards the «Плохо» share. Rated tickets are dated by their last update,
// which is when the rating was given.
Result<void> count_ratings(detail::Db& db, int64_t since, Stats& stats)
{
    auto stmt = db.prepare(
        "SELECT count(*), coalesce(sum(rating = 'плохо'), 0) FROM tickets "
        "WHERE rating IN ('отлично', 'хорошо', 'плохо') AND updated_at >= ?");
    if (!stmt) return tl::unexpected(stmt.error());
    stmt->bind(1, since);
    auto row = stmt->step();
    if (!row) return tl::unexpected(row.error());
    stats.ratings = stmt->integer(0);
    stats.ratings_bad = stmt->integer(1);
    return {};
}

}  // namespace

Result<Stats> History::stats(int64_t since, const QuestionLens& lens, std::size_t top)
{
    Stats stats;
    stats.since = since;
    stats.until = now();
    auto queries = queries_since(since, false);
    if (!queries) return tl::unexpected(queries.error());
    auto votes = votes_since(store_.db(), since);
    if (!votes) return tl::unexpected(votes.error());
    if (auto ok = count_ratings(store_.db(), since, stats); !ok) return tl::unexpected(ok.error());

    std::map<std::string, ArticleHealth> articles;
    auto article = [&](const std::string& id) -> ArticleHealth& {
        auto& health = articles[id];
        health.id = id;
        return health;
    };
    std::map<std::string, QuestionGroup> groups;
    std::map<std::string, std::map<std::string, int64_t>> wordings;
    for (const auto& query : *queries) {
        ++stats.questions;
        switch (query.outcome) {
            case Outcome::Answered: ++stats.answered; break;
            case Outcome::NoAnswer: ++stats.no_answer; break;
            case Outcome::Handoff: ++stats.handoff; break;
            case Outcome::Escalated: ++stats.escalated; break;
        }
        for (const auto& id : query.shown_ids) ++article(id).shown;
        if (query.outcome == Outcome::Escalated && query.top_id) ++article(*query.top_id).escalated;
        const std::string key = key_of(query, lens);
        groups[key].key = key;
        ++groups[key].count;
        ++wordings[key][query.question];
    }
    for (const auto& vote : *votes) {
        auto& health = article(vote.article_id);
        if (vote.value > 0) {
            ++health.up;
            ++stats.votes_up;
        } else {
            ++health.down;
            ++stats.votes_down;
        }
    }

    for (auto& [key, group] : groups) {
        group.questions = detail::most_frequent_first(wordings[key]);
        stats.top_questions.push_back(std::move(group));
    }
    // groups is keyed alphabetically, so a stable sort leaves ties in key order.
    std::stable_sort(stats.top_questions.begin(), stats.top_questions.end(),
                     [](const QuestionGroup& a, const QuestionGroup& b) { return a.count > b.count; });
    if (stats.top_questions.size() > top) stats.top_questions.resize(top);

    for (auto& [id, health] : articles) stats.articles.push_back(std::move(health));
    std::stable_sort(stats.articles.begin(), stats.articles.end(),
                     [](const ArticleHealth& a, const ArticleHealth& b) {
                         const int64_t bad_a = a.down + a.escalated, bad_b = b.down + b.escalated;
                         if (bad_a != bad_b) return bad_a > bad_b;
                         return a.shown > b.shown;
                     });
    return stats;
}

Result<std::vector<Gap>> History::gaps(int64_t since, const QuestionLens& lens)
{
    auto queries = queries_since(since, true);
    if (!queries) return tl::unexpected(queries.error());
    std::vector<GapInput> inputs;
    inputs.reserve(queries->size());
    // The same wording asks the index once, however often it was logged.
    std::map<std::string, std::optional<std::pair<std::string, double>>> nearest_cache;
    for (const auto& query : *queries) {
        GapInput input{query.question, key_of(query, lens), query.outcome,
                       query.time,     query.top_id,        query.top_score.value_or(0.0)};
        if (lens.nearest) {
            auto [it, inserted] = nearest_cache.try_emplace(query.question);
            if (inserted) it->second = lens.nearest(query.question);
            input.nearest_id.reset();
            input.nearest_score = 0;
            if (it->second) {
                input.nearest_id = it->second->first;
                input.nearest_score = it->second->second;
            }
        }
        inputs.push_back(std::move(input));
    }
    return group_gaps(inputs);
}

Result<HistoryExport> History::export_since(int64_t since)
{
    HistoryExport out;
    out.exported_at = now();
    out.since = since;
    auto queries = queries_since(since, false);
    if (!queries) return tl::unexpected(queries.error());
    auto votes = votes_since(store_.db(), since);
    if (!votes) return tl::unexpected(votes.error());
    out.queries = std::move(*queries);
    out.votes = std::move(*votes);
    return out;
}

Result<int64_t> parse_since(std::string_view text, int64_t now)
{
    auto bad = [&] {
        return fail(Code::Usage, "--since '" + std::string(text) + "' is not a period or a date",
                    "use 30d, 12h, 2w or a date like 2026-11-01");
    };
    if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        std::tm tm{};
        int year = 0, month = 0, day = 0;
        if (std::sscanf(std::string(text).c_str(), "%4d-%2d-%2d", &year, &month, &day) != 3) return bad();
        if (month < 1 || month > 12 || day < 1 || day > 31) return bad();
        tm.tm_year = year - 1900;
        tm.tm_mon = month - 1;
        tm.tm_mday = day;
        return static_cast<int64_t>(timegm(&tm));
    }
    if (text.size() < 2) return bad();
    int64_t amount = 0;
    for (char c : text.substr(0, text.size() - 1)) {
        if (c < '0' || c > '9' || amount > 100000) return bad();
        amount = amount * 10 + (c - '0');
    }
    switch (text.back()) {
        case 'h': return now - amount * 3600;
        case 'd': return now - amount * kSecondsPerDay;
        case 'w': return now - amount * 7 * kSecondsPerDay;
        default: return bad();
    }
}

std::string iso_utc(int64_t unix_seconds)
{
    const auto t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

}  // namespace spravka
