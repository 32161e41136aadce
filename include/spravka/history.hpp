/** @file  @brief The private query log and votes: what was asked, what helped, and what is missing. */
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spravka/config.hpp"
#include "spravka/error.hpp"
#include "spravka/store.hpp"

namespace spravka {

/// What happened to one question.
enum class Outcome {
    Answered,   ///< an article was shown as the answer
    NoAnswer,   ///< no article fitted
    Handoff,    ///< spravka sent the person to a human straight away
    Escalated,  ///< an answer was shown, then the person opened a ticket anyway
};
const char* outcome_name(Outcome outcome);  ///< "answered", "no_answer", "handoff", "escalated"
std::optional<Outcome> parse_outcome(std::string_view text);

/// Unix seconds, UTC. The library never reads the system clock itself; the CLI passes one in.
using Clock = std::function<int64_t()>;

/// One `ask` as the caller saw it. `log_ask` masks the question before it is written.
struct AskLogEntry {
    std::string question;    ///< as typed
    std::string normalized;  ///< grouping key: stemmed content words, sorted, space-separated
    std::string role;        ///< "contractor", "company", "any", or empty
    Outcome outcome = Outcome::NoAnswer;
    std::optional<std::string> top_id;  ///< the answer, or the best rejected candidate
    std::optional<double> top_score;
    std::vector<std::string> shown_ids;  ///< every article shown, best first
    std::string kb_version;
    int64_t time = 0;  ///< unix seconds. Default: 0, meaning "now" by the History's clock.
};

/// One row of the query log as stored (question already masked).
struct LoggedQuery {
    int64_t id = 0;
    int64_t time = 0;
    std::string question;
    std::string normalized;
    std::string role;
    Outcome outcome = Outcome::NoAnswer;
    std::optional<std::string> top_id;
    std::optional<double> top_score;
    std::vector<std::string> shown_ids;
    std::string kb_version;
};

struct Vote {
    int64_t id = 0;
    int64_t time = 0;
    std::string article_id;
    int value = 0;                      ///< +1 helped, -1 did not
    std::optional<std::string> reason;  ///< masked
    std::optional<int64_t> query_id;    ///< the logged question the vote answers, when known
};

/// The grouping key of a question (the Searcher's `normalized_key`: stems with synonyms folded).
using KeyFunction = std::function<std::string(std::string_view question)>;
/// The existing article closest to a question and its score, or nullopt when nothing is near.
using NearestFunction =
    std::function<std::optional<std::pair<std::string, double>>(std::string_view question)>;

/// How `stats` and `gaps` see questions. Both callbacks are optional: without `key`, the key stored
/// at logging time is used; without `nearest`, the best candidate stored at logging time.
struct QuestionLens {
    KeyFunction key;          ///< Default: none (stored key)
    NearestFunction nearest;  ///< Default: none (stored top_id/top_score)
};

/// A question form and how often it was asked.
struct QuestionCount {
    std::string text;
    int64_t count = 0;
};

/// Questions that share a normalised key.
struct QuestionGroup {
    std::string key;
    int64_t count = 0;
    std::vector<QuestionCount> questions;  ///< distinct wordings, most frequent first
};

/// How one article fared.
struct ArticleHealth {
    std::string id;
    int64_t shown = 0;  ///< questions for which it was shown (as answer or alternative)
    int64_t up = 0;
    int64_t down = 0;
    int64_t escalated = 0;  ///< shown as the answer, then a ticket was opened
    /// up / (up + down); nullopt without votes.
    std::optional<double> helpful_share() const;
};

/// One writing-backlog item: similar unanswered or handed-off questions.
struct Gap {
    int number = 0;     ///< 1-based position, what `kb new --from-gap N` takes
    std::string key;    ///< the most frequent key in the group
    int64_t count = 0;  ///< questions in the group
    int64_t no_answer = 0;
    int64_t handoff = 0;
    int64_t last_asked = 0;                ///< unix seconds
    std::vector<QuestionCount> questions;  ///< distinct wordings, most frequent first
    std::optional<std::string> nearest_id;
    double nearest_score = 0;
};

struct Stats {
    int64_t since = 0;  ///< unix seconds; 0 = everything kept
    int64_t until = 0;
    int64_t questions = 0;
    int64_t answered = 0;
    int64_t no_answer = 0;
    int64_t handoff = 0;
    int64_t escalated = 0;
    int64_t votes_up = 0;
    int64_t votes_down = 0;
    int64_t ratings = 0;      ///< ticket ratings given (отлично | хорошо | плохо)
    int64_t ratings_bad = 0;  ///< of those, «плохо»
    std::vector<QuestionGroup> top_questions;  ///< most frequent first
    std::vector<ArticleHealth> articles;       ///< least helpful first (down + escalated, then shown)

