/** @file  @brief Binary search over a memory-mapped, sorted list of stems. */
#include "search/lexicon.hpp"

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
    if (::fstat(fd, &st) != 0 || st.st_size == 0) {
        ::close(fd);
        return nullptr;
    }
    void* map = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map == MAP_FAILED) return nullptr;
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
    ::munmap(const_cast<char*>(data_), size_);
}

bool Lexicon::contains(std::string_view stem) const
{
    // Lines are sorted bytewise; bisect on byte offsets, snapping each probe to its line start.
    size_t lo = 0, hi = size_;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        size_t start = mid;
        while (start > lo && data_[start - 1] != '\n') --start;
        size_t end = start;
        while (end < size_ && data_[end] != '\n') ++end;
        std::string_view line(data_ + start, end - start);
        if (line == stem) return true;
        if (line < stem)
            lo = end + 1;
        else
            hi = start;
    }
    return false;
}

}  // namespace spravka::search
