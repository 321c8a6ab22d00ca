#ifndef TRAWL_WALK_H
#define TRAWL_WALK_H
#include <stdint.h>
#include <sys/types.h>
#include "trawl/trawl.h"
#include "util/buf.h"

typedef struct trawl__walk_item {
	char *path;
	uint64_t size;
	trawl_err err;   /* non-zero: this path can't be taken; msg says why */
	char *msg;
} trawl__walk_item;

/* Expands files and folders into a list of files (folders recursively, in
 * name order; hidden entries and the folder skip_dir are skipped inside
 * folders). Symlinks are followed; loops and cycles become error items.
 * What matches one of the exclude patterns, or a pattern of a
 * .trawlignore file in a folder above it, is skipped and counted in
 * *nexcluded (trawl_add_opts says how patterns match). items is a vec of
 * trawl__walk_item; free with trawl__walk_release(). */
trawl_err trawl__walk(const char *const *paths, size_t n, const char *skip_dir,
                      const char *const *exclude, size_t nexclude, trawl__vec *items,
                      uint64_t *nexcluded);
void trawl__walk_release(trawl__vec *items);
#endif
