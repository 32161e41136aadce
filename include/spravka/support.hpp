/** @file  @brief Talking to a support service: the HTTP seam, retries, and one interface over every backend.
 */
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spravka/environment.hpp"
#include "spravka/error.hpp"

namespace spravka {

// ---- HTTP seam ---------------------------------------------------------------------------------

struct HttpHeader {
    std::string name;
    std::string value;
};

struct HttpRequest {
    std::string method;  ///< "GET", "POST", "PUT"
    std::string url;     ///< absolute
    std::vector<HttpHeader> headers;
    std::string body;
};

struct HttpResponse {
    int status = 0;
    std::vector<HttpHeader> headers;
    std::string body;

    /// The first header called `name` (case-insensitive), or nullopt.
    std::optional<std::string> header(std::string_view name) const;
};

/// Sends one HTTP request. The only implementation that touches the network is the curl one; unit
/// tests pass a fake that fails the test when a canned response goes unused.
class HttpTransport {
public:
    virtual ~HttpTransport() = default;
    /// Any HTTP status is a success here. @return Code::Network for connection refused, a timeout, a
    /// DNS or TLS failure; the message names the host, never a header value.
    [[nodiscard]] virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

struct TransportOptions {
    std::string ca_file;  ///< Default: empty (system CAs). Extra CA bundle; verification is never off.
    std::chrono::milliseconds connect_timeout{5000};  ///< Default: 5 s.
    std::chrono::milliseconds timeout{20000};         ///< Default: 20 s for the whole request.

    /// The defaults, with SPRAVKA_TEST_HTTP_TIMEOUT_MS (tests only) shortening both timeouts.
    static TransportOptions from_environment(const Environment& env);
};

/// libcurl transport: TLS verification on, proxy variables (https_proxy, no_proxy...) honoured.
std::unique_ptr<HttpTransport> make_curl_transport(const TransportOptions& options);

// ---- time and retries --------------------------------------------------------------------------

/// Current time as unix seconds. Injected so tests control "now".
using Clock = std::function<int64_t()>;
/// Waits between attempts. Injected so tests never really sleep.
using Sleeper = std::function<void(std::chrono::milliseconds)>;
Clock system_clock();
Sleeper real_sleeper();

/// How transient failures (connection refused, timeout, 5xx, 429) are retried within one run.
struct RetryPolicy {
    int max_attempts = 4;                       ///< Default: 4 tries in all.
    std::chrono::milliseconds base_delay{500};  ///< Default: 0.5 s, doubled each time, with jitter.
    std::chrono::milliseconds max_delay{8000};  ///< Default: 8 s. The longest backoff wait.
    /// Default: 30 s. A 429 asking to wait longer ends the run at once and leaves the item queued
    /// for `ticket sync`; a shorter Retry-After is waited exactly.
    std::chrono::milliseconds max_retry_after{30000};
    /// Default: none. Cuts every actual wait to this; set only by SPRAVKA_TEST_RETRY_DELAY_MS so
    /// end-to-end tests exercise the same decisions without sleeping.
    std::optional<std::chrono::milliseconds> test_cap;

