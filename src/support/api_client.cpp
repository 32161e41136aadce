/** @file  @brief Retries with backoff and jitter, Retry-After, HTTP status to Error, JSON at the edge. */
#include "support/api_client.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>
#include <thread>

namespace spravka {

std::optional<std::string> HttpResponse::header(std::string_view name) const
{
    auto same = [](std::string_view a, std::string_view b) {
        return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
                   return std::tolower(static_cast<unsigned char>(x)) ==
                          std::tolower(static_cast<unsigned char>(y));
               });
    };
    for (const auto& h : headers)
        if (same(h.name, name)) return h.value;
    return std::nullopt;
}

namespace {

std::optional<long> env_number(const Environment& env, const char* name)
{
    auto text = env.get(name);
    if (!text) return std::nullopt;
    long value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < 0) return std::nullopt;
    return value;
}

}  // namespace

TransportOptions TransportOptions::from_environment(const Environment& env)
{
    TransportOptions options;
    if (auto ms = env_number(env, "SPRAVKA_TEST_HTTP_TIMEOUT_MS")) {
        options.timeout = std::chrono::milliseconds(*ms);
        options.connect_timeout = std::chrono::milliseconds(*ms);
    }
    return options;
}

RetryPolicy RetryPolicy::from_environment(const Environment& env)
{
    RetryPolicy policy;
    if (auto ms = env_number(env, "SPRAVKA_TEST_RETRY_DELAY_MS"))
        policy.test_cap = std::chrono::milliseconds(*ms);
    return policy;
}

std::chrono::milliseconds RetryPolicy::backoff(int attempt, double unit_random) const
{
    const int doublings = std::clamp(attempt - 2, 0, 20);
    double delay = static_cast<double>(base_delay.count()) * static_cast<double>(1L << doublings);
    // Jitter spreads the retries of many clients after one outage over time.
    delay *= 1.0 + 0.5 * std::clamp(unit_random, 0.0, 1.0);
    return std::min(std::chrono::milliseconds(static_cast<long>(delay)), max_delay);
}

Clock system_clock()
{
    return [] { return static_cast<int64_t>(std::time(nullptr)); };
}

Sleeper real_sleeper()
{
    return [](std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); };
}

const char* backend_kind_name(BackendKind kind)
{
    switch (kind) {
        case BackendKind::Spravka: return "spravka";
        case BackendKind::Zammad: return "zammad";
        case BackendKind::Zendesk: return "zendesk";
    }
    return "spravka";
}

std::optional<BackendKind> parse_backend_kind(std::string_view text)
{
    for (auto kind : {BackendKind::Spravka, BackendKind::Zammad, BackendKind::Zendesk})
        if (text == backend_kind_name(kind)) return kind;
    return std::nullopt;
}

const char* grade_name(Grade grade)
{
    switch (grade) {
        case Grade::Excellent: return "отлично";
        case Grade::Good: return "хорошо";
        case Grade::Bad: return "плохо";
    }
    return "хорошо";
}

const char* grade_api_name(Grade grade)
{
    switch (grade) {
        case Grade::Excellent: return "excellent";
        case Grade::Good: return "good";
        case Grade::Bad: return "bad";
    }
    return "good";
}

std::optional<Grade> parse_grade(std::string_view text)
{
    for (auto grade : {Grade::Excellent, Grade::Good, Grade::Bad})
        if (text == grade_name(grade) || text == grade_api_name(grade)) return grade;
    return std::nullopt;
}

}  // namespace spravka

