/** @file  @brief Personal data is masked before anything is stored or sent. */
#include <catch2/catch.hpp>

#include "spravka/privacy.hpp"

using namespace spravka;

TEST_CASE("each kind of personal data is masked", "[privacy]")
{
    struct Row {
        const char* input;
        const char* expected;
        PersonalData kind;
    };
    const Row rows[] = {
        {"карта 4276 3800 1234 5671 не работает", "карта [карта •••• 5671] не работает",
         PersonalData::CardNumber},
        {"номер 4276380012345679", "номер [карта •••• 5679]", PersonalData::CardNumber},
        {"паспорт 4510 123456 выдан", "паспорт [паспорт] выдан", PersonalData::Passport},
        {"серия и номер 45 10 123456", "серия и номер [паспорт]", PersonalData::Passport},
        {"паспорт 4510123456", "паспорт [паспорт]", PersonalData::Passport},
        {"звоните +7 (912) 345-67-89", "звоните [телефон]", PersonalData::Phone},
        {"мой тел 89123456789", "мой тел [телефон]", PersonalData::Phone},
        {"пишите ivan.petrov@mail.ru, жду", "пишите [почта], жду", PersonalData::Email},
    };
    for (const auto& row : rows) {
        CAPTURE(row.input);
        auto masked = mask_personal_data(row.input);
        CHECK(masked.text == row.expected);
        REQUIRE(masked.found.size() == 1);
        CHECK(masked.found[0] == row.kind);
    }
}

TEST_CASE("numbers that are not personal data stay", "[privacy]")
{
    for (const char* text : {"акт 4512 от 03.11.2026 на 15 000 рублей", "ИНН компании 7707083893",
                             "лимит 2 400 000 рублей", "ставка 4% и 6%", "заказ 12345678901234"}) {
        CAPTURE(text);
        auto masked = mask_personal_data(text);
        CHECK(masked.text == text);
        CHECK(masked.found.empty());
    }
}

TEST_CASE("tickets keep phone and e-mail but mask card and passport", "[privacy]")
{
    auto masked =
        mask_personal_data("карта 4276380012345679, тел +79123456789, a@b.ru", MaskPolicy::for_ticket());
    CHECK(masked.text == "карта [карта •••• 5679], тел +79123456789, a@b.ru");
}
