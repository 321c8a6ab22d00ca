/* The command-line parser and the help it prints, both from the tables of
 * commands.c: every option is looked up in the command's table (and the
 * global one), so an option that is not there is an error that names the
 * closest one, never a word of a query. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <trawl/trawl.h>
#include "args.h"
#include "cli.h"

#define EXIT_USAGE 2

/* ---- finding commands and options ---- */

const cli_cmd *cli_find_cmd(const char *name, const char *sub, int *used_sub)
{
	const cli_cmd *c, *plain = NULL;
	size_t n = strlen(name);

	*used_sub = 0;
	for (c = cli_commands; c->name; c++) {
		if (!strcmp(c->name, name))
			plain = c;
		else if (sub && !strncmp(c->name, name, n) && c->name[n] == ' ' &&
		         !strcmp(c->name + n + 1, sub)) {
			*used_sub = 1;
			return c;
		}
	}
	return plain;
}

/* Options of c and the global ones as one index: >= 0 for c->opts[i],
 * < 0 for cli_global_opts[-i - 1]. */
static const cli_opt *opt_at(const cli_cmd *c, int i)
{
	return i >= 0 ? &c->opts[i] : &cli_global_opts[-i - 1];
}

static int find_long(const cli_cmd *c, const char *name, size_t n, int *idx)
{
	int i;

	for (i = 0; c->opts && c->opts[i].name; i++)
		if ((strlen(c->opts[i].name) == n && !strncmp(c->opts[i].name, name, n)) ||
		    (c->opts[i].alias && strlen(c->opts[i].alias) == n &&
		     !strncmp(c->opts[i].alias, name, n))) {
			*idx = i;
			return 1;
		}
	for (i = 0; cli_global_opts[i].name; i++)
		if (strlen(cli_global_opts[i].name) == n && !strncmp(cli_global_opts[i].name, name, n)) {
			*idx = -i - 1;
			return 1;
		}
	return 0;
}

static int find_short(const cli_cmd *c, char ch, int *idx)
{
	int i;

	for (i = 0; c->opts && c->opts[i].name; i++)
		if (c->opts[i].shrt == ch) {
			*idx = i;
			return 1;
		}
	for (i = 0; cli_global_opts[i].name; i++)
		if (cli_global_opts[i].shrt == ch) {
			*idx = -i - 1;
			return 1;
		}
	return 0;
}

/* ---- suggestions ---- */

/* Optimal string alignment distance (Damerau-Levenshtein without
 * repeated edits of a substring), over bytes; at most 64 bytes compared. */
static size_t distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), i, j;
	size_t d[65][65];

	if (n > 64)
		n = 64;
	if (m > 64)
		m = 64;
	for (i = 0; i <= n; i++)
		d[i][0] = i;
	for (j = 0; j <= m; j++)
		d[0][j] = j;
	for (i = 1; i <= n; i++)
		for (j = 1; j <= m; j++) {
			size_t cost = a[i - 1] != b[j - 1], v = d[i - 1][j - 1] + cost;
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[n][m];
}

const char *cli_suggest(const char *w, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t bestd = (size_t)-1, i, len = strlen(w);

	for (i = 0; i < n; i++) {
		size_t dd;
		if (!names[i])
			continue;
		dd = distance(w, names[i]);
		/* a prefix is what was meant too: --jso, --lim */
		if (len >= 3 && !strncmp(names[i], w, len))
			dd = 1;
		if (dd < bestd) {
			bestd = dd;
			best = names[i];
		}
	}
	/* near enough: one edit in a short name, a third of a long one */
	return best && bestd <= (len < 6 ? 1 : len / 3) ? best : NULL;
}

/* The option of some other command called name, if one has it. */
static const cli_cmd *owner_of(const char *name)
{
	const cli_cmd *c;

	for (c = cli_commands; c->name; c++)
		for (int i = 0; c->opts && c->opts[i].name; i++)
			if (!strcmp(c->opts[i].name, name))
				return c;
	return NULL;
}

