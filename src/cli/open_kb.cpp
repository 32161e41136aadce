/** @file  @brief Resolving the kb folder and opening its index. */
#include "cli/open_kb.hpp"

namespace spravka::cli {

Result<KbLocation> kb_location(Context& ctx)
{
    auto config = ctx.load_config();
    if (!config) return tl::unexpected(config.error());
    return resolve_kb_dir(ctx.global.kb_dir, *config, ctx.env);
}

Result<Searcher> open_searcher(Context& ctx)
{
    auto location = kb_location(ctx);
    if (!location) return tl::unexpected(location.error());
    auto searcher = open_searcher_for(location->dir, ctx.dirs.cache);
    if (searcher && searcher->stale())
        ctx.err << "spravka: warning: the knowledge base changed but cannot be indexed: "
                << searcher->stale()->message << "; answering from the previous index\n";
    return searcher;
}

Result<Role> effective_role(Context& ctx, const std::string& flag)
{
    std::string value = flag;
    if (value.empty()) {
        auto config = ctx.load_config();
        if (!config) return tl::unexpected(config.error());
        value = (*config)->value("role");
    }
    auto role = parse_role(value);
    if (!role) return fail(Code::Usage, "--role must be contractor or company, not '" + value + "'");
    return *role;
}

}  // namespace spravka::cli
