/** @file  @brief Reads the one-key vote after an answer, with the terminal restored on every path. */
#include "cli/vote_prompt.hpp"

#include <termios.h>
#include <unistd.h>

#include "cli/followups.hpp"

namespace spravka::cli {

namespace {

// Puts the terminal in non-canonical, no-echo mode for one key and restores it on scope exit.
class RawKeyboard {
public:
    RawKeyboard()
    {
        if (tcgetattr(STDIN_FILENO, &saved_) != 0) return;
        termios raw = saved_;
        // ISIG off too: Ctrl-C arrives as a byte and counts as "skip", and the terminal is restored.
        raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ISIG);
        raw.c_cc[VMIN] = 1;
        raw.c_cc[VTIME] = 0;
        active_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
    RawKeyboard(const RawKeyboard&) = delete;
    RawKeyboard& operator=(const RawKeyboard&) = delete;
    ~RawKeyboard()
    {
        if (active_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
    }

    /// One UTF-8 character, or empty at end of input.
    std::string read_key() const
    {
        unsigned char first = 0;
        if (::read(STDIN_FILENO, &first, 1) != 1) return {};
        std::string key(1, static_cast<char>(first));
        const int more = first >= 0xF0 ? 3 : first >= 0xE0 ? 2 : first >= 0xC0 ? 1 : 0;
        for (int i = 0; i < more; ++i) {
            unsigned char next = 0;
            if (::read(STDIN_FILENO, &next, 1) != 1) break;
            key += static_cast<char>(next);
        }
        return key;
    }

private:
    termios saved_{};
    bool active_ = false;
};

}  // namespace

std::optional<int> ask_yes_no(Context& ctx)
{
    ctx.out << "[д/н] " << std::flush;
    std::optional<int> answer;
    {
        RawKeyboard keyboard;
        answer = vote_from_key(keyboard.read_key());
    }
    ctx.out << (!answer ? "пропущено" : *answer > 0 ? "да" : "нет") << "\n";
    return answer;
}

std::optional<int> prompt_vote(Context& ctx, const std::string& article_id, int64_t query_id)
{
    if (!ctx.can_prompt()) return std::nullopt;
    ctx.out << "Ответ помог? ";
    auto vote = ask_yes_no(ctx);
    if (vote) record_ask_vote(ctx, article_id, *vote, query_id);
    return vote;
}

}  // namespace spravka::cli
