#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "util/diag.h"
#include "util/banned.h"

const char *trawl_strerror(trawl_err e)
{
	switch (e) {
	case TRAWL_OK: return "success";
	case TRAWL_ENOMEM: return "out of memory";
	case TRAWL_EIO: return "input/output error";
	case TRAWL_EFORMAT: return "damaged or malformed file";
	case TRAWL_ETOOBIG: return "size limit exceeded";
	case TRAWL_EENCRYPTED: return "encrypted; a password is needed";
	case TRAWL_EEMPTY: return "empty file";
	case TRAWL_EUNSUPPORTED: return "unsupported format";
	case TRAWL_ENOTFOUND: return "not found";
	case TRAWL_EAMBIGUOUS: return "ambiguous document reference";
	case TRAWL_EACCES: return "permission denied";
	case TRAWL_ELOOP: return "symlink loop or directory cycle";
	case TRAWL_ESTORE: return "store error";
	case TRAWL_EUSAGE: return "usage error";
	case TRAWL_ECORRUPT: return "stored data does not match";
	case TRAWL_EINTERNAL: return "internal error";
	}
	return "unknown error";
}

void trawl__diag_set(trawl_diag *d, const char *path, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return;
	if (path)
		snprintf(d->path, sizeof d->path, "%s", path);
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof d->msg, fmt, ap);
	va_end(ap);
}

trawl_err trawl__err_from_errno(int err)
{
	switch (err) {
	case ENOENT: case ENOTDIR: return TRAWL_ENOTFOUND;
	case EACCES: case EPERM: return TRAWL_EACCES;
	case ELOOP: return TRAWL_ELOOP;
	case ENOMEM: return TRAWL_ENOMEM;
	case EFBIG: return TRAWL_ETOOBIG;
	default: return TRAWL_EIO;
	}
}

trawl_err trawl__diag_errno(trawl_diag *d, const char *path, int err,
                            const char *what)
{
	trawl_err rc = trawl__err_from_errno(err);
	const char *why;

	switch (err) {
	case ENOENT: why = "no such file (deleted or moved?)"; break;
	case ELOOP: why = "too many levels of symbolic links (symlink loop)"; break;
	default: why = strerror(err); break;
	}
	trawl__diag_set(d, path, "%s: %s", what, why);
	return rc;
}
