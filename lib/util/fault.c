#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/fault.h"
#include "util/banned.h"

#ifdef TRAWL_FAULT_INJECTION
#include <cjson/cJSON.h>
#include <libxml/xmlmemory.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sqlite3.h>

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

/* ---- the allocation countdown ---- */

/* The libc functions, as the linker's --wrap names them in the trawl
 * program; weak, so that programs linked without --wrap (the unit tests)
 * link too, and call libc directly. */
void *__real_malloc(size_t n) __attribute__((weak));
void *__real_calloc(size_t n, size_t size) __attribute__((weak));
void *__real_realloc(void *p, size_t n) __attribute__((weak));
char *__real_strdup(const char *s) __attribute__((weak));
char *__real_strndup(const char *s, size_t n) __attribute__((weak));

static void *real_malloc(size_t n)
{
	return __real_malloc ? __real_malloc(n) : malloc(n);
}

static void *real_calloc(size_t n, size_t size)
{
	return __real_calloc ? __real_calloc(n, size) : calloc(n, size);
}

static void *real_realloc(void *p, size_t n)
{
	return __real_realloc ? __real_realloc(p, n) : realloc(p, n);
}

static char *real_strdup(const char *s)
{
	return __real_strdup ? __real_strdup(s) : strdup(s);
}

static char *real_strndup(const char *s, size_t n)
{
	return __real_strndup ? __real_strndup(s, n) : strndup(s, n);
}

static int armed;                    /* the countdown is on */
static unsigned long buf_target;     /* buf:N */
static unsigned long buf_count;
static int persistent;               /* alloc:N+ */
static int stop;                     /* alloc:N! */
static int fired;
static unsigned long target;         /* N; 0: count only */
static unsigned long count;          /* allocations so far (atomic) */
static char log_path[512];

/* Appends one line to TRAWL_FAULT_LOG, without allocating. */
static void log_line(const char *what, unsigned long n)
{
	char line[64];
	int fd, len;

	if (!log_path[0])
		return;
	len = snprintf(line, sizeof line, "%s %lu\n", what, n);
	fd = open(log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, line, (size_t)len) != len)
		(void)0; /* a test harness file: nothing better to do */
	close(fd);
}

/* True when this allocation is to fail. */
static int fail_now(void)
{
	unsigned long k;

	if (!armed)
		return 0;
	k = __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED);
	if (!target || k < target || (k > target && !persistent))
		return 0;
	if (k == target) {
		fired = 1;
		log_line("fired", k);
		if (stop)
			abort();
	}
	return 1;
}

void *__wrap_malloc(size_t n)
{
	return fail_now() ? NULL : real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fail_now() ? NULL : real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	/* realloc(p, 0) frees: that is no allocation */
	if (p && n == 0)
		return real_realloc(p, n);
	return fail_now() ? NULL : real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return fail_now() ? NULL : real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fail_now() ? NULL : real_strndup(s, n);
}

/* The libraries' own allocators, counted the same way. Only the trawl
 * program is linked with --wrap: other programs get the plain calls. */
static void *lib_malloc(size_t n)
{
	return fail_now() ? NULL : real_malloc(n);
}

static void *lib_realloc(void *p, size_t n)
{
	if (p && n == 0)
		return real_realloc(p, n);
	return fail_now() ? NULL : real_realloc(p, n);
}

static char *lib_strdup(const char *s)
{
	return fail_now() ? NULL : real_strdup(s);
}

static void *ssl_malloc(size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return lib_malloc(n);
}

static void *ssl_realloc(void *p, size_t n, const char *file, int line)
{
	(void)file;
	(void)line;
	return lib_realloc(p, n);
}

static void ssl_free(void *p, const char *file, int line)
{
	(void)file;
	(void)line;
	free(p);
}

static sqlite3_mem_methods sqlite_default;

/* (the log says when the failure was SQLite's: "sqlite N") */
static void *sq_malloc(int n)
{
	if (fail_now()) {
		if (!persistent)
			log_line("sqlite", target);
		return NULL;
	}
	return sqlite_default.xMalloc(n);
}

static void *sq_realloc(void *p, int n)
{
	if (fail_now()) {
		if (!persistent)
			log_line("sqlite", target);
		return NULL;
	}
	return sqlite_default.xRealloc(p, n);
}

