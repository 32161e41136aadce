/** @file  @brief The comparison baseline: plain BM25 with SQLite FTS5 and the unicode61 tokenizer (internal).
 */
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "spravka/error.hpp"
#include "spravka/knowledge_base.hpp"

namespace spravka::eval {

/// An in-memory FTS5 table of the published articles: no stemming, no synonyms, no corrections.
class Fts5Baseline {
public:
    [[nodiscard]] static Result<Fts5Baseline> build(const KnowledgeBase& kb);
    Fts5Baseline(Fts5Baseline&&) noexcept;
    ~Fts5Baseline();

    /// Article ids ranked by bm25(title×5, questions×3, body×1), best first; up to `limit`.
    std::vector<std::string> rank(const std::string& question, std::size_t limit) const;

private:
    struct Impl;
    explicit Fts5Baseline(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace spravka::eval
