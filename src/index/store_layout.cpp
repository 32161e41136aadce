/** @file  @brief Index generations on disk and the stat-only kb manifest. */
#include "index/store_layout.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <random>
#include <string_view>

#include "spravka/index.hpp"
#include "util/hash.hpp"

namespace spravka {

namespace {

struct DirCloser {
    void operator()(DIR* dir) const { ::closedir(dir); }
};

// Walks one folder with openat/readdir/fstatat. This runs on every ask, so it avoids
// std::filesystem's per-entry path objects, which cost more than the stat calls themselves
// (half of an ask at 10 000 articles). `relative` is "" for the kb root, else "section/".
bool walk(int dir_fd, const std::string& relative, int depth, std::map<std::string, FileStamp>& stamps)
{
    int fd = ::openat(dir_fd, relative.empty() ? "." : relative.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return depth > 0;  // an unreadable subfolder is skipped; an unreadable root is an error
    std::unique_ptr<DIR, DirCloser> dir(::fdopendir(fd));
    if (!dir) {
        ::close(fd);
        return false;
    }
    const bool in_meta = relative.rfind("_meta/", 0) == 0;
    while (const dirent* entry = ::readdir(dir.get())) {
        std::string_view name = entry->d_name;
        if (name.empty() || name.front() == '.') continue;  // ., .., and hidden files and folders
        struct stat st {};
        if (::fstatat(::dirfd(dir.get()), entry->d_name, &st, 0) != 0) continue;
        std::string path = relative + std::string(name);
        if (S_ISDIR(st.st_mode)) {
            walk(dir_fd, path + "/", depth + 1, stamps);
            continue;
        }
        if (!S_ISREG(st.st_mode)) continue;
        // Articles are .md files inside a section folder; every file under _meta/ matters too.
        bool article = depth >= 1 && name.size() > 3 && name.substr(name.size() - 3) == ".md";
        if (!article && !in_meta) continue;
        stamps.emplace(std::move(path),
                       FileStamp{static_cast<uint64_t>(st.st_size),
                                 static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec});
    }
    return true;
}

}  // namespace

Result<std::map<std::string, FileStamp>> stamp_kb_files(const std::filesystem::path& kb_dir)
{
    int root = ::open(kb_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root < 0)
        return fail(Code::KbInvalid, "knowledge base folder " + kb_dir.string() + " does not exist",
                    "pass --kb DIR, set SPRAVKA_KB, or `spravka config set kb DIR`");
    std::map<std::string, FileStamp> stamps;
    bool ok = walk(root, "", 0, stamps);
    ::close(root);
    if (!ok) return fail(Code::Io, kb_dir.string() + ": cannot list the folder");
    return stamps;
}

std::string stamps_digest(const std::map<std::string, FileStamp>& stamps, bool with_mtime)
{
    util::Fnv1a hash;
    // The schema is part of what the index depends on: a new spravka rebuilds instead of failing.
    hash.add("schema " + std::to_string(kIndexSchemaVersion));
    for (const auto& [path, stamp] : stamps) {
        hash.add(path);
        hash.add(std::to_string(stamp.size));
        if (with_mtime) hash.add(std::to_string(stamp.mtime_ns));
    }
    return hash.hex() + "-" + std::to_string(stamps.size());
}

std::optional<std::filesystem::path> current_generation(const std::filesystem::path& root)
{
    std::error_code ec;
    auto target = std::filesystem::read_symlink(root / "current", ec);
    if (ec) return std::nullopt;
    auto generation = target.is_absolute() ? target : root / target;
    if (!std::filesystem::is_directory(generation, ec)) return std::nullopt;
    return generation;
}

std::filesystem::path new_generation_path(const std::filesystem::path& root)
{
    std::error_code ec;
    std::filesystem::create_directories(root, ec);
    auto now = std::chrono::system_clock::now().time_since_epoch();
    std::random_device rd;
    return root /
           ("gen-" + std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(now).count()) +
            "-" + std::to_string(rd() % 100000));
}

Result<void> swap_generation(const std::filesystem::path& root, const std::filesystem::path& generation)
{
    auto link_tmp = root / ("current.tmp-" + std::to_string(::getpid()));
    std::error_code ec;
    std::filesystem::remove(link_tmp, ec);
    std::filesystem::create_directory_symlink(generation.filename(), link_tmp, ec);
    if (ec) return fail(Code::Io, "cannot create " + link_tmp.string() + ": " + ec.message());
    if (std::rename(link_tmp.c_str(), (root / "current").c_str()) != 0)
        return fail(Code::Io, "cannot swap the index in " + root.string());
    // Older generations go; a reader that still has one open keeps its files until it closes them.
    for (const auto& entry : std::filesystem::directory_iterator(root, ec)) {
        auto name = entry.path().filename().string();
        if (entry.is_directory() && name.rfind("gen-", 0) == 0 && entry.path() != generation)
            std::filesystem::remove_all(entry.path(), ec);
    }
    return {};
}

}  // namespace spravka