static int unknown_option(const cli_cmd *c, const char *arg)
{
	const char *names[96];
	char want[64];
	size_t n = 0;
	const char *eq = strchr(arg, '='), *best;
	const cli_cmd *other;

	snprintf(want, sizeof want, "%.*s", (int)(eq ? (size_t)(eq - arg) : strlen(arg)), arg);
	for (int i = 0; c->opts && c->opts[i].name && n < 90; i++)
		names[n++] = c->opts[i].name;
	for (int i = 0; cli_global_opts[i].name && n < 96; i++)
		names[n++] = cli_global_opts[i].name;
	best = want[0] == '-' && want[1] == '-' ? cli_suggest(want + 2, names, n) : NULL;
	if (best)
		return cli_usage(c, "unknown option %s (did you mean --%s?)", want, best);
	other = want[0] == '-' && want[1] == '-' ? owner_of(want + 2) : NULL;
	if (other)
		return cli_usage(c, "unknown option %s (it is an option of trawl %s)", want,
		                 other->name);
	return cli_usage(c, "unknown option %s", want);
}

/* ---- parsing ---- */

static int add_given(cli_args *a, int opt, const char *val)
{
	struct cli_given *g = realloc(a->given, (size_t)(a->ngiven + 1) * sizeof *g);

	if (!g)
		return -1;
	a->given = g;
	g[a->ngiven].opt = opt;
	g[a->ngiven].val = val;
	a->ngiven++;
	return 0;
}

/* "year, place or topic" from "year|place|topic" */
static void choices_text(const char *values, char *out, size_t n)
{
	size_t k = 0, total = 1, i = 0;
	const char *p;

	for (p = values; *p; p++)
		total += *p == '|';
	out[0] = '\0';
	for (p = values; *p; ) {
		const char *e = strchr(p, '|');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		int w;
		i++;
		w = snprintf(out + k, n - k, "%s%.*s", i == 1 ? "" : i == total ? " or " : ", ",
		             (int)len, p);
		if (w < 0 || (size_t)w >= n - k)
			break;
		k += (size_t)w;
		p += len + (e != NULL);
	}
}

static int in_choices(const char *values, const char *v)
{
	size_t n = strlen(v);
	const char *p = values;

	while (*p) {
		const char *e = strchr(p, '|');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == n && !strncmp(p, v, n))
			return 1;
		p += len + (e != NULL);
	}
	return 0;
}

/* Checks an option's value against its type; 0, or a usage error. */
static int check_value(const cli_cmd *c, const cli_opt *o, const char *v)
{
	char *end;
	long x;

	switch (o->type) {
	case CLI_NUM:
		errno = 0;
		x = strtol(v, &end, 10);
		if (errno || end == v || *end || x < o->lo || x > o->hi) {
			if (o->hi >= 1000000000L)
				return cli_usage(c, "--%s takes a number from %ld, not %s", o->name, o->lo, v);
			return cli_usage(c, "--%s takes a number from %ld to %ld, not %s", o->name, o->lo,
			                 o->hi, v);
		}
		return 0;
	case CLI_CHOICE:
		if (!in_choices(o->values, v)) {
			char list[256];
			choices_text(o->values, list, sizeof list);
			return cli_usage(c, "--%s takes %s, not %s", o->name, list, v);
		}
		return 0;
	case CLI_STR:
	case CLI_FILE:
	case CLI_DIR:
		if (!*v)
			return cli_usage(c, "--%s needs a value (%s)", o->name, o->arg);
		return 0;
	default:
		return 0;
	}
}

/* An argument that starts with '-' is an option, except for a command
 * that takes query words: there -word excludes a word, and only a known
 * one-letter option (-l) or a --long one is an option. */
static int is_option(const cli_cmd *c, const char *x)
{
	int idx;

	if (x[0] != '-' || !x[1])
		return 0;
	if (x[1] == '-')
		return 1;
	if (c->pos == POS_QUERY || c->pos_rest == POS_QUERY)
		return !x[2] && find_short(c, x[1], &idx);
	return 1;
}

