/** @file  @brief The support token: SPRAVKA_TOKEN or a private credentials file, checked for its mode. */
#include "spravka/credentials.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "util/fs.hpp"

namespace spravka {

std::filesystem::path credentials_file(const Dirs& dirs)
{
    return dirs.config / "credentials";
}

namespace {

std::string trimmed(std::string text)
{
    while (!text.empty() &&
           (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
        text.pop_back();
    size_t start = text.find_first_not_of(" \t");
    return start == std::string::npos ? std::string() : text.substr(start);
}

}  // namespace

Result<std::optional<TokenSource>> load_token(const Dirs& dirs, const Environment& env)
{
    if (auto token = env.get("SPRAVKA_TOKEN"))
        return std::optional<TokenSource>(TokenSource{trimmed(*token), "env SPRAVKA_TOKEN"});
    const auto file = credentials_file(dirs);
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0) {
        if (errno == ENOENT) return std::optional<TokenSource>();
        return fail(Code::Io, file.string() + ": cannot read: " + std::strerror(errno));
    }
    // Like ssh with a private key: a token others can read is refused, not silently used.
    if ((info.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
        return fail(
            Code::ConfigInvalid,
            file.string() + " is accessible by other users (mode " + mode + "); the token in it is not used",
            "run `chmod 600 " + file.string() + "`, or `spravka auth login --with-token` to write it again");
    }
    auto text = util::read_file(file);
    if (!text) return tl::unexpected(text.error());
    std::string token = trimmed(*text);
    if (token.empty()) return std::optional<TokenSource>();
    return std::optional<TokenSource>(TokenSource{token, file.string()});
}

Result<std::filesystem::path> save_token(const Dirs& dirs, const std::string& raw_token)
{
    std::string token = trimmed(raw_token);
    if (token.empty())
        return fail(Code::Usage, "no token on standard input",
                    "pipe it in: `spravka auth login --with-token < token.txt`");
    for (unsigned char c : token)
        if (c < 0x21 || c == 0x7f)
            return fail(Code::Usage, "the token contains spaces or control characters",
                        "paste only the token, on one line");
    const auto file = credentials_file(dirs);
    // Created 0600 from the start: there is never a moment when others could read it.
    if (auto ok = util::write_file_atomic(file, token + "\n", 0600); !ok) return tl::unexpected(ok.error());
    ::chmod(file.c_str(), 0600);
    return file;
}

Result<bool> remove_token(const Dirs& dirs)
{
    const auto file = credentials_file(dirs);
    std::error_code ec;
    bool removed = std::filesystem::remove(file, ec);
    if (ec) return fail(Code::Io, file.string() + ": cannot remove: " + ec.message());
    return removed;
}

}  // namespace spravka
