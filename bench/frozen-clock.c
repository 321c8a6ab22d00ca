/* bench/frozen-clock.c - an LD_PRELOAD shim for instruction counts of
 * `trawl add`: CLOCK_MONOTONIC stands still, so add commits every 256 files
 * (BATCH_FILES), never by time (BATCH_SECONDS): the same batches, segments,
 * facet flushes and merges in every run, however slow valgrind or the
 * machine's load makes it. Not part of the build:
 *     cc -O2 -shared -fPIC bench/frozen-clock.c -o /tmp/frozen.so -ldl
 *     LD_PRELOAD=/tmp/frozen.so valgrind --tool=callgrind build/trawl ...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <time.h>
int clock_gettime(clockid_t c, struct timespec *ts)
{
	static int (*real)(clockid_t, struct timespec *);
	int r;
	if (!real)
		real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
	r = real(c, ts);
	if (!r && c == CLOCK_MONOTONIC) {
		ts->tv_sec = 1000;
		ts->tv_nsec = 0;
	}
	return r;
}
