/** @file  @brief Writes the skeleton of a new article with front matter per kb/README.md. */
#include "spravka/draft.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace spravka {

namespace {

constexpr int kReviewAfterMonths = 6;

bool is_slug(std::string_view text)
{
    return !text.empty() && text.front() != '-' && text.back() != '-' &&
           std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

// A YAML scalar that reads back as the same string. Questions come from people (and from the masked
// log, with its «[телефон]»), so anything YAML could read as syntax is double-quoted.
std::string yaml_scalar(std::string_view text)
{
    const bool plain =
        !text.empty() && text.find_first_of(":#'\"[]{},&*!|>%@`\\") == std::string_view::npos &&
        text.front() != ' ' && text.back() != ' ' && text.front() != '-' && text.front() != '?';
    if (plain) return std::string(text);
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') quoted += '\\';
        if (c == '\n') {
            quoted += "\\n";
            continue;
        }
        quoted += c;
    }
    return quoted + "\"";
}

std::string render(const DraftOptions& options, const std::string& id)
{
    std::vector<std::string> questions = options.questions;
    if (questions.empty())
        questions = {"как человек спросит это своими словами", "второй вариант вопроса",
                     "третий вариант как пишут в спешке", "четвёртый вариант с опечаткой или сленгом"};
    std::string title = options.title;
    if (title.empty())
        title = options.questions.empty() ? "ЗАПОЛНИТЕ: вопрос так, как его задал бы человек"
                                          : options.questions.front();

    std::string text = "---\n";
    text += "id: " + id + "\n";
    text += "title: " + yaml_scalar(title) + "\n";
    text += "audience: contractor                # contractor | company | both\n";
    text += "tags: []\n";
    text += "questions:\n";
    for (const auto& question : questions) text += "  - " + yaml_scalar(question) + "\n";
    text += "status: draft\n";
    text += "updated: " + iso_date(options.today) + "\n";
    text += "review_by: " + iso_date(add_months(options.today, kReviewAfterMonths)) + "\n";
    text +=
        "sources: []                         # at least one before publishing: law, FNS page or platform "
        "rule\n";
    if (!options.author.empty()) text += "author: " + yaml_scalar(options.author) + "\n";
    text += "---\n\n";
    text += "Короткий ответ: одно–три предложения, которые закрывают вопрос.\n\n";
    text += "## Подробнее\n\nШаги, цифры, сроки и исключения.\n\n";
    text += "## Если не помогло\n\n";
    text += "Напишите в поддержку: `spravka ask \"…\" --ticket` или `spravka ticket open -m \"…\"`.\n";
    return text;
}

}  // namespace

Result<Draft> make_draft(const std::filesystem::path& kb_dir, const DraftOptions& options)
{
    std::string section = options.section;
    std::string slug = options.slug;
    if (section.empty()) {
        const auto dash = slug.find('-');
        if (dash == std::string::npos)
            return fail(Code::Usage, "'" + slug + "' names no section",
                        "give --section, or a slug that starts with it, like payouts-card-delay");
        section = slug.substr(0, dash);
        slug = slug.substr(dash + 1);
    } else if (slug.rfind(section + "-", 0) == 0) {
        slug = slug.substr(section.size() + 1);
    }
    if (!is_slug(section) || !is_slug(slug))
        return fail(Code::Usage, "'" + options.slug + "' is not a valid article slug",
                    "use lower-case Latin letters, digits and dashes, like payouts-card-delay");
    Draft draft;
    draft.id = section + "-" + slug;
    draft.file = kb_dir / section / (slug + ".md");
    draft.text = render(options, draft.id);
    return draft;
}

Result<void> write_draft(const Draft& draft)
{
    std::error_code ec;
    std::filesystem::create_directories(draft.file.parent_path(), ec);
    if (ec)
        return fail(Code::Io, draft.file.parent_path().string() + ": cannot create folder: " + ec.message());
    // O_EXCL makes "never overwrite" hold even if two people scaffold the same slug at once.
    const int fd = ::open(draft.file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        if (errno == EEXIST)
            return fail(Code::Usage, draft.file.string() + " already exists",
                        "edit it, or choose another slug");
        return fail(Code::Io, draft.file.string() + ": cannot create: " + std::strerror(errno));
    }
    std::size_t written = 0;
    while (written < draft.text.size()) {
        const ssize_t n = ::write(fd, draft.text.data() + written, draft.text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const std::string why = std::strerror(errno);
            ::close(fd);
            std::filesystem::remove(draft.file, ec);
            return fail(Code::Io, draft.file.string() + ": cannot write: " + why);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0)
        return fail(Code::Io, draft.file.string() + ": cannot write: " + std::strerror(errno));
    return {};
}

std::chrono::year_month_day add_months(std::chrono::year_month_day date, int months)
{
    std::chrono::year_month_day moved = date + std::chrono::months{months};
    if (moved.ok()) return moved;
    return std::chrono::year_month_day_last(moved.year(), std::chrono::month_day_last(moved.month()));
}

std::string iso_date(std::chrono::year_month_day date)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buffer;
}

}  // namespace spravka
