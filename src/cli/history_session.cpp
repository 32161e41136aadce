/** @file  @brief Opening the query log from a command; terminal width and text fitting. */
#include "cli/history_session.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cmath>

namespace spravka::cli {

HistorySession::HistorySession(Store opened) : store(std::move(opened)), history(store, unix_now) {}

int64_t unix_now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Result<std::unique_ptr<HistorySession>> open_history(Context& ctx)
{
    auto config = ctx.load_config();
    if (!config) return tl::unexpected(config.error());
    auto store = Store::open(Store::default_file(ctx.dirs));
    if (!store) return tl::unexpected(store.error());
    auto session = std::make_unique<HistorySession>(std::move(*store));
    const auto settings = LogSettings::from_config(**config, false);
    if (auto removed = session->history.apply_retention(settings.retention_days); !removed)
        return tl::unexpected(removed.error());
    return session;
}

LogSettings log_settings(Context& ctx, bool no_log)
{
    auto config = ctx.load_config();
    if (!config) return LogSettings{!no_log, LogSettings{}.retention_days};
    return LogSettings::from_config(**config, no_log);
}

void warn(Context& ctx, const Error& error)
{
    ctx.err << "spravka: warning: " << error.message << "\n";
    if (!error.hint.empty()) ctx.err << "hint: " << error.hint << "\n";
}

int table_width(const Context& ctx)
{
    if (ctx.stdout_tty) {
        winsize size{};
        if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    }
    if (auto columns = ctx.env.get("COLUMNS")) {
        const int value = std::atoi(columns->c_str());
        if (value > 20) return value;
    }
    return 80;
}

std::size_t display_width(std::string_view text)
{
    std::size_t width = 0;
    for (char c : text)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
    return width;
}

std::string fit(std::string_view text, std::size_t width)
{
    if (display_width(text) <= width) return std::string(text);
    if (width == 0) return {};
    std::size_t columns = 0;
    std::size_t end = 0;
    for (; end < text.size(); ++end) {
        if ((static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) continue;
        if (columns == width - 1) break;  // leave one column for the ellipsis
        ++columns;
    }
    return std::string(text.substr(0, end)) + "…";
}

std::string percent(double share)
{
    return std::to_string(std::lround(share * 100)) + "%";
}

}  // namespace spravka::cli
