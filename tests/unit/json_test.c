/* The JSON writer (lib/api/json.c) against cJSON, which the CLI's --json
 * output was written with before: strings and numbers must come out byte
 * for byte the same, and the writer must place commas and brackets right. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <cjson/cJSON.h>
#include "trawl/json.h"
#include "test.h"

int test_failed;

static char *cjson_num(double v)
{
	cJSON *n = cJSON_CreateNumber(v);
	char *s = cJSON_PrintUnformatted(n);
	cJSON_Delete(n);
	return s;
}

static char *cjson_str(const char *v, size_t len)
{
	char *copy = malloc(len + 1);
	cJSON *n;
	char *s;
	memcpy(copy, v, len);
	copy[len] = '\0';
	n = cJSON_CreateString(copy);
	s = cJSON_PrintUnformatted(n);
	cJSON_Delete(n);
	free(copy);
	return s;
}

TEST(numbers_as_cjson)
{
	static const double fixed[] = { 0, 1, -1, 0.5, 0.1, 0.3, 1e-7, 26500000, 2147483647.0,
	                                2147483648.0, -2147483649.0, 3e9, 1e21, 123.456,
	                                -0.0, 1.0 / 3, 12.840000000000002, 4503599627370497.0 };
	trawl_json *j = trawl_json_new();
	uint64_t x = 88172645463325252ULL;
	CHECK(j);
	for (int i = 0; i < 20000; i++) {
		double v;
		char *want;
		if (i < (int)(sizeof fixed / sizeof fixed[0])) {
			v = fixed[i];
		} else {
			uint64_t bits;
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			bits = x;
			if (i % 3 == 0)
				v = (double)(int64_t)(x % 10000000000ULL) / 100.0;
			else if (i % 3 == 1)
				v = (double)(int64_t)(x >> 20) * (i % 2 ? 1 : -1);
			else {
				memcpy(&v, &bits, sizeof v);
				if (isnan(v) || isinf(v))
					continue;
			}
		}
		trawl_json_clear(j);
		trawl_json_num(j, v);
		want = cjson_num(v);
		CHECK_STR(trawl_json_text(j, NULL), want);
		free(want);
	}
	trawl_json_free(j);
}

TEST(strings_as_cjson)
{
	static const char *fixed[] = { "", "plain", "引号\"与\\反斜杠", "\n\t\r\b\f", "\x01\x1f\x7f",
	                               "</script><script>alert(1)</script>", "a\"b'c", "\xe2\x80\xa8" };
	trawl_json *j = trawl_json_new();
	CHECK(j);
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
		char *want = cjson_str(fixed[i], strlen(fixed[i]));
		trawl_json_clear(j);
		trawl_json_str(j, fixed[i]);
		CHECK_STR(trawl_json_text(j, NULL), want);
		free(want);
	}
	/* every byte value but NUL */
	for (int c = 1; c < 256; c++) {
		char s[4] = { 'x', (char)c, 'y', 0 };
		char *want = cjson_str(s, 3);
		trawl_json_clear(j);
		trawl_json_str(j, s);
		CHECK_STR(trawl_json_text(j, NULL), want);
		free(want);
	}
	trawl_json_free(j);
}

TEST(structure)
{
	trawl_json *j = trawl_json_new();
	trawl_fact_info f;
	CHECK(j);
	trawl_json_obj(j);
	trawl_json_key(j, "a");
	trawl_json_arr(j);
	trawl_json_int(j, 1);
	trawl_json_str(j, NULL);
	trawl_json_obj(j);
	trawl_json_end(j);
	trawl_json_arr(j);
	trawl_json_end(j);
	trawl_json_end(j);
	trawl_json_key(j, "b");
	trawl_json_bool(j, 1);
	memset(&f, 0, sizeof f);
	f.doc = "d";
	f.kind = "money";
	f.value = "5";
	f.negative = 1;
	trawl_json_key(j, "f");
	trawl_json_fact(j, &f, 1);
	trawl_json_key(j, "extra");
	trawl_json_int(j, 7);
	trawl_json_end(j);
	trawl_json_end(j);
	CHECK_INT(trawl_json_err(j), TRAWL_OK);
	CHECK_STR(trawl_json_text(j, NULL),
	          "{\"a\":[1,null,{},[]],\"b\":true,\"f\":{\"doc\":\"d\",\"path\":null,\"page\":null,"
	          "\"unit_number\":0,\"kind\":\"money\",\"text\":null,\"value\":\"-5\",\"unit\":null,"
	          "\"unit_source\":null,\"currency\":null,\"start\":0,\"end\":0,\"ocr\":false,\"extra\":7}}");
	/* too deep is an error, not a crash */
	trawl_json_clear(j);
	for (int i = 0; i < 100; i++)
		trawl_json_arr(j);
	CHECK(trawl_json_err(j) != TRAWL_OK);
	trawl_json_free(j);
}

/* A negative amount of any length comes out whole and signed (a side was
 * cut at 79 bytes by a fixed buffer), and attrs that cJSON can't read make
 * the record fail rather than lose them. */
TEST(long_negative_amounts_whole)
{
	char v[201];
	trawl_diff_side a;
	trawl_diff_row r;
	trawl_fact_info f;
	trawl_json *j = trawl_json_new();
	const char *t;
	memset(v, '7', 200);
	v[200] = '\0';
	v[100] = '.';
	memset(&a, 0, sizeof a);
	a.value = v;
	a.negative = 1;
	a.doc = "d";
	memset(&r, 0, sizeof r);
	r.kind = "item";
	r.status = "removed";
	r.a = &a;
	trawl_json_diff_row(j, &r, 0, 0);
	CHECK_INT(trawl_json_err(j), TRAWL_OK);
	t = trawl_json_text(j, NULL);
	CHECK(strstr(t, "\"amount\":\"-7777") != NULL);
	CHECK(strstr(t, v) != NULL);
	memset(&f, 0, sizeof f);
	f.kind = "money";
	f.value = v;
	f.negative = 1;
	trawl_json_clear(j);
	trawl_json_fact(j, &f, 0);
	CHECK_INT(trawl_json_err(j), TRAWL_OK);
	t = trawl_json_text(j, NULL);
	CHECK(strstr(t, "\"value\":\"-7777") != NULL);
	CHECK(strstr(t, v) != NULL);
	f.attrs = "{\"name\":";
	trawl_json_clear(j);
	trawl_json_fact(j, &f, 0);
	CHECK(trawl_json_err(j) != TRAWL_OK);
	/* a cleared writer starts anew */
	f.attrs = "{\"name\":\"x\"}";
	trawl_json_clear(j);
	trawl_json_fact(j, &f, 0);
	CHECK_INT(trawl_json_err(j), TRAWL_OK);
	CHECK(strstr(trawl_json_text(j, NULL), "\"attrs\":{\"name\":\"x\"}") != NULL);
	trawl_json_free(j);
}

int main(void)
{
	int failures = 0;
	RUN(numbers_as_cjson);
	RUN(strings_as_cjson);
	RUN(structure);
	RUN(long_negative_amounts_whole);
	return failures ? 1 : 0;
}
