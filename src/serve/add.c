/* Adding files from the browser (trawl serve --allow-add): the page sends
 * each file's bytes in a POST of its own, with its path in the folder it
 * was dropped from; they are written under the store's uploads/ folder
 * and added with trawl_add, one file at a time, and the answer says what
 * became of it as trawl add does. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "serve.h"

#define UPLOAD_MAX ((uint64_t)512 << 20)

/* A relative path from the browser, component by component: no empty,
 * "." or ".." component, no backslash, no control character, no leading
 * slash; at most 32 levels. */
static int path_ok(const char *p)
{
	int levels = 0;

	if (!p || !*p || *p == '/' || strlen(p) > 1000)
		return 0;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (!n || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 0;
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f || p[i] == '\\')
				return 0;
		if (++levels > 32)
			return 0;
		p += n;
		if (*p == '/') {
			p++;
			if (!*p)
				return 0;
		}
	}
	return 1;
}

/* Makes the folders of path below base (none may be a link). */
static int make_dirs(char *path, size_t base_len)
{
	for (char *s = path + base_len + 1; *s; s++) {
		struct stat st;
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0755) && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		if (lstat(path, &st) || !S_ISDIR(st.st_mode)) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	return 0;
}

int add_begin(sv_req *r)
{
	const char *rel = arg(r, "path"), *batch = arg(r, "batch");
	size_t base;

	/* nothing is written for a request that would be refused */
	if (!sv->allow_add || !host_ok(r) || !csrf_ok(r) || (sv->users && !r->user[0]))
		return -1;
	if (!batch || strlen(batch) != 16 || strspn(batch, "0123456789abcdef") != 16 || !path_ok(rel))
		return -1;
	snprintf(r->upload_path, sizeof r->upload_path, "%s/%s", sv->upload_dir, batch);
	base = strlen(r->upload_path);
	if ((size_t)snprintf(r->upload_path + base, sizeof r->upload_path - base, "/%s", rel) >=
	    sizeof r->upload_path - base) {
		r->upload_path[0] = '\0';
		return -1;
	}
	if (make_dirs(r->upload_path, strlen(sv->upload_dir))) {
		r->upload_path[0] = '\0';
		return -1;
	}
	r->fd = open(r->upload_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (r->fd < 0) {
		r->upload_path[0] = '\0';
		return -1;
	}
	return 0;
}

void add_data(sv_req *r, const char *data, size_t n)
{
	if (r->fd < 0 || r->too_big)
		return;
	r->upload_bytes += n;
	if (r->upload_bytes > UPLOAD_MAX) {
		r->too_big = 1;
		return;
	}
	while (n) {
		ssize_t w = write(r->fd, data, n);
		if (w <= 0) {
			r->too_big = 2;
			return;
		}
		data += w;
		n -= (size_t)w;
	}
}

typedef struct add_result {
	trawl_json *j;
	const char *status;
	char error[600];
} add_result;

static void on_event(const trawl_add_event *ev, void *u)
{
	add_result *a = u;

	if (ev->type == TRAWL_EV_WARNING) {
		trawl_json_str(a->j, ev->msg);
	} else if (ev->type == TRAWL_EV_FILE) {
		a->status = ev->status == TRAWL_ADDED ? "added" : ev->status == TRAWL_UNCHANGED ?
		            "unchanged" : ev->status == TRAWL_NEW_VERSION ? "new_version" : "failed";
		if (ev->status == TRAWL_FAILED)
			snprintf(a->error, sizeof a->error, "%s", ev->msg ? ev->msg : "failed");
	}
}

void add_finish(sv_req *r)
{
	const char *rel = arg(r, "path");
	trawl_add_opts o;
	trawl_add_summary sum;
	trawl_diag d;
	add_result a;
	trawl_json *j;
	const char *paths[1];
	trawl_err e;

	if (!sv->allow_add) {
		api_error(r, 403, "the store is open read-only (start trawl serve --allow-add)");
		return;
	}
	if (r->discard || r->fd < 0) {
		api_error(r, 400, "add takes ?batch=16 hex digits&path=a relative path without .. "
		          "(a file of that name may already be in this batch)");
		return;
	}
	close(r->fd);
	r->fd = -1;
	if (r->too_big) {
		unlink(r->upload_path);
		api_error(r, 413, r->too_big == 1 ? "the file is larger than 512 MB" :
		          "the file could not be written to the store's folder");
		return;
	}
	j = trawl_json_new();
	if (!j) {
		unlink(r->upload_path);
		api_error(r, 500, "out of memory");
		return;
	}
	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	memset(&a, 0, sizeof a);
	a.j = j;
	a.status = "failed";
	o.jobs = 1;
	o.on_event = on_event;
	o.udata = &a;
	paths[0] = r->upload_path;
	trawl_json_obj(j);
	trawl_json_key(j, "path");
	trawl_json_str(j, rel);
	trawl_json_key(j, "warnings");
	trawl_json_arr(j);
	pthread_mutex_lock(&sv->addlock);
	e = trawl_add(r->s, paths, 1, &o, &sum, &d);
	pthread_mutex_unlock(&sv->addlock);
	trawl_json_end(j);
	trawl_json_key(j, "status");
	trawl_json_str(j, e ? "failed" : a.status);
	trawl_json_key(j, "error");
	trawl_json_str(j, e ? (d.msg[0] ? d.msg : trawl_strerror(e)) : a.error[0] ? a.error : NULL);
	trawl_json_key(j, "documents");
	trawl_json_int(j, e ? 0 : (int64_t)sum.documents);
	trawl_json_key(j, "bytes");
	trawl_json_int(j, (int64_t)r->upload_bytes);
	trawl_json_end(j);
	/* the store keeps its own copy of the bytes (objects/) */
	unlink(r->upload_path);
	{
		size_t n;
		const char *t = trawl_json_text(j, &n);
		if (trawl_json_err(j))
			r->out.failed = 1;
		sb_add(&r->out, t, n);
		sb_adds(&r->out, "\n");
	}
	r->ctype = "application/json";
	r->status = e ? 500 : 200;
	trawl_json_free(j);
}
