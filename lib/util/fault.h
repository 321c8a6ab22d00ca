/* Fault injection for the fault tests. Compiled in only with
 * -Dfault_injection=true; otherwise every check is false. The environment
 * variable TRAWL_FAULTS holds comma-separated "name" or "name:arg" items.
 *
 * One of them is the allocation countdown (tests/fault/alloc-*.sh):
 *
 *   alloc:N    the N-th allocation fails (once; later ones succeed)
 *   alloc:N+   the N-th and every later allocation fail
 *   alloc:0    none fails: only counts
 *   alloc:N!   abort() at the N-th, to see where it is (with
 *              ASAN_OPTIONS=handle_abort=1 AddressSanitizer prints the stack)
 *
 * It counts the allocations of trawl's own code and the CLI (malloc,
 * calloc, realloc, strdup, strndup, through the linker's --wrap on the
 * trawl program), of MuPDF (linked in statically, through trawl's
 * allocator), of SQLite (SQLITE_CONFIG_MALLOC), cJSON (cJSON_InitHooks)
 * and OpenSSL (CRYPTO_set_mem_functions); libxml2's too (xmlMemSetup) when
 * TRAWL_FAULTS also holds "alloc-xml": not by default, because libxml2
 * 2.9.14 handles some of its own failures badly (its HTML parser loops
 * forever after some, and it leaks after others). Not counted: libzip,
 * libgsf and GLib (the XLS reader), uchardet, utf8proc, iconv and libc's
 * own.
 * With TRAWL_FAULT_LOG=FILE, the program appends "fired N" to FILE when
 * the countdown fires (and "sqlite N" when the allocation was SQLite's),
 * and "count N" (allocations made) when it exits.
 *
 *   buf:N      the N-th growth of a trawl__buf that needs memory fails:
 *              a countdown over trawl's buffers alone, short enough to try
 *              every N of a command (tests/fault/alloc-search-filters.sh) */
#ifndef TRAWL_FAULT_H
#define TRAWL_FAULT_H
#include <stddef.h>
/* True when fault `name` is armed; its argument (up to the next comma, or
 * "") is copied into arg (argsz bytes) when arg is given. */
int trawl__fault(const char *name, char *arg, size_t argsz);
/* True when this buffer growth is the one buf:N makes fail. */
int trawl__fault_buf(void);

/* For test programs that sweep within one process (tests/fault/
 * alloc_parse.c): the n-th allocation from now fails (0: none, counts
 * only); how many were made since; whether the n-th was reached. */
void trawl__fault_alloc_arm(unsigned long n);
unsigned long trawl__fault_alloc_count(void);
int trawl__fault_alloc_fired(void);
/* libxml2's allocations go through the countdown too (as alloc-xml). */
void trawl__fault_alloc_xml(void);
#endif
