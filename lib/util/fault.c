#include <stdlib.h>
#include <string.h>
#include "util/fault.h"
#include "util/banned.h"

#ifdef TRAWL_FAULT_INJECTION
int trawl__fault(const char *name, char *arg, size_t argsz)
{
	const char *all = getenv("TRAWL_FAULTS"), *p;
	size_t n = strlen(name);

	if (!all)
		return 0;
	for (p = all; *p; ) {
		const char *end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		if ((size_t)(end - p) >= n && !strncmp(p, name, n) &&
		    (p + n == end || p[n] == ':')) {
			if (arg && argsz) {
				const char *a = p + n == end ? end : p + n + 1;
				size_t len = (size_t)(end - a);
				if (len >= argsz)
					len = argsz - 1;
				memcpy(arg, a, len);
				arg[len] = '\0';
			}
			return 1;
		}
		p = *end ? end + 1 : end;
	}
	return 0;
}
#else
int trawl__fault(const char *name, char *arg, size_t argsz)
{
	(void)name;
	(void)arg;
	return 0;
}
#endif
