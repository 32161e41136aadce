/** @file  @brief Folding, word splitting, stopwords and keyboard-layout conversion for Russian. */
#include "search/analyzer.hpp"

#include <xapian/unicode.h>

#include <algorithm>
#include <array>
#include <set>
#include <string>
#include <unordered_set>

#include "util/utf8.hpp"

namespace spravka::analysis {

std::string fold(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    size_t pos = 0;
    while (pos < text.size()) {
        char32_t cp = util::next_code_point(text, pos);
        cp = static_cast<char32_t>(Xapian::Unicode::tolower(static_cast<unsigned>(cp)));
        if (cp == U'ё') cp = U'е';
        util::append_utf8(out, cp);
    }
    return out;
}

bool is_word_char(char32_t cp)
{
    return Xapian::Unicode::is_wordchar(static_cast<unsigned>(cp)) && cp != U'_';
}

namespace {

// Byte spans [begin, end) of the words of folded text: letters and digits, Xapian's word characters.
std::vector<std::pair<size_t, size_t>> word_spans(std::string_view folded)
{
    std::vector<std::pair<size_t, size_t>> spans;
    size_t pos = 0;
    size_t start = std::string_view::npos;
    while (pos < folded.size()) {
        size_t at = pos;
        char32_t cp = util::next_code_point(folded, pos);
        bool word_char = is_word_char(cp);
        if (word_char && start == std::string_view::npos) start = at;
        if (!word_char && start != std::string_view::npos) {
            spans.emplace_back(start, at);
            start = std::string_view::npos;
        }
    }
    if (start != std::string_view::npos) spans.emplace_back(start, folded.size());
    // A number glued to a word is two words: «2ндфл», «5000руб», «10тыс» are «2 ндфл», «5000 руб»,
    // «10 тыс». Not before one or two letters: «5ти», «2х», «1го» are how the number is read.
    std::vector<std::pair<size_t, size_t>> split;
    split.reserve(spans.size());
    for (auto [begin, end] : spans) {
        size_t digits = begin;
        while (digits < end && folded[digits] >= '0' && folded[digits] <= '9') ++digits;
        size_t letters = 0;
        bool cyrillic = digits > begin && digits < end;
        for (size_t p = digits; cyrillic && p < end;) {
            char32_t cp = util::next_code_point(folded, p);
            cyrillic = cp >= U'а' && cp <= U'я';
            ++letters;
        }
        if (cyrillic && letters >= 3) {
            split.emplace_back(begin, digits);
            split.emplace_back(digits, end);
        } else {
            split.emplace_back(begin, end);
        }
    }
    return split;
}

}  // namespace

std::vector<std::string> words(std::string_view folded)
{
    std::vector<std::string> out;
    for (auto [begin, end] : word_spans(folded)) out.emplace_back(folded.substr(begin, end - begin));
    return out;
}

std::string join_names(std::string_view folded)
{
    // Two-word formulas, each word in any of its forms: what the pair becomes ("" = nothing).
    struct Pair {
        std::set<std::string_view> first, second;
        std::string_view becomes;
        bool filler_between = false;  ///< «что это вообще за», «чё же такое»: one filler word may sit between
        std::set<std::string_view> between = {};  ///< words that must sit between the two instead
    };
    static const std::set<std::string_view> fillers = {"вообще", "же", "ж", "именно"};
    static const std::vector<Pair> pairs = {
        {{"мой", "моего", "моем", "мою", "моему", "моим"},
         {"налог", "налога", "налоге", "налогу", "налогом"},
         "мойналог"},
        // «что такое / что значит / что за / что это такое»: asking what something is, a question word
        // of its own that the what-is articles' titles and phrasings carry too.
        {{"что", "чё", "че", "чо", "шо", "это"}, {"такое", "значит", "означает", "за"}, "чтотакое", true},
        // «копилка, это что вообще?», «самозанятость это вообще что»
        {{"это"}, {"что", "чё", "че", "чо"}, "чтотакое", true},
        // «за что сняли с учёта»: asking why.
        {{"за"}, {"что", "чё", "че"}, "почему"},
        // «через сколько придут деньги»: asking when, not how much.
        {{"через"}, {"сколько", "скока", "скоко", "скок"}, "когда"},
        // «налоговая копилка» is the only piggy bank there is; its adjective is not the tax office
        // («закинуть налоговой бабло» is paying the tax, not topping up the piggy bank).
        {{"налоговая", "налоговой", "налоговую", "налоговою"},
         {"копилка", "копилки", "копилке", "копилку", "копилкой", "копилкою", "копилок", "копилкам",
          "копилках"},
         "копилка"},
        // «указать его карту», «на её карту»: a card that is someone else's (one's own is «мою»).
        // Not «картой»: «оплатите его картой» is paying it (the tax) by card.
        {{"его", "ее", "их"}, {"карту", "карта", "карты", "карте", "карточку", "карточка"}, "чужую карту"},
        // «сегодня или завтра?», «завтра или послезавтра?»: asking when, not about a particular day.
        {{"сегодня", "завтра"}, {"завтра", "послезавтра"}, "когда", false, {"или"}},
        // «день» is a word of the question («третий день нет выплаты»), except in a greeting.
        {{"добрый", "доброго", "хорошего", "удачного"}, {"день", "дня"}, ""},
    };
    const auto spans = word_spans(folded);
    std::string out;
    size_t copied = 0;
    auto word = [&](size_t i) { return folded.substr(spans[i].first, spans[i].second - spans[i].first); };
    // Only spaces and quotes between two words: «мой» at the end of one sentence and «налог» opening
    // the next are two things.
    auto adjacent = [&](size_t i) {
        std::string_view gap = folded.substr(spans[i].second, spans[i + 1].first - spans[i].second);
        size_t g = 0;
        while (g < gap.size()) {
            char32_t cp = util::next_code_point(gap, g);
            if (cp != U' ' && cp != U'\t' && cp != U'«' && cp != U'»' && cp != U'"' && cp != U'“' &&
                cp != U'„')
                return false;
        }
        return true;
    };
    for (size_t i = 0; i + 1 < spans.size(); ++i) {
        size_t last = 0;        // the pair's second word
        std::string_view kept;  // a word between the pair that stays
        auto pair = std::find_if(pairs.begin(), pairs.end(), [&](const Pair& p) {
            if (!p.first.count(word(i))) return false;
            if (!p.between.empty()) {
                // The joining word right after the first, or after one more word («сегодня будут или
                // завтра»), which is kept.
                for (size_t at = i + 1; at <= i + 2 && at + 1 < spans.size(); ++at)
                    if (p.between.count(word(at)) && p.second.count(word(at + 1))) {
                        last = at + 1;
                        kept = at == i + 2 ? word(i + 1) : std::string_view();
                        return true;
                    }
                return false;
            }
            if (p.second.count(word(i + 1))) {
                last = i + 1;
                return true;
            }
            if (p.filler_between && i + 2 < spans.size() && fillers.count(word(i + 1)) &&
                p.second.count(word(i + 2))) {
                last = i + 2;
                return true;
            }
            return false;
        });
        if (pair == pairs.end()) continue;
        bool joined = true;
        for (size_t k = i; k < last; ++k) joined = joined && adjacent(k);
        // «за это что-то платить»: a word with a hyphen after it is part of «что-то», «кто-нибудь».
        size_t b_end = spans[last].second;
        if (b_end < folded.size() && folded[b_end] == '-') joined = false;
        if (!joined) continue;
        out.append(folded.substr(copied, spans[i].first - copied));
        out += pair->becomes;
        if (!kept.empty()) {
            out += ' ';
            out += kept;
        }
        copied = b_end;
        i = last;
    }
    out.append(folded.substr(copied));
    return out;
}

bool is_stopword(std::string_view word)
{
    // Function words, pronouns, particles and the politeness and filler people add in chats.
    static const std::unordered_set<std::string_view> stop = {
        "и",           "в",          "во",        "на",          "с",          "со",       "к",
        "ко",          "по",         "за",        "из",          "от",         "до",       "о",
        "об",          "обо",        "у",         "а",           "но",         "да",       "же",
        "ли",          "ль",         "бы",        "б",           "ни",         "то",       "это",
        "этот",        "эта",        "эти",       "этого",       "этой",       "этом",     "тот",
        "та",          "те",         "так",       "там",         "тут",        "вот",      "уже",
        "еще",         "ещё",        "или",       "либо",        "при",        "про",      "для",
        "над",         "под",        "через",     "между",       "после",      "перед",    "около",
        "если",        "чтобы",      "что",       "чем",         "каков",      "какой",    "какая",
        "какие",       "каким",      "какую",     "каких",       "какое",      "ну",       "я",
        "мне",         "меня",       "мной",      "мы",          "нам",        "нас",      "вы",
        "вам",         "вас",        "ты",        "тебе",        "тебя",       "он",       "она",
        "оно",         "они",        "его",       "ее",          "её",         "их",       "им",
        "ему",         "ей",         "них",       "ним",         "мой",        "моя",      "мое",
        "мои",         "моего",      "моей",      "моих",        "мою",        "мой",      "ваш",
        "ваша",        "ваши",       "вашей",     "свой",        "свою",       "свои",     "своих",
        "своей",       "себе",       "себя",      "сам",         "все",        "всё",      "весь",
        "вся",         "всех",       "всем",      "был",         "была",       "было",     "были",
        "быть",        "есть",       "будет",     "будут",       "буду",       "можно",    "нужно",
        "надо",        "ли",         "хочу",      "хотел",       "хотела",     "хотим",    "подскажите",
        "подскажи",    "скажите",    "скажи",     "пожалуйста",  "пожалуйсто", "плиз",     "здравствуйте",
        "здраствуйте", "здравствуй", "привет",    "приветствую", "добрый",     "доброе",   "вечер",
        "утро",        "спасибо",    "заранее",   "вопрос",      "вопросик",   "помогите", "помоги",
        "подсказать",  "интересует", "такой",     "такая",       "такое",      "такие",    "очень",
        "просто",      "вообще",     "типа",      "короче",      "кстати",     "тоже",     "также",
        "только",      "ведь",       "вроде",     "где-то",      "сейчас",     "теперь",   "потом",
        "тогда",       "здесь",      "сюда",      "туда",        "кем",        "чей",      "откуда",
        "ок",          "ладно",      "вами",      "всего",       "всегда",     "мочь",     "могу",
        "может",       "могут",      "можете",    "хотелось",    "бы",         "ребята",   "коллеги",
        "уважаемые",   "уточнить",   "узнать",    "понять",      "понимаю",    "знаю",     "подскажете",
        "расскажите",  "объясните",  "интересно", "нибудь",      "какой-то",   "который",  "которая",
        "которые",     "которых",    "которую",   "котором",     "является",   "ситуация", "вопросу",
        "вопроса",     "дело",       "том",       "тем",         "чего",       "чему",     "ничего",
        "да",          "а",          "ой",        "эх",          "блин",       "сорри",    "сих",
        "тех",         "пор",        "насовсем",  "навсегда",    "срочно",     "именно",   "почему-то",
        "зачем-то",
    };
    // The other case forms of the pronouns and determiners above, which formal letters use («на каком
    // основании», «по нему», «своим заказам»). Not «наш»: «наш курьер» is how a company speaks.
    static const std::unordered_set<std::string_view> forms = {
        "каком",   "какому", "какого", "какими", "каковы", "какова",  "нему",     "него",     "ней",
        "нее",     "ними",   "мою",    "моим",   "моему",  "моем",    "моими",    "ваше",     "вашего",
        "вашим",   "вашему", "вашу",   "вашем",  "ваших",  "вашими",  "своим",    "своему",   "своего",
        "своем",   "своими", "свое",   "своя",   "этим",   "этому",   "этих",     "эту",      "этими",
        "тому",    "той",    "ту",     "того",   "теми",   "такого",  "таком",    "таким",    "такому",
        "такую",   "таких",  "всей",   "всему",  "всеми",  "которой", "которого", "которому", "которым",
        "которое", "кому",   "кого",   "ком",    "сами",   "самим",   "самой",    "самого",   "самому",
        "нами",    "ими"};
    // Chat spellings of filler («чё», «ваще», «щас»): «ваще» would otherwise be "corrected" to «ваше».
    static const std::unordered_set<std::string_view> chat = {"че",  "чё",    "чо",     "чет", "чёт", "ваще",
                                                              "щас", "щяс",   "плз",    "пж",  "спс", "пжлст",
                                                              "мб",  "кароч", "кароче", "чтоб"};
    // The frame of a formal letter («Просим разъяснить…», «Прошу сообщить…», «С уважением»), and
    // «придётся / приходится / пришлось», "have to" like «нужно», whose stem is the one of «придёт /
    // приходит / пришло», the money arriving.
    static const std::unordered_set<std::string_view> frame = {
        "просим",          "прошу",       "просьба",     "разъяснить", "разъясните",  "пояснить",
        "поясните",        "сообщить",    "сообщите",    "уведомляем", "информируем", "проинформировать",
        "проинформируйте", "разъяснение", "разъяснения", "уважением",  "благодарю",   "придется",
        "приходится",      "пришлось",    "прийдется",   "придеться"};
    return stop.count(word) > 0 || forms.count(word) > 0 || chat.count(word) > 0 || frame.count(word) > 0;
}

namespace {

// Question words that carry intent, chat spellings included.
constexpr std::array<const char*, 18> kIntentWords = {
    "куда",  "когда", "сколько", "скока", "скоко", "скок", "почему", "зачем", "где",
    "долго", "срок",  "сроки",   "не",    "нет",   "без",  "как",    "кто",   "чтотакое"};

}  // namespace

bool is_intent_word(std::string_view word)
{
    static const std::unordered_set<std::string_view> intent(kIntentWords.begin(), kIntentWords.end());
    return intent.count(word) > 0;
}

bool is_light_word(std::string_view word)
{
    static const std::unordered_set<std::string_view> light = {
        // verbs of doing, saying, knowing, trying, seeing
        "сделать",
        "делать",
        "сделал",
        "сделала",
        "делаю",
        "делают",
        "говорить",
        "говорят",
        "говорит",
        "сказать",
        "сказал",
        "сказала",
        "сказали",
        "знать",
        "знаю",
        "знает",
        "понимать",
        "понять",
        "думать",
        "думаю",
        "хотеть",
        "хочется",
        "стать",
        "стал",
        "стала",
        "стало",
        "получается",
        "получилось",
        "бывает",
        "бывают",
        "случилось",
        "давай",
        "давайте",
        "дать",
        "смотреть",
        "посмотреть",
        "видеть",
        "вижу",
        "найти",
        "нашел",
        "нашла",
        "искать",
        "писать",
        "написать",
        "написал",
        "написала",
        "читать",
        "прочитал",
        "жать",
        "нажать",
        "нажимаю",
        "жму",
        "пытаюсь",
        "пытался",
        "пробовал",
        "пробовала",
        "делать",
        "сидеть",
        "ждать",
        "жду",
        "звонит",
        "звонил",
        "пишут",
        "пишет",
        "просят",
        "просит",
        "предлагает",
        "предлагают",
        "выходит",
        // adverbs of time, degree and manner
        "вдруг",
        "скоро",
        "дальше",
        "далее",
        "потом",
        "вчера",
        "сегодня",
        "завтра",
        "раньше",
        "опять",
        "снова",
        "всегда",
        "никогда",
        "иногда",
        "часто",
        "обычно",
        "почти",
        "совсем",
        "много",
        "мало",
        "немного",
        "нормально",
        "норм",
        "правда",
        "реально",
        "прям",
        "прямо",
        "конечно",
        "наверное",
        "кажется",
        "ладно",
        "окей",
        "сразу",
        "случайно",
        "вроде",
        "вообще",
        "давно",
        "недавно",
        "уже",
        "пока",
        "вместе",
        "быстро",
        "долго",
        "точно",
        "нормальный",
        "интересно",
        "странно",
        "видимо",
        "короче",
        // pronoun-like and quantity words
        "кто-то",
        "что-то",
        "где-то",
        "какой-то",
        "какая-то",
        "какие-то",
        "как-то",
        "кого",
        "кому",
        "каждый",
        "любой",
        "другой",
        "другие",
        "целый",
        "весь",
        "сама",
        "сами",
        "самый",
        "первый",
        "второй",
        "третий",
        "один",
        "одна",
        "одно",
        "два",
        "две",
        "три",
        "несколько",
        "штуки",
        "штук",
        // vague nouns
        "проблема",
        "проблемы",
        "ситуация",
        "случай",
        "штука",
        "вещь",
        "момент",
        "история",
        "тема",
    };
    return light.count(word) > 0;
}

bool is_intent_stem(std::string_view stem)
{
    static const std::unordered_set<std::string> stems = [] {
        Stemmer stemmer;
        std::unordered_set<std::string> out;
        for (const char* word : kIntentWords) out.insert(stemmer(word));
        return out;
    }();
    return stems.count(std::string(stem)) > 0;
}

namespace {

// The standard ЙЦУКЕН ↔ QWERTY key map, lower case; upper case maps through fold() first.
constexpr std::array<std::pair<char, const char*>, 33> kKeys = {{
    {'q', "й"}, {'w', "ц"},  {'e', "у"}, {'r', "к"}, {'t', "е"}, {'y', "н"}, {'u', "г"},
    {'i', "ш"}, {'o', "щ"},  {'p', "з"}, {'[', "х"}, {']', "ъ"}, {'a', "ф"}, {'s', "ы"},
    {'d', "в"}, {'f', "а"},  {'g', "п"}, {'h', "р"}, {'j', "о"}, {'k', "л"}, {'l', "д"},
    {';', "ж"}, {'\'', "э"}, {'z', "я"}, {'x', "ч"}, {'c', "с"}, {'v', "м"}, {'b', "и"},
    {'n', "т"}, {'m', "ь"},  {',', "б"}, {'.', "ю"}, {'`', "ё"},
}};

}  // namespace

std::optional<std::string> latin_to_cyrillic(std::string_view word)
{
    std::string out;
    bool any_letter = false;
    for (char c : word) {
        char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        // Upper-case punctuation keys produce Х Ъ Ж Э Б Ю Ё too; handle the shifted symbols.
        if (lower == '{') lower = '[';
        if (lower == '}') lower = ']';
        if (lower == ':') lower = ';';
        if (lower == '"') lower = '\'';
        if (lower == '<') lower = ',';
        if (lower == '>') lower = '.';
        if (lower == '~') lower = '`';
        const char* mapped = nullptr;
        for (const auto& [key, cyr] : kKeys)
            if (key == lower) mapped = cyr;
        if (mapped == nullptr) return std::nullopt;
        if (lower >= 'a' && lower <= 'z') any_letter = true;
        out += mapped;
    }
    if (!any_letter) return std::nullopt;
    return out;
}

std::optional<std::string> cyrillic_to_latin(std::string_view word)
{
    std::string out;
    size_t pos = 0;
    while (pos < word.size()) {
        size_t start = pos;
        util::next_code_point(word, pos);
        std::string_view letter = word.substr(start, pos - start);
        std::string lower = fold(letter);
        if (lower == "е" && letter != "е" && letter != "Е") lower = "ё";  // keep ё distinct here
        const char* found = nullptr;
        char key_found = 0;
        for (const auto& [key, cyr] : kKeys)
            if (lower == cyr) {
                found = cyr;
                key_found = key;
            }
        if (found == nullptr) return std::nullopt;
        out += key_found;
    }
    return out;
}

size_t length_chars(std::string_view text)
{
    return util::display_width(text);
}

}  // namespace spravka::analysis
