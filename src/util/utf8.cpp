/** @file  @brief UTF-8 validation and iteration. */
#include "util/utf8.hpp"

namespace spravka::util {

char32_t next_code_point(std::string_view s, size_t& pos)
{
    auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
    unsigned char c = byte(pos);
    if (c < 0x80) {
        ++pos;
        return c;
    }
    int extra = (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
    if (extra < 0 || pos + static_cast<size_t>(extra) >= s.size()) {
        ++pos;
        return 0xFFFD;
    }
    char32_t cp = c & (0x3F >> extra);
    for (int i = 1; i <= extra; ++i) {
        unsigned char cc = byte(pos + static_cast<size_t>(i));
        if ((cc & 0xC0) != 0x80) {
            ++pos;
            return 0xFFFD;
        }
        cp = (cp << 6) | (cc & 0x3F);
    }
    static const char32_t min_for[] = {0, 0x80, 0x800, 0x10000};
    if (cp < min_for[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++pos;
        return 0xFFFD;
    }
    pos += static_cast<size_t>(extra) + 1;
    return cp;
}

bool valid_utf8(std::string_view s)
{
    size_t pos = 0;
    while (pos < s.size()) {
        size_t before = pos;
        char32_t cp = next_code_point(s, pos);
        if (cp == 0xFFFD) {
            // U+FFFD itself is valid when spelled out as EF BF BD.
            if (!(pos - before == 3 && s.substr(before, 3) == "\xEF\xBF\xBD")) return false;
        }
    }
    return true;
}

void append_utf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

size_t display_width(std::string_view s)
{
    size_t width = 0;
    size_t pos = 0;
    while (pos < s.size()) {
        if (s[pos] == '\033') {
            while (pos < s.size() && s[pos] != 'm') ++pos;
            ++pos;
            continue;
        }
        next_code_point(s, pos);
        ++width;
    }
    return width;
}

std::string repeat(std::string_view piece, size_t count)
{
    std::string out;
    out.reserve(piece.size() * count);
    for (size_t i = 0; i < count; ++i) out += piece;
    return out;
}

std::string truncate_chars(std::string_view s, size_t max_chars)
{
    size_t pos = 0;
    size_t chars = 0;
    while (pos < s.size() && chars < max_chars) {
        next_code_point(s, pos);
        ++chars;
    }
    return std::string(s.substr(0, pos));
}

}  // namespace spravka::util
