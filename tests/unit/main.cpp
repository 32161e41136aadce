/** @file  @brief Catch2 main for the library tests. */
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