int cli_parse(const cli_cmd *c, int argc, char **argv, cli_args *a, int *done)
{
	int i, only_pos = 0, rc;
	int groups[8][2];   /* the group and the option that took it */
	int ngroups = 0;

	*done = 0;
	a->cmd = c;
	a->pos = calloc((size_t)argc + 1, sizeof *a->pos);
	if (!a->pos) {
		fputs("trawl: out of memory\n", stderr);
		return EXIT_PROBLEM;
	}
	for (i = 0; i < argc; i++) {
		const char *x = argv[i], *val = NULL;
		const cli_opt *o;
		int idx;
		if (only_pos || !is_option(c, x)) {
			a->pos[a->npos++] = argv[i];
			continue;
		}
		if (!strcmp(x, "--")) {
			only_pos = 1;
			continue;
		}
		if (x[1] == '-') {
			const char *eq = strchr(x, '=');
			size_t n = eq ? (size_t)(eq - x - 2) : strlen(x + 2);
			if (!find_long(c, x + 2, n, &idx))
				return unknown_option(c, x);
			if (eq)
				val = eq + 1;
		} else if (!find_short(c, x[1], &idx) || x[2]) {
			return unknown_option(c, x);
		}
		o = opt_at(c, idx);
		if (o->type == CLI_FLAG) {
			if (val)
				return cli_usage(c, "--%s takes no value", o->name);
			val = "";
		} else if (!val) {
			if (i + 1 >= argc)
				return cli_usage(c, "--%s needs a value (%s)", o->name, o->arg);
			val = argv[++i];
		}
		if ((rc = check_value(c, o, val)))
			return rc;
		if (!strcmp(o->name, "help")) {
			cli_help_cmd(stdout, c);
			*done = 1;
			return 0;
		}
		if (o->group) {
			int k;
			for (k = 0; k < ngroups; k++)
				if (groups[k][0] == o->group && strcmp(opt_at(c, groups[k][1])->name, o->name))
					return cli_usage(c, "--%s and --%s can't go together",
					                 opt_at(c, groups[k][1])->name, o->name);
			if (ngroups < 8) {
				groups[ngroups][0] = o->group;
				groups[ngroups][1] = idx;
				ngroups++;
			}
		}
		/* one value: a second one would silently replace the first
		 * (report --by year --by vendor reported by vendor alone) */
		if (o->type != CLI_FLAG && !o->repeat)
			for (int k = 0; k < a->ngiven; k++)
				if (a->given[k].opt == idx && strcmp(a->given[k].val, val))
					return cli_usage(c, "--%s takes one value, given twice: %s and %s",
					                 o->name, a->given[k].val, val);
		if (add_given(a, idx, val)) {
			fputs("trawl: out of memory\n", stderr);
			return EXIT_PROBLEM;
		}
	}
	if (a->npos < c->min_pos) {
		/* what is missing, by the synopsis: "a query is missing: trawl
		 * search [OPTIONS] QUERY..." */
		static const char *const what[] = { [POS_PATH] = "a file or folder",
			[POS_DOC] = "a document (an id prefix or a path)", [POS_QUERY] = "a query",
			[POS_KEYVAL] = "KEY=VALUE", [POS_WATCH] = "a watch's name" };
		cli_pos p = a->npos ? c->pos_rest : c->pos;
		const char *w = (size_t)p < sizeof what / sizeof what[0] ? what[p] : NULL;
		if (w && c->min_pos - a->npos == 1)
			return cli_usage(c, "%s is missing: trawl %s %s", w, c->name, c->synopsis);
		return cli_usage(c, "%s missing: trawl %s %s", c->min_pos - a->npos == 1 ?
		                 "an argument is" : "arguments are", c->name, c->synopsis);
	}
	if (c->max_pos >= 0 && a->npos > c->max_pos) {
		if (c->pos == POS_QUERY || c->pos_rest == POS_QUERY)
			return cli_usage(c, "too many arguments: %s (quote a query or a filter: "
			                 "\"year:2023 type:pdf\")", a->pos[c->max_pos]);
		return cli_usage(c, "too many arguments: %s", a->pos[c->max_pos]);
	}
	return 0;
}

void cli_args_release(cli_args *a)
{
	free(a->pos);
	free(a->given);
	a->pos = NULL;
	a->given = NULL;
}

/* ---- reading what was given ---- */

static int opt_index(const cli_args *a, const char *name)
{
	int i;

	for (i = 0; a->cmd->opts && a->cmd->opts[i].name; i++)
		if (!strcmp(a->cmd->opts[i].name, name))
			return i;
	for (i = 0; cli_global_opts[i].name; i++)
		if (!strcmp(cli_global_opts[i].name, name))
			return -i - 1;
	/* a name the table does not have is a mistake in trawl, not the user's */
	fprintf(stderr, "trawl: internal error: %s has no option --%s\n", a->cmd->name, name);
	abort();
}

int cli_flag(const cli_args *a, const char *name)
{
	int k = opt_index(a, name), n = 0;

	for (int i = 0; i < a->ngiven; i++)
		n += a->given[i].opt == k;
	return n;
}

const char *cli_str(const cli_args *a, const char *name)
{
	int k = opt_index(a, name);
	const char *v = NULL;

	for (int i = 0; i < a->ngiven; i++)
		if (a->given[i].opt == k)
			v = a->given[i].val;
	return v;
}

