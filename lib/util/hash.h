#ifndef TRAWL_HASH_H
#define TRAWL_HASH_H
#include <stddef.h>
#include "trawl/trawl.h"
#include "util/buf.h"
/* Lowercase hex SHA-256 of p[0..n) into hex (65 bytes); TRAWL_ENOMEM
 * when OpenSSL can't allocate (hex is then not written). */
TRAWL__MUST_CHECK trawl_err trawl__sha256_hex(const void *p, size_t n, char hex[65]);
/* SHA-256 of a whole file, read in chunks (constant memory). */
TRAWL__MUST_CHECK trawl_err trawl__sha256_file(const char *path, char hex[65], unsigned long long *size,
                             trawl_diag *d);
#endif