static void at_exit(void)
{
	if (armed)
		log_line("count", __atomic_load_n(&count, __ATOMIC_RELAXED));
	if (buf_target)
		log_line("count", __atomic_load_n(&buf_count, __ATOMIC_RELAXED));
}

int trawl__fault_buf(void)
{
	unsigned long k;

	if (!buf_target)
		return 0;
	k = __atomic_add_fetch(&buf_count, 1, __ATOMIC_RELAXED);
	if (k == buf_target)
		log_line("fired", k);
	return k == buf_target;
}

static void install_hooks(void);

/* OpenSSL 3 sets up its library context (locks, the method store) on
 * first use and does not survive an allocation failing there: a lock it
 * failed to create is taken later (EVP_Digest -> EVP_MD_fetch ->
 * CRYPTO_THREAD_read_lock on NULL, SIGSEGV), in whichever thread hashes
 * first. That is OpenSSL's own one-time set-up, like libc's, so it is
 * done here before the countdown starts (through the counting hooks,
 * which let everything through until armed): SHA-256 as the ingest
 * workers use it and HMAC-SHA256 as serve's sessions do. Failures of
 * the allocations of each digest and HMAC context still count. */
static void openssl_setup(void)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	static const unsigned char key[32];

	OPENSSL_init_crypto(0, NULL);
	(void)EVP_Digest("", 0, md, &mdlen, EVP_sha256(), NULL);
	(void)HMAC(EVP_sha256(), key, sizeof key, (const unsigned char *)"", 0, md, &mdlen);
}

/* Arms the countdown before main(), and before any library allocates:
 * SQLite and OpenSSL take their allocators only before first use. */
__attribute__((constructor)) static void fault_alloc_setup(void)
{
	char arg[32], *end;
	const char *logp;

	logp = getenv("TRAWL_FAULT_LOG");
	if (logp)
		snprintf(log_path, sizeof log_path, "%s", logp);
	if (trawl__fault("buf", arg, sizeof arg)) {
		buf_target = strtoul(arg, &end, 10);
		if (!buf_target)
			buf_target = (unsigned long)-1; /* buf:0 counts */
	}
	if (trawl__fault("alloc", arg, sizeof arg)) {
		target = strtoul(arg, &end, 10);
		persistent = *end == '+';
		stop = *end == '!';
		install_hooks();
		openssl_setup();
		armed = 1;
	}
	if (armed || buf_target)
		atexit(at_exit);
}

void trawl__fault_alloc_arm(unsigned long n)
{
	static int installed;

	if (!installed) {
		installed = 1;
		if (!armed) {
			install_hooks();
			openssl_setup();
		}
	}
	__atomic_store_n(&count, 0, __ATOMIC_RELAXED);
	target = n;
	persistent = stop = fired = 0;
	armed = 1;
}

unsigned long trawl__fault_alloc_count(void)
{
	return __atomic_load_n(&count, __ATOMIC_RELAXED);
}

void trawl__fault_alloc_xml(void)
{
	xmlMemSetup(free, lib_malloc, lib_realloc, lib_strdup);
}

int trawl__fault_alloc_fired(void)
{
	return fired;
}

/* The libraries' allocators go through the countdown from now on. */
static void install_hooks(void)
{
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default) == SQLITE_OK) {
		sqlite3_mem_methods m = sqlite_default;
		m.xMalloc = sq_malloc;
		m.xRealloc = sq_realloc;
		sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
	}
	if (trawl__fault("alloc-xml", NULL, 0))
		trawl__fault_alloc_xml();
	{
		cJSON_Hooks h = { lib_malloc, free };
		cJSON_InitHooks(&h);
	}
	CRYPTO_set_mem_functions(ssl_malloc, ssl_realloc, ssl_free);
}
#else
int trawl__fault(const char *name, char *arg, size_t argsz)
{
	(void)name;
	(void)arg;
	return 0;
}

int trawl__fault_buf(void)
{
	return 0;
}

void trawl__fault_alloc_arm(unsigned long n)
{
	(void)n;
}

unsigned long trawl__fault_alloc_count(void)
{
	return 0;
}

void trawl__fault_alloc_xml(void)
{
}

int trawl__fault_alloc_fired(void)
{
	return 0;
}
#endif
