/* Text stage: bytes in some encoding -> UTF-8 -> NFKC, with a map back. */
#ifndef TRAWL_TEXT_H
#define TRAWL_TEXT_H
#include <stddef.h>
#include <stdint.h>
#include "util/buf.h"

typedef struct trawl__decoded {
	const char *encoding;   /* canonical name: UTF-8, UTF-16LE, GB18030, BIG5, ... */
	size_t invalid;         /* byte sequences replaced by U+FFFD */
	size_t first_invalid;   /* byte offset of the first one */
	int declared;           /* encoding came from a BOM or a declaration */
} trawl__decoded;

/* Looks for a charset declaration in the first bytes of an HTML or XML
 * document (<meta charset=..>, http-equiv content, <?xml encoding=..?>).
 * Writes the label into out (size outsz) and returns 1 when found. */
int trawl__sniff_declared_charset(const char *p, size_t n, char *out, size_t outsz);

/* Decodes p[0..n) to UTF-8, appending to out. declared (may be NULL) is a
 * charset label from the document itself; a BOM still wins over it.
 * Invalid sequences become U+FFFD and are counted in info->invalid. */
TRAWL__MUST_CHECK trawl_err trawl__decode(const char *p, size_t n, const char *declared,
                        trawl__buf *out, trawl__decoded *info);

/* trawl__decode without a copy when it can: *text (text_len bytes) is the
 * decoded text, either p itself (past a BOM) when it is valid UTF-8, or
 * what was appended to out. */
TRAWL__MUST_CHECK trawl_err trawl__decode_view(const char *p, size_t n, const char *declared,
                             trawl__buf *out, trawl__decoded *info,
                             const char **text, size_t *text_len);

/* Converts text from one named encoding to UTF-8 (used by tests and by
 * readers that know their encoding). */
TRAWL__MUST_CHECK trawl_err trawl__iconv_to_utf8(const char *p, size_t n, const char *from,
                               trawl__buf *out, size_t *invalid, size_t *first_invalid);

/* True when p[0..n) is valid UTF-8. */
int trawl__utf8_valid(const char *p, size_t n);

/* Loads the iconv modules of every known label now (for a process that
 * will not be allowed to load code later), and keeps them. */
void trawl__iconv_preload(void);

/* Returns a canonical encoding name for a label, or NULL if unknown. */
const char *trawl__charset_canonical(const char *label);

/* A run of normalized text with its map to the raw (decoded) text.
 * map holds (norm_off, raw_off) pairs, as uint32_t[2], at every point where
 * the offset difference changes; an offset between pairs maps linearly.
 * While normalizing changes nothing, raw is not kept (raw_on == 0: the raw
 * text is text itself); the first change copies text into raw. */
typedef struct trawl__ntext {
	trawl__buf text;  /* NFKC */
	trawl__buf raw;   /* the decoded text before NFKC, when raw_on */
	trawl__vec map;   /* uint32_t[2] */
	int raw_on;
} trawl__ntext;

void trawl__ntext_init(trawl__ntext *t, size_t max);
void trawl__ntext_release(trawl__ntext *t);
/* Appends UTF-8 s[0..n) (must be valid) normalized to NFKC; control
 * characters other than tab and newline are dropped, CR LF becomes LF. */
TRAWL__MUST_CHECK trawl_err trawl__ntext_add(trawl__ntext *t, const char *s, size_t n);
/* Cuts the text back to at most len bytes (at a character boundary),
 * and the raw text and map with it. */
void trawl__ntext_truncate(trawl__ntext *t, size_t len);
/* Maps a byte offset in t->text to a byte offset in t->raw. */
size_t trawl__ntext_raw_offset(const uint32_t *map, size_t npairs, size_t norm_off);
/* True when text and raw are byte-identical (no need to keep raw); raw
 * is then empty or a copy of text. */
int trawl__ntext_identity(const trawl__ntext *t);
#endif
