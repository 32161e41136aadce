/** @file  @brief Wires the ticket service from config, credentials and the environment. */
#include <algorithm>
#include <utility>

#include "spravka/credentials.hpp"
#include "spravka/tickets.hpp"

namespace spravka {

namespace {

const char* const kConfigureHint =
    "configure it once: `spravka config set support.backend spravka|zammad|zendesk`, "
    "`spravka config set support.url https://...`, then `spravka auth login --with-token`";

}  // namespace

Result<TicketService> open_ticket_service(const Dirs& dirs, const Config& config, const Environment& env,
                                          const TicketServiceOptions& service_options)
{
    auto store = Store::open(Store::default_file(dirs));
    if (!store) return tl::unexpected(store.error());

    Error problem;
    std::unique_ptr<HttpTransport> transport;
    std::unique_ptr<SupportBackend> backend;
    const std::string kind_text = config.value("support.backend");
    const std::string url = config.value("support.url");
    auto kind = parse_backend_kind(kind_text);
    if (!kind || url.empty()) {
        problem = Error{Code::Network, "no support service is configured", kConfigureHint};
    } else if (url.rfind("https://", 0) != 0 && url.rfind("http://127.0.0.1", 0) != 0 &&
               url.rfind("http://localhost", 0) != 0) {
        // Plain HTTP would carry the token in clear text; only loopback (tests, local proxies) may.
        return fail(Code::ConfigInvalid, "support.url must start with https:// (it is '" + url + "')",
                    "`spravka config set support.url https://...`");
    } else if (*kind == BackendKind::Zendesk && config.value("support.email").empty()) {
        problem = Error{Code::AuthRequired, "Zendesk needs your e-mail to sign requests",
                        "`spravka config set support.email you@example.ru`"};
    } else {
        auto token = load_token(dirs, env);
        if (!token) return tl::unexpected(token.error());
        if (!*token) {
            problem =
                Error{Code::AuthRequired, "no token for the support service",
                      "run `spravka auth login --with-token` and paste the token (or set SPRAVKA_TOKEN)"};
        } else {
            auto options = TransportOptions::from_environment(env);
            options.ca_file =
                !service_options.ca_file.empty() ? service_options.ca_file : config.value("support.ca_file");
            auto retry = RetryPolicy::from_environment(env);
            if (service_options.quick) {
                options.timeout = std::min(options.timeout, std::chrono::milliseconds(3000));
                options.connect_timeout = std::min(options.connect_timeout, std::chrono::milliseconds(2000));
                retry.max_attempts = 1;
            }
            transport = make_curl_transport(options);
            BackendSettings settings{*kind,
                                     url,
                                     (*token)->token,
                                     config.value("support.name"),
                                     config.value("support.email"),
                                     config.value("support.group")};
            backend = make_backend(settings, *transport, retry, real_sleeper());
        }
    }
    return TicketService(std::move(*store), std::move(transport), std::move(backend), system_clock(),
                         std::move(problem));
}

}  // namespace spravka
