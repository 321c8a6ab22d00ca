/* Every command of trawl, with its options, arguments, help and examples:
 * the one table that the parser, `trawl CMD --help`, the manual pages and
 * the shell completions are all made from (args.h). */
#include <stddef.h>
#include "args.h"
#include "cli.h"

#define FLAG(n, s, h) { .name = n, .shrt = s, .type = CLI_FLAG, .help = h }
#define VALUE(n, s, t, a, h) { .name = n, .shrt = s, .type = t, .arg = a, .help = h }
#define NUM(n, s, a, l, u, h) { .name = n, .shrt = s, .type = CLI_NUM, .arg = a, .lo = l, \
	.hi = u, .help = h }
#define CHOICE(n, a, v, h) { .name = n, .type = CLI_CHOICE, .arg = a, .values = v, .help = h }
#define JSON_OPT { .name = "json", .type = CLI_FLAG, .group = 'o', \
	.help = "JSON Lines: one object a line" }
#define CSV_OPT { .name = "csv", .type = CLI_FLAG, .group = 'o', \
	.help = "CSV with a header line" }
#define LIMIT_OPT(what) NUM("limit", 0, "N", 1, 1000000000L, "at most N " what)
#define JOBS_OPT NUM("jobs", 'j', "N", 1, 64, "worker threads (default: one a core)")
#define END { 0 }

const cli_opt cli_global_opts[] = {
	VALUE("store", 0, CLI_DIR, "DIR", "the store (default: $TRAWL_STORE, else ./.trawl)"),
	CHOICE("color", "WHEN", "auto|always|never",
	       "when to color the output (auto, the default: on a terminal, unless NO_COLOR "
	       "is set)"),
	FLAG("help", 'h', "this help"),
	END
};

/* ---- add, ls, show, set, refresh, verify, rm, gc ---- */

static const cli_opt add_opts[] = {
	JOBS_OPT,
	FLAG("no-ocr", 0, "no OCR: scanned pages and images are kept without text"),
	VALUE("ocr-lang", 0, CLI_STR, "LANGS", "Tesseract's languages for OCR, first the one "
	      "most pages are in (default chi_sim+eng; chi_tra+eng for Traditional)"),
	NUM("ocr-budget", 0, "SECONDS", 1, 86400L * 7, "seconds of OCR a file may take; the "
	    "pages past it are kept without text, with a warning (default 600)"),
	NUM("reader-timeout", 0, "S", 1, 86400, "a reader process gets S seconds a file, "
	    "plus 1 s per MB of it, plus the OCR budget for a PDF or an image (default 60)"),
	NUM("reader-memory", 0, "MB", 16, 1L << 20, "a reader process gets MB of memory "
	    "(default 2048)"),
	{ .name = "exclude", .type = CLI_STR, .arg = "GLOB", .repeat = 1,
	  .help = "skip files and folders whose name (or, with a /, path) matches GLOB" },
	VALUE("source-url", 0, CLI_STR, "URL", "the source URL of every file of this run"),
	{ .name = "unit", .type = CLI_STR, .arg = "UNIT", .values = "元|千元|万元|亿元|USD",
	  .help = "the unit of amounts whose unit the documents do not state" },
	{ .name = "currency", .type = CLI_STR, .arg = "CODE", .values = "CNY|TWD|HKD|MOP|USD|EUR",
	  .help = "the currency (ISO 4217) of amounts that name none, such as a bare 元" },
	NUM("max-size", 0, "MB", 1, 1L << 20, "skip files larger than this (default 512)"),
	VALUE("collection", 0, CLI_STR, "NAME", "a PostgreSQL store: the collection the "
	      "documents join (default: the PATH given that holds each file)"),
	FLAG("no-index", 0, "no full-text index (for benchmarks: search will not find them)"),
	FLAG("no-facts", 0, "no fact extraction (for benchmarks)"),
	FLAG("no-sandbox", 0, "parse in this process, not in sandboxed readers (benchmarks, "
	     "debugging)"),
	END
};

