/** @file  @brief Error values returned at the library's edge. */
#pragma once

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace spravka {

/// What went wrong, coarse enough for the CLI to map onto one exit code.
enum class Code {
    Internal,       ///< a bug or an unexpected library failure
    Usage,          ///< the caller passed something invalid (too long, not UTF-8, bad value)
    NotFound,       ///< the named thing (article id, ticket) does not exist
    KbInvalid,      ///< an article or a kb/_meta file is broken
    IndexMissing,   ///< no index yet
    IndexCorrupt,   ///< the index cannot be read
    IndexSchema,    ///< the index was built by another schema version
    Locked,         ///< another process holds a lock (a build, a busy database)
    StateError,     ///< the local SQLite store failed
    ConfigInvalid,  ///< config file or credentials are bad
    Io,             ///< reading or writing a file failed (includes a full disk)
    Network,        ///< transient: connection refused, timeout, 5xx, 429
    AuthRequired,   ///< no token, or the token was refused (401/403)
    Rejected,       ///< the support service refused the request (4xx validation)
    Interrupted,    ///< SIGINT
};

/// An error with a human message and an optional hint on what to do next.
struct Error {
    Code code = Code::Internal;
    std::string message;
    std::string hint;
};

template <class T>
using Result = tl::expected<T, Error>;

/// Shorthand for `return fail(Code::Io, "...")` in functions returning Result<T>.
inline tl::unexpected<Error> fail(Code code, std::string message, std::string hint = {})
{
    return tl::unexpected<Error>(Error{code, std::move(message), std::move(hint)});
}

/// Stable lower-case name of a code, used in JSON error objects ("kb_invalid").
const char* code_name(Code code);

}  // namespace spravka
