#ifndef TRAWL_CLI_H
#define TRAWL_CLI_H
#include <stdio.h>
#include <trawl/trawl.h>
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

/* main.c: opens the store (create != 0 for add); prints why on failure
 * and returns the exit status, else 0. */
int cli_open_store(const char *dir, int create, trawl_store **s);
int cli_usage_error(const char *fmt, const char *x);

/* report.c: trawl report, trawl topics, trawl entities */
int cli_report(const char *store, int argc, char **argv);
int cli_topics(const char *store, int argc, char **argv);
int cli_entities(const char *store, int argc, char **argv);

/* src/serve/http.c: trawl serve */
int cli_serve(const char *store, int argc, char **argv);

/* diff.c: trawl diff */
int cli_diff(const char *store, int argc, char **argv);

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
#endif
