/* A tiny test harness: each TEST prints "ok NAME" or "FAIL NAME: why". */
#ifndef TRAWL_TEST_H
#define TRAWL_TEST_H
#include <stdio.h>
#include <string.h>

extern int test_failed;
#define CHECK(cond) do { if (!(cond)) { \
	printf("FAIL %s: %s:%d: %s\n", test_name, __FILE__, __LINE__, #cond); \
	test_failed = 1; return; } } while (0)
#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); \
	if (!a_ || !b_ || strcmp(a_, b_)) { \
	printf("FAIL %s: %s:%d: \"%s\" != \"%s\"\n", test_name, __FILE__, __LINE__, \
	       a_ ? a_ : "(null)", b_ ? b_ : "(null)"); test_failed = 1; return; } } while (0)
#define CHECK_INT(a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); \
	if (a_ != b_) { printf("FAIL %s: %s:%d: %s == %lld, expected %lld\n", test_name, \
	__FILE__, __LINE__, #a, a_, b_); test_failed = 1; return; } } while (0)
#define TEST(name) static void name(const char *test_name)
/* In main(), with an int failures: runs one TEST and counts it. */
#define RUN(t) do { \
		test_failed = 0; \
		t(#t); \
		if (!test_failed) \
			printf("ok %s\n", #t); \
		failures += test_failed; \
	} while (0)
#endif
