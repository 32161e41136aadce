/** @file  @brief The set of stems of every Russian word form (from Hunspell's ru_RU), memory-mapped
 * (internal). */
#pragma once

#include <filesystem>
#include <memory>
#include <string_view>

namespace spravka::search {

/// A sorted file of stems, one per line, searched in place. Opening it maps the file; nothing is read.
class Lexicon {
public:
    /// The lexicon next to the installed data, or the one the build made; nullptr when neither exists
    /// (spelling correction then treats every unknown word as a possible typo).
    static std::shared_ptr<const Lexicon> load_default();
    static std::shared_ptr<const Lexicon> load(const std::filesystem::path& file);
    ~Lexicon();
    Lexicon(const Lexicon&) = delete;
    Lexicon& operator=(const Lexicon&) = delete;

    /// True when `stem` is the stem of some valid Russian word form.
    bool contains(std::string_view stem) const;

private:
    Lexicon(const char* data, size_t size) : data_(data), size_(size) {}
    const char* data_;
    size_t size_;
};

}  // namespace spravka::search
