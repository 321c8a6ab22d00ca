#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "store/store.h"
#include "util/diag.h"
#include "util/banned.h"

static int is_hex(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return 0;
	return 1;
}

void trawl__object_path(const trawl_store *s, const char *sha, char *out, size_t n)
{
	snprintf(out, n, "%s/%.2s/%s", s->objects, sha, sha + 2);
}

trawl_err trawl__object_put(const trawl_store *s, const char *sha,
                            const void *data, size_t len, trawl_diag *d)
{
	char final[4096], dir[4096], tmp[4096];
	struct stat st;
	size_t off = 0;
	int fd;

	if (s->ops->obj_put)
		return s->ops->obj_put(s->be, sha, data, len, d);
	trawl__object_path(s, sha, final, sizeof final);
	if (stat(final, &st) == 0 && (size_t)st.st_size == len)
		return TRAWL_OK;
	snprintf(dir, sizeof dir, "%s/%.2s", s->objects, sha);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return trawl__diag_errno(d, dir, errno, "can't create store folder");
	/* the pid in the name tells a later run whether the writer is gone */
	snprintf(tmp, sizeof tmp, "%s/obj-%d-XXXXXX", s->tmp, (int)getpid());
	fd = mkstemp(tmp);
	if (fd < 0)
		return trawl__diag_errno(d, s->tmp, errno, "can't write to the store");
	while (off < len) {
		ssize_t w = write(fd, (const char *)data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = errno;
			close(fd);
			unlink(tmp);
			return trawl__diag_errno(d, tmp, e ? e : EIO, "can't write to the store");
		}
		off += (size_t)w;
	}
	fchmod(fd, 0444);
	if (close(fd) < 0 || rename(tmp, final) < 0) {
		int e = errno;
		unlink(tmp);
		return trawl__diag_errno(d, final, e, "can't write to the store");
	}
	return TRAWL_OK;
}

trawl_err trawl__object_local(const trawl_store *s, const char *sha, char *out, size_t n,
                              trawl_diag *d)
{
	struct stat st;

	if (!s->ops->obj_get) {
		trawl__object_path(s, sha, out, n);
		return TRAWL_OK;
	}
	if (strlen(sha) != 64 || !is_hex(sha, 64)) {
		trawl__diag_set(d, "", "%s is no original's hash", sha);
		return TRAWL_ECORRUPT;
	}
	snprintf(out, n, "%s/%s", s->objects, sha);
	if (stat(out, &st) == 0)
		return TRAWL_OK;
	return s->ops->obj_get(s->be, sha, out, d);
}

void trawl__objects_sync(const trawl_store *s)
{
	int fd;

	/* (a backend's originals are committed as they are stored) */
	if (s->ops->obj_put)
		return;
	fd = open(s->objects, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		syncfs(fd);
		close(fd);
	}
}


trawl_err trawl__objects_walk(const trawl_store *s, int (*cb)(const char *, void *),
                              void *u)
{
	DIR *top;
	struct dirent *e;

	if (s->ops->obj_walk)
		return s->ops->obj_walk(s->be, cb, u, NULL) ? TRAWL_ESTORE : TRAWL_OK;
	top = opendir(s->objects);
	if (!top)
		return TRAWL_EIO;
	while ((e = readdir(top))) {
		char sub[4096];
		DIR *dd;
		struct dirent *f;
		if (strlen(e->d_name) != 2 || !is_hex(e->d_name, 2))
			continue;
		snprintf(sub, sizeof sub, "%s/%s", s->objects, e->d_name);
		dd = opendir(sub);
		if (!dd)
			continue;
		while ((f = readdir(dd))) {
			char sha[65];
			if (strlen(f->d_name) != 62 || !is_hex(f->d_name, 62))
				continue;
			memcpy(sha, e->d_name, 2);
			memcpy(sha + 2, f->d_name, 62);
			sha[64] = '\0';
			if (cb(sha, u)) {
				closedir(dd);
				closedir(top);
				return TRAWL_OK;
			}
		}
		closedir(dd);
	}
	closedir(top);
	return TRAWL_OK;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st; (void)flag; (void)f;
	remove(p);
	return 0;
}

/* The pid in "PREFIX-PID" or "PREFIX-PID-...", or 0. */
static long name_pid(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);
	char *end;
	long pid;

	if (strncmp(name, prefix, n) || name[n] != '-')
		return 0;
	pid = strtol(name + n + 1, &end, 10);
	return pid > 0 && (*end == '\0' || *end == '-') ? pid : 0;
}

static int alive(long pid)
{
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

void trawl__tmp_clean(const trawl_store *s)
{
	DIR *dir = opendir(s->tmp);
	struct dirent *e;
	time_t now = time(NULL);

	if (!dir)
		return;
	while ((e = readdir(dir))) {
		char p[4400];
		struct stat st;
		long pid;
		snprintf(p, sizeof p, "%s/%s", s->tmp, e->d_name);
		if ((pid = name_pid(e->d_name, "reader"))) {
			if (!alive(pid))
				nftw(p, rm_one, 16, FTW_DEPTH | FTW_PHYS);
		} else if ((pid = name_pid(e->d_name, "obj")) ||
		           (pid = name_pid(e->d_name, "newdb"))) {
			/* an original being written; a store database being made */
			if (!alive(pid))
				unlink(p);
		} else if ((!strncmp(e->d_name, "obj-", 4) || !strncmp(e->d_name, "xls-", 4)) &&
		           strlen(e->d_name) == 10 && lstat(p, &st) == 0 && S_ISREG(st.st_mode) &&
		           now - st.st_mtime > 3600) {
			/* names without a pid (trawl before 0.2, the in-process XLS
			 * reader): their writer is surely gone after an hour */
			unlink(p);
		}
	}
	closedir(dir);
}

void trawl__scratch_remove(const char *dir)
{
	if (dir && *dir)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
