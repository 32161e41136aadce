/** @file  @brief The process environment and data directories, passed in rather than read globally. */
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace spravka {

/// A snapshot of environment variables. Tests build one by hand; the CLI takes the process's.
class Environment {
public:
    Environment() = default;
    explicit Environment(std::map<std::string, std::string> vars) : vars_(std::move(vars)) {}

    /// A copy of the current process environment.
    static Environment from_process();

    /// @return the variable's value, or nullopt when unset or empty.
    std::optional<std::string> get(const std::string& name) const;
    void set(const std::string& name, std::string value) { vars_[name] = std::move(value); }

private:
    std::map<std::string, std::string> vars_;
};

/// Where spravka keeps its files, following the XDG base directory spec.
struct Dirs {
    std::filesystem::path config;  ///< $XDG_CONFIG_HOME/spravka (config.yaml, credentials)
    std::filesystem::path cache;   ///< $XDG_CACHE_HOME/spravka (the index)
    std::filesystem::path state;   ///< $XDG_STATE_HOME/spravka (SQLite store)

    /// Resolves the three folders from XDG_* variables, falling back to $HOME.
    static Dirs from_environment(const Environment& env);
};

}  // namespace spravka