static const cli_example add_examples[] = {
	{ "add ~/cases/border-police", "every file below the folder, recursively" },
	{ "add --exclude '*.tmp' --exclude drafts/ ~/cases", "all but temporary files and "
	  "the drafts folders" },
	{ "add --unit 千元 --currency TWD budgets/", "amounts stated in thousands of New "
	  "Taiwan dollars" },
	{ "add --ocr-lang chi_tra+eng scans/", "scans in Traditional Chinese" },
	{ "add attachments.zip", "each file in the archive (zip, 7z, rar, tar), cited as "
	  "attachments.zip!member" },
	{ NULL, NULL }
};

static const cli_opt ls_opts[] = {
	FLAG("all", 0, "superseded versions too"),
	JSON_OPT, CSV_OPT, LIMIT_OPT("documents"),
	END
};

static const cli_example ls_examples[] = {
	{ "ls", "each document: id, format, kind, year, place, own amount, path, title" },
	{ "ls --csv > documents.csv", "the same for a spreadsheet" },
	{ NULL, NULL }
};

static const cli_opt show_opts[] = {
	NUM("page", 0, "N", 1, 2147483647L, "only page (sheet, section) N"),
	{ .name = "facts", .type = CLI_FLAG, .group = 'm',
	  .help = "mark the facts read from the text (the default on a terminal)" },
	{ .name = "plain", .type = CLI_FLAG, .group = 'm', .help = "the text only" },
	JSON_OPT,
	END
};

static const cli_example show_examples[] = {
	{ "show 3f9a1c --page 2", "page 2 of the document whose id begins 3f9a1c" },
	{ "show examples/budget-2024.pdf --facts", "by path, with its facts marked ⟦so⟧" },
	{ NULL, NULL }
};

static const cli_example set_examples[] = {
	{ "set 3f9a1c place=珲春 'amount=2650万元'", "correct what was read" },
	{ "set 3f9a1c kind=award year=2024", NULL },
	{ "set 3f9a1c place=", "back to the place that was read" },
	{ NULL, NULL }
};

static const cli_opt refresh_opts[] = {
	FLAG("all", 0, "every document, not only those an older trawl read"),
	JOBS_OPT,
	END
};

static const cli_example refresh_examples[] = {
	{ "refresh", "re-read what an older trawl read (reading commands say when)" },
	{ "refresh --all --jobs 2", "re-read every document, on two cores" },
	{ NULL, NULL }
};

static const cli_example verify_examples[] = {
	{ "verify", "every original re-hashed, the database checked" },
	{ "verify --fix", "the same, then the originals no document refers to deleted" },
	{ NULL, NULL }
};

static const cli_example gc_examples[] = {
	{ "gc --dry-run", "how many originals, and how much space, gc would free" },
	{ "gc", NULL },
	{ NULL, NULL }
};

static const cli_example watch_add_examples[] = {
	{ "watch add repatriation 遣返 OR 遣送", "the words are the query" },
	{ "watch add awards 'kind:award place:吉林'", NULL },
	{ NULL, NULL }
};

static const cli_example watch_run_examples[] = {
	{ "watch run", "every watch" },
	{ "watch run repatriation --csv", "one watch, for a spreadsheet" },
	{ NULL, NULL }
};

static const cli_example watch_rm_examples[] = {
	{ "watch rm repatriation", NULL },
	{ NULL, NULL }
};

static const cli_example help_examples[] = {
	{ "help search", "the same as trawl search --help" },
	{ "help --man search | scdoc | man -l -", "the manual page, from a build" },
	{ NULL, NULL }
};

static const cli_example completion_examples[] = {
	{ "completion bash > ~/.local/share/bash-completion/completions/trawl", "for bash" },
	{ "completion zsh > ~/.zfunc/_trawl", "for zsh (with ~/.zfunc in fpath)" },
	{ NULL, NULL }
};

static const cli_opt verify_opts[] = {
	FLAG("fix", 0, "remove the stored originals no document refers to"),
	JSON_OPT,
	END
};

