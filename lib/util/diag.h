#ifndef TRAWL_DIAG_H
#define TRAWL_DIAG_H
#include "trawl/trawl.h"

/* Fill d (if not NULL): path may be NULL to keep the current one. */
void trawl__diag_set(trawl_diag *d, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Maps errno to trawl_err and says "what: strerror(errno)" in d. */
trawl_err trawl__diag_errno(trawl_diag *d, const char *path, int err,
                            const char *what);
trawl_err trawl__err_from_errno(int err);
#endif
