/** @file  @brief Loads and writes config.yaml with yaml-cpp. */
#include "spravka/config.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "util/fs.hpp"

namespace spravka {

const std::vector<ConfigKey>& Config::keys()
{
    static const std::vector<ConfigKey> table = {
        {"kb", "", "SPRAVKA_KB", {}, "knowledge-base folder"},
        {"role", "", "", {"contractor", "company"}, "who you are: contractor or company"},
        {"log.enabled", "true", "", {"true", "false"}, "keep the private local query log"},
        {"log.retention_days", "90", "", {}, "days to keep the query log"},
        {"support.backend", "", "", {"spravka", "zammad", "zendesk"}, "support service type"},
        {"support.url", "", "", {}, "support service base URL (https://...)"},
        {"support.name", "", "", {}, "your name for tickets"},
        {"support.email", "", "", {}, "your e-mail for tickets"},
        {"support.ca_file", "", "", {}, "extra CA bundle for the support service"},
        {"support.group", "Users", "", {}, "Zammad group new tickets go to"},
    };
    return table;
}

namespace {

const ConfigKey* find_key(const std::string& name)
{
    for (const auto& key : Config::keys())
        if (key.name == name) return &key;
    return nullptr;
}

std::vector<std::string> split_dots(const std::string& name)
{
    std::vector<std::string> parts;
    std::stringstream in(name);
    for (std::string part; std::getline(in, part, '.');) parts.push_back(part);
    return parts;
}

// Flattens nested maps into dotted keys, remembering each scalar's line for messages.
void flatten(const YAML::Node& node, const std::string& prefix, const std::string& file,
             std::vector<std::pair<std::string, ConfigValue>>& out, std::vector<std::string>& unknown)
{
    for (const auto& item : node) {
        std::string key =
            prefix.empty() ? item.first.as<std::string>() : prefix + "." + item.first.as<std::string>();
        const auto& value = item.second;
        std::string origin = file + ":" + std::to_string(value.Mark().line + 1);
        if (value.IsMap()) {
            flatten(value, key, file, out, unknown);
        } else if (value.IsScalar()) {
            if (find_key(key) == nullptr) unknown.push_back(origin + ": unknown key '" + key + "'");
            out.emplace_back(key, ConfigValue{value.as<std::string>(), origin});
        } else if (!value.IsNull()) {
            unknown.push_back(origin + ": '" + key + "' must be a single value");
        }
    }
}

Result<void> validate(const ConfigKey& key, const std::string& value, const std::string& where)
{
    if (!key.allowed.empty() &&
        std::find(key.allowed.begin(), key.allowed.end(), value) == key.allowed.end()) {
        std::string list;
        for (const auto& a : key.allowed) list += (list.empty() ? "" : ", ") + a;
        return fail(Code::ConfigInvalid,
                    where + ": '" + key.name + "' is '" + value + "', expected one of: " + list);
    }
    if (key.name == "log.retention_days" &&
        (value.empty() || !std::all_of(value.begin(), value.end(), ::isdigit)))
        return fail(Code::ConfigInvalid, where + ": 'log.retention_days' must be a whole number of days");
    return {};
}

}  // namespace

Result<Config> Config::load(const Dirs& dirs, const Environment& env)
{
    Config config;
    config.file_ = dirs.config / "config.yaml";
    config.env_ = env;
    std::error_code ec;
    if (!std::filesystem::exists(config.file_, ec)) return config;
    try {
        YAML::Node root = YAML::LoadFile(config.file_.string());
        if (root.IsNull()) return config;
        if (!root.IsMap())
            return fail(Code::ConfigInvalid, config.file_.string() + ": expected key: value pairs",
                        "see `spravka config list` for the keys");
        std::vector<std::string> problems;
        flatten(root, "", config.file_.string(), config.from_file_, problems);
        if (!problems.empty())
            return fail(Code::ConfigInvalid, problems.front(), "see `spravka config list` for the keys");
        for (const auto& [name, value] : config.from_file_)
            if (auto ok = validate(*find_key(name), value.value, value.origin); !ok)
                return tl::unexpected(ok.error());
    } catch (const YAML::Exception& e) {
        return fail(Code::ConfigInvalid,
                    config.file_.string() + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg,
                    "fix the YAML or remove the file");
    }
    return config;
}

std::optional<ConfigValue> Config::get(const std::string& name) const
{
    const ConfigKey* key = find_key(name);
    if (key == nullptr) return std::nullopt;
    if (!key->env_var.empty())
        if (auto value = env_.get(key->env_var)) return ConfigValue{*value, "env " + key->env_var};
    for (const auto& [file_key, value] : from_file_)
        if (file_key == name) return value;
    if (!key->default_value.empty()) return ConfigValue{key->default_value, "default"};
    return std::nullopt;
}

std::string Config::value(const std::string& name) const
{
    auto v = get(name);
    return v ? v->value : std::string();
}

Result<void> Config::set(const std::string& name, const std::string& value)
{
    const ConfigKey* key = find_key(name);
    if (key == nullptr)
        return fail(Code::Usage, "unknown config key '" + name + "'", "see `spravka config list`");
    if (auto ok = validate(*key, value, "value"); !ok) return fail(Code::Usage, ok.error().message);

    YAML::Node root;
    std::error_code ec;
    if (std::filesystem::exists(file_, ec)) {
        try {
            root = YAML::LoadFile(file_.string());
        } catch (const YAML::Exception& e) {
            return fail(Code::ConfigInvalid, file_.string() + ": " + e.msg);
        }
    }
    if (!root.IsMap()) root = YAML::Node(YAML::NodeType::Map);
    auto parts = split_dots(name);
    // yaml-cpp's operator[] returns handles into the tree, so walk down by reassigning copies.
    std::vector<YAML::Node> chain{root};
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
        YAML::Node child = chain.back()[parts[i]];
        if (!child.IsMap()) {
            chain.back()[parts[i]] = YAML::Node(YAML::NodeType::Map);
            child = chain.back()[parts[i]];
        }
        chain.push_back(child);
    }
    chain.back()[parts.back()] = value;

    YAML::Emitter out;
    out << root;
    if (auto ok = util::write_file_atomic(file_, std::string(out.c_str()) + "\n", 0644); !ok) return ok;
    auto reloaded = load(Dirs{file_.parent_path(), {}, {}}, env_);
    if (!reloaded) return tl::unexpected(reloaded.error());
    from_file_ = std::move(reloaded->from_file_);
    return {};
}

}  // namespace spravka