static const cli_opt rm_opts[] = {
	{ .name = "path", .type = CLI_STR, .arg = "GLOB", .repeat = 1,
	  .help = "what was added from paths matching GLOB (* matches across folders)" },
	FLAG("dry-run", 'n', "say what would be removed, and remove nothing"),
	END
};

static const cli_example rm_examples[] = {
	{ "rm 3f9a1c", "the document whose id begins 3f9a1c" },
	{ "rm --path 'drafts/*'", "everything added from the drafts folder" },
	{ "gc", "then free the space of the removed originals" },
	{ NULL, NULL }
};

static const cli_opt gc_opts[] = {
	FLAG("dry-run", 'n', "say what would be deleted, and delete nothing"),
	END
};

/* ---- search, facts, diff, report, topics, entities, watch ---- */

static const cli_opt search_opts[] = {
	{ .name = "files", .shrt = 'l', .type = CLI_FLAG, .group = 'o',
	  .help = "each matching file once, best first" },
	{ .name = "count", .shrt = 'c', .type = CLI_FLAG, .group = 'o',
	  .help = "only the number of matching documents" },
	JSON_OPT, CSV_OPT,
	LIMIT_OPT("hits (default 20; with --files, all)"),
	END
};

static const cli_example search_examples[] = {
	{ "search 遣返", "two characters: repatriation" },
	{ "search 邊境 --files", "Traditional characters find Simplified ones too" },
	{ "search '人脸识别 OR 卡口' kind:award 'amount:>=1000000' year:2024",
	  "awards of a million yuan or more in 2024 on face recognition or checkpoints" },
	{ "search 巡逻艇 -维修 place:吉林", NULL },
	{ NULL, NULL }
};

static const cli_opt facts_opts[] = {
	CHOICE("kind", "KIND", "money|date|quantity|party|place|item|indicator|project",
	       "only facts of this kind"),
	VALUE("doc", 0, CLI_STR, "DOC", "only this document (an id prefix or a path)"),
	VALUE("min", 0, CLI_STR, "AMOUNT", "only amounts (money, items) of at least this, in yuan"),
	NUM("page", 0, "N", 1, 2147483647L, "with --doc: only its page (sheet, section) N"),
	JSON_OPT, CSV_OPT, LIMIT_OPT("facts"),
	END
};

static const cli_example facts_examples[] = {
	{ "facts --kind money --min 1000000", "amounts of a million yuan or more, each cited" },
	{ "facts --kind item kind:budget year:2024 --csv", "the line items of the 2024 budgets" },
	{ "facts --doc examples/zhongbiao_gonggao_renlian_kakou_gbk.html", NULL },
	{ NULL, NULL }
};

static const cli_opt diff_opts[] = {
	CHOICE("by", "DIM", "year", "compare the documents of one filter, year by year"),
	FLAG("all", 0, "unchanged line items too"),
	JSON_OPT, CSV_OPT, LIMIT_OPT("rows"),
	END
};

static const cli_example diff_examples[] = {
	{ "diff budget-2023.pdf budget-2024.pdf", "added, removed, changed line items" },
	{ "diff 2022.html 2023.pdf 2024.pdf", "a series: what each year adds, with citations" },
	{ "diff 'kind:budget agency:边境管理' --by year --json", "the same, the years found by a "
	  "filter" },
	{ "diff 'kind:budget year:2023' 'kind:budget year:2024' --csv", "all budgets of two years" },
	{ NULL, NULL }
};

static const cli_opt report_opts[] = {
	CHOICE("by", "DIM", "year|place|agency|vendor|topic", "group the documents by"),
	VALUE("html", 0, CLI_FILE, "FILE", "write a self-contained HTML page with charts to FILE"),
	{ .name = "topics", .type = CLI_FILE, .arg = "FILE", .alias = "file",
	  .help = "the topics file (default: topics.txt here, else in the store folder)" },
	VALUE("aliases", 0, CLI_FILE, "FILE", "names to merge (default: aliases.txt here, else "
	      "in the store folder)"),
	JSON_OPT, CSV_OPT, LIMIT_OPT("rows (the totals are always shown)"),
	END
};

