/* Build-time generator: turns data/places.tsv (the gazetteer of Chinese
 * administrative divisions, see data/SOURCE.md) into a C header with two
 * sorted tables, so lib/facts/place.c looks a name up by binary search:
 *
 *   trawl__place_defs[]  one row per division, sorted by code
 *   trawl__place_keys[]  every full name and short form, sorted by bytes
 *
 *   gen_places INPUT.tsv OUTPUT.h
 *
 * Input lines: code, name, level, parent_code, aliases (comma-separated),
 * needs_context (0/1/2), tab-separated; '#' starts a comment line. The input
 * is checked (codes, levels, parents, names) and any error fails the build. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEFS 8192
#define MAX_KEYS 16384
#define MAX_NAME 64

struct def {
	unsigned code, parent;
	int level, ctx;
	char name[MAX_NAME];
};

struct key {
	char s[MAX_NAME];
	size_t len;
	int alias;
	int def;            /* index into defs, after sorting by code */
	unsigned code;
};

static struct def defs[MAX_DEFS];
static struct key keys[MAX_KEYS];
static int ndefs, nkeys;
static const char *in_path;

static int fail(int line, const char *what)
{
	fprintf(stderr, "gen_places: %s:%d: %s\n", in_path, line, what);
	return 1;
}

static int parse_code(const char *s, unsigned *out)
{
	unsigned v = 0;
	int i;
	for (i = 0; i < 6; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	if (s[6])
		return -1;
	*out = v;
	return 0;
}

/* A name goes into a C string literal as it is: it must be valid-looking
 * UTF-8 text without quotes, backslashes, separators or control bytes. */
static int name_ok(const char *s, size_t n)
{
	size_t i;
	if (n == 0 || n >= MAX_NAME)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == '"' || c == '\\' || c == ',' || c == 0x7f)
			return 0;
	}
	return 1;
}

static int by_code(const void *a, const void *b)
{
	unsigned x = ((const struct def *)a)->code, y = ((const struct def *)b)->code;
	return x < y ? -1 : x > y;
}

static int by_bytes(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if (x->alias != y->alias)
		return x->alias - y->alias;
	return x->code < y->code ? -1 : x->code > y->code;
}

static int find_def(unsigned code)
{
	int lo = 0, hi = ndefs - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (defs[mid].code == code)
			return mid;
		if (defs[mid].code < code)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int add_key(const char *s, size_t n, int alias, unsigned code, int line)
{
	if (nkeys >= MAX_KEYS)
		return fail(line, "too many names");
	if (!name_ok(s, n))
		return fail(line, "bad name or alias");
	memcpy(keys[nkeys].s, s, n);
	keys[nkeys].s[n] = 0;
	keys[nkeys].len = n;
	keys[nkeys].alias = alias;
	keys[nkeys].code = code;
	nkeys++;
	return 0;
}

/* Splits line into at most max tab-separated fields (in place). */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;
	f[n++] = line;
	for (char *p = line; *p; p++) {
		if (*p == '\t') {
			*p = 0;
			if (n == max)
				return -1;
			f[n++] = p + 1;
		}
	}
	return n;
}

static int read_input(FILE *in)
{
	char buf[1024];
	int line = 0;
	/* the aliases of each row are kept until all rows are known */
	static char alias_text[MAX_DEFS][512];

	while (fgets(buf, sizeof buf, in)) {
		char *f[6];
		size_t len = strlen(buf);
		int nf;
		struct def *d;

		line++;
		if (len && buf[len - 1] == '\n')
			buf[--len] = 0;
		else if (!feof(in))
			return fail(line, "line too long");
		if (len && buf[len - 1] == '\r')
			buf[--len] = 0;
		if (!len || buf[0] == '#')
			continue;
		nf = split_tabs(buf, f, 6);
		if (nf < 4)
			return fail(line, "expected code, name, level, parent_code");
		if (ndefs >= MAX_DEFS)
			return fail(line, "too many rows");
		d = &defs[ndefs];
		memset(d, 0, sizeof *d);
		if (parse_code(f[0], &d->code) || d->code == 0)
			return fail(line, "code is not 6 digits");
		if (!name_ok(f[1], strlen(f[1])))
			return fail(line, "bad name");
		memcpy(d->name, f[1], strlen(f[1]) + 1);
		if (!strcmp(f[2], "province"))
			d->level = 1;
		else if (!strcmp(f[2], "prefecture"))
			d->level = 2;
		else if (!strcmp(f[2], "county"))
			d->level = 3;
		else
			return fail(line, "level is not province, prefecture or county");
		if (d->level == 1) {
			if (f[3][0])
				return fail(line, "a province has no parent");
		} else if (parse_code(f[3], &d->parent)) {
			return fail(line, "parent_code is not 6 digits");
		}
		d->ctx = 0;
		if (nf >= 6) {
			if (strlen(f[5]) != 1 || f[5][0] < '0' || f[5][0] > '2')
				return fail(line, "needs_context is not 0, 1 or 2");
			d->ctx = f[5][0] - '0';
		}
		alias_text[ndefs][0] = 0;
		if (nf >= 5) {
			if (strlen(f[4]) >= sizeof alias_text[0])
				return fail(line, "aliases too long");
			memcpy(alias_text[ndefs], f[4], strlen(f[4]) + 1);
		}
		if (add_key(d->name, strlen(d->name), 0, d->code, line))
			return 1;
		for (char *a = alias_text[ndefs]; *a;) {
			char *e = strchr(a, ',');
			size_t n = e ? (size_t)(e - a) : strlen(a);
			if (add_key(a, n, 1, d->code, line))
				return 1;
			a += n + (e != NULL);
		}
		ndefs++;
	}
	if (ferror(in))
		return fail(line, "read error");
	if (!ndefs)
		return fail(line, "no rows");
	return 0;
}