long cli_num(const cli_args *a, const char *name, long dflt)
{
	const char *v = cli_str(a, name);

	return v ? strtol(v, NULL, 10) : dflt;
}

const char *cli_nth(const cli_args *a, const char *name, int n)
{
	int k = opt_index(a, name);

	for (int i = 0; i < a->ngiven; i++)
		if (a->given[i].opt == k && n-- == 0)
			return a->given[i].val;
	return NULL;
}

char *cli_join(const cli_args *a, int from)
{
	size_t len = 0, at = 0;
	char *q;
	int i;

	if (from >= a->npos)
		return NULL;
	for (i = from; i < a->npos; i++)
		len += strlen(a->pos[i]) + 1;
	q = malloc(len);
	if (!q) {
		/* NULL is "no query" to the callers: a search or a listing
		 * widened to everything would be worse than stopping here */
		fputs("trawl: out of memory\n", stderr);
		exit(EXIT_PROBLEM);
	}
	for (i = from; i < a->npos; i++) {
		size_t n = strlen(a->pos[i]);
		if (at)
			q[at++] = ' ';
		memcpy(q + at, a->pos[i], n);
		at += n;
	}
	q[at] = '\0';
	return q;
}

int cli_out(const cli_args *a)
{
	int i;

	for (i = 0; a->cmd->opts && a->cmd->opts[i].name; i++) {
		if (!strcmp(a->cmd->opts[i].name, "json") && cli_flag(a, "json"))
			return OUT_JSON;
		if (!strcmp(a->cmd->opts[i].name, "csv") && cli_flag(a, "csv"))
			return OUT_CSV;
	}
	return OUT_TABLE;
}

