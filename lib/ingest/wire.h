/* The bytes a reader process and trawl exchange: one file to parse, and
 * the parsed docset back, in a compact, versioned, bounds-checked binary
 * form. Both ends are the same program (the readers are forked), so fixed
 * records (cells, spans, map pairs, facts) travel as they are in memory;
 * everything else is length-prefixed. The decoder trusts nothing: every
 * length is checked against what is left of a byte budget, every offset
 * against the text it points into, and text must be valid UTF-8, so that a
 * compromised reader can make trawl read neither out of bounds nor more
 * than the budget. */
#ifndef TRAWL_WIRE_H
#define TRAWL_WIRE_H
#include <stddef.h>
#include <stdint.h>
#include "ingest/doc.h"

#define TRAWL__WIRE_VERSION 3
#define TRAWL__WIRE_REQUEST 0x51575254u  /* "TRWQ" */
#define TRAWL__WIRE_REPLY 0x52575254u    /* "TRWR" */
#define TRAWL__WIRE_READY 0x59575254u    /* "TRWY" */
#define TRAWL__WIRE_END 0x45575254u      /* "TRWE" */
#define TRAWL__WIRE_JOB 0x4A575254u      /* "TRWJ": a job other than parsing */

/* A buffered writer to a file descriptor (fd >= 0) or into mem (fd < 0).
 * Sticky: after a failure it does nothing, and rc says why. With a
 * deadline (monotonic ms, 0 for none) it waits for a non-blocking fd at
 * most until then. */
typedef struct trawl__wout {
	int fd;
	trawl__buf *mem;
	int64_t deadline;
	trawl_err rc;
	int timed_out;
	size_t n;
	char buf[65536];
} trawl__wout;

void trawl__wout_init(trawl__wout *w, int fd, trawl__buf *mem, int64_t deadline);
void trawl__wout_put(trawl__wout *w, const void *p, size_t n);
void trawl__wout_u32(trawl__wout *w, uint32_t v);
void trawl__wout_u64(trawl__wout *w, uint64_t v);
/* A length-prefixed string; NULL travels as NULL. */
void trawl__wout_str(trawl__wout *w, const char *s);
void trawl__wout_bytes(trawl__wout *w, const void *p, size_t n);
trawl_err trawl__wout_flush(trawl__wout *w);

/* A buffered reader from a file descriptor (fd >= 0) or from mem. left is
 * the budget: the stream may hold at most that many more bytes. Sticky:
 * after a failure every get returns zeros, and err/why say what. */
enum { TRAWL__WIN_OK, TRAWL__WIN_EOF, TRAWL__WIN_TIMEOUT, TRAWL__WIN_IO, TRAWL__WIN_BAD,
       TRAWL__WIN_BIG, TRAWL__WIN_NOMEM };
typedef struct trawl__win {
	int fd;
	const char *mem;
	size_t memlen;
	int64_t deadline;
	uint64_t left;
	int err;
	char why[200];
	size_t pos, end;
	char buf[65536];
} trawl__win;

void trawl__win_init(trawl__win *r, int fd, const char *mem, size_t memlen,
                     int64_t deadline, uint64_t budget);
void trawl__win_get(trawl__win *r, void *p, size_t n);
uint32_t trawl__win_u32(trawl__win *r);
uint64_t trawl__win_u64(trawl__win *r);
/* A new NUL-terminated string of at most max bytes (NUL bytes inside are
 * refused; utf8 != 0 also wants valid UTF-8), or NULL for a NULL string
 * (*isnull = 1) or on failure. */
char *trawl__win_str(trawl__win *r, size_t max, int utf8, int *isnull);
/* Length-prefixed bytes (trawl__wout_bytes) into b, reset first, within
 * b's cap (over it the stream is bad, what naming them). */
void trawl__win_buf(trawl__win *r, trawl__buf *b, const char *what);
/* Marks the stream bad: why is kept for the message. */
void trawl__win_bad(trawl__win *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Milliseconds on the monotonic clock. */
int64_t trawl__now_ms(void);

/* Writes ds (format, encoding, warnings, documents with their units,
 * cells, spans, OCR marks, fields and facts; an archive's members). */
void trawl__wire_put_docset(trawl__wout *w, const trawl__docset *ds);
/* Reads a docset written by trawl__wire_put_docset into ds (set up with
 * trawl__docset_init) and checks it whole; on failure r->err is set and
 * r->why says what was wrong (ds is then the caller's to release). */
void trawl__wire_get_docset(trawl__win *r, trawl__docset *ds);
#endif
