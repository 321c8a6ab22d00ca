/* Allocations of a count times a size, with the product checked: an
 * overflow is an allocation failure (NULL), never a short buffer.
 * (calloc checks its own product.) */
#ifndef TRAWL_ALLOC_H
#define TRAWL_ALLOC_H
#include <stdlib.h>

/* malloc(n * size), or NULL when the product overflows. */
static inline void *trawl__mallocn(size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return malloc(bytes);
}

/* realloc(p, n * size), or NULL (p untouched) when the product overflows. */
static inline void *trawl__reallocn(void *p, size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return realloc(p, bytes);
}
#endif