static const cli_example report_examples[] = {
	{ "report --by year", "documents and their own amounts, by year, each row cited" },
	{ "report --by vendor kind:award place:吉林", NULL },
	{ "report --html report.html", "one offline HTML file with charts" },
	{ NULL, NULL }
};

static const cli_opt topics_opts[] = {
	{ .name = "topics", .type = CLI_FILE, .arg = "FILE", .alias = "file",
	  .help = "the topics file (default: topics.txt here, else in the store folder)" },
	VALUE("aliases", 0, CLI_FILE, "FILE", "names to merge"),
	JSON_OPT, CSV_OPT, LIMIT_OPT("rows"),
	END
};

static const cli_example topics_examples[] = {
	{ "topics --topics docs/topics.example.txt", "documents and money by topic, place, year" },
	{ "topics kind:award year:2024", "awards of 2024 only" },
	{ NULL, NULL }
};

static const cli_opt entities_opts[] = {
	CHOICE("role", "ROLE", "vendor|buyer|agency|issuer", "only parties of this role"),
	VALUE("aliases", 0, CLI_FILE, "FILE", "names to merge"),
	JSON_OPT, CSV_OPT, LIMIT_OPT("rows"),
	END
};

static const cli_example entities_examples[] = {
	{ "entities --role vendor --aliases aliases.txt", "vendors with their documents and "
	  "amounts" },
	{ NULL, NULL }
};

static const cli_opt watch_opts[] = {
	JSON_OPT, CSV_OPT, LIMIT_OPT("watches"),
	END
};

static const cli_opt watch_run_opts[] = {
	JSON_OPT, CSV_OPT, LIMIT_OPT("new documents for each watch"),
	END
};

static const cli_example watch_examples[] = {
	{ "watch add repatriation '遣返 OR 遣送'", "save a query" },
	{ "watch", "each saved query, with its count of new documents" },
	{ "watch run", "the documents stored since each watch last ran" },
	{ NULL, NULL }
};

static const cli_opt serve_opts[] = {
	VALUE("listen", 0, CLI_STR, "HOST:PORT", "where to listen (default 127.0.0.1:8642; an "
	      "address other than loopback needs --auth)"),
	FLAG("open", 0, "open the desktop's browser at the app"),
	FLAG("allow-add", 0, "let the browser add files and save watches (the store is "
	     "otherwise opened read-only)"),
	VALUE("auth", 0, CLI_FILE, "FILE", "require a log-in: lines of NAME:HASH (argon2id, "
	      "from --hash-password)"),
	{ .name = "host", .type = CLI_STR, .arg = "NAME", .repeat = 1,
	  .help = "another name the server is reached by, for the Host check (at most 4); "
	          "https://NAME: the address of a reverse proxy in front of it" },
	NUM("threads", 0, "N", 1, 64, "threads serving requests (default 4)"),
	VALUE("tls-cert", 0, CLI_FILE, "FILE", "serve HTTPS with this certificate (PEM; with "
	      "--tls-key)"),
	VALUE("tls-key", 0, CLI_FILE, "FILE", "the certificate's private key (PEM, not "
	      "encrypted)"),
	NUM("render-timeout", 0, "S", 1, 3600, "a PDF page image gets S seconds in its "
	    "sandboxed renderer process (default 20)"),
	FLAG("hash-password", 0, "read a password on stdin, print its hash for --auth, and "
	     "exit"),
	END
};

static const cli_example serve_examples[] = {
	{ "serve --open", "search, documents, facts, compare and charts in the browser" },
	{ "serve --allow-add", "... and add files by dropping a folder" },
	{ "serve --hash-password > pw", "a password's hash (write NAME:HASH lines into FILE)" },
	{ "serve --listen 0.0.0.0:8642 --auth users.txt", "for others on the network, with "
	  "a log-in" },
	{ NULL, NULL }
};

