/** @file  @brief RFC 4180 CSV output: quoted where needed, CRLF line ends, UTF-8 passed through. */
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace spravka::cli {

/// One field, quoted when it holds a comma, a quote, a line break or edge spaces; quotes are doubled.
inline std::string csv_field(std::string_view text)
{
    const bool quote = text.find_first_of(",\"\r\n") != std::string_view::npos ||
                       (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!quote) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

/// Writes one record. RFC 4180 ends records with CRLF, which spreadsheets expect.
inline void write_csv_row(std::ostream& out, const std::vector<std::string>& fields)
{
    for (std::size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << csv_field(fields[i]);
    out << "\r\n";
}

}  // namespace spravka::cli
