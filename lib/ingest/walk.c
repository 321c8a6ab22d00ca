#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "ingest/walk.h"
#include "util/diag.h"
#include "util/banned.h"

#define MAX_DEPTH 256

typedef struct walker {
	trawl__vec *items;
	dev_t skip_dev;
	ino_t skip_ino;
	int have_skip;
	struct { dev_t dev; ino_t ino; } stack[MAX_DEPTH];
	int depth;
} walker;

static trawl_err push(walker *w, const char *path, uint64_t size, trawl_err err,
                      const char *msg)
{
	trawl__walk_item *it = trawl__vec_push(w->items);

	if (!it || !(it->path = trawl__strdup(path)))
		return TRAWL_ENOMEM;
	it->size = size;
	it->err = err;
	if (msg && !(it->msg = trawl__strdup(msg)))
		return TRAWL_ENOMEM;
	return TRAWL_OK;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && !strcmp(s + n - m, suf);
}

static trawl_err walk_path(walker *w, const char *path, int top);

static trawl_err walk_dir(walker *w, const char *path, const struct stat *st)
{
	DIR *d;
	struct dirent *e;
	trawl__vec names;
	trawl_err rc = TRAWL_OK;
	size_t i;
	int k;

	for (k = 0; k < w->depth; k++)
		if (w->stack[k].dev == st->st_dev && w->stack[k].ino == st->st_ino)
			return push(w, path, 0, TRAWL_ELOOP,
			            "directory cycle through a symlink; not followed again");
	if (w->depth >= MAX_DEPTH)
		return push(w, path, 0, TRAWL_ELOOP, "folders nested too deep; skipped");
	d = opendir(path);
	if (!d) {
		char msg[256];
		snprintf(msg, sizeof msg, "can't open folder: %s", strerror(errno));
		return push(w, path, 0, trawl__err_from_errno(errno), msg);
	}
	trawl__vec_init(&names, sizeof(char *));
	while ((e = readdir(d))) {
		char **slot;
		if (e->d_name[0] == '.')
			continue; /* hidden, ".", ".." */
		slot = trawl__vec_push(&names);
		if (!slot || !(*slot = trawl__strdup(e->d_name))) {
			rc = TRAWL_ENOMEM;
			break;
		}
	}
	closedir(d);
	if (names.n)
		qsort(names.items, names.n, sizeof(char *), cmp_names);
	w->stack[w->depth].dev = st->st_dev;
	w->stack[w->depth].ino = st->st_ino;
	w->depth++;
	for (i = 0; i < names.n && !rc; i++) {
		const char *nm = TRAWL_VEC_AT(&names, char *, i);
		trawl__buf child;
		/* NAME.url beside NAME is a sidecar holding NAME's source URL,
		 * NAME.trawl one saying what NAME's amounts are (ingest.c) */
		if (ends_with(nm, ".url") || ends_with(nm, ".trawl")) {
			size_t base = strlen(nm) - (ends_with(nm, ".url") ? 4 : 6);
			int has_base = 0;
			for (size_t j = 0; j < names.n; j++) {
				const char *o = TRAWL_VEC_AT(&names, char *, j);
				if (strlen(o) == base && !strncmp(o, nm, base))
					has_base = 1;
			}
			if (has_base)
				continue;
		}
		trawl__buf_init(&child, 0);
		if (trawl__buf_addf(&child, "%s%s%s", path,
		                    ends_with(path, "/") ? "" : "/", nm)) {
			rc = TRAWL_ENOMEM;
			break;
		}
		rc = walk_path(w, child.data, 0);
		trawl__buf_release(&child);
	}
	w->depth--;
	for (i = 0; i < names.n; i++)
		free(TRAWL_VEC_AT(&names, char *, i));
	trawl__vec_release(&names);
	return rc;
}

static trawl_err walk_path(walker *w, const char *path, int top)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		char msg[256];
		int e = errno;
		struct stat lst;
		if (e == ENOENT && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
			snprintf(msg, sizeof msg, "broken symlink (its target does not exist)");
		else if (e == ELOOP)
			snprintf(msg, sizeof msg, "too many levels of symbolic links (symlink loop)");
		else
			snprintf(msg, sizeof msg, "%s", e == ENOENT ? "no such file or folder" : strerror(e));
		return push(w, path, 0, trawl__err_from_errno(e), msg);
	}
	if (S_ISDIR(st.st_mode)) {
		if (w->have_skip && st.st_dev == w->skip_dev && st.st_ino == w->skip_ino)
			return TRAWL_OK; /* the store itself */
		return walk_dir(w, path, &st);
	}
	if (!S_ISREG(st.st_mode)) {
		if (top)
			return push(w, path, 0, TRAWL_EUNSUPPORTED, "not a regular file (device, fifo or socket)");
		return TRAWL_OK;
	}
	return push(w, path, (uint64_t)st.st_size, TRAWL_OK, NULL);
}

/* Lexical clean-up, so one file is one path: "./a//b/./c/" -> "a/b/c". */
static char *clean_path(const char *in)
{
	size_t n = strlen(in), i, o = 0;
	char *out = malloc(n + 2);

	if (!out)
		return NULL;
	for (i = 0; i < n; ) {
		if (in[i] == '/' && o > 0 && out[o - 1] == '/') {
			i++;
		} else if (in[i] == '.' && (i + 1 == n || in[i + 1] == '/') &&
		           (o == 0 || out[o - 1] == '/') && n > 1) {
			i += i + 1 < n ? 2 : 1;
		} else {
			out[o++] = in[i++];
		}
	}
	while (o > 1 && out[o - 1] == '/')
		o--;
	if (o == 0)
		out[o++] = '.';
	out[o] = '\0';
	return out;
}

trawl_err trawl__walk(const char *const *paths, size_t n, const char *skip_dir,
                      trawl__vec *items)
{
	walker w;
	struct stat st;
	trawl_err rc = TRAWL_OK;
	size_t i;

	memset(&w, 0, sizeof w);
	w.items = items;
	if (skip_dir && stat(skip_dir, &st) == 0) {
		w.have_skip = 1;
		w.skip_dev = st.st_dev;
		w.skip_ino = st.st_ino;
	}
	for (i = 0; i < n && !rc; i++) {
		char *p = clean_path(paths[i]);
		if (!p)
			return TRAWL_ENOMEM;
		rc = walk_path(&w, p, 1);
		free(p);
	}
	return rc;
}

void trawl__walk_release(trawl__vec *items)
{
	size_t i;

	for (i = 0; i < items->n; i++) {
		trawl__walk_item *it = &TRAWL_VEC_AT(items, trawl__walk_item, i);
		free(it->path);
		free(it->msg);
	}
	trawl__vec_release(items);
}