static const cli_opt copy_opts[] = {
	VALUE("from", 0, CLI_STR, "STORE", "the store to copy (a folder or postgresql://...)"),
	VALUE("to", 0, CLI_STR, "STORE", "an empty store to copy it into"),
	END
};

static const cli_example copy_examples[] = {
	{ "copy --from ~/cases/border --to postgresql://db.example.org/newsroom", "a folder "
	  "store into PostgreSQL" },
	{ "copy --from postgresql:///newsroom --to ~/border-copy", "and back into a folder" },
	{ NULL, NULL }
};

static const cli_example admin_examples[] = {
	{ "admin user add alice", "a user (a PostgreSQL role that can log in)" },
	{ "admin grant alice read budgets", "alice may read the collection budgets" },
	{ "admin grant alice write tenders", "... and add to tenders" },
	{ "admin revoke alice budgets", "no longer" },
	{ "admin collections", "each collection, its documents, who may do what" },
	{ "admin audit", "who searched, viewed and exported what, when" },
	{ "admin shard add postgresql://node2/newsroom", "move half the partitions still "
	  "here to another server" },
	{ NULL, NULL }
};

static const cli_opt help_opts[] = {
	FLAG("man", 0, "the manual page (trawl(1), or trawl-COMMAND(1)) in scdoc's markup"),
	FLAG("list", 0, "every command, option and query field, one a line (for scripts)"),
	END
};

