/** @file  @brief Resolving the kb folder and opening its index, shared by the reading commands. */
#pragma once

#include "cli/context.hpp"
#include "spravka/knowledge_base.hpp"
#include "spravka/search.hpp"

namespace spravka::cli {

/// The kb folder by the documented order: --kb, SPRAVKA_KB, config, built-in.
Result<KbLocation> kb_location(Context& ctx);

/// Opens the searcher for the resolved kb, rebuilding the index when the kb changed.
Result<Searcher> open_searcher(Context& ctx);

/// --role value, else the config's role, else Any. Code::Usage for an unknown value.
Result<Role> effective_role(Context& ctx, const std::string& flag);

}  // namespace spravka::cli