namespace spravka::detail {

using nlohmann::json;

ApiClient::ApiClient(HttpTransport& transport, RetryPolicy retry, Sleeper sleeper, std::string base_url,
                     std::vector<HttpHeader> auth_headers, std::string secret)
    : transport_(transport),
      retry_(retry),
      sleeper_(std::move(sleeper)),
      base_url_(std::move(base_url)),
      auth_headers_(std::move(auth_headers)),
      secret_(std::move(secret))
{
    while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

HttpRequest ApiClient::build(const std::string& method, const std::string& path, const std::string& body,
                             std::vector<HttpHeader> extra_headers, bool hide_secret) const
{
    HttpRequest request{method, base_url_ + path, {}, body};
    for (const auto& header : auth_headers_)
        request.headers.push_back({header.name, hide_secret ? std::string("***") : header.value});
    request.headers.push_back({"Accept", "application/json"});
    const bool own_type = std::any_of(extra_headers.begin(), extra_headers.end(),
                                      [](const HttpHeader& h) { return h.name == "Content-Type"; });
    if (!body.empty() && !own_type)
        request.headers.push_back({"Content-Type", "application/json; charset=utf-8"});
    for (auto& header : extra_headers) request.headers.push_back(std::move(header));
    return request;
}

Error ApiClient::scrubbed(Error error) const
{
    // Belt and braces: no message we build holds the token, but a service could echo it back.
    for (std::string* text : {&error.message, &error.hint}) {
        if (secret_.empty()) break;
        for (auto at = text->find(secret_); at != std::string::npos; at = text->find(secret_))
            text->replace(at, secret_.size(), "***");
    }
    return error;
}

namespace {

// Retry-After is either delta-seconds or an HTTP-date; services answering 429 use seconds.
std::optional<std::chrono::milliseconds> retry_after(const HttpResponse& response)
{
    auto value = response.header("Retry-After");
    if (!value) return std::nullopt;
    long seconds = 0;
    auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
    if (ec != std::errc() || end != value->data() + value->size() || seconds < 0) return std::nullopt;
    return std::chrono::milliseconds(seconds * 1000);
}

bool is_transient(int status)
{
    return status == 429 || status == 408 || status >= 500;
}

}  // namespace

void ApiClient::wait_before(int attempt)
{
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto wait = retry_.backoff(attempt, unit(random_));
    if (retry_.test_cap) wait = std::min(wait, *retry_.test_cap);
    sleeper_(wait);
}

Result<HttpResponse> ApiClient::call(const std::string& method, const std::string& path,
                                     const std::string& body, std::vector<HttpHeader> extra_headers,
                                     bool replay_safe)
{
    const HttpRequest request = build(method, path, body, std::move(extra_headers));
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    Error last;
    for (int attempt = 1; attempt <= retry_.max_attempts; ++attempt) {
        std::optional<std::chrono::milliseconds> server_wait;
        auto response = transport_.send(request);
        if (!response) {
            if (response.error().code != Code::Network || !replay_safe)
                return tl::unexpected(scrubbed(response.error()));
            last = response.error();
        } else if (response->status >= 200 && response->status < 300) {
            return response;
        } else if (response->status == 401 || response->status == 403) {
            return tl::unexpected(scrubbed(Error{
                Code::AuthRequired,
                "the support service refused the token (HTTP " + std::to_string(response->status) + ")" +
                    (service_message(response->body).empty() ? "" : ": " + service_message(response->body)),
                "run `spravka auth login --with-token` and paste a valid token (or set SPRAVKA_TOKEN)"}));
        } else if (!is_transient(response->status)) {
            std::string message = service_message(response->body);
            if (message.empty()) message = "HTTP " + std::to_string(response->status);
            if (response->status == 404)
                return tl::unexpected(scrubbed(Error{Code::NotFound, "the support service says: " + message,
                                                     "check `spravka config get support.url`"}));
            return tl::unexpected(
                scrubbed(Error{Code::Rejected, "the support service refused the request: " + message, ""}));
        } else {
            last = Error{Code::Network,
                         "the support service is unavailable (HTTP " + std::to_string(response->status) + ")",
                         ""};
            server_wait = retry_after(*response);
            if (server_wait && *server_wait > retry_.max_retry_after) {
                // Waiting minutes inside a command helps nobody: leave it queued for `ticket sync`.
                last.message += "; it asks to wait " + std::to_string(server_wait->count() / 1000) + " s";
                break;
            }
        }
        if (attempt == retry_.max_attempts) break;
        auto wait = server_wait ? *server_wait : retry_.backoff(attempt + 1, unit(random_));
        if (retry_.test_cap) wait = std::min(wait, *retry_.test_cap);
        sleeper_(wait);
    }
    return tl::unexpected(scrubbed(last));
}

Result<json> ApiClient::call_json(const std::string& method, const std::string& path, const json& body,
                                  std::vector<HttpHeader> extra_headers, bool replay_safe)
{
    std::string text =
        body.is_null() ? std::string() : body.dump(-1, ' ', false, json::error_handler_t::replace);
    auto response = call(method, path, text, std::move(extra_headers), replay_safe);
    if (!response) return tl::unexpected(response.error());
    if (response->body.empty()) return json::object();
    try {
        return json::parse(response->body);
    } catch (const json::exception&) {
        return fail(Code::Network,
                    "the support service answered with malformed JSON (HTTP " +
                        std::to_string(response->status) + ")",
                    "it may be mid-update; `spravka ticket sync` will try again with the same key");
    }
}

std::string service_message(const std::string& body)
{
    try {
        auto doc = json::parse(body);
        if (!doc.is_object()) return {};
        if (doc.contains("error") && doc["error"].is_object()) {
            const auto& error = doc["error"];
            std::string message = text_field(error, "message");
            if (error.contains("details") && error["details"].is_array())
                for (const auto& detail : error["details"])
                    if (detail.is_object())
                        message += "; " + text_field(detail, "field") + ": " + text_field(detail, "message");
            return message;
        }
        if (doc.contains("error_human")) return text_field(doc, "error_human");
        if (doc.contains("description")) {
            std::string message = text_field(doc, "description");
            if (doc.contains("details") && doc["details"].is_object())
                for (const auto& [field, problems] : doc["details"].items())
                    if (problems.is_array())
                        for (const auto& problem : problems)
                            if (problem.is_object())
                                message += "; " + field + ": " + text_field(problem, "description");
            return message;
        }
        if (doc.contains("error")) return text_field(doc, "error");
    } catch (const json::exception&) {
    }
    return {};
}

std::string text_field(const json& object, const char* name)
{
    if (!object.is_object() || !object.contains(name)) return {};
    const auto& value = object[name];
    if (value.is_string()) return value.get<std::string>();
    if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    return {};
}

std::optional<int64_t> parse_iso_time(const std::string& text)
{
    std::tm tm{};
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &year, &month, &day, &hour, &minute, &second) !=
        6)
        return std::nullopt;
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    int64_t seconds = static_cast<int64_t>(timegm(&tm));
    // An explicit offset after the seconds (and optional fraction): +03:00 means 3 h ahead of UTC.
    auto tail = text.find_first_of("+-Z", 19);
    if (tail != std::string::npos && text[tail] != 'Z') {
        int oh = 0, om = 0;
        if (std::sscanf(text.c_str() + tail + 1, "%2d:%2d", &oh, &om) == 2)
            seconds -= (text[tail] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    }
    return seconds;
}

std::optional<int64_t> time_field(const json& object, const char* name)
{
    std::string text = text_field(object, name);
    if (text.empty()) return std::nullopt;
    return parse_iso_time(text);
}

std::string base64_encode(const std::string& data)
{
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < data.size(); i += 3) {
        uint32_t n = (static_cast<uint8_t>(data[i]) << 16) | (static_cast<uint8_t>(data[i + 1]) << 8) |
                     static_cast<uint8_t>(data[i + 2]);
        for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
    }
    if (i < data.size()) {
        uint32_t n = static_cast<uint8_t>(data[i]) << 16;
        if (i + 1 < data.size()) n |= static_cast<uint8_t>(data[i + 1]) << 8;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += i + 1 < data.size() ? kAlphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

}  // namespace spravka::detail
