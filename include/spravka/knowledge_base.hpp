/** @file  @brief A kb/ folder: its articles, synonyms, and the checks staff run on them. */
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "spravka/article.hpp"
#include "spravka/config.hpp"
#include "spravka/environment.hpp"
#include "spravka/error.hpp"

namespace spravka {

/// A group of words or phrases that mean the same thing (kb/_meta/synonyms.yaml).
using SynonymGroup = std::vector<std::string>;

/// A subject people ask about that the kb deliberately does not cover (kb/_meta/out-of-scope.yaml).
/// It is searched like an article; when it fits a question best, `ask` says so kindly and points
/// elsewhere instead of answering with an article that merely shares words.
struct OutOfScopeTopic {
    std::string id;     ///< "oos-..."
    std::string title;  ///< what the subject is
    std::string reply;  ///< what to tell the person: not ours, and where to turn
    std::vector<std::string> questions;
    std::vector<std::string> sources;  ///< where the reply's facts come from (as in articles)
    int line = 0;                      ///< where it starts in the file, for messages
};

struct KnowledgeBase {
    std::filesystem::path root;
    std::vector<Article> articles;     ///< every parsed article, any status
    std::vector<Diagnostic> problems;  ///< parse errors (those files are not in `articles`)
    std::vector<SynonymGroup> synonyms;
    std::vector<OutOfScopeTopic> out_of_scope;
    std::string version;  ///< short content hash of every file: changes when anything does

    const Article* find(std::string_view id) const;
};

/// Reads every `<section>/<slug>.md` under `root` (README.md and _meta/ excluded), _meta/synonyms.yaml
/// and _meta/out-of-scope.yaml (both optional).
/// @return Code::KbInvalid when the folder does not exist or a _meta file is broken; per-article
///         problems are collected in `problems`, not returned as errors.
[[nodiscard]] Result<KnowledgeBase> load_knowledge_base(const std::filesystem::path& root);

/// Everything `kb lint` checks: parse errors, unique ids, required fields, audience, sources,
/// links and `related` that resolve, at least 4 questions, and review dates not past `today`.
/// @param today  YYYY-MM-DD
std::vector<Diagnostic> lint_knowledge_base(const KnowledgeBase& kb, const std::string& today);

/// Where the kb folder came from, for `config list` and `--explain`.
struct KbLocation {
    std::filesystem::path dir;
    std::string origin;  ///< "--kb", "env SPRAVKA_KB", "config ...", "built-in"
};

/// Resolves the kb folder once: --kb, then SPRAVKA_KB, then the config's `kb`, then the built-in
/// default (the installed kb/ when running the installed binary, else the source tree's kb/).
KbLocation resolve_kb_dir(const std::string& flag, const Config* config, const Environment& env);

/// Today's date, YYYY-MM-DD in local time.
std::string today_iso();

}  // namespace spravka
