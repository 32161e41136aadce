/** @file  @brief Builds the Xapian index from a kb/ folder: manifest, incremental update, atomic swap. */
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "index/schema.hpp"
#include "index/store_layout.hpp"
#include "search/analyzer.hpp"
#include "spravka/index.hpp"
#include "util/fs.hpp"
#include "util/hash.hpp"

namespace spravka {

using nlohmann::json;

namespace {

// The stems of a text's content words (no stopwords), in order: what a question "says".
std::vector<std::string> content_stems(const analysis::Stemmer& stem, std::string_view text)
{
    std::vector<std::string> out;
    for (const auto& word : analysis::words(analysis::join_names(analysis::fold(text))))
        if (!analysis::is_stopword(word)) out.push_back(stem(word));
    return out;
}

json article_data(const Article& article, const std::filesystem::path& kb_root)
{
    return json{
        {"id", article.id},
        {"title", article.title},
        {"audience", audience_name(article.audience)},
        {"path", std::filesystem::relative(article.path, kb_root).string()},
        {"body", article.body},
        {"text", article.plain_text},
        {"questions", article.questions},
        {"tags", article.tags},
        {"updated", article.updated},
        {"review_by", article.review_by},
        {"sources", article.sources},
        {"related", article.related},
    };
}

// Indexes `text` as the field `name` of schema::kTextFields: folded, with the field's weight, plus its
// prefixed copy; a position gap keeps phrases from running across two values.
void index_text_field(Xapian::TermGenerator& indexer, std::string_view name, const std::string& text)
{
    for (const auto& field : schema::kTextFields) {
        if (field.name != name) continue;
        std::string folded = analysis::join_names(analysis::fold(text));
        indexer.index_text(folded, field.weight);
        if (!field.prefix.empty()) indexer.index_text(folded, 1, std::string(field.prefix));
        indexer.increase_termpos();
    }
}

// The ranking value slot (schema::kSlotRanking): id, title, audience, path, kind ("article" or
// "out_of_scope"), then one line of content stems per phrasing. Written here only.
std::string ranking_slot(const std::string& id, const std::string& title, std::string_view audience,
                         const std::string& path, std::string_view kind,
                         const std::vector<std::string>& questions, const analysis::Stemmer& stem)
{
    std::string slot =
        id + "\n" + title + "\n" + std::string(audience) + "\n" + path + "\n" + std::string(kind) + "\n";
    for (const auto& question : questions) {
        std::string line;
        for (const auto& s : content_stems(stem, question)) line += (line.empty() ? "" : " ") + s;
        slot += line + "\n";
    }
    return slot;
}

Xapian::Document make_document(const Article& article, const std::filesystem::path& kb_root,
                               Xapian::TermGenerator& indexer, const analysis::Stemmer& stem)
{
    Xapian::Document doc;
    indexer.set_document(doc);
    index_text_field(indexer, "title", article.title);
    for (const auto& question : article.questions) index_text_field(indexer, "questions", question);
    for (const auto& tag : article.tags) {
        index_text_field(indexer, "tags", tag);
        // Appended, not prefix + fold(…): inlined, that concatenation draws GCC 12's false -Wrestrict.
        std::string tag_term(schema::kTagPrefix);
        tag_term += analysis::fold(tag);
        doc.add_boolean_term(tag_term);
    }
    index_text_field(indexer, "body", article.plain_text);
    doc.add_boolean_term(std::string(schema::kIdPrefix) + article.id);
    doc.add_boolean_term(std::string(schema::kAudiencePrefix) + audience_name(article.audience));
    json data = article_data(article, kb_root);
    doc.add_value(schema::kSlotRanking,
                  ranking_slot(article.id, article.title, audience_name(article.audience),
                               data["path"].get<std::string>(), "article", article.questions, stem));
    doc.set_data(data.dump(-1, ' ', false, json::error_handler_t::replace));
    return doc;
}

// An out-of-scope topic is matched by its title and phrasings only (its reply names other services,
// and those words must not pull in questions that are ours).
Xapian::Document make_out_of_scope_document(const OutOfScopeTopic& topic, Xapian::TermGenerator& indexer,
                                            const analysis::Stemmer& stem)
{
    Xapian::Document doc;
    indexer.set_document(doc);
    index_text_field(indexer, "title", topic.title);
    for (const auto& question : topic.questions) index_text_field(indexer, "questions", question);
    doc.add_boolean_term(std::string(schema::kOutOfScopePrefix) + topic.id);
    doc.add_boolean_term(std::string(schema::kAudiencePrefix) + "both");
    doc.add_value(schema::kSlotRanking, ranking_slot(topic.id, topic.title, "both", "_meta/out-of-scope.yaml",
                                                     "out_of_scope", topic.questions, stem));
    doc.set_data(
        json{{"id", topic.id}, {"title", topic.title}, {"reply", topic.reply}, {"kind", "out_of_scope"}}.dump(
            -1, ' ', false, json::error_handler_t::replace));
    return doc;
}

// Synonym keys are stemmed terms; a phrase is its content stems joined by spaces ("Zналог Zпрофессиональн
// Zдоход"). Each member maps to every other member of its group.
void write_synonyms(Xapian::WritableDatabase& db, const std::vector<SynonymGroup>& groups,
                    const analysis::Stemmer& stem)
{
    for (auto it = db.synonym_keys_begin(); it != db.synonym_keys_end(); ++it) db.clear_synonyms(*it);
    for (const auto& group : groups) {
        std::vector<std::string> keys;
        for (const auto& member : group) {
            auto stems = content_stems(stem, member);
            const auto member_words = analysis::words(analysis::join_names(analysis::fold(member)));
            // «через сколько» without its stopword is just «сколько»: as a key it would tie two
            // groups together. kb lint reports such members; here they are skipped.
            if (stems.size() == 1 && member_words.size() > 1) continue;
            std::string key;
            for (const auto& s : stems) key += (key.empty() ? "Z" : " Z") + s;
            if (!key.empty()) keys.push_back(key);
            // Slang and abbreviations are valid words for spelling correction too.
            for (const auto& word : member_words)
                if (!analysis::is_stopword(word)) db.add_spelling(word);
        }
        for (const auto& key : keys)
            for (const auto& other : keys)
                if (other != key) db.add_synonym(key, other);
    }
}

struct Manifest {
    std::map<std::string, FileStamp> files;           // every file the index depends on
    std::map<std::string, std::string> article_hash;  // article id -> content hash
    std::string kb_version;
};

json manifest_to_json(const Manifest& m)
{
    json files = json::object();
    for (const auto& [path, stamp] : m.files) files[path] = {stamp.size, stamp.mtime_ns};
    return json{{"schema", kIndexSchemaVersion},
                {"files", files},
                {"articles", m.article_hash},
                {"kb_version", m.kb_version}};
}

std::optional<Manifest> read_manifest(const std::filesystem::path& generation)
{
    auto text = util::read_file(generation / "manifest.json");
    if (!text) return std::nullopt;
    try {
        json j = json::parse(*text);
        if (j.at("schema").get<int>() != kIndexSchemaVersion) return std::nullopt;
        Manifest m;
        for (const auto& [path, stamp] : j.at("files").items())
            m.files[path] = FileStamp{stamp.at(0).get<uint64_t>(), stamp.at(1).get<int64_t>()};
        m.article_hash = j.at("articles").get<std::map<std::string, std::string>>();
        m.kb_version = j.at("kb_version").get<std::string>();
        return m;
    } catch (const json::exception&) {
        return std::nullopt;
    }
}

Result<void> copy_generation(const std::filesystem::path& from, const std::filesystem::path& to)
{
    std::error_code ec;
    std::filesystem::copy(from, to, std::filesystem::copy_options::recursive, ec);
    if (ec) return fail(Code::Io, "cannot copy the index to " + to.string() + ": " + ec.message());
    std::filesystem::remove(to / "manifest.json", ec);
    return {};
}

}  // namespace

std::filesystem::path index_root_for(const std::filesystem::path& kb_dir,
                                     const std::filesystem::path& cache_dir)
{
    std::error_code ec;
    auto absolute = std::filesystem::weakly_canonical(kb_dir, ec);
    util::Fnv1a hash;
    hash.add((ec ? kb_dir : absolute).string());
    return cache_dir / "index" / hash.hex().substr(0, 12);
}

Result<BuildReport> build_index(const std::filesystem::path& kb_dir, const std::filesystem::path& cache_dir,
                                const BuildOptions& options)
{
    auto started = std::chrono::steady_clock::now();
    const auto root = index_root_for(kb_dir, cache_dir);
    auto lock = util::FileLock::try_acquire(root / "build.lock");
    if (!lock) {
        if (lock.error().code == Code::Locked)
            return fail(Code::Locked, "another `spravka kb build` is running for " + kb_dir.string(),
                        "wait for it to finish; `ask` keeps answering from the current index meanwhile");
        return tl::unexpected(lock.error());
    }

    auto stamps = stamp_kb_files(kb_dir);
    if (!stamps) return tl::unexpected(stamps.error());
    auto current = current_generation(root);
    std::optional<Manifest> previous;
    if (current) previous = read_manifest(*current);

    BuildReport report;
    report.index_dir = current.value_or(std::filesystem::path());
    if (previous && !options.force && previous->files == *stamps) {
        report.up_to_date = true;
        report.indexed = previous->article_hash.size();
        report.kb_version = previous->kb_version;
        return report;
    }

    auto kb = load_knowledge_base(kb_dir);
    if (!kb) return tl::unexpected(kb.error());
    report.rejected = kb->problems;
    report.kb_version = kb->version;

    // Synonyms or the schema changing means every document's terms may change, and out-of-scope topics
    // are only written by a full build: rebuild from scratch when either file changed.
    auto same_file = [&](const std::string& name) {
        return previous->files.count(name) == stamps->count(name) &&
               (!stamps->count(name) || previous->files.at(name) == stamps->at(name));
    };
    bool meta_same = previous && same_file("_meta/synonyms.yaml") && same_file("_meta/out-of-scope.yaml");
    bool incremental = previous && meta_same && !options.force;

    auto generation = new_generation_path(root);
    try {
        if (incremental) {
            if (auto ok = copy_generation(*current, generation); !ok) return tl::unexpected(ok.error());
        }
        Xapian::WritableDatabase db(generation.string(), Xapian::DB_CREATE_OR_OPEN);
        analysis::Stemmer stem;
        Xapian::TermGenerator indexer;
        indexer.set_stemmer(stem.xapian());
        indexer.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
        indexer.set_database(db);
        indexer.set_flags(Xapian::TermGenerator::FLAG_SPELLING);

        Manifest manifest;
        manifest.files = *stamps;
        manifest.kb_version = kb->version;
        std::set<std::string> seen_ids;
        std::vector<const Article*> published;
        for (const auto& article : kb->articles) {
            if (article.status != ArticleStatus::Published) {
                report.skipped.emplace_back(article.id,
                                            article.status == ArticleStatus::Draft ? "draft" : "archived");
                continue;
            }
            if (!seen_ids.insert(article.id).second) {
                report.rejected.push_back(
                    {article.path, 2, "id", "duplicate id '" + article.id + "'", false});
                continue;
            }
            published.push_back(&article);
        }
        size_t done = 0;
        for (const Article* article : published) {
            util::Fnv1a hash;
            hash.add(article->path.string());
            hash.add(
                json(article_data(*article, kb_dir)).dump(-1, ' ', false, json::error_handler_t::replace));
            std::string content_hash = hash.hex();
            manifest.article_hash[article->id] = content_hash;
            bool unchanged = incremental && previous->article_hash.count(article->id) &&
                             previous->article_hash.at(article->id) == content_hash;
            if (!unchanged) {
                db.replace_document(std::string(schema::kIdPrefix) + article->id,
                                    make_document(*article, kb_dir, indexer, stem));
                ++report.changed;
            }
            if (options.progress) options.progress(++done, published.size());
        }
        if (incremental) {
            for (const auto& [id, hash] : previous->article_hash) {
                if (manifest.article_hash.count(id)) continue;
                db.delete_document(std::string(schema::kIdPrefix) + id);
                ++report.removed;
            }
        }
        if (!incremental)
            for (const auto& topic : kb->out_of_scope)
                db.replace_document(std::string(schema::kOutOfScopePrefix) + topic.id,
                                    make_out_of_scope_document(topic, indexer, stem));
        write_synonyms(db, kb->synonyms, stem);
        db.set_metadata(std::string(schema::kMetaSchema), std::to_string(kIndexSchemaVersion));
        db.set_metadata(std::string(schema::kMetaKbVersion), kb->version);
        db.set_metadata(std::string(schema::kMetaKbRoot), kb_dir.string());
        std::vector<size_t> phrasings;
        for (const Article* article : published) phrasings.push_back(article->questions.size());
        std::sort(phrasings.begin(), phrasings.end());
        db.set_metadata(std::string(schema::kMetaTypicalPhrasings),
                        std::to_string(phrasings.empty() ? 0 : phrasings[phrasings.size() / 2]));
        db.commit();
        db.close();
        report.indexed = published.size();
        report.out_of_scope_topics = kb->out_of_scope.size();
        auto written =
            util::write_file_atomic(generation / "manifest.json", manifest_to_json(manifest).dump(1));
        if (!written) return tl::unexpected(written.error());
        written = util::write_file_atomic(generation / kDigestFile, stamps_digest(*stamps, true) + "\n" +
                                                                        stamps_digest(*stamps, false) + "\n");
        if (!written) return tl::unexpected(written.error());
    } catch (const Xapian::Error& e) {
        std::error_code ec;
        std::filesystem::remove_all(generation, ec);
        return fail(Code::IndexCorrupt,
                    "building the index in " + generation.string() + " failed: " + e.get_msg(),
                    "check free disk space, then run `spravka kb build --force`");
    }
    if (auto swapped = swap_generation(root, generation); !swapped) return tl::unexpected(swapped.error());
    report.index_dir = generation;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

namespace {

// Line `line` (0: full, 1: size-only) of a generation's digest file, or "" when missing.
std::string stored_digest(const std::filesystem::path& generation, int line)
{
    auto text = util::read_file(generation / kDigestFile);
    if (!text) return {};
    size_t newline = text->find('\n');
    if (line == 0) return text->substr(0, newline);
    if (newline == std::string::npos) return {};
    return text->substr(newline + 1, text->find('\n', newline + 1) - newline - 1);
}

}  // namespace

Result<IndexHandle> ensure_index(const std::filesystem::path& kb_dir, const std::filesystem::path& cache_dir)
{
    // The hot path of every ask: stat(2) each kb file and compare one digest line. No article is read
    // and no manifest parsed unless something changed.
    auto stamps = stamp_kb_files(kb_dir);
    if (!stamps) return tl::unexpected(stamps.error());
    // An installed, prebuilt index next to the installed kb is used read-only when it matches.
    std::error_code ec;
    std::filesystem::path installed = SPRAVKA_INSTALL_INDEX;
    if (std::filesystem::equivalent(kb_dir, SPRAVKA_INSTALL_KB, ec) && !ec) {
        std::string expected = stored_digest(installed, 1);
        if (!expected.empty() && expected == stamps_digest(*stamps, false))
            return IndexHandle{installed, true, false, std::nullopt};
    }
    const auto root = index_root_for(kb_dir, cache_dir);
    if (auto current = current_generation(root)) {
        std::string expected = stored_digest(*current, 0);
        if (!expected.empty() && expected == stamps_digest(*stamps, true))
            return IndexHandle{*current, false, false, std::nullopt};
    }
    auto report = build_index(kb_dir, cache_dir);
    if (!report) {
        // Someone else is building: answer from the current index if there is one. A kb that cannot
        // be rebuilt right now is no reason to stop answering either: keep the previous index and
        // say why, so the error still reaches whoever edits the kb.
        if (auto current = current_generation(root)) {
            if (report.error().code == Code::Locked) return IndexHandle{*current, false, false, std::nullopt};
            return IndexHandle{*current, false, false, report.error()};
        }
        return tl::unexpected(report.error());
    }
    return IndexHandle{report->index_dir, false, !report->up_to_date, std::nullopt};
}

}  // namespace spravka
