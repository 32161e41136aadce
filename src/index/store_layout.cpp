/** @file  @brief Index generations on disk and the stat-only kb manifest. */
#include "index/store_layout.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <random>

#include "spravka/index.hpp"
#include "util/hash.hpp"

namespace spravka {

Result<std::map<std::string, FileStamp>> stamp_kb_files(const std::filesystem::path& kb_dir)
{
    std::error_code ec;
    if (!std::filesystem::is_directory(kb_dir, ec))
        return fail(Code::KbInvalid, "knowledge base folder " + kb_dir.string() + " does not exist",
                    "pass --kb DIR, set SPRAVKA_KB, or `spravka config set kb DIR`");
    std::map<std::string, FileStamp> stamps;
    // Relative paths by slicing the prefix: std::filesystem::relative canonicalises both paths, which
    // cost four readlink(2) calls per file on every ask.
    const std::string prefix = (kb_dir / "").string();
    for (auto it = std::filesystem::recursive_directory_iterator(kb_dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        const auto& path = it->path();
        std::string name = path.filename().string();
        if (it->is_directory()) {
            if (!name.empty() && name.front() == '.') it.disable_recursion_pending();
            continue;
        }
        const std::string& full = path.native();
        std::string relative = full.rfind(prefix, 0) == 0 ? full.substr(prefix.size()) : full;
        bool in_meta = relative.rfind("_meta/", 0) == 0;
        if (!in_meta && (path.extension() != ".md" || it.depth() == 0)) continue;
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) continue;
        stamps[relative] =
            FileStamp{static_cast<uint64_t>(st.st_size),
                      static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
    }
    if (ec) return fail(Code::Io, kb_dir.string() + ": cannot list: " + ec.message());
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
