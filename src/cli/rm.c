/* trawl rm: take documents out of search and reports (their originals
 * stay); trawl gc: delete the originals no document refers to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

typedef struct rm_ctx {
	int dry_run;
} rm_ctx;

static int rm_line(const trawl_doc_info *d, void *u)
{
	rm_ctx *c = u;

	printf("%s %.12s  %s", c->dry_run ? "would remove" : "removing", d->id,
	       d->path ? d->path : "-");
	if (d->title)
		printf("  %s", d->title);
	if (d->part)
		printf(" (%s)", d->part);
	putchar('\n');
	return 0;
}

int cmd_rm(const cli_args *a)
{
	trawl_rm_opts o;
	trawl_rm_summary sum;
	trawl_store *s = NULL;
	trawl_diag d;
	rm_ctx c = { cli_flag(a, "dry-run") };
	const char **globs = NULL;
	int n = 0, rc;
	trawl_err e;

	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	while (cli_nth(a, "path", n))
		n++;
	if (!n && !a->npos)
		return cli_usage(a->cmd, "name the documents (an id prefix or a path), or --path "
		                 "GLOB");
	if (n && !(globs = calloc((size_t)n, sizeof *globs)))
		return EXIT_PROBLEM;
	for (int i = 0; i < n; i++)
		globs[i] = cli_nth(a, "path", i);
	if ((rc = cli_open(a, OPEN_WRITE | OPEN_QUIET, &s))) {
		free(globs);
		return rc;
	}
	o.docs = (const char *const *)a->pos;
	o.ndocs = (size_t)a->npos;
	o.paths = globs;
	o.npaths = (size_t)n;
	o.dry_run = c.dry_run;
	o.on_doc = rm_line;
	o.udata = &c;
	e = trawl_rm(s, &o, &sum, &d);
	if (e) {
		fprintf(stderr, "trawl: rm: %s%s%s\n", d.path[0] ? d.path : "", d.path[0] ? ": " : "",
		        d.msg[0] ? d.msg : trawl_strerror(e));
		fprintf(stderr, "trawl: rm: nothing was removed\n");
		rc = e == TRAWL_ESTORE ? EXIT_USAGE : EXIT_PROBLEM;
	} else {
		printf("%llu document%s %s", (unsigned long long)sum.documents,
		       sum.documents == 1 ? "" : "s", c.dry_run ? "would be removed" : "removed");
		if (sum.sightings)
			printf(", %llu path%s forgotten", (unsigned long long)sum.sightings,
			       sum.sightings == 1 ? "" : "s");
		if (sum.kept)
			printf("; %llu file%s also added from other paths kept",
			       (unsigned long long)sum.kept, sum.kept == 1 ? "" : "s");
		if (sum.originals)
			printf("; %llu original%s stay%s in the store until trawl gc",
			       (unsigned long long)sum.originals, sum.originals == 1 ? "" : "s",
			       sum.originals == 1 ? "s" : "");
		putchar('\n');
	}
	trawl_store_close(s);
	free(globs);
	return rc;
}

int cmd_gc(const cli_args *a)
{
	trawl_store *s = NULL;
	trawl_diag d;
	uint64_t n = 0, bytes = 0;
	int dry = cli_flag(a, "dry-run"), rc;
	char size[32];
	trawl_err e;

	memset(&d, 0, sizeof d);
	if ((rc = cli_open(a, OPEN_WRITE | OPEN_QUIET, &s)))
		return rc;
	e = trawl_gc(s, dry, &n, &bytes, &d);
	out_size(bytes, size, sizeof size);
	if (e) {
		fprintf(stderr, "trawl: gc: %s%s%s\n", d.path[0] ? d.path : "", d.path[0] ? ": " : "",
		        d.msg[0] ? d.msg : trawl_strerror(e));
		if (n)
			fprintf(stderr, "trawl: gc: %llu originals (%s) were deleted before that\n",
			        (unsigned long long)n, size);
		rc = e == TRAWL_ESTORE ? EXIT_USAGE : EXIT_PROBLEM;
	} else {
		printf("%llu original%s no document refers to %s (%s)\n", (unsigned long long)n,
		       n == 1 ? "" : "s", dry ? "would be deleted" : "deleted", size);
	}
	trawl_store_close(s);
	return rc;
}
