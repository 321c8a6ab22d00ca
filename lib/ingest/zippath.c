#include <string.h>
#include "ingest/zippath.h"
#include "util/banned.h"

int trawl__zip_resolve(const char *from, const char *ref, char *out, size_t n)
{
	char tmp[1024];
	size_t len = 0, o = 0, i;

	if (n)
		out[0] = '\0';
	if (!ref || !*ref || n < 2)
		return 0;
	while (*ref == ' ' || *ref == '\t' || *ref == '\n' || *ref == '\r')
		ref++;
	if (*ref != '/' && *ref != '\\' && from && *from) {
		const char *slash = strrchr(from, '/');
		len = slash ? (size_t)(slash - from) + 1 : 0;
		if (len >= sizeof tmp)
			return 0;
		memcpy(tmp, from, len);
	}
	for (i = 0; ref[i]; i++) {
		if (len + 1 >= sizeof tmp)
			return 0;
		tmp[len++] = ref[i] == '\\' ? '/' : ref[i];
	}
	while (len && (tmp[len - 1] == ' ' || tmp[len - 1] == '\n' || tmp[len - 1] == '\r' ||
	               tmp[len - 1] == '\t'))
		len--;
	tmp[len] = '\0';
	/* fold the segments */
	for (i = 0; i < len;) {
		size_t e = i;
		while (e < len && tmp[e] != '/')
			e++;
		if (e == i || (e - i == 1 && tmp[i] == '.')) {
			/* empty or "." */
		} else if (e - i == 2 && tmp[i] == '.' && tmp[i + 1] == '.') {
			if (!o)
				goto fail;
			o--;
			while (o && out[o - 1] != '/')
				o--;
		} else {
			if (o + (e - i) + 1 >= n)
				goto fail;
			memcpy(out + o, tmp + i, e - i);
			o += e - i;
			if (e < len)
				out[o++] = '/';
		}
		i = e + 1;
	}
	while (o && out[o - 1] == '/')
		o--;
	out[o] = '\0';
	return o > 0;
fail:
	out[0] = '\0';
	return 0;
}
