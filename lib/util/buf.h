/* One growable byte buffer with a cap (git's strbuf, curl's dynbuf).
 * Always NUL-terminated once anything was added.
 *
 * Errors are sticky: the first append that fails (out of memory, or over
 * the cap) is remembered in the buffer, and every later append does
 * nothing and returns that error again. So a run of appends may ignore
 * their results as long as the buffer's state is checked once before its
 * contents are used: trawl__buf_err(), or trawl__buf_detach(), which gives
 * NULL for a failed buffer. Reading b->data of a failed buffer gives the
 * bytes added before the failure: never treat them as the whole. */
#ifndef TRAWL_BUF_H
#define TRAWL_BUF_H
#include <stddef.h>
#include <stdint.h>
#include "trawl/trawl.h"

/* On a function whose result must be looked at: ignoring it is a bug
 * (memory not freed, an error lost, a NULL dereferenced). */
#ifndef TRAWL__MUST_CHECK
#define TRAWL__MUST_CHECK __attribute__((warn_unused_result))
#endif

typedef struct trawl__buf {
	char *data;
	size_t len, cap, max;
	trawl_err err;          /* the first failure, or TRAWL_OK */
} trawl__buf;

/* No allocation. max == 0 means 1 GiB. */
void trawl__buf_init(trawl__buf *b, size_t max);
/* Frees the bytes and clears the error: b is as after init. */
void trawl__buf_release(trawl__buf *b);
/* Makes room for extra more bytes (and the NUL) so that the caller can
 * write them at b->data + b->len itself. */
TRAWL__MUST_CHECK trawl_err trawl__buf_grow(trawl__buf *b, size_t extra);
/* Appends. The result is the buffer's error after the call (TRAWL_ENOMEM,
 * TRAWL_ETOOBIG past the cap, or that of an earlier failure): check it, or
 * check the buffer once after the last append. */
trawl_err trawl__buf_add(trawl__buf *b, const void *p, size_t n);
trawl_err trawl__buf_adds(trawl__buf *b, const char *s);
trawl_err trawl__buf_addc(trawl__buf *b, char c);
trawl_err trawl__buf_addf(trawl__buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The first failure of an append or grow on b, or TRAWL_OK. */
TRAWL__MUST_CHECK static inline trawl_err trawl__buf_err(const trawl__buf *b)
{
	return b->err;
}
/* Empties b, keeping its memory and its error (a failed buffer stays
 * failed until it is released). */
void trawl__buf_reset(trawl__buf *b);
/* Hands the bytes to the caller (free()) and leaves b as after init.
 * NULL when an append to b had failed (the bytes are then freed) or when
 * out of memory; never NULL otherwise. */
TRAWL__MUST_CHECK char *trawl__buf_detach(trawl__buf *b, size_t *len);

/* Sticky-error variant: does nothing once *rc is set, and sets *rc from
 * the buffer's error. */
void trawl__buf_add_rc(trawl_err *rc, trawl__buf *b, const void *p, size_t n);

/* A growable array of fixed-size items. */
typedef struct trawl__vec {
	void *items;
	size_t n, cap, size;
} trawl__vec;
void trawl__vec_init(trawl__vec *v, size_t item_size);
void trawl__vec_release(trawl__vec *v);
/* Appends one zeroed item and returns it, or NULL when out of memory. */
TRAWL__MUST_CHECK void *trawl__vec_push(trawl__vec *v);
#define TRAWL_VEC_AT(v, type, i) (((type *)(v)->items)[i])

/* Reads all of fd/path into b (within b's cap). */
TRAWL__MUST_CHECK trawl_err trawl__read_path(const char *path, trawl__buf *b, trawl_diag *d);

/* New copies (free()), or NULL when out of memory (or s is NULL). */
TRAWL__MUST_CHECK char *trawl__strdup(const char *s);
TRAWL__MUST_CHECK char *trawl__strndup(const char *s, size_t n);
#endif
