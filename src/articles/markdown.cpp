/** @file  @brief Markdown via cmark-gfm: plain text for the index, and rendering for a terminal. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "spravka/article.hpp"
#include "util/utf8.hpp"

namespace spravka {

namespace {

struct NodeFree {
    void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct ParserFree {
    void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeFree>;

NodePtr parse_gfm(std::string_view markdown)
{
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
    std::unique_ptr<cmark_parser, ParserFree> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
    for (const char* name : {"table", "strikethrough", "autolink"})
        if (auto* ext = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), ext);
    cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
    return NodePtr(cmark_parser_finish(parser.get()));
}

std::string type_of(cmark_node* node)
{
    const char* type = cmark_node_get_type_string(node);
    return type ? type : "";
}

std::string literal(cmark_node* node)
{
    const char* text = cmark_node_get_literal(node);
    return text ? text : "";
}

// Inline content of a node as plain text (emphasis and links flattened).
std::string inline_text(cmark_node* node, bool color, bool for_terminal)
{
    std::string out;
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
        std::string type = type_of(child);
        if (type == "text" || type == "code" || type == "html_inline") {
            out += literal(child);
        } else if (type == "softbreak" || type == "linebreak") {
            out += type == "linebreak" ? "\n" : " ";
        } else if (type == "strong" || type == "emph") {
            std::string inner = inline_text(child, color, for_terminal);
            out += (color && type == "strong") ? "\033[1m" + inner + "\033[0m" : inner;
        } else if (type == "link") {
            std::string inner = inline_text(child, color, for_terminal);
            std::string url = cmark_node_get_url(child) ? cmark_node_get_url(child) : "";
            out += inner;
            if (for_terminal && !url.empty() && url != inner) {
                if (url.rfind("kb:", 0) == 0)
                    out += " (spravka show " + url.substr(3) + ")";
                else
                    out += " (" + url + ")";
            }
        } else {
            out += inline_text(child, color, for_terminal);
        }
    }
    return out;
}

// Greedy word wrap that counts code points, not bytes, and ignores ANSI escapes.
std::string wrap(const std::string& text, int width, const std::string& first_indent,
                 const std::string& indent)
{
    std::string out;
    std::string line = first_indent;
    size_t line_len = util::display_width(first_indent);
    bool line_has_word = false;
    size_t pos = 0;
    while (pos < text.size()) {
        if (text[pos] == '\n') {
            out += line + "\n";
            line = indent;
            line_len = util::display_width(indent);
            line_has_word = false;
            ++pos;
            continue;
        }
        size_t end = text.find_first_of(" \n", pos);
        if (end == std::string::npos) end = text.size();
        std::string word = text.substr(pos, end - pos);
        size_t word_len = util::display_width(word);
        if (!word.empty()) {
            if (line_has_word && line_len + 1 + word_len > static_cast<size_t>(width)) {
                out += line + "\n";
                line = indent;
                line_len = util::display_width(indent);
                line_has_word = false;
            }
            if (line_has_word) {
                line += ' ';
                ++line_len;
            }
            line += word;
            line_len += word_len;
            line_has_word = true;
        }
        pos = end < text.size() && text[end] == ' ' ? end + 1 : end;
    }
    if (line_has_word) out += line + "\n";
    return out;
}

std::string render_table(cmark_node* table, int width, bool color)
{
    std::vector<std::vector<std::string>> rows;
    for (cmark_node* row = cmark_node_first_child(table); row; row = cmark_node_next(row)) {
        std::vector<std::string> cells;
        for (cmark_node* cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell))
            cells.push_back(inline_text(cell, false, true));
        rows.push_back(std::move(cells));
    }
    size_t columns = 0;
    for (const auto& row : rows) columns = std::max(columns, row.size());
    std::vector<size_t> widths(columns, 0);
    for (const auto& row : rows)
        for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], util::display_width(row[i]));
    size_t total = 0;
    for (auto w : widths) total += w + 3;
    std::string out;
    if (total > static_cast<size_t>(width) + 2) {
        // Too wide for the terminal: print each row as "header: value" lines instead of columns.
        for (size_t r = 1; r < rows.size(); ++r) {
            for (size_t i = 0; i < rows[r].size(); ++i) {
                std::string header = i < rows[0].size() ? rows[0][i] : "";
                out += wrap((header.empty() ? "" : header + ": ") + rows[r][i], width,
                            i == 0 ? "  • " : "    ", "    ");
            }
        }
        return out;
    }
    for (size_t r = 0; r < rows.size(); ++r) {
        std::string line = "  ";
        for (size_t i = 0; i < columns; ++i) {
            std::string cell = i < rows[r].size() ? rows[r][i] : "";
            std::string padded = cell + std::string(widths[i] - util::display_width(cell), ' ');
            if (r == 0 && color) padded = "\033[1m" + padded + "\033[0m";
            line += padded + (i + 1 < columns ? " │ " : "");
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
        if (r == 0) {
            std::string rule = "  ";
            for (size_t i = 0; i < columns; ++i)
                rule += util::repeat("─", widths[i]) + (i + 1 < columns ? "─┼─" : "");
            out += rule + "\n";
        }
    }
    return out;
}

void render_block(cmark_node* node, int width, bool color, const std::string& indent, std::string& out)
{
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
        std::string type = type_of(child);
        if (type == "heading") {
            std::string text = inline_text(child, false, true);
            // Paragraphs and lists already end with a blank line; keep exactly one before a heading.
            if (!out.empty() && !out.ends_with("\n\n")) out += "\n";
            out += color ? "\033[1;36m" + text + "\033[0m\n" : text + "\n";
        } else if (type == "paragraph") {
            out += wrap(inline_text(child, color, true), width, indent, indent);
            if (cmark_node_parent(child) == nullptr || type_of(cmark_node_parent(child)) != "item")
                out += "\n";
        } else if (type == "list") {
            bool ordered = cmark_node_get_list_type(child) == CMARK_ORDERED_LIST;
            int number = cmark_node_get_list_start(child);
            for (cmark_node* item = cmark_node_first_child(child); item; item = cmark_node_next(item)) {
                std::string bullet = ordered ? std::to_string(number++) + ". " : "• ";
                std::string item_out;
                render_block(item, width, color, indent + std::string(util::display_width(bullet), ' '),
                             item_out);
                // Put the bullet in place of the first line's indent.
                size_t skip = indent.size() + util::display_width(bullet);
                if (item_out.size() >= skip) item_out = indent + bullet + item_out.substr(skip);
                out += item_out;
            }
            out += "\n";
        } else if (type == "code_block") {
            std::string code = literal(child);
            size_t start = 0;
            while (start < code.size()) {
                size_t end = code.find('\n', start);
                if (end == std::string::npos) end = code.size();
                out += indent + "    " + code.substr(start, end - start) + "\n";
                start = end + 1;
            }
            out += "\n";
        } else if (type == "block_quote") {
            render_block(child, width - 2, color, indent + "│ ", out);
        } else if (type == "table") {
            out += render_table(child, width, color) + "\n";
        } else if (type == "thematic_break") {
            out += indent + util::repeat("─", static_cast<size_t>(std::min(width, 40))) + "\n\n";
        } else {
            render_block(child, width, color, indent, out);
        }
    }
}

void collect_text(cmark_node* node, std::string& out)
{
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
        std::string type = type_of(child);
        if (type == "paragraph" || type == "heading" || type == "table_cell") {
            out += inline_text(child, false, false);
            out += type == "table_cell" ? " " : "\n";
        } else if (type == "code_block") {
            out += literal(child) + "\n";
        } else {
            collect_text(child, out);
            if (type == "table_row" || type == "item") out += "\n";
        }
    }
}

void collect_links(cmark_node* node, std::vector<std::string>& out)
{
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
        if (type_of(child) == "link") {
            std::string url = cmark_node_get_url(child) ? cmark_node_get_url(child) : "";
            if (url.rfind("kb:", 0) == 0) out.push_back(url.substr(3));
        }
        collect_links(child, out);
    }
}

}  // namespace

std::string render_markdown(std::string_view markdown, int width, bool color)
{
    auto doc = parse_gfm(markdown);
    std::string out;
    render_block(doc.get(), std::max(width, 20), color, "", out);
    while (out.size() >= 2 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') out.pop_back();
    return out;
}

std::string markdown_to_text(std::string_view markdown)
{
    auto doc = parse_gfm(markdown);
    std::string out;
    collect_text(doc.get(), out);
    return out;
}

std::vector<std::string> markdown_kb_links(std::string_view markdown)
{
    auto doc = parse_gfm(markdown);
    std::vector<std::string> links;
    collect_links(doc.get(), links);
    return links;
}

}  // namespace spravka
