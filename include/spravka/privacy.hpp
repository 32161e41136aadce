/** @file  @brief Masks personal data (card, passport, phone numbers, e-mail) before text is stored or sent.
 */
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace spravka {

enum class PersonalData { CardNumber, Passport, Phone, Email };

/// Which kinds to mask. Tickets mask card and passport numbers (support needs the phone and
/// e-mail the person typed); the query log masks all four.
struct MaskPolicy {
    bool card = true;
    bool passport = true;
    bool phone = true;
    bool email = true;

    static MaskPolicy for_ticket() { return {true, true, false, false}; }
    static MaskPolicy for_log() { return {}; }
};

struct Masked {
    std::string text;                 ///< the input with each match replaced by a placeholder
    std::vector<PersonalData> found;  ///< one entry per masked match, in order
};

/// Replaces card numbers (13–19 digits passing the Luhn check; the last four stay visible),
/// passport numbers ("4510 123456", "45 10 123456", or ten digits after «паспорт»/«серия»),
/// Russian phone numbers and e-mail addresses. Never throws; invalid UTF-8 passes through.
Masked mask_personal_data(std::string_view text, MaskPolicy policy = {});

/// Russian name of a kind for warnings: "номер карты", "паспортные данные", ...
const char* personal_data_name(PersonalData kind);

}  // namespace spravka
