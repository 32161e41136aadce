/** @file  @brief The "raw Xapian query process" speed anchor: one stemmed OR query, print the top id.
 *
 * Usage: spravka_bench_raw_query INDEX_DIR QUESTION...
 * It does what SEARCH-NOTES.md measured as the floor `spravka ask` is held to (within 1.5x):
 * open the database, parse the question with the Russian stemmer (STEM_ALL_Z, default OP_OR),
 * take the top 10 and print the best article's id (its Q term). Nothing else: no synonyms,
 * spelling, filters or reranking.
 */
#include <xapian.h>

#include <iostream>
#include <string>

int main(int argc, char** argv)
{
    if (argc < 3) {
        std::cerr << "usage: " << argv[0] << " INDEX_DIR QUESTION...\n";
        return 2;
    }
    std::string question;
    for (int i = 2; i < argc; ++i) question += (i > 2 ? " " : "") + std::string(argv[i]);
    try {
        Xapian::Database db(argv[1]);
        Xapian::QueryParser parser;
        parser.set_database(db);
        parser.set_stemmer(Xapian::Stem("russian"));
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
        parser.set_default_op(Xapian::Query::OP_OR);
        Xapian::Enquire enquire(db);
        enquire.set_query(parser.parse_query(question));
        Xapian::MSet top = enquire.get_mset(0, 10);
        if (top.empty()) {
            std::cout << "(no match)\n";
            return 3;
        }
        Xapian::Document doc = top.begin().get_document();
        // The article id is the document's unique Q term (Omega's convention, src/index/schema.hpp).
        auto term = doc.termlist_begin();
        term.skip_to("Q");
        if (term != doc.termlist_end() && (*term).rfind('Q', 0) == 0)
            std::cout << (*term).substr(1) << "\n";
        else
            std::cout << "docid " << *top.begin() << "\n";
    } catch (const Xapian::Error& e) {
        std::cerr << "raw_query: " << e.get_description() << "\n";
        return 1;
    }
    return 0;
}
