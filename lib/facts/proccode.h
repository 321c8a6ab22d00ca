#ifndef TRAWL_PROCCODE_H
#define TRAWL_PROCCODE_H
#include <stddef.h>
#include "ingest/doc.h"

/* The procurement a notice is about, by the code it states after a label
 * (项目编号, 采购项目编号, 招标编号, 采购编号, 招标项目编号, 交易编号, and the
 * same in Traditional characters) in the first TRAWL__PROCCODE_SCAN bytes
 * of s[0..n): "项目编号：DBZC-2024-G-0317", "招标编号 JLSZC[2024]012号".
 * The code is copied to out (NUL-terminated, at most outsz - 1 bytes, spaces
 * removed and ASCII letters upper-cased, so that two notices of one
 * procurement give the same key). Returns 1 when exactly one code is
 * stated, 0 when none is, and -1 when several different ones are (a notice
 * of several procurements, or a list: no one code is the document's; out
 * is then ""). A code has at least one digit, 4 to 63 bytes, and no space. */
#define TRAWL__PROCCODE_SCAN 16384
int trawl__procurement_code(const char *s, size_t n, char *out, size_t outsz);

/* The key an OCDS ocid gives for the same comparison: the local part after
 * the registered prefix ("ocds-x9t2wl-DBZC-2024-G-0317" -> "DBZC-2024-G-0317"),
 * normalised as above; the whole ocid when it has no such prefix. Returns 1,
 * or 0 when nothing is left. */
int trawl__ocid_code(const char *ocid, char *out, size_t outsz);

/* The procurement code of a document, as above, from its text (the first
 * TRAWL__PROCCODE_SCAN bytes over its units in order; a title is the text's
 * too, or the file's metadata, which states no code):
 * 1, 0 or -1 as trawl__procurement_code(), for the document as a whole. */
int trawl__doc_procurement_code(const trawl__doc *d, char *out, size_t outsz);
#endif
