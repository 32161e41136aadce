/** @file  @brief What `ask` hands to the history after answering: the log row, votes, escalations. */
#include <algorithm>

#include "cli/followups.hpp"
#include "cli/history_session.hpp"

namespace spravka::cli {

namespace {

Outcome outcome_of(AskStatus status)
{
    switch (status) {
        case AskStatus::Answered: return Outcome::Answered;
        case AskStatus::NoAnswer: return Outcome::NoAnswer;
        case AskStatus::Handoff: return Outcome::Handoff;
    }
    return Outcome::NoAnswer;
}

AskLogEntry entry_for(const AskResult& result)
{
    AskLogEntry entry;
    entry.question = result.query;
    entry.normalized = result.normalized_key;
    entry.role = role_name(result.role);
    entry.outcome = outcome_of(result.status);
    // On no_answer the best rejected candidate is still worth keeping: it is the gap's nearest article.
    const Candidate* top = result.answer                 ? &*result.answer
                           : result.alternatives.empty() ? nullptr
                                                         : &result.alternatives.front();
    if (top) {
        entry.top_id = top->id;
        entry.top_score = top->score;
    }
    if (result.answer) entry.shown_ids.push_back(result.answer->id);
    for (const auto& alternative : result.alternatives) entry.shown_ids.push_back(alternative.id);
    entry.kb_version = result.kb_version;
    return entry;
}

}  // namespace

int64_t log_ask(Context& ctx, const AskResult& result, bool no_log)
{
    const auto settings = log_settings(ctx, no_log);
    if (!settings.enabled) return 0;
    auto session = open_history(ctx);
    if (!session) {
        warn(ctx, session.error());
        return 0;
    }
    auto id = (*session)->history.log_ask(entry_for(result), settings);
    if (!id) {
        warn(ctx, id.error());
        return 0;
    }
    return *id;
}

void record_ask_vote(Context& ctx, const std::string& article_id, int vote, int64_t query_id)
{
    auto session = open_history(ctx);
    if (!session) return warn(ctx, session.error());
    if (auto recorded = (*session)->history.record_vote(article_id, vote, std::nullopt, query_id); !recorded)
        warn(ctx, recorded.error());
}

void mark_escalated(Context& ctx, int64_t query_id)
{
    if (query_id == 0) return;
    auto session = open_history(ctx);
    if (!session) return warn(ctx, session.error());
    if (auto marked = (*session)->history.mark_escalated(query_id); !marked) warn(ctx, marked.error());
}

}  // namespace spravka::cli
