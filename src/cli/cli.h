#ifndef TRAWL_CLI_H
#define TRAWL_CLI_H
#include <stdio.h>
#include <trawl/trawl.h>
#include "args.h"

#define EXIT_PROBLEM 1
#define EXIT_USAGE 2
#include <trawl/json.h>

/* progress.c: one self-overwriting line on a terminal */
typedef struct progress {
	int enabled;
	double start, last;
	int shown;
} progress;
void progress_init(progress *p);
void progress_update(progress *p, const trawl_add_event *ev);
void progress_clear(progress *p);

/* main.c: opens the store of a: OPEN_READ, a store trawl can't write to is
 * opened read-only (said once on stderr); OPEN_WRITE, it must be
 * writable; OPEN_CREATE, made when missing. OPEN_QUIET: no note about
 * documents an older trawl read. Prints why on failure and returns the
 * exit status, else 0. */
enum { OPEN_READ = 0, OPEN_WRITE = 1, OPEN_CREATE = 2, OPEN_QUIET = 4 };
int cli_open(const cli_args *a, int how, trawl_store **s);

/* The commands (commands.c lists them): main.c */
int cmd_add(const cli_args *a);
int cmd_ls(const cli_args *a);
int cmd_show(const cli_args *a);
int cmd_set(const cli_args *a);
int cmd_refresh(const cli_args *a);
int cmd_verify(const cli_args *a);
int cmd_admin(const cli_args *a);
int cmd_copy(const cli_args *a);
int cmd_search(const cli_args *a);
int cmd_facts(const cli_args *a);
int cmd_watch(const cli_args *a);
int cmd_watch_add(const cli_args *a);
int cmd_watch_run(const cli_args *a);
int cmd_watch_rm(const cli_args *a);
/* rm.c */
int cmd_rm(const cli_args *a);
int cmd_gc(const cli_args *a);
/* report.c */
int cmd_report(const cli_args *a);
int cmd_topics(const cli_args *a);
int cmd_entities(const cli_args *a);
/* diff.c */
int cmd_diff(const cli_args *a);
/* gendoc.c */
int cmd_help(const cli_args *a);
int cmd_completion(const cli_args *a);
/* src/serve/http.c */
int cmd_serve(const cli_args *a);

/* output.c */
/* Set when some output could not be made (out of memory in a callback,
 * which can only stop the library's walk, or in cJSON): main() then says
 * the output is incomplete and exits 1, rather than 0 after a short list. */
extern int cli_incomplete;
/* Sets cli_incomplete; returns 1, to stop a walk. */
int cli_oom(void);
/* Makes cJSON's allocations set cli_incomplete when they fail. */
void cli_json_hooks(void);
void out_json_doc(FILE *f, const trawl_doc_info *d);
extern const char out_csv_doc_header[];
void out_csv_doc(const trawl_doc_info *d);
/* The run's JSON writer, emptied (NULL when out of memory); a record
 * written into it goes out as one line with out_json_print. */
trawl_json *out_json(void);
void out_json_print(FILE *f, trawl_json *j);
/* One CSV field on stdout, then ',' or (last) a newline; NULL is empty. */
void out_csv_field(const char *v, int last);
/* Columns a string takes on a terminal: East Asian wide characters two. */
size_t out_disp_width(const char *s);
/* "1.2 MB" for n bytes, into out. */
void out_size(unsigned long long n, char *out, size_t cap);
#endif
