/** @file  @brief Reading fixture and temp files in tests (tests only). */
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace spravka::test {

/// The whole file as bytes; fails the test when it cannot be opened.
inline std::string read_text(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace spravka::test
