/** @file  @brief File helpers: whole-file read, atomic write, advisory lock. */
#include "util/fs.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

namespace spravka::util {

Result<std::string> read_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(Code::Io, path.string() + ": cannot read: " + std::strerror(errno));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return fail(Code::Io, path.string() + ": read failed");
    return buffer.str();
}

Result<void> write_file_atomic(const std::filesystem::path& path, const std::string& data, unsigned mode)
{
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return fail(Code::Io, path.parent_path().string() + ": cannot create folder: " + ec.message());
    std::random_device rd;
    auto tmp = path;
    tmp += ".tmp-" + std::to_string(rd());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode));
    if (fd < 0) return fail(Code::Io, tmp.string() + ": cannot create: " + std::strerror(errno));
    const char* p = data.data();
    size_t left = data.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            return fail(Code::Io, path.string() + ": cannot write: " + std::strerror(err),
                        err == ENOSPC ? "free some disk space and try again" : "");
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        return fail(Code::Io, path.string() + ": cannot write: " + std::strerror(err),
                    err == ENOSPC ? "free some disk space and try again" : "");
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        int err = errno;
        ::unlink(tmp.c_str());
        return fail(Code::Io, path.string() + ": cannot replace: " + std::strerror(err));
    }
    return {};
}

Result<FileLock> FileLock::try_acquire(const std::filesystem::path& lock_file)
{
    std::error_code ec;
    std::filesystem::create_directories(lock_file.parent_path(), ec);
    int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return fail(Code::Io, lock_file.string() + ": cannot open lock: " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return fail(Code::Locked, "another process holds " + lock_file.string());
    }
    return FileLock(fd);
}

FileLock::~FileLock()
{
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace spravka::util
