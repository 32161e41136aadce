/** @file  @brief Names of error codes. */
#include "spravka/error.hpp"

namespace spravka {

const char* code_name(Code code)
{
    switch (code) {
        case Code::Internal: return "internal";
        case Code::Usage: return "usage";
        case Code::NotFound: return "not_found";
        case Code::KbInvalid: return "kb_invalid";
        case Code::IndexMissing: return "index_missing";
        case Code::IndexCorrupt: return "index_corrupt";
        case Code::IndexSchema: return "index_schema";
        case Code::Locked: return "locked";
        case Code::StateError: return "state_error";
        case Code::ConfigInvalid: return "config_invalid";
        case Code::Io: return "io";
        case Code::Network: return "network";
        case Code::AuthRequired: return "auth_required";
        case Code::Rejected: return "rejected";
        case Code::Interrupted: return "interrupted";
    }
    return "internal";
}

}  // namespace spravka
