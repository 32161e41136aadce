/** @file  @brief The exit-code table. Mirrored in README.md and docs/cli.md; change all three together. */
#pragma once

#include "spravka/error.hpp"

namespace spravka::cli {

enum Exit : int {
    kOk = 0,             ///< ok / answered
    kInternal = 1,       ///< internal error
    kUsage = 2,          ///< usage error (CLI11's own 100–127 codes are remapped here)
    kNoAnswer = 3,       ///< no article fits, or the person asked for a human
    kAuth = 4,           ///< authentication needed or refused
    kQueued = 5,         ///< ticket saved locally but not delivered yet
    kLocalData = 6,      ///< local data problem (kb, index, state, config)
    kRejected = 7,       ///< the support service rejected the request
    kInterrupted = 130,  ///< interrupted
};

/// The exit code an error ends the program with.
inline int exit_code_for(Code code)
{
    switch (code) {
        case Code::Usage:
        case Code::NotFound: return kUsage;
        case Code::KbInvalid:
        case Code::IndexMissing:
        case Code::IndexCorrupt:
        case Code::IndexSchema:
        case Code::Locked:
        case Code::StateError:
        case Code::ConfigInvalid:
        case Code::Io: return kLocalData;
        case Code::Network: return kQueued;
        case Code::AuthRequired: return kAuth;
        case Code::Rejected: return kRejected;
        case Code::Interrupted: return kInterrupted;
        case Code::Internal: return kInternal;
    }
    return kInternal;
}

}  // namespace spravka::cli
