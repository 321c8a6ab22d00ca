/* The number of cores online, at most 64.
 *
 * Asked each time (the server's threads must not share a cache that
 * they write): only before work of thousands of steps.
 *
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */
#ifndef TRAWL_UTIL_CPUS_H
#define TRAWL_UTIL_CPUS_H

#include <unistd.h>

static inline unsigned trawl__ncpus(void)
{
	long v = sysconf(_SC_NPROCESSORS_ONLN);

	return v > 1 ? (v > 64 ? 64 : (unsigned)v) : 1;
}

#endif