    /// Share of questions answered without a human (`answered` / `questions`); 0 with no questions.
    double answered_share() const;
    /// «Плохо» share: (down votes + «плохо» ratings) / (votes + ratings); nullopt when there are none.
    std::optional<double> bad_share() const;
};

struct HistoryExport {
    int64_t exported_at = 0;
    int64_t since = 0;
    std::vector<LoggedQuery> queries;  ///< oldest first
    std::vector<Vote> votes;           ///< oldest first
};

/// Whether and how long questions are kept.
struct LogSettings {
    bool enabled = true;      ///< Default: true. Config `log.enabled`; `--no-log` turns it off for one ask.
    int retention_days = 90;  ///< Default: 90. Config `log.retention_days`.

    /// Reads `log.enabled` and `log.retention_days` (Config::load has validated both).
    static LogSettings from_config(const Config& config, bool no_log);
};

/// The query log and votes in the local store. Every text it writes is masked first
/// (MaskPolicy::for_log), so personal data never reaches the disk.
class History {
public:
    History(Store& store, Clock clock) : store_(store), clock_(std::move(clock)) {}

    /// Writes one question. @return its row id. Code::StateError / Code::Locked from the store.
    [[nodiscard]] Result<int64_t> log_ask(const AskLogEntry& entry);

    /// What `ask` calls: nothing when `settings.enabled` is false; otherwise logs the question and
    /// drops what is older than the retention period. @return the row id, or 0 when not logged.
    [[nodiscard]] Result<int64_t> log_ask(const AskLogEntry& entry, const LogSettings& settings);

    /// Records a vote (+1 / -1) on an article. `query_id` 0 means "not tied to a logged question".
    /// @return the vote's row id. Code::Usage for a value other than ±1 or an empty article id.
    [[nodiscard]] Result<int64_t> record_vote(std::string_view article_id, int value,
                                              std::optional<std::string> reason = {}, int64_t query_id = 0);

    /// An answered question became a ticket: its outcome turns to `escalated`. Other outcomes stay
    /// (a no-answer that becomes a ticket is still a gap). @return whether a row changed.
    [[nodiscard]] Result<bool> mark_escalated(int64_t query_id);

    /// Deletes every logged question and vote. @return how many rows went.
    [[nodiscard]] Result<int64_t> clear();

    /// Deletes questions and votes older than `days` days. @return how many rows went.
    [[nodiscard]] Result<int64_t> apply_retention(int days);

    /// Figures since `since` (unix seconds; 0 = all). `top` limits top_questions.
    [[nodiscard]] Result<Stats> stats(int64_t since, const QuestionLens& lens = {}, std::size_t top = 10);

    /// Unanswered and handed-off questions since `since`, grouped and numbered, most frequent first.
    [[nodiscard]] Result<std::vector<Gap>> gaps(int64_t since, const QuestionLens& lens = {});

    /// The masked log and the votes since `since`, for a team to merge.
    [[nodiscard]] Result<HistoryExport> export_since(int64_t since);

private:
    int64_t now() const { return clock_(); }
    [[nodiscard]] Result<std::vector<LoggedQuery>> queries_since(int64_t since, bool gaps_only);
    Store& store_;
    Clock clock_;
};

/// Questions grouped so similar ones fall together: equal keys first, then groups whose keys overlap
/// (Jaccard on stems >= 0.5), or that share the nearest article and at least one stem.
/// Exposed for tests; `History::gaps` uses it.
struct GapInput {
    std::string question;
    std::string key;
    Outcome outcome = Outcome::NoAnswer;
    int64_t time = 0;
    std::optional<std::string> nearest_id;
    double nearest_score = 0;
};
std::vector<Gap> group_gaps(const std::vector<GapInput>& questions);

/// Parses `--since`: "30d", "12h", "2w", or a date "2026-11-01" (00:00 UTC).
/// @return unix seconds; Code::Usage otherwise.
[[nodiscard]] Result<int64_t> parse_since(std::string_view text, int64_t now);

/// "2026-11-20T10:00:00Z"
std::string iso_utc(int64_t unix_seconds);

}  // namespace spravka
