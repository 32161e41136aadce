/** @file  @brief Small file helpers shared by the library (internal header). */
#pragma once

#include <filesystem>
#include <string>

#include "spravka/error.hpp"

namespace spravka::util {

/// Reads a whole file. Code::Io naming the path on failure.
[[nodiscard]] Result<std::string> read_file(const std::filesystem::path& path);

/// Writes via a temp file in the same folder, fsync, then rename, so readers never see half a file.
/// Creates missing parent folders. A full disk gives Code::Io with "no space left".
[[nodiscard]] Result<void> write_file_atomic(const std::filesystem::path& path, const std::string& data,
                                             unsigned mode = 0644);

/// An exclusive, non-blocking advisory lock held for the object's lifetime (flock on a lock file).
class FileLock {
public:
    /// @return Code::Locked when another process holds it.
    [[nodiscard]] static Result<FileLock> try_acquire(const std::filesystem::path& lock_file);
    FileLock(FileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    FileLock& operator=(FileLock&&) = delete;
    FileLock(const FileLock&) = delete;
    ~FileLock();

private:
    explicit FileLock(int fd) : fd_(fd) {}
    int fd_ = -1;
};

}  // namespace spravka::util
