/** @file  @brief Terminal width and colour. */
#include "cli/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>

namespace spravka::cli {

int terminal_width(const Context& ctx)
{
    if (ctx.stdout_tty) {
        winsize ws{};
        if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
            return std::min<int>(ws.ws_col, 100);
    }
    return 80;
}

std::string bold(const Context& ctx, const std::string& text)
{
    return ctx.use_color() ? "\033[1m" + text + "\033[0m" : text;
}

std::string dim(const Context& ctx, const std::string& text)
{
    return ctx.use_color() ? "\033[2m" + text + "\033[0m" : text;
}

std::string join_words(const std::vector<std::string>& words)
{
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

}  // namespace spravka::cli
