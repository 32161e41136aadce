/** @file  @brief On-disk layout of index generations and the kb file manifest (internal header).
 *
 * <cache>/index/<kb-hash>/current  -> symlink to gen-<n>
 * <cache>/index/<kb-hash>/gen-<n>/ -> a Xapian database plus manifest.json
 * Swapping `current` is one rename(2) of a new symlink over the old, so a reader opens either
 * the old generation or the new one, never half of one.
 */
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

#include "spravka/error.hpp"

namespace spravka {

struct FileStamp {
    uint64_t size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
};

/// Size and mtime of every .md article and every _meta file under `kb_dir`, keyed by relative path.
/// Only stat(2), never a read: this is what `ask` runs on every start.
[[nodiscard]] Result<std::map<std::string, FileStamp>> stamp_kb_files(const std::filesystem::path& kb_dir);

/// One line that changes when any stamp does: what `ask` compares, instead of parsing a manifest
/// that grows with the kb. `with_mtime` false gives the size-only digest used for an installed index
/// (installation may not keep mtimes; nobody edits an installed kb in place).
std::string stamps_digest(const std::map<std::string, FileStamp>& stamps, bool with_mtime);

/// The file in each generation that holds "<full digest>\n<size-only digest>\n".
inline constexpr const char* kDigestFile = "stamps.digest";

std::optional<std::filesystem::path> current_generation(const std::filesystem::path& root);
std::filesystem::path new_generation_path(const std::filesystem::path& root);
/// Points `current` at `generation` atomically and removes older generations.
[[nodiscard]] Result<void> swap_generation(const std::filesystem::path& root,
                                           const std::filesystem::path& generation);

}  // namespace spravka
