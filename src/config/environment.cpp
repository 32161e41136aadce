/** @file  @brief Environment snapshot and XDG directory resolution. */
#include "spravka/environment.hpp"

#include <unistd.h>

#include <string_view>

extern char** environ;

namespace spravka {

Environment Environment::from_process()
{
    std::map<std::string, std::string> vars;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        std::string_view kv(*entry);
        auto eq = kv.find('=');
        if (eq == std::string_view::npos) continue;
        vars.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
    }
    return Environment(std::move(vars));
}

std::optional<std::string> Environment::get(const std::string& name) const
{
    auto it = vars_.find(name);
    if (it == vars_.end() || it->second.empty()) return std::nullopt;
    return it->second;
}

Dirs Dirs::from_environment(const Environment& env)
{
    std::filesystem::path home = env.get("HOME").value_or("/tmp");
    auto xdg = [&](const char* var, const char* fallback) {
        // The XDG spec says relative paths in these variables are invalid and must be ignored.
        if (auto value = env.get(var); value && std::filesystem::path(*value).is_absolute())
            return std::filesystem::path(*value) / "spravka";
        return home / fallback / "spravka";
    };
    return Dirs{xdg("XDG_CONFIG_HOME", ".config"), xdg("XDG_CACHE_HOME", ".cache"),
                xdg("XDG_STATE_HOME", ".local/state")};
}

}  // namespace spravka
