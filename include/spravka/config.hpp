/** @file  @brief The user's config file ($XDG_CONFIG_HOME/spravka/config.yaml), each value with its origin.
 */
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "spravka/environment.hpp"
#include "spravka/error.hpp"

namespace spravka {

/// One key the config understands. The table of them is `Config::keys()`.
struct ConfigKey {
    std::string name;                  ///< dotted name, e.g. "support.backend"
    std::string default_value;         ///< empty when there is no default
    std::string env_var;               ///< environment variable that overrides it, or empty
    std::vector<std::string> allowed;  ///< allowed values; empty means free text
    std::string description;
};

/// A resolved value and where it came from: "default", "env SPRAVKA_KB",
/// "/home/u/.config/spravka/config.yaml:3".
struct ConfigValue {
    std::string value;
    std::string origin;
};

class Config {
public:
    /// Every key spravka reads. Unknown keys in the file are reported by `load`.
    static const std::vector<ConfigKey>& keys();

    /// Reads the file if it exists (a missing file is not an error).
    /// @return Code::ConfigInvalid naming the file, line and key for bad YAML or a bad value.
    [[nodiscard]] static Result<Config> load(const Dirs& dirs, const Environment& env);

    /// @return the resolved value (env over file over default), or nullopt when none is set.
    std::optional<ConfigValue> get(const std::string& key) const;
    /// The value, or an empty string.
    std::string value(const std::string& key) const;

    /// Validates and writes one key to the file atomically. Code::Usage for an unknown key or value.
    [[nodiscard]] Result<void> set(const std::string& key, const std::string& value);

    const std::filesystem::path& file() const { return file_; }

private:
    std::filesystem::path file_;
    Environment env_;
    std::vector<std::pair<std::string, ConfigValue>> from_file_;
};

}  // namespace spravka
