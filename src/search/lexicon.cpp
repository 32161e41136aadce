/** @file  @brief Binary search over the memory-mapped, sorted hashes of Russian word forms. */
#include "search/lexicon.hpp"

#include <cstring>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace spravka::search {

std::shared_ptr<const Lexicon> Lexicon::load(const std::filesystem::path& file)
{
    int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    struct stat st {};
    if (::fstat(fd, &st) != 0 || static_cast<size_t>(st.st_size) < kMagic.size() ||
        (static_cast<size_t>(st.st_size) - kMagic.size()) % 4 != 0) {
        ::close(fd);
        return nullptr;
    }
    void* map = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) return nullptr;
    if (std::memcmp(map, kMagic.data(), kMagic.size()) != 0) {
        ::munmap(map, static_cast<size_t>(st.st_size));
        return nullptr;
    }
    return std::shared_ptr<const Lexicon>(
        new Lexicon(static_cast<const char*>(map), static_cast<size_t>(st.st_size)));
}

std::shared_ptr<const Lexicon> Lexicon::load_default()
{
    for (const char* path : {SPRAVKA_INSTALL_LEXICON, SPRAVKA_BUILD_LEXICON})
        if (auto lexicon = load(path)) return lexicon;
    return nullptr;
}

Lexicon::~Lexicon()
{
    ::munmap(const_cast<char*>(map_), size_);
}

bool Lexicon::contains(std::string_view folded_word) const
{
    const std::uint32_t wanted = hash(folded_word);
    const auto* data = reinterpret_cast<const unsigned char*>(map_ + kMagic.size());
    size_t lo = 0, hi = (size_ - kMagic.size()) / 4;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const unsigned char* p = data + mid * 4;
        std::uint32_t value = static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
                              static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
        if (value == wanted) return true;
        if (value < wanted)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

}  // namespace spravka::search
