/* One growable byte buffer with a cap (git's strbuf, curl's dynbuf).
 * Always NUL-terminated once anything was added. */
#ifndef TRAWL_BUF_H
#define TRAWL_BUF_H
#include <stddef.h>
#include <stdint.h>
#include "trawl/trawl.h"

typedef struct trawl__buf {
	char *data;
	size_t len, cap, max;
} trawl__buf;

/* No allocation. max == 0 means 1 GiB. */
void trawl__buf_init(trawl__buf *b, size_t max);
void trawl__buf_release(trawl__buf *b);
trawl_err trawl__buf_grow(trawl__buf *b, size_t extra);
trawl_err trawl__buf_add(trawl__buf *b, const void *p, size_t n);
trawl_err trawl__buf_adds(trawl__buf *b, const char *s);
trawl_err trawl__buf_addc(trawl__buf *b, char c);
trawl_err trawl__buf_addf(trawl__buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void trawl__buf_reset(trawl__buf *b);
/* Hands the bytes to the caller (free()); b is left empty. Never NULL. */
char *trawl__buf_detach(trawl__buf *b, size_t *len);

/* Sticky-error variants: do nothing once *rc is set. */
void trawl__buf_add_rc(trawl_err *rc, trawl__buf *b, const void *p, size_t n);

/* A growable array of fixed-size items. */
typedef struct trawl__vec {
	void *items;
	size_t n, cap, size;
} trawl__vec;
void trawl__vec_init(trawl__vec *v, size_t item_size);
void trawl__vec_release(trawl__vec *v);
/* Appends one zeroed item and returns it, or NULL when out of memory. */
void *trawl__vec_push(trawl__vec *v);
#define TRAWL_VEC_AT(v, type, i) (((type *)(v)->items)[i])

/* Reads all of fd/path into b (within b's cap). */
trawl_err trawl__read_path(const char *path, trawl__buf *b, trawl_diag *d);

char *trawl__strdup(const char *s);
char *trawl__strndup(const char *s, size_t n);
#endif