static int check_and_link(void)
{
	int i;
	qsort(defs, (size_t)ndefs, sizeof defs[0], by_code);
	for (i = 1; i < ndefs; i++)
		if (defs[i].code == defs[i - 1].code)
			return fail(0, "duplicate code");
	for (i = 0; i < ndefs; i++) {
		int p;
		if (defs[i].level == 1)
			continue;
		p = find_def(defs[i].parent);
		if (p < 0 || defs[p].level >= defs[i].level) {
			fprintf(stderr, "gen_places: %06u: parent %06u missing or not above it\n",
			        defs[i].code, defs[i].parent);
			return 1;
		}
	}
	for (i = 0; i < nkeys; i++)
		keys[i].def = find_def(keys[i].code);
	qsort(keys, (size_t)nkeys, sizeof keys[0], by_bytes);
	/* one short form names one division: the derivation drops ambiguous ones */
	for (i = 1; i < nkeys; i++) {
		if (keys[i].alias && keys[i].len == keys[i - 1].len &&
		    !memcmp(keys[i].s, keys[i - 1].s, keys[i].len)) {
			fprintf(stderr, "gen_places: short form %s is ambiguous\n", keys[i].s);
			return 1;
		}
	}
	return 0;
}

static int write_output(FILE *out)
{
	int i, parent;
	fprintf(out, "/* Generated by tools/gen/gen_places.c from data/places.tsv; do not edit. */\n"
	             "#define TRAWL__PLACE_NDEFS %d\n#define TRAWL__PLACE_NKEYS %d\n"
	             "/* code, index of the parent (-1: none), level 1..3, needs_context, name */\n"
	             "static const struct trawl__place_def trawl__place_defs[] = {\n",
	        ndefs, nkeys);
	for (i = 0; i < ndefs; i++) {
		parent = defs[i].level == 1 ? -1 : find_def(defs[i].parent);
		fprintf(out, "\t{ %u, %d, %d, %d, \"%s\" },\n", defs[i].code, parent,
		        defs[i].level, defs[i].ctx, defs[i].name);
	}
	fprintf(out, "};\n/* name bytes, length, alias?, index into trawl__place_defs */\n"
	             "static const struct trawl__place_key trawl__place_keys[] = {\n");
	for (i = 0; i < nkeys; i++)
		fprintf(out, "\t{ \"%s\", %zu, %d, %d },\n", keys[i].s, keys[i].len,
		        keys[i].alias, keys[i].def);
	fprintf(out, "};\n");
	return ferror(out) ? 1 : 0;
}

int main(int argc, char **argv)
{
	FILE *in, *out;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: gen_places INPUT.tsv OUTPUT.h\n");
		return 2;
	}
	in_path = argv[1];
	in = fopen(argv[1], "r");
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	rc = read_input(in);
	fclose(in);
	if (rc || check_and_link())
		return 1;
	out = fopen(argv[2], "w");
	if (!out) {
		perror(argv[2]);
		return 1;
	}
	rc = write_output(out);
	if (fclose(out) || rc) {
		fprintf(stderr, "gen_places: %s: write error\n", argv[2]);
		remove(argv[2]);
		return 1;
	}
	return 0;
}
