/** @file  @brief The libcurl HTTP transport: the only file that includes curl.h. */
#include <curl/curl.h>

#include <memory>
#include <string>

#include "spravka/support.hpp"

namespace spravka {

namespace {

struct CurlEasyDeleter {
    void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct CurlListDeleter {
    void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

size_t collect_body(char* data, size_t size, size_t count, void* user)
{
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

size_t collect_header(char* data, size_t size, size_t count, void* user)
{
    std::string_view line(data, size * count);
    auto colon = line.find(':');
    if (colon != std::string_view::npos) {
        auto value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
            value.remove_suffix(1);
        static_cast<std::vector<HttpHeader>*>(user)->push_back(
            HttpHeader{std::string(line.substr(0, colon)), std::string(value)});
    } else if (line.rfind("HTTP/", 0) == 0) {
        // A new status line (after a 100 Continue or a redirect) starts a fresh header block.
        static_cast<std::vector<HttpHeader>*>(user)->clear();
    }
    return size * count;
}

// The host part of a URL for messages: the path and query may carry ids, never credentials, but
// keeping messages to the host is the simplest rule to check.
std::string host_of(const std::string& url)
{
    auto start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    auto end = url.find('/', start);
    return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

class CurlTransport final : public HttpTransport {
public:
    explicit CurlTransport(TransportOptions options) : options_(std::move(options))
    {
        curl_global_init(CURL_GLOBAL_DEFAULT);
    }
    ~CurlTransport() override { curl_global_cleanup(); }
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    Result<HttpResponse> send(const HttpRequest& request) override
    {
        std::unique_ptr<CURL, CurlEasyDeleter> handle(curl_easy_init());
        if (!handle) return fail(Code::Internal, "cannot start an HTTP client (curl_easy_init failed)");
        CURL* curl = handle.get();
        std::unique_ptr<curl_slist, CurlListDeleter> headers;
        for (const auto& header : request.headers) {
            std::string line = header.name + ": " + header.value;
            headers.reset(curl_slist_append(headers.release(), line.c_str()));
        }
        HttpResponse response;
        char error_buffer[CURL_ERROR_SIZE] = {};
        curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        if (request.method != "GET") {
            curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
            curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        } else {
            curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
        }
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
        curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(options_.connect_timeout.count()));
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
        // Verification stays on whatever the environment says; --ca-file only adds trust.
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
        // Redirects would resend the Authorization header to wherever they point: refuse them.
        curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(curl, CURLOPT_USERAGENT, "spravka/" SPRAVKA_VERSION);
        // Proxies: libcurl reads http_proxy, https_proxy, all_proxy and no_proxy itself.

        CURLcode rc = curl_easy_perform(curl);
        if (rc != CURLE_OK) {
            std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc);
            std::string hint;
            if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE ||
                rc == CURLE_SSL_CONNECT_ERROR)
                hint =
                    "the service's TLS certificate was not accepted; pass its CA with --ca-file or "
                    "`spravka config set support.ca_file FILE`";
            Code code = Code::Network;
            if (rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT) code = Code::ConfigInvalid;
            return fail(code, "cannot reach " + host_of(request.url) + ": " + detail, hint);
        }
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        response.status = static_cast<int>(status);
        return response;
    }

private:
    TransportOptions options_;
};

}  // namespace

std::unique_ptr<HttpTransport> make_curl_transport(const TransportOptions& options)
{
    return std::make_unique<CurlTransport>(options);
}

}  // namespace spravka