int cli_usage(const cli_cmd *c, const char *fmt, ...)
{
	va_list ap;

	fputs("trawl: ", stderr);
	if (c)
		fprintf(stderr, "%s: ", c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (c)
		fprintf(stderr, "\n(see trawl %s --help)\n", c->name);
	else
		fputs("\n(see trawl --help)\n", stderr);
	return EXIT_USAGE;
}

/* ---- help ---- */

/* Writes text wrapped to width columns, each line after the first
 * indented by indent (the first starts at column `at`). */
static void wrap(FILE *f, const char *text, size_t at, size_t indent, size_t width)
{
	const char *p = text;

	while (*p) {
		const char *sp = p, *brk = NULL;
		size_t col = at;
		/* the longest run of words that fits */
		while (*sp) {
			const char *w = sp;
			char buf[512];
			size_t wl;
			while (*w == ' ')
				w++;
			wl = strcspn(w, " ");
			snprintf(buf, sizeof buf, "%.*s", (int)(wl < sizeof buf ? wl : sizeof buf - 1), w);
			if (brk && col + (size_t)(w - sp) + out_disp_width(buf) > width)
				break;
			col += (size_t)(w - sp) + out_disp_width(buf);
			sp = w + wl;
			brk = sp;
		}
		fprintf(f, "%.*s\n", (int)(brk - p), p);
		p = brk;
		while (*p == ' ')
			p++;
		if (*p)
			fprintf(f, "%*s", (int)indent, "");
		at = indent;
	}
}

/* "-j, --jobs N", "--store DIR" */
static void opt_label(const cli_opt *o, char *out, size_t n)
{
	if (o->shrt)
		snprintf(out, n, "-%c, --%s%s%s", o->shrt, o->name, o->arg ? " " : "",
		         o->arg ? o->arg : "");
	else
		snprintf(out, n, "--%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
}

/* Options, one or more lines each; long-only ones line up with the long
 * names of those with a short form. */
static void print_opts(FILE *f, const cli_opt *opts)
{
	const int indent_short = 1;

	for (int i = 0; opts && opts[i].name; i++) {
		const cli_opt *o = &opts[i];
		char label[96], help[600];
		size_t w;
		opt_label(o, label, sizeof label);
		snprintf(help, sizeof help, "%s%s%s%s", o->help, o->alias ? " (also --" : "",
		         o->alias ? o->alias : "", o->alias ? ")" : "");
		if (o->repeat) {
			size_t k = strlen(help);
			snprintf(help + k, sizeof help - k, "; may be given several times");
		}
		if (o->type == CLI_CHOICE) {
			size_t k = strlen(help);
			char list[256];
			choices_text(o->values, list, sizeof list);
			snprintf(help + k, sizeof help - k, ": %s", list);
		}
		fprintf(f, "  %s%s", !o->shrt && indent_short ? "    " : "", label);
		w = 2 + (!o->shrt && indent_short ? 4 : 0) + strlen(label);
		if (w + 2 > 26) {
			fprintf(f, "\n%*s", 26, "");
			w = 26;
		} else {
			fprintf(f, "%*s", (int)(26 - w), "");
			w = 26;
		}
		wrap(f, help, w, 26, 79);
	}
}

/* The query language's fields, for the commands that take a query. */
static void print_fields(FILE *f)
{
	const trawl_query_field *q;
	size_t i;

	fputs("\nquery: words (a run of Chinese is a phrase), \"a phrase\", a OR b, -word or\n"
	      "NOT word (without), NEAR(a b, N), ( ... ), and filters on documents:\n", f);
	for (i = 0; (q = trawl_query_field_at(i)); i++) {
		char label[64], help[700];
		size_t k;
		const char *v;
		snprintf(label, sizeof label, "%s:%s", q->name, q->arg);
		snprintf(help, sizeof help, "%s", q->help);
		k = strlen(help);
		for (size_t j = 0; (v = trawl_query_field_value(q->name, j)) && k + 24 < sizeof help; j++)
			k += (size_t)snprintf(help + k, sizeof help - k, "%s%s", j ? ", " : ": ", v);
		fprintf(f, "  %s", label);
		if (strlen(label) + 2 + 2 > 26)
			fprintf(f, "\n%*s", 26, "");
		else
			fprintf(f, "%*s", (int)(24 - strlen(label)), "");
		wrap(f, help, 26, 26, 79);
	}
	fputs("A word with a colon that is no filter is an error; quote it to search for it.\n"
	      "See docs/search.md.\n", f);
}

static const char usual_status[] =
	"0 all well; 1 something failed (a file, a check); 2 a usage error or no store";

void cli_help_cmd(FILE *f, const cli_cmd *c)
{
	fprintf(f, "usage: trawl %s%s%s\n\n", c->name, c->synopsis ? " " : "",
	        c->synopsis ? c->synopsis : "");
	wrap(f, c->summary, 0, 0, 79);
	if (c->about)
		fprintf(f, "\n%s", c->about);
	if (c->flags & CLI_WRITES)
		fputs("\nIt writes to the store: a store trawl can't write to is an error "
		      "(status 2).\n", f);
	if (c->opts && c->opts[0].name) {
		fputs("\noptions:\n", f);
		print_opts(f, c->opts);
	}
	if (!(c->flags & CLI_NO_STORE)) {
		fputs("\ncommon options:\n", f);
		print_opts(f, cli_global_opts);
	}
	if (c->flags & CLI_FILTERS)
		print_fields(f);
	fputs("\nexit status: ", f);
	wrap(f, c->status ? c->status : usual_status, 13, 2, 79);
	if (c->examples && c->examples[0].cmd) {
		fputs("\nexamples:\n", f);
		for (const cli_example *e = c->examples; e->cmd; e++) {
			fprintf(f, "  trawl %s\n", e->cmd);
			if (e->what) {
				fputs("      ", f);
				wrap(f, e->what, 6, 6, 79);
			}
		}
	}
}

void cli_help_all(FILE *f)
{
	const cli_cmd *c;

	fputs("usage: trawl [--store DIR] COMMAND [OPTIONS] [ARGS]\n\n"
	      "trawl turns folders of public documents (PDF, HTML, DOCX, XLSX, XLS, CSV,\n"
	      "TXT, OCDS JSON) into a local store you can search, cite and compare.\n\n"
	      "commands:\n", f);
	for (c = cli_commands; c->name; c++) {
		size_t n = strlen(c->name);
		fprintf(f, "  %s", c->name);
		fprintf(f, "%*s", (int)(n < 14 ? 14 - n : 1), "");
		wrap(f, c->summary, 16, 16, 79);
	}
	fputs("\ncommon options (before or after the command):\n", f);
	print_opts(f, cli_global_opts);
	fputs("      --version           trawl's version\n", f);
	fputs("\nThe store is --store DIR, else $TRAWL_STORE, else ./.trawl. NO_COLOR turns\n"
	      "colors off. `trawl help COMMAND` or `trawl COMMAND --help` tells more;\n"
	      "`man trawl` has it all.\n", f);
}