    /// The defaults, with SPRAVKA_TEST_RETRY_DELAY_MS (tests only) setting `test_cap`.
    static RetryPolicy from_environment(const Environment& env);
    /// The wait before try number `attempt` (1-based, >= 2): base * 2^(attempt-2), plus up to 50%
    /// jitter from `unit_random` in [0, 1), capped at max_delay.
    std::chrono::milliseconds backoff(int attempt, double unit_random) const;
};

// ---- what a ticket is ----------------------------------------------------------------------------

enum class BackendKind { Spravka, Zammad, Zendesk };
const char* backend_kind_name(BackendKind kind);  ///< "spravka", "zammad", "zendesk"
std::optional<BackendKind> parse_backend_kind(std::string_view text);

/// The three grades support already uses.
enum class Grade { Excellent, Good, Bad };
const char* grade_name(Grade grade);      ///< "отлично", "хорошо", "плохо"
const char* grade_api_name(Grade grade);  ///< "excellent", "good", "bad"
/// Accepts the Russian words and the API names.
std::optional<Grade> parse_grade(std::string_view text);

/// An article the person already saw, with their vote on it (+1 helped, -1 did not, 0 none).
struct ShownArticle {
    std::string id;
    std::string kb_version;
    int vote = 0;
};

struct Attachment {
    std::string filename;
    std::string content_type;
    std::string data;  ///< raw bytes
};

/// Longest attachment accepted, per file. Zammad's and Zendesk's own limits are higher.
inline constexpr std::size_t kMaxAttachmentBytes = 10 * 1024 * 1024;

/// A ticket as spravka sends it: the request plus everything support would otherwise ask for.
struct NewTicket {
    std::string subject;
    std::string message;
    std::string role;            ///< "contractor", "company" or empty when unknown
    bool urgent = false;         ///< the night-time emergency button: high priority
    std::string callback_phone;  ///< the person prefers a call; empty otherwise
    std::string requester_name;
    std::string requester_email;
    std::string question;    ///< the original `ask` question, or empty
    std::string ask_status;  ///< "no_answer", "handoff", "not_helpful" or empty
    std::vector<ShownArticle> articles;
    std::string app_version;
    std::string kb_version;
    std::string locale;
    std::vector<Attachment> attachments;
};

/// A ticket as the service reports it.
struct RemoteTicket {
    std::string id;      ///< the id used in API paths
    std::string number;  ///< what support calls it (Zammad's number), else the id
    std::string status;  ///< the service's word: new, open, pending, solved, closed...
    std::string subject;
    int64_t created_at = 0;
    int64_t updated_at = 0;
    std::optional<int64_t> first_response_at;
    std::optional<int64_t> reply_due_at;  ///< when support promises a first reply, when it says
};

struct RemoteMessage {
    std::string id;
    bool from_support = false;
    std::string author;
    std::string body;
    int64_t created_at = 0;
};

struct BackendSettings {
    BackendKind kind = BackendKind::Spravka;
    std::string base_url;  ///< https://support.example.ru (no trailing /api/...)
    std::string token;     ///< never printed or logged
    std::string requester_name;
    std::string requester_email;  ///< Zendesk needs it for `{email}/token:{token}`
    std::string group = "Users";  ///< Zammad group
};

/// One support service. Every call goes through the retry policy; errors are
/// Code::Network (transient, still failing after retries), Code::AuthRequired (401/403),
/// Code::Rejected (other 4xx, with the service's own message) or Code::NotFound.
class SupportBackend {
public:
    virtual ~SupportBackend() = default;
    virtual BackendKind kind() const = 0;

    /// The first request `create_ticket` sends, for --dry-run. The token is shown as "***".
    virtual HttpRequest preview_create(const NewTicket& ticket, const std::string& idempotency_key) const = 0;
    /// Creates the ticket. `may_exist` is true when an earlier attempt may have reached the service;
    /// backends without idempotency keys then look for the ticket first.
    [[nodiscard]] virtual Result<RemoteTicket> create_ticket(const NewTicket& ticket,
                                                             const std::string& idempotency_key,
                                                             bool may_exist) = 0;
    [[nodiscard]] virtual Result<RemoteTicket> get_ticket(const std::string& remote_id) = 0;
    /// The person's tickets, as the service sees them.
    [[nodiscard]] virtual Result<std::vector<RemoteTicket>> list_tickets() = 0;
    /// The public conversation, oldest first.
    [[nodiscard]] virtual Result<std::vector<RemoteMessage>> messages(const std::string& remote_id) = 0;
    /// Adds the person's reply. `may_exist` as for create_ticket.
    [[nodiscard]] virtual Result<void> add_message(const std::string& remote_id, const std::string& body,
                                                   const std::string& idempotency_key, bool may_exist) = 0;
    [[nodiscard]] virtual Result<void> rate(const std::string& remote_id, Grade grade,
                                            const std::string& comment,
                                            const std::string& idempotency_key) = 0;
};

/// Builds the backend for `settings`. `transport` must outlive it.
std::unique_ptr<SupportBackend> make_backend(const BackendSettings& settings, HttpTransport& transport,
                                             const RetryPolicy& retry, Sleeper sleeper);

/// The ticket as one plain-text message for services without fields for our context (Zammad,
/// Zendesk): the person's text, then the question, the articles shown and votes, role and versions.
std::string ticket_text_with_context(const NewTicket& ticket, const std::string& idempotency_key);

}  // namespace spravka
