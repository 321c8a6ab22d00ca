/* trawl's JSON: one serialisation of every record the library hands out
 * (documents, hits, facts, units, diff rows, report rows, watches), shared
 * by the CLI's --json output and the web app's /api/v1/. A record is
 * written as trawl's --json lines write it, byte for byte; the writer
 * puts the commas between values itself.
 *
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */
#ifndef TRAWL_JSON_H
#define TRAWL_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <trawl/trawl.h>
#include <trawl/report.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A JSON text being written, in memory. Errors are sticky: after the
 * first failure (out of memory, nesting past 64 levels) every call does
 * nothing and trawl_json_err says what went wrong. */
typedef struct trawl_json trawl_json;

/* A new, empty writer owned by the caller (trawl_json_free), or NULL when
 * out of memory. */
trawl_json *trawl_json_new(void);
void trawl_json_free(trawl_json *j);
/* Empties the writer for reuse (keeps its memory, forgets any error). */
void trawl_json_clear(trawl_json *j);
/* The text so far (never NULL; "" when empty); it lives until the next
 * call on j. */
const char *trawl_json_text(const trawl_json *j, size_t *len);
trawl_err trawl_json_err(const trawl_json *j);

/* Structure: an object or an array is opened, filled and closed with
 * trawl_json_end. Inside an object each value follows trawl_json_key. */
void trawl_json_obj(trawl_json *j);
void trawl_json_arr(trawl_json *j);
void trawl_json_end(trawl_json *j);
void trawl_json_key(trawl_json *j, const char *key);
/* A string (NULL writes null), escaped as JSON requires. */
void trawl_json_str(trawl_json *j, const char *s);
void trawl_json_strn(trawl_json *j, const char *s, size_t n);
/* A number, written as cJSON writes it: 15 significant digits, or 17 when
 * 15 do not read back. */
void trawl_json_num(trawl_json *j, double v);
void trawl_json_int(trawl_json *j, int64_t v);
void trawl_json_bool(trawl_json *j, int v);
void trawl_json_null(trawl_json *j);
/* A value already written as JSON (another writer's text), as it is. */
void trawl_json_raw(trawl_json *j, const char *json, size_t len);

/* ---- records --------------------------------------------------------
 * Each writes one object. With open != 0 the object is left open, so the
 * caller can add members of its own and close it with trawl_json_end. */

/* A document (trawl ls --json). */
void trawl_json_doc(trawl_json *j, const trawl_doc_info *d, int open);
/* A search hit (trawl search --json): the snippet without its match marks. */
void trawl_json_hit(trawl_json *j, const trawl_hit *h, int open);
/* A fact (trawl facts --json). */
void trawl_json_fact(trawl_json *j, const trawl_fact_info *f, int open);
/* A unit of document doc (trawl show --json). */
void trawl_json_unit(trawl_json *j, const char *doc, const trawl_unit_info *u, int open);
/* A sighting: path, seen_at, source_url, sha256, size, mtime, version. */
void trawl_json_sighting(trawl_json *j, const trawl_sighting *s, int open);
/* A diff row (trawl diff --json), both sides with their citations; with
 * series != 0 (more than two sides, or sides by year) also its name, every
 * side with its label, and the earlier sides that lack it. */
void trawl_json_diff_row(trawl_json *j, const trawl_diff_row *r, int series, int open);
/* A watch (trawl watch --json), and a document new to it (watch run). */
void trawl_json_watch(trawl_json *j, const trawl_watch *w, int open);
void trawl_json_watch_hit(trawl_json *j, const char *watch, const trawl_hit *h, int open);
/* A problem verify found (trawl verify --json). */
void trawl_json_problem(trawl_json *j, const trawl_problem *p, int open);
/* A report row by one dimension (trawl report --json), a topic row by
 * topic, place and year (trawl topics --json), an entity (trawl entities
 * --json). Total rows are written like the others. */
void trawl_json_report_row(trawl_json *j, trawl_report_by by, const trawl_report_row *r,
                           int open);
void trawl_json_topic_row(trawl_json *j, const trawl_report_row *r, int open);
void trawl_json_entity_row(trawl_json *j, const trawl_report_row *r, int open);

#ifdef __cplusplus
}
#endif
#endif
