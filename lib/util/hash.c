#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "util/hash.h"
#include "util/diag.h"
#include "util/banned.h"

static void to_hex(const unsigned char *md, unsigned n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned i;

	for (i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * n] = '\0';
}

trawl_err trawl__sha256_hex(const void *p, size_t n, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;

	/* it allocates a context: out of memory is its one way to fail */
	if (!EVP_Digest(p, n, md, &mdlen, EVP_sha256(), NULL))
		return TRAWL_ENOMEM;
	to_hex(md, mdlen, hex);
	return TRAWL_OK;
}

trawl_err trawl__sha256_file(const char *path, char hex[65], unsigned long long *size,
                             trawl_diag *d)
{
	unsigned char md[EVP_MAX_MD_SIZE], buf[65536];
	unsigned mdlen = 0;
	unsigned long long total = 0;
	EVP_MD_CTX *ctx;
	trawl_err rc = TRAWL_OK;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return trawl__diag_errno(d, path, errno, "can't open");
	ctx = EVP_MD_CTX_new();
	if (!ctx) {
		rc = TRAWL_ENOMEM;
		goto out_close;
	}
	if (!EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		rc = TRAWL_ENOMEM;
		goto out_ctx;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = trawl__diag_errno(d, path, errno, "read failed");
			goto out_ctx;
		}
		if (n == 0)
			break;
		if (!EVP_DigestUpdate(ctx, buf, (size_t)n)) {
			rc = TRAWL_ENOMEM;
			goto out_ctx;
		}
		total += (unsigned long long)n;
	}
	if (!EVP_DigestFinal_ex(ctx, md, &mdlen)) {
		rc = TRAWL_ENOMEM;
		goto out_ctx;
	}
	to_hex(md, mdlen, hex);
	if (size)
		*size = total;
out_ctx:
	EVP_MD_CTX_free(ctx);
out_close:
	close(fd);
	return rc;
}
