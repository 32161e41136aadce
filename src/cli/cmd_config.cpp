/** @file  @brief `spravka config get|set|list`: each value with where it came from. */
#include <fmt/format.h>

#include <memory>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/ticket_output.hpp"

namespace spravka::cli {

using nlohmann::json;

namespace {

struct ConfigOptions {
    std::string key;
    std::string value;
    bool json = false;
};

int run_get(Context& ctx, const ConfigOptions& options)
{
    auto config = ctx.load_config();
    if (!config) return report(ctx, config.error());
    const auto& keys = Config::keys();
    if (std::none_of(keys.begin(), keys.end(), [&](const ConfigKey& k) { return k.name == options.key; }))
        return report(
            ctx, Error{Code::Usage, "unknown config key '" + options.key + "'", "see `spravka config list`"});
    auto value = (*config)->get(options.key);
    if (options.json) {
        print_json(ctx, {{"key", options.key},
                         {"value", value ? json(value->value) : json(nullptr)},
                         {"origin", value ? json(value->origin) : json(nullptr)}});
        return kOk;
    }
    // Like `git config --get`: the value alone on stdout (scripts), where it came from on stderr.
    if (!value) return kOk;
    ctx.out << value->value << "\n";
    if (ctx.stderr_tty) ctx.err << "(" << value->origin << ")\n";
    return kOk;
}

int run_set(Context& ctx, const ConfigOptions& options)
{
    auto config = ctx.load_config();
    if (!config) return report(ctx, config.error());
    if (auto ok = (*config)->set(options.key, options.value); !ok) return report(ctx, ok.error());
    ctx.out << options.key << " = " << options.value << " (записано в " << (*config)->file().string()
            << ")\n";
    return kOk;
}

int run_list(Context& ctx, const ConfigOptions& options)
{
    auto config = ctx.load_config();
    if (!config) return report(ctx, config.error());
    json items = json::array();
    for (const auto& key : Config::keys()) {
        auto value = (*config)->get(key.name);
        if (options.json) {
            items.push_back({{"key", key.name},
                             {"value", value ? json(value->value) : json(nullptr)},
                             {"origin", value ? json(value->origin) : json(nullptr)},
                             {"description", key.description}});
            continue;
        }
        ctx.out << fmt::format("{:<20} = {:<30} ({})\n", key.name, value ? value->value : "",
                               value ? value->origin : "не задано");
    }
    if (options.json) print_json(ctx, {{"file", (*config)->file().string()}, {"keys", items}});
    return kOk;
}

}  // namespace

void setup_config(CLI::App& app, Runner& runner)
{
    auto* config = app.add_subcommand("config", "настройки: get, set, list (и откуда взято каждое значение)");
    config->require_subcommand(1);

    auto get = std::make_shared<ConfigOptions>();
    auto* cmd = config->add_subcommand("get", "значение ключа");
    cmd->add_option("KEY", get->key, "ключ, например support.url")->required();
    cmd->add_flag("--json", get->json, "вывод в JSON");
    cmd->callback([&runner, get] { runner = [get](Context& ctx) { return run_get(ctx, *get); }; });

    auto set = std::make_shared<ConfigOptions>();
    cmd =
        config->add_subcommand("set", "записать значение в config.yaml (токен — только через `auth login`)");
    cmd->add_option("KEY", set->key, "ключ")->required();
    cmd->add_option("VALUE", set->value, "значение")->required();
    cmd->callback([&runner, set] { runner = [set](Context& ctx) { return run_set(ctx, *set); }; });

    auto list = std::make_shared<ConfigOptions>();
    cmd = config->add_subcommand("list", "все ключи, их значения и источники");
    cmd->add_flag("--json", list->json, "вывод в JSON");
    cmd->callback([&runner, list] { runner = [list](Context& ctx) { return run_list(ctx, *list); }; });
}

}  // namespace spravka::cli
