/** @file  @brief JSON output helpers for the history commands: field order, nulls, no throw on bad UTF-8. */
#pragma once

#include <cstdio>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace spravka::cli {

/// ordered_json keeps "schema_version" first and fields in the documented order.
using OrderedJson = nlohmann::ordered_json;

template <class T>
OrderedJson or_null(const std::optional<T>& value)
{
    return value ? OrderedJson(*value) : OrderedJson(nullptr);
}

/// Pretty-printed; invalid UTF-8 is replaced rather than thrown on.
inline std::string dump_json(const OrderedJson& document)
{
    return document.dump(2, ' ', false, OrderedJson::error_handler_t::replace);
}

/// A share or score for CSV: four decimals, a dot whatever the locale.
inline std::string decimal4(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4f", value);
    return buffer;
}

}  // namespace spravka::cli
