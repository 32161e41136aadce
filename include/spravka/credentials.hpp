/** @file  @brief The support token: from SPRAVKA_TOKEN or a 0600 credentials file, never from argv. */
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "spravka/environment.hpp"
#include "spravka/error.hpp"

namespace spravka {

/// Where a token was found, without the token itself (for `auth status`).
struct TokenSource {
    std::string token;   ///< the secret: hand it to the backend, never to a printer
    std::string origin;  ///< "env SPRAVKA_TOKEN" or the credentials file path
};

/// $XDG_CONFIG_HOME/spravka/credentials: one line, the token.
std::filesystem::path credentials_file(const Dirs& dirs);

/// SPRAVKA_TOKEN first, else the credentials file.
/// @return nullopt when neither is set; Code::ConfigInvalid when the file can be read or written by
///         others (the message names the file and its mode, the hint gives the chmod), or Code::Io.
[[nodiscard]] Result<std::optional<TokenSource>> load_token(const Dirs& dirs, const Environment& env);

/// Writes the credentials file with mode 0600 (created so, never widened). Code::Usage for an empty
/// token or one with spaces or control characters.
[[nodiscard]] Result<std::filesystem::path> save_token(const Dirs& dirs, const std::string& token);

/// Deletes the credentials file. @return true when there was one.
[[nodiscard]] Result<bool> remove_token(const Dirs& dirs);

}  // namespace spravka
