/** @file  @brief One call to a support API with auth, retries and error mapping (internal to src/support). */
#pragma once

#include <nlohmann/json.hpp>

#include <random>
#include <string>
#include <vector>

#include "spravka/support.hpp"

namespace spravka::detail {

/// Sends requests relative to a base URL with the backend's auth headers, retrying transient
/// failures, and turns HTTP failures into Errors:
/// 401/403 -> Code::AuthRequired, 404 -> Code::NotFound, other 4xx -> Code::Rejected with the
/// service's own message, 5xx/429/transport failures still failing after retries -> Code::Network.
class ApiClient {
public:
    ApiClient(HttpTransport& transport, RetryPolicy retry, Sleeper sleeper, std::string base_url,
              std::vector<HttpHeader> auth_headers, std::string secret);

    /// The request as it would be sent; with `hide_secret`, auth header values read "***".
    HttpRequest build(const std::string& method, const std::string& path, const std::string& body,
                      std::vector<HttpHeader> extra_headers, bool hide_secret = false) const;

    /// @param replay_safe  false for a write the service cannot recognise when repeated (no
    ///        idempotency key): a transport failure (timeout, reset) is then returned at once,
    ///        because the service may have acted; 429 and 5xx answers are still retried.
    [[nodiscard]] Result<HttpResponse> call(const std::string& method, const std::string& path,
                                            const std::string& body = {},
                                            std::vector<HttpHeader> extra_headers = {},
                                            bool replay_safe = true);
    /// `call`, then the body parsed as JSON. Malformed JSON on a 2xx is Code::Network: the service
    /// may have acted, so the item stays queued and the same idempotency key is sent again later.
    [[nodiscard]] Result<nlohmann::json> call_json(const std::string& method, const std::string& path,
                                                   const nlohmann::json& body = nullptr,
                                                   std::vector<HttpHeader> extra_headers = {},
                                                   bool replay_safe = true);

    const std::string& base_url() const { return base_url_; }
    int max_attempts() const { return retry_.max_attempts; }
    /// Waits the backoff before try number `attempt` (for loops above this class).
    void wait_before(int attempt);

private:
    Error scrubbed(Error error) const;
    HttpTransport& transport_;
    RetryPolicy retry_;
    Sleeper sleeper_;
    std::string base_url_;
    std::vector<HttpHeader> auth_headers_;
    std::string secret_;
    std::mt19937 random_{std::random_device{}()};
};

/// The service's human message from an error body, whichever backend's shape it has
/// ({"error":{"message"}}, Zammad's {"error_human"}, Zendesk's {"description","details"}).
std::string service_message(const std::string& body);

/// Reads "2024-05-01T10:00:00Z" (fractions and offsets allowed) as unix seconds; nullopt otherwise.
std::optional<int64_t> parse_iso_time(const std::string& text);
/// A JSON field as text whether the service sent a number or a string; empty when missing/null.
std::string text_field(const nlohmann::json& object, const char* name);
std::optional<int64_t> time_field(const nlohmann::json& object, const char* name);

/// base64 of raw bytes (attachments).
std::string base64_encode(const std::string& data);

}  // namespace spravka::detail
