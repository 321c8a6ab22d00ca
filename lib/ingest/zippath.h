/* Part names inside a zip package (OOXML, OFD), resolved the way the
 * formats reference them: relative to the referring part's folder, or
 * from the package root when they start with '/'. */
#ifndef TRAWL_ZIPPATH_H
#define TRAWL_ZIPPATH_H
#include <stddef.h>

/* Resolves ref, found in part `from` (NULL or "" for the root), into out
 * (n bytes): "." and ".." segments are folded, backslashes become slashes.
 * Returns 0 (out empty) when ref is empty, climbs above the package root,
 * or does not fit. */
int trawl__zip_resolve(const char *from, const char *ref, char *out, size_t n);
#endif
