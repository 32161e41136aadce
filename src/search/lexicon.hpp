/** @file  @brief Every Russian word form (from Hunspell's ru_RU), as a memory-mapped set of hashes
 * (internal). */
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "util/hash.hpp"

namespace spravka::search {

/// The file is kMagic followed by the sorted, unique hashes of all folded word forms (the low 32 bits
/// of util::Fnv1a, little-endian): 1.19M forms in 4.8 MB. Two words share a hash with odds of about 1 in
/// 3,600 against the whole set, and the cost of such a miss is only a typo left uncorrected. Opening it maps
/// the file; nothing is read.
class Lexicon {
public:
    static constexpr std::string_view kMagic = "SPRAVKA-LEXICON-1\n";

    /// The lexicon next to the installed data, or the one the build made; nullptr when neither exists
    /// (spelling correction then treats every unknown word as a possible typo).
    static std::shared_ptr<const Lexicon> load_default();
    /// nullptr when the file is missing, empty or not a lexicon.
    static std::shared_ptr<const Lexicon> load(const std::filesystem::path& file);
    ~Lexicon();
    Lexicon(const Lexicon&) = delete;
    Lexicon& operator=(const Lexicon&) = delete;

    /// True when `folded_word` (analysis::fold) is a valid Russian word form.
    bool contains(std::string_view folded_word) const;

    static std::uint32_t hash(std::string_view folded_word)
    {
        util::Fnv1a h;
        h.add(folded_word);
        return static_cast<std::uint32_t>(h.value());
    }

private:
    Lexicon(const char* map, size_t size) : map_(map), size_(size) {}
    const char* map_;
    size_t size_;
};

}  // namespace spravka::search
