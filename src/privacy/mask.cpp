/** @file  @brief Personal-data masking by scanning digit runs and e-mail shapes. */
#include "spravka/privacy.hpp"

#include <algorithm>
#include <cctype>

namespace spravka {

namespace {

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}
bool is_email_char(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '%' || c == '+' ||
           c == '-';
}

bool luhn_ok(const std::string& digits)
{
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int d = *it - '0';
        if (twice) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

// A "run" is digits joined by single spaces, dashes, dots or brackets: how people type numbers.
struct Run {
    size_t begin = 0, end = 0;
    std::string digits;
    std::vector<size_t> group_sizes;
    bool plus = false;
};

Run scan_run(std::string_view s, size_t pos)
{
    Run run;
    run.begin = pos;
    if (s[pos] == '+') {
        run.plus = true;
        ++pos;
    }
    size_t group = 0;
    size_t last_digit_end = pos;
    while (pos < s.size()) {
        char c = s[pos];
        if (is_digit(c)) {
            run.digits += c;
            ++group;
            ++pos;
            last_digit_end = pos;
        } else if ((c == ' ' || c == '-' || c == '(' || c == ')' || c == '.') && pos + 1 < s.size() &&
                   (is_digit(s[pos + 1]) || (s[pos + 1] == '(' || s[pos + 1] == ' '))) {
            if (group > 0) run.group_sizes.push_back(group);
            group = 0;
            ++pos;
        } else {
            break;
        }
    }
    if (group > 0) run.group_sizes.push_back(group);
    run.end = last_digit_end;
    return run;
}

std::string lower_ascii_window(std::string_view s, size_t end, size_t width)
{
    size_t begin = end > width ? end - width : 0;
    return std::string(s.substr(begin, end - begin));
}

bool passport_context(std::string_view s, size_t begin)
{
    std::string before = lower_ascii_window(s, begin, 40);
    for (const char* word : {"паспорт", "Паспорт", "ПАСПОРТ", "серия", "Серия", "серии"})
        if (before.find(word) != std::string::npos) return true;
    return false;
}

}  // namespace

const char* personal_data_name(PersonalData kind)
{
    switch (kind) {
        case PersonalData::CardNumber: return "номер карты";
        case PersonalData::Passport: return "паспортные данные";
        case PersonalData::Phone: return "номер телефона";
        case PersonalData::Email: return "адрес почты";
    }
    return "личные данные";
}

Masked mask_personal_data(std::string_view s, MaskPolicy policy)
{
    Masked out;
    out.text.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        bool starts_run = is_digit(c) || (c == '+' && i + 1 < s.size() && is_digit(s[i + 1]));
        bool after_alnum = i > 0 && (std::isalnum(static_cast<unsigned char>(s[i - 1])) != 0);
        if (starts_run && !after_alnum) {
            Run run = scan_run(s, i);
            const auto n = run.digits.size();
            // Luhn catches contiguous numbers; a 4-4-4-4 grouping is a card even with a typo in it.
            bool grouped_like_card = run.group_sizes.size() >= 4 && run.group_sizes[0] == 4 &&
                                     run.group_sizes[1] == 4 && run.group_sizes[2] == 4;
            bool card =
                policy.card && n >= 13 && n <= 19 && !run.plus && (luhn_ok(run.digits) || grouped_like_card);
            bool passport_shape = n == 10 && !run.plus &&
                                  ((run.group_sizes == std::vector<size_t>{4, 6}) ||
                                   (run.group_sizes == std::vector<size_t>{2, 2, 6}) ||
                                   (run.group_sizes.size() == 1 && passport_context(s, run.begin)));
            bool phone = policy.phone && ((n == 11 && (run.digits[0] == '7' || run.digits[0] == '8')) ||
                                          (n == 10 && run.digits[0] == '9' && run.group_sizes.size() > 1));
            if (card) {
                out.text += "[карта •••• " + run.digits.substr(n - 4) + "]";
                out.found.push_back(PersonalData::CardNumber);
            } else if (policy.passport && passport_shape) {
                out.text += "[паспорт]";
                out.found.push_back(PersonalData::Passport);
            } else if (phone) {
                out.text += "[телефон]";
                out.found.push_back(PersonalData::Phone);
            } else {
                out.text.append(s.substr(run.begin, run.end - run.begin));
            }
            i = run.end;
            continue;
        }
        if (c == '@' && policy.email) {
            // Walk back over the local part already copied and forward over the domain.
            size_t local = out.text.size();
            while (local > 0 && is_email_char(out.text[local - 1])) --local;
            size_t domain_end = i + 1;
            while (domain_end < s.size() && is_email_char(s[domain_end])) ++domain_end;
            std::string_view domain = s.substr(i + 1, domain_end - i - 1);
            while (!domain.empty() && (domain.back() == '.' || domain.back() == '-')) {
                domain.remove_suffix(1);
                --domain_end;
            }
            if (local < out.text.size() && domain.find('.') != std::string_view::npos &&
                domain.front() != '.') {
                out.text.resize(local);
                out.text += "[почта]";
                out.found.push_back(PersonalData::Email);
                i = domain_end;
                continue;
            }
        }
        out.text += c;
        ++i;
    }
    return out;
}

}  // namespace spravka
