/** @file  @brief Scaffolding a new article (`kb new`): valid front matter, ready to edit. */
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "spravka/error.hpp"

namespace spravka {

struct DraftOptions {
    /// The article's slug, or its whole id: "card-delay" with `section`, or "payouts-card-delay".
    std::string slug;
    /// Default: empty, meaning the slug's first dash-part ("payouts" for "payouts-card-delay").
    std::string section;
    /// Default: empty, meaning a placeholder (or the first of `questions` when there are some).
    std::string title;
    /// Default: empty, meaning four placeholders. `kb new --from-gap` passes the gap's questions.
    std::vector<std::string> questions;
    /// Default: empty, meaning no author line. The CLI passes `git config user.name`.
    std::string author;
    /// Today's date: `updated`, and `review_by` six months later.
    std::chrono::year_month_day today;
};

/// A new article, not yet written.
struct Draft {
    std::string id;              ///< "<section>-<slug>"
    std::filesystem::path file;  ///< kb/<section>/<slug>.md
    std::string text;            ///< front matter and body skeleton
};

/// Builds the draft under `kb_dir`. @return Code::Usage for a slug or section that is not
/// [a-z0-9-], or a slug with no section to take.
[[nodiscard]] Result<Draft> make_draft(const std::filesystem::path& kb_dir, const DraftOptions& options);

/// Writes the draft, creating its section folder. Never overwrites: Code::Usage when the file exists,
/// Code::Io when it cannot be written.
[[nodiscard]] Result<void> write_draft(const Draft& draft);

/// `date` plus `months`, on the month's last day when that day does not exist (31 Aug + 6 = 28/29 Feb).
std::chrono::year_month_day add_months(std::chrono::year_month_day date, int months);

/// "2026-11-20"
std::string iso_date(std::chrono::year_month_day date);

}  // namespace spravka
