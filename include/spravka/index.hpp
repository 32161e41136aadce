/** @file  @brief Building the Xapian index from a kb/ folder, and finding an up-to-date one. */
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <functional>
#include <string>
#include <vector>

#include "spravka/article.hpp"
#include "spravka/error.hpp"
#include "spravka/knowledge_base.hpp"

namespace spravka {

/// The schema the index is written with; a different one on disk means "rebuild".
inline constexpr int kIndexSchemaVersion = 22;

struct BuildOptions {
    bool force = false;  ///< Default: false. Rebuild even when the manifest says nothing changed.
    /// Default: none. Called with (done, total) while indexing; the CLI draws progress on a terminal.
    std::function<void(std::size_t, std::size_t)> progress;
};

struct BuildReport {
    std::size_t indexed = 0;              ///< published articles now in the index
    std::size_t changed = 0;              ///< of those, how many were (re)written this time
    std::size_t removed = 0;              ///< articles dropped since the previous build
    std::size_t out_of_scope_topics = 0;  ///< topics from _meta/out-of-scope.yaml in the index
    std::vector<std::pair<std::string, std::string>> skipped;  ///< (id, why): draft, archived
    std::vector<Diagnostic> rejected;                          ///< broken files, not indexed
    bool up_to_date = false;                                   ///< nothing to do: the manifest matched
    std::string kb_version;
    std::filesystem::path index_dir;
    double seconds = 0;
};

/// Builds or updates the index for `kb_dir` under `cache_dir` atomically: a new generation is built
/// aside (copying the current one and rewriting only changed articles), then swapped in with one
/// rename, so readers never see half an index. A second concurrent build fails with Code::Locked.
[[nodiscard]] Result<BuildReport> build_index(const std::filesystem::path& kb_dir,
                                              const std::filesystem::path& cache_dir,
                                              const BuildOptions& options = {});

/// An index ready to open.
struct IndexHandle {
    std::filesystem::path dir;
    bool read_only = false;  ///< true for an installed, prebuilt index
    bool rebuilt = false;    ///< true when this call had to (re)build it
    /// Set when the kb changed but could not be rebuilt (a broken _meta file, a full disk): `dir` is
    /// then the previous index, so people keep getting answers while staff fix the kb.
    std::optional<Error> stale;
};

/// Finds the index for `kb_dir`: an installed prebuilt index whose manifest matches, else the one
/// under `cache_dir`, rebuilding it when the kb changed. Change detection stats files (size, mtime)
/// against the manifest; it never re-reads articles.
[[nodiscard]] Result<IndexHandle> ensure_index(const std::filesystem::path& kb_dir,
                                               const std::filesystem::path& cache_dir);

/// The folder under `cache_dir` that holds the index of `kb_dir` (one per kb path).
std::filesystem::path index_root_for(const std::filesystem::path& kb_dir,
                                     const std::filesystem::path& cache_dir);

}  // namespace spravka
