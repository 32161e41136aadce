/** @file  @brief The libcurl HTTP transport: the only file that includes curl.h.
 *
 * libcurl is loaded with dlopen on the first request rather than linked: linked, it and its 29
 * dependencies cost every process ~16M instructions of relocation at start-up (a third of an `ask`),
 * though only ticket commands ever talk HTTP. The package depends on libcurl4 explicitly.
 */
#define CURL_DISABLE_TYPECHECK  // calls go through function pointers below
#include <curl/curl.h>
#include <dlfcn.h>

#include <memory>
#include <type_traits>
#include <string>

#include "spravka/support.hpp"

namespace spravka {

namespace {

// The libcurl functions we call, resolved once from libcurl.so.4.
struct CurlApi {
    decltype(&curl_global_init) global_init = nullptr;
    decltype(&curl_global_cleanup) global_cleanup = nullptr;
    decltype(&curl_easy_init) easy_init = nullptr;
    decltype(&curl_easy_cleanup) easy_cleanup = nullptr;
    decltype(&curl_easy_setopt) easy_setopt = nullptr;
    decltype(&curl_easy_perform) easy_perform = nullptr;
    decltype(&curl_easy_getinfo) easy_getinfo = nullptr;
    decltype(&curl_easy_strerror) easy_strerror = nullptr;
    decltype(&curl_slist_append) slist_append = nullptr;
    decltype(&curl_slist_free_all) slist_free_all = nullptr;
    std::string error;  ///< why loading failed; empty when every function resolved

    bool ok() const { return error.empty(); }

    static const CurlApi& get()
    {
        static const CurlApi api = load();
        return api;
    }

private:
    static CurlApi load()
    {
        CurlApi api;
        // The library stays loaded for the life of the process; there is nothing to gain from dlclose.
        void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
        if (lib == nullptr) {
            const char* why = dlerror();
            api.error = why ? why : "libcurl.so.4 not found";
            return api;
        }
        auto bind = [&](auto& fn, const char* name) {
            fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(lib, name));
            if (fn == nullptr && api.error.empty()) api.error = std::string("libcurl lacks ") + name;
        };
        bind(api.global_init, "curl_global_init");
        bind(api.global_cleanup, "curl_global_cleanup");
        bind(api.easy_init, "curl_easy_init");
        bind(api.easy_cleanup, "curl_easy_cleanup");
        bind(api.easy_setopt, "curl_easy_setopt");
        bind(api.easy_perform, "curl_easy_perform");
        bind(api.easy_getinfo, "curl_easy_getinfo");
        bind(api.easy_strerror, "curl_easy_strerror");
        bind(api.slist_append, "curl_slist_append");
        bind(api.slist_free_all, "curl_slist_free_all");
        return api;
    }
};

struct CurlEasyDeleter {
    void operator()(CURL* handle) const { CurlApi::get().easy_cleanup(handle); }
};
struct CurlListDeleter {
    void operator()(curl_slist* list) const { CurlApi::get().slist_free_all(list); }
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
        if (api_.ok()) api_.global_init(CURL_GLOBAL_DEFAULT);
    }
    ~CurlTransport() override
    {
        if (api_.ok()) api_.global_cleanup();
    }
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    Result<HttpResponse> send(const HttpRequest& request) override
    {
        if (!api_.ok())
            // The ticket stays in the outbox; installing the library is all it takes to send it.
            return fail(Code::Network, "cannot load the HTTP library: " + api_.error,
                        "install the libcurl4 package; the ticket waits in the outbox until then");
        const CurlApi& api = api_;
        std::unique_ptr<CURL, CurlEasyDeleter> handle(api.easy_init());
        if (!handle) return fail(Code::Internal, "cannot start an HTTP client (curl_easy_init failed)");
        CURL* curl = handle.get();
        std::unique_ptr<curl_slist, CurlListDeleter> headers;
        for (const auto& header : request.headers) {
            std::string line = header.name + ": " + header.value;
            headers.reset(api.slist_append(headers.release(), line.c_str()));
        }
        HttpResponse response;
        char error_buffer[CURL_ERROR_SIZE] = {};
        api.easy_setopt(curl, CURLOPT_URL, request.url.c_str());
        api.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        if (request.method != "GET") {
            api.easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
            api.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        } else {
            api.easy_setopt(curl, CURLOPT_HTTPGET, 1L);
        }
        api.easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
        api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect_body);
        api.easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
        api.easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_header);
        api.easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
        api.easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
        api.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
        api.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
        api.easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
        // Verification stays on whatever the environment says; --ca-file only adds trust.
        api.easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
        api.easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
        if (!options_.ca_file.empty()) api.easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
        // Redirects would resend the Authorization header to wherever they point: refuse them.
        api.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
        api.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
        api.easy_setopt(curl, CURLOPT_USERAGENT, "spravka/" SPRAVKA_VERSION);
        // Proxies: libcurl reads http_proxy, https_proxy, all_proxy and no_proxy itself.

        CURLcode rc = api.easy_perform(curl);
        if (rc != CURLE_OK) {
            std::string detail = error_buffer[0] != '\0' ? error_buffer : api.easy_strerror(rc);
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
        api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        response.status = static_cast<int>(status);
        return response;
    }

private:
    const CurlApi& api_ = CurlApi::get();
    TransportOptions options_;
};

}  // namespace

std::unique_ptr<HttpTransport> make_curl_transport(const TransportOptions& options)
{
    return std::make_unique<CurlTransport>(options);
}

}  // namespace spravka
