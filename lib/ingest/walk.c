#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ingest/walk.h"
#include "util/diag.h"
#include "util/banned.h"

#define MAX_DEPTH 256
#define MAX_IGNORE_FILE (1 << 20)

/* Patterns of what not to add: the run's own (base NULL), or those of a
 * folder's .trawlignore (base: that folder as walked). */
typedef struct ignore {
	const char *base;
	size_t nbase;
	char **pats;
	size_t n;
} ignore;

typedef struct walker {
	trawl__vec *items;
	ignore run;              /* --exclude */
	ignore ignores[MAX_DEPTH]; /* .trawlignore files of the folders entered */
	int nstack;
	uint64_t *excluded;
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

/* One pattern against an entry: without '/', its name; with one, its path
 * below base (a .trawlignore's folder), or for the run's own patterns
 * the path as walked or any end of it that starts a component. A final
 * '/' matches folders only. */
static int pattern_hits(const ignore *ig, const char *pat, const char *path, const char *name,
                        int is_dir)
{
	char p[1024];
	size_t n = strlen(pat);
	const char *rel;

	if (n && pat[n - 1] == '/') {
		if (!is_dir)
			return 0;
		n--;
	}
	if (!n || n >= sizeof p)
		return 0;
	memcpy(p, pat, n);
	p[n] = '\0';
	if (!memchr(p, '/', n))
		return fnmatch(p, name, 0) == 0;
	if (ig->base) {
		if (strncmp(path, ig->base, ig->nbase) || path[ig->nbase] != '/')
			return 0;
		return fnmatch(p[0] == '/' ? p + 1 : p, path + ig->nbase + 1, FNM_PATHNAME) == 0;
	}
	for (rel = path; rel; rel = strchr(rel, '/'), rel = rel ? rel + 1 : NULL)
		if (fnmatch(p, rel, FNM_PATHNAME) == 0)
			return 1;
	return 0;
}

static int excluded(walker *w, const char *path, const char *name, int is_dir)
{
	int k;
	size_t i;

	for (i = 0; i < w->run.n; i++)
		if (pattern_hits(&w->run, w->run.pats[i], path, name, is_dir))
			goto hit;
	for (k = 0; k < w->nstack; k++)
		for (i = 0; i < w->ignores[k].n; i++)
			if (pattern_hits(&w->ignores[k], w->ignores[k].pats[i], path, name, is_dir))
				goto hit;
	return 0;
hit:
	if (w->excluded)
		(*w->excluded)++;
	return 1;
}

static void ignore_release(ignore *ig)
{
	for (size_t i = 0; i < ig->n; i++)
		free(ig->pats[i]);
	free(ig->pats);
	memset(ig, 0, sizeof *ig);
}

/* Reads folder path's .trawlignore, if it has one, into ig: one pattern a
 * line, blank lines and # comments skipped. 0 when there is none; one
 * that can't be read is an error item (what it would skip is added). */
static int read_ignore(walker *w, const char *path, ignore *ig)
{
	trawl__buf f, b;
	char *line, *next;
	int found = 0;
	trawl_diag d;
	trawl_err rc;

	memset(ig, 0, sizeof *ig);
	memset(&d, 0, sizeof d);
	trawl__buf_init(&f, 0);
	trawl__buf_init(&b, MAX_IGNORE_FILE);
	if (trawl__buf_addf(&f, "%s/.trawlignore", path) || access(f.data, F_OK) != 0)
		goto out;
	if ((rc = trawl__read_path(f.data, &b, &d))) {
		char msg[700];
		snprintf(msg, sizeof msg, "%s; the patterns in it are not applied",
		         d.msg[0] ? d.msg : trawl_strerror(rc));
		push(w, f.data, 0, rc, msg);
		goto out;
	}
	found = 1;
	ig->base = path;
	ig->nbase = strlen(path);
	for (line = b.data; line && *line; line = next) {
		char *e, **np;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		e = line + strlen(line);
		while (e > line && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = '\0';
		if (!*line || *line == '#')
			continue;
		np = realloc(ig->pats, (ig->n + 1) * sizeof *np);
		if (!np)
			break;
		ig->pats = np;
		if (!(ig->pats[ig->n] = trawl__strdup(line)))
			break;
		ig->n++;
	}
out:
	trawl__buf_release(&f);
	trawl__buf_release(&b);
	return found;
}

static trawl_err walk_dir(walker *w, const char *path, const struct stat *st)
{
	DIR *d;
	struct dirent *e;
	trawl__vec names;
	trawl_err rc = TRAWL_OK;
	size_t i;
	int k, pushed;

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
	pushed = w->nstack < MAX_DEPTH && read_ignore(w, path, &w->ignores[w->nstack]);
	if (pushed)
		w->nstack++;
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
	if (pushed)
		ignore_release(&w->ignores[--w->nstack]);
	for (i = 0; i < names.n; i++)
		free(TRAWL_VEC_AT(&names, char *, i));
	trawl__vec_release(&names);
	return rc;
}

static trawl_err walk_path(walker *w, const char *path, int top)
{
	struct stat st;
	const char *name = strrchr(path, '/');

	name = name && name[1] ? name + 1 : path;
	if (stat(path, &st) < 0) {
		if (excluded(w, path, name, 0))
			return TRAWL_OK;
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
		if (excluded(w, path, name, 1))
			return TRAWL_OK;
		return walk_dir(w, path, &st);
	}
	if (excluded(w, path, name, 0))
		return TRAWL_OK;
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
                      const char *const *exclude, size_t nexclude, trawl__vec *items,
                      uint64_t *nexcluded)
{
	walker *w = calloc(1, sizeof *w);
	struct stat st;
	trawl_err rc = TRAWL_OK;
	size_t i;

	if (!w)
		return TRAWL_ENOMEM;
	w->items = items;
	w->run.pats = (char **)exclude;
	w->run.n = nexclude;
	w->excluded = nexcluded;
	if (skip_dir && stat(skip_dir, &st) == 0) {
		w->have_skip = 1;
		w->skip_dev = st.st_dev;
		w->skip_ino = st.st_ino;
	}
	for (i = 0; i < n && !rc; i++) {
		char *p = clean_path(paths[i]);
		if (!p) {
			rc = TRAWL_ENOMEM;
			break;
		}
		rc = walk_path(w, p, 1);
		free(p);
	}
	while (w->nstack)
		ignore_release(&w->ignores[--w->nstack]);
	free(w);
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
