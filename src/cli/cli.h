#ifndef TRAWL_CLI_H
#define TRAWL_CLI_H
#include <stdio.h>
#include <trawl/trawl.h>

/* progress.c: one self-overwriting line on a terminal */
typedef struct progress {
	int enabled;
	double start, last;
	int shown;
} progress;
void progress_init(progress *p);
void progress_update(progress *p, const trawl_add_event *ev);
void progress_clear(progress *p);

/* output.c */
void out_json_doc(FILE *f, const trawl_doc_info *d);
void out_json_kv(FILE *f, const char *k1, const char *v1, ...); /* NULL-terminated */
#endif
