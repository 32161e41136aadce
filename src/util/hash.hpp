/** @file  @brief FNV-1a 64-bit: a fast content fingerprint, not for security (internal header). */
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace spravka::util {

class Fnv1a {
public:
    void add(std::string_view data)
    {
        for (unsigned char c : data) {
            state_ ^= c;
            state_ *= 1099511628211ULL;
        }
        // A separator so ("ab","c") and ("a","bc") differ.
        state_ ^= 0xff;
        state_ *= 1099511628211ULL;
    }
    uint64_t value() const { return state_; }
    std::string hex() const
    {
        char buffer[17];
        std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(state_));
        return buffer;
    }

private:
    uint64_t state_ = 14695981039346656037ULL;
};

}  // namespace spravka::util