const cli_cmd cli_commands[] = {
	{ "add", "[OPTIONS] PATH...", "ingest files and folders (recursively)",
	  "Each file is read, its text and facts stored, and its original kept in the store\n"
	  "under its SHA-256. Adding the same bytes again does nothing; new bytes at a\n"
	  "known path are a new version (the old one is kept). Every bad file gets one\n"
	  "line on stderr, and the run goes on. Hidden files, NAME.url and NAME.trawl\n"
	  "sidecars are not documents; a .trawlignore file in a folder lists patterns\n"
	  "(one a line, as --exclude takes them) of what to skip below it. Ctrl-C stops\n"
	  "cleanly: what was stored stays, and the same command adds the rest.\n",
	  add_opts, 1, -1, POS_PATH, POS_PATH,
	  "0 every file stored; 1 some file failed or had a warning; 2 a usage error, or a "
	  "store that can't be opened or written; 130 stopped by Ctrl-C (what was stored "
	  "stays)",
	  add_examples, cmd_add, CLI_WRITES },
	{ "ls", "[OPTIONS]", "list documents: kind, year, place, own amount, title",
	  "A * marks what `trawl set` stated. Documents read from one file (the releases\n"
	  "of an OCDS package) are told apart by their tag and date after the title.\n",
	  ls_opts, 0, 0, POS_NONE, POS_NONE, NULL, ls_examples, cmd_ls, 0 },
	{ "show", "[OPTIONS] DOC", "print a document's text, with where it came from",
	  "DOC is an id prefix of at least 3 hex digits (unique in the store; `trawl ls`\n"
	  "shows 12), or a path the file was seen at.\n",
	  show_opts, 1, 1, POS_DOC, POS_NONE, NULL, show_examples, cmd_show, 0 },
	{ "set", "DOC KEY=VALUE...", "correct a document's kind, year, place, amount or title",
	  "KEY is kind, year, place, amount (with its currency: 1.63亿元, 163000000 CNY) or\n"
	  "title. KEY=none states it has none; KEY= goes back to what was read. What is\n"
	  "set is kept apart from what was read and survives trawl refresh.\n",
	  NULL, 2, -1, POS_DOC, POS_KEYVAL, NULL, set_examples, cmd_set, CLI_WRITES },
	{ "refresh", "[OPTIONS]", "re-read documents an older trawl read",
	  "Re-reads the stored originals (not the paths, which may be gone) and replaces\n"
	  "text, index and facts, keeping ids, versions, what set stated, and watches.\n",
	  refresh_opts, 0, 0, POS_NONE, POS_NONE, NULL, refresh_examples, cmd_refresh,
	  CLI_WRITES },
	{ "verify", "[OPTIONS]", "re-hash every stored original and check the database",
	  "Originals no document refers to (left by an interrupted add, or by trawl rm)\n"
	  "are summed up in one note: --fix (or trawl gc) removes them.\n",
	  verify_opts, 0, 0, POS_NONE, POS_NONE,
	  "0 every original and the database check out (notes aside); 1 a problem was "
	  "found; 2 a usage error or no store",
	  verify_examples, cmd_verify, 0 },
	{ "rm", "[OPTIONS] DOC... | --path GLOB", "take documents out of search and reports",
	  "The documents go from search, facts, reports, diffs and watches; their stored\n"
	  "originals stay until trawl gc. A file's other documents (an OCDS package's\n"
	  "other releases) stay. With --path, what was seen at matching paths goes; a\n"
	  "file also seen at another path stays.\n",
	  rm_opts, 0, -1, POS_DOC, POS_DOC, NULL, rm_examples, cmd_rm, CLI_WRITES },
	{ "gc", "[OPTIONS]", "delete stored originals that no document refers to",
	  "Frees the space of originals trawl rm took out, and of those an interrupted\n"
	  "add left. It waits for no one: it refuses while a trawl add is running.\n",
	  gc_opts, 0, 0, POS_NONE, POS_NONE, NULL, gc_examples, cmd_gc, CLI_WRITES },
	{ "search", "[OPTIONS] QUERY...", "full-text search, Chinese first",
	  "Every page (sheet, section, release) that holds the query, best first, with\n"
	  "a snippet. A query finds exactly the text that holds it: 邊境 finds 边境 too,\n"
	  "a number is one token (3541.07), and a word is not cut in the middle.\n",
	  search_opts, 1, -1, POS_QUERY, POS_QUERY,
	  "0 something matched; 1 nothing matched (as grep); 2 a usage error (a bad "
	  "query) or no store",
	  search_examples, cmd_search, CLI_FILTERS },
	{ "facts", "[OPTIONS] [FILTER...]", "cited facts: amounts, dates, targets, parties, "
	  "places, line items",
	  "Each fact with its document, page and the quote it was read from. FILTER\n"
	  "selects the documents, as a search query does (kind:budget year:2024); a\n"
	  "document's path alone (trawl facts in/a.pdf) is --doc.\n",
	  facts_opts, 0, -1, POS_QUERY, POS_QUERY,
	  "0 facts listed; 1 none matched; 2 a usage error or no store",
	  facts_examples, cmd_facts, CLI_FILTERS },
	{ "diff", "[OPTIONS] A B [C...] | FILTER --by year",
	  "line items, indicators and projects added, removed and changed between sides",
	  "A side is documents (ids or paths, separated by spaces) or a filter\n"
	  "(\"kind:budget year:2023\"); up to 64 sides make a series, first to last.\n"
	  "Line items match by item code, else by agency, table and name; performance\n"
	  "indicators and projects by name; new targets and paragraphs are listed too.\n",
	  diff_opts, 1, 64, POS_QUERY, POS_QUERY, NULL, diff_examples, cmd_diff, CLI_FILTERS },
	{ "report", "[OPTIONS] [FILTER...]", "documents and money by year, place, agency, "
	  "vendor or topic",
	  "Each document counts once, with its own amount; currencies are never added\n"
	  "together; every row cites its largest amount (docs/report.md).\n",
	  report_opts, 0, -1, POS_QUERY, POS_QUERY, NULL, report_examples, cmd_report,
	  CLI_FILTERS },
	{ "topics", "[OPTIONS] [FILTER...]", "documents and money by topic, place and year",
	  "A topics file holds one topic a line: a name, a colon, terms separated by , or\n"
	  "、 (surveillance: 人脸识别, 视频监控, 卡口).\n",
	  topics_opts, 0, -1, POS_QUERY, POS_QUERY, NULL, topics_examples, cmd_topics,
	  CLI_FILTERS },
	{ "entities", "[OPTIONS] [FILTER...]", "agencies and vendors with their documents and "
	  "amounts",
	  "Names are merged through the aliases file (one line: a name = the other names\n"
	  "it goes by).\n",
	  entities_opts, 0, -1, POS_QUERY, POS_QUERY, NULL, entities_examples, cmd_entities,
	  CLI_FILTERS },
	{ "watch", "[OPTIONS]", "saved queries, with their counts of new documents", NULL,
	  watch_opts, 0, 0, POS_NONE, POS_NONE, NULL, watch_examples, cmd_watch, 0 },
	{ "watch add", "NAME QUERY...", "save a query under a name (replacing one so named)",
	  NULL, NULL, 2, -1, POS_WORD, POS_QUERY, NULL, watch_add_examples, cmd_watch_add,
	  CLI_WRITES | CLI_FILTERS },
	{ "watch run", "[OPTIONS] [NAME]", "the documents stored since a watch (or each) last ran",
	  "Then each watch is marked as run, unless --limit left some of its documents\n"
	  "unshown or the store can't be written.\n",
	  watch_run_opts, 0, 1, POS_WATCH, POS_NONE, NULL, watch_run_examples, cmd_watch_run, 0 },
	{ "watch rm", "NAME", "forget a saved query", NULL, NULL, 1, 1, POS_WATCH, POS_NONE,
	  NULL, watch_rm_examples, cmd_watch_rm, CLI_WRITES },
	{ "serve", "[OPTIONS]", "the store as a web app in the browser",
	  "Search with facets, documents with their PDF pages and the hits boxed, facts\n"
	  "with exports, compare, charts, watchlists and entities, and a JSON API under\n"
	  "/api/v1/ (docs/api.md). It works offline, and stops with Ctrl-C. The store\n"
	  "is opened read-only unless --allow-add is given.\n",
	  serve_opts, 0, 0, POS_NONE, POS_NONE,
	  "0 stopped by Ctrl-C (or a password hashed); 1 the server could not start; 2 a "
	  "usage error, an address it can't listen on, or no store",
	  serve_examples, cmd_serve, 0 },
	{ "copy", "--from STORE --to STORE", "copy a whole store, with its history, into an "
	  "empty one",
	  "A folder into PostgreSQL, or back: the originals, every version of every path,\n"
	  "the documents with what trawl set stated, their text, facts and fields, and\n"
	  "the watches. trawl verify passes on both sides with the same counts\n"
	  "(docs/postgresql.md).\n",
	  copy_opts, 0, 0, POS_NONE, POS_NONE, NULL, copy_examples, cmd_copy, CLI_NO_STORE },
	{ "admin", "user add NAME | grant NAME read|write COLLECTION | revoke NAME COLLECTION "
	  "| collections | audit | shard add URL",
	  "users, their rights, the audit and the shards of a PostgreSQL store",
	  "Rights are per collection and enforced by PostgreSQL's row-level security, in\n"
	  "every command and in a raw SQL session alike (docs/postgresql.md). Run as the\n"
	  "store's owner.\n",
	  NULL, 1, 4, POS_WORD, POS_WORD, NULL, admin_examples, cmd_admin, CLI_WRITES },
	{ "help", "[OPTIONS] [COMMAND]", "what trawl or one of its commands does", NULL,
	  help_opts, 0, 2, POS_COMMAND, POS_WORD, NULL, help_examples, cmd_help, CLI_NO_STORE },
	{ "completion", "bash|zsh", "the shell completion script for bash or zsh",
	  "Packages install it; from a build, load it with\n"
	  "  source <(trawl completion bash)\n",
	  NULL, 1, 1, POS_WORD, POS_NONE, NULL, completion_examples, cmd_completion,
	  CLI_NO_STORE },
	{ NULL }
};
