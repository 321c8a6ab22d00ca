/* trawl help, the manual pages and the shell completions: all written from
 * the tables of commands.c and the library's list of query fields, so
 * that what --help says, what man says and what a shell offers are the
 * same options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <trawl/trawl.h>
#include "args.h"
#include "cli.h"

/* ---- trawl help ---- */

int cmd_help(const cli_args *a)
{
	const cli_cmd *c = NULL;
	int used = 0;

	if (a->npos) {
		c = cli_find_cmd(a->pos[0], a->npos > 1 ? a->pos[1] : NULL, &used);
		if (!c || (a->npos > 1 && !used))
			return cli_usage(a->cmd, "no command %s%s%s (trawl help lists them)", a->pos[0],
			                 a->npos > 1 ? " " : "", a->npos > 1 ? a->pos[1] : "");
	}
	if (cli_flag(a, "list"))
		cli_list(stdout);
	else if (cli_flag(a, "man"))
		cli_man(stdout, c);
	else if (c)
		cli_help_cmd(stdout, c);
	else
		cli_help_all(stdout);
	return 0;
}

int cmd_completion(const cli_args *a)
{
	if (cli_completion(stdout, a->pos[0]))
		return cli_usage(a->cmd, "no completion for %s: bash or zsh", a->pos[0]);
	return 0;
}

/* ---- every name, one a line (what tests walk) ---- */

static const char *type_name(cli_type t)
{
	static const char *const names[] = { "flag", "text", "number", "choice", "file", "dir" };
	return names[t];
}

void cli_list(FILE *f)
{
	const cli_cmd *c;
	const trawl_query_field *q;
	size_t i;

	for (c = cli_commands; c->name; c++) {
		fprintf(f, "command\t%s\n", c->name);
		for (int k = 0; c->opts && c->opts[k].name; k++) {
			const cli_opt *o = &c->opts[k];
			char shrt[3] = { '-', o->shrt, 0 };
			fprintf(f, "option\t%s\t--%s\t%s\t%s\n", c->name, o->name, type_name(o->type),
			        o->shrt ? shrt : "");
			if (o->alias)
				fprintf(f, "alias\t%s\t--%s\t--%s\n", c->name, o->alias, o->name);
		}
	}
	for (int k = 0; cli_global_opts[k].name; k++)
		fprintf(f, "global\t--%s\n", cli_global_opts[k].name);
	for (i = 0; (q = trawl_query_field_at(i)); i++) {
		const char *v;
		fprintf(f, "field\t%s:\n", q->name);
		for (size_t j = 0; (v = trawl_query_field_value(q->name, j)); j++)
			fprintf(f, "value\t%s:\t%s\n", q->name, v);
	}
}

/* ---- manual pages, in scdoc's markup ---- */

/* Text for scdoc: its markup characters escaped. */
static void sc_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '*' || *s == '_' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
}

/* Paragraphs of hand-wrapped text: lines joined into one, a line that
 * starts with two spaces kept as a literal line. */
static void sc_paras(FILE *f, const char *text)
{
	const char *p = text;
	int in_para = 0, in_lit = 0;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char line[1024];
		snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), p);
		if (!strncmp(line, "  ", 2)) {
			if (in_para)
				fputs("\n\n", f);
			if (!in_lit)
				fputs("```\n", f);
			fprintf(f, "%s\n", line + 2);
			in_para = 0;
			in_lit = 1;
		} else if (!line[0]) {
			if (in_lit)
				fputs("```\n", f);
			if (in_para)
				fputs("\n", f);
			fputs("\n", f);
			in_para = in_lit = 0;
		} else {
			if (in_lit)
				fputs("```\n\n", f);
			else if (in_para)
				fputc(' ', f);
			sc_text(f, line);
			in_para = 1;
			in_lit = 0;
		}
		p += n + (e != NULL);
	}
	if (in_lit)
		fputs("```\n", f);
	if (in_para)
		fputc('\n', f);
	fputc('\n', f);
}

static void sc_opts(FILE *f, const cli_opt *opts)
{
	for (int i = 0; opts && opts[i].name; i++) {
		const cli_opt *o = &opts[i];
		if (o->shrt)
			fprintf(f, "*-%c*, ", o->shrt);
		fprintf(f, "*--%s*", o->name);
		if (o->arg) {
			fputs(" _", f);
			sc_text(f, o->arg);
			fputc('_', f);
		}
		fputs("\n\t", f);
		sc_text(f, o->help);
		if (o->type == CLI_CHOICE) {
			fputs(": ", f);
			for (const char *v = o->values; *v; v++) {
				if (*v == '|')
					fputs(", ", f);
				else
					fputc(*v, f);
			}
		}
		fputc('.', f);
		if (o->alias)
			fprintf(f, " Also *--%s*.", o->alias);
		if (o->repeat)
			fputs(" May be given several times.", f);
		fputs("\n\n", f);
	}
}

static void sc_fields(FILE *f)
{
	const trawl_query_field *q;

	fputs("# QUERY LANGUAGE\n\n"
	      "Words (a run of Chinese characters is a phrase by itself), \"a phrase\", "
	      "*a OR b* (either), *-word* or *NOT word* (without), *NEAR(a b, N)* (within N "
	      "tokens), *( ... )* for grouping, and these filters on documents, which apply "
	      "to the whole query:\n\n", f);
	for (size_t i = 0; (q = trawl_query_field_at(i)); i++) {
		const char *v;
		fprintf(f, "*%s:*_", q->name);
		sc_text(f, q->arg);
		fputs("_\n\t", f);
		sc_text(f, q->help);
		for (size_t j = 0; (v = trawl_query_field_value(q->name, j)); j++) {
			fputs(j ? ", " : ": ", f);
			sc_text(f, v);
		}
		fputs(".\n\n", f);
	}
	fputs("A word with a colon that names no filter (*foo:bar*) is an error; quote it "
	      "(\"foo:bar\") to search for the text. See docs/search.md.\n\n", f);
}

static const char common_status[] =
	"0 all well; 1 something failed (a file, a check); 2 a usage error or no store";

/* "watch run" -> "watch-run" */
static void page_name(const cli_cmd *c, char *out, size_t n)
{
	snprintf(out, n, "%s", c->name);
	for (char *p = out; *p; p++)
		if (*p == ' ')
			*p = '-';
}

/* Where the documents the help names (docs/search.md) are once installed. */
static const char see_docs[] =
	"The documents named docs/NAME.md here are installed with README.md in "
	"share/doc/trawl/ below the install prefix (/usr/share/doc/trawl/ from the package, "
	"gzipped): search.md, the query language; facts.md; diff.md; report.md; api.md, the "
	"web app; design.md.\n";

static void man_cmd(FILE *f, const cli_cmd *c)
{
	char page[64];

	page_name(c, page, sizeof page);
	fprintf(f, "trawl-%s(1)\n\n# NAME\n\ntrawl %s - ", page, c->name);
	sc_text(f, c->summary);
	fprintf(f, "\n\n# SYNOPSIS\n\n*trawl %s*", c->name);
	if (c->synopsis) {
		fputc(' ', f);
		sc_text(f, c->synopsis);
	}
	fputs("\n\n# DESCRIPTION\n\n", f);
	sc_text(f, c->summary);
	fputs(".\n\n", f);
	if (c->about)
		sc_paras(f, c->about);
	if (c->flags & CLI_WRITES)
		fputs("It writes to the store: a store trawl can't write to is an error (exit "
		      "status 2).\n\n", f);
	if (c->opts && c->opts[0].name) {
		fputs("# OPTIONS\n\n", f);
		sc_opts(f, c->opts);
	}
	if (!(c->flags & CLI_NO_STORE)) {
		fputs("# COMMON OPTIONS\n\n", f);
		sc_opts(f, cli_global_opts);
	}
	if (c->flags & CLI_FILTERS)
		sc_fields(f);
	fputs("# EXIT STATUS\n\n", f);
	sc_text(f, c->status ? c->status : common_status);
	fputs(".\n\n", f);
	if (c->examples && c->examples[0].cmd) {
		fputs("# EXAMPLES\n\n", f);
		for (const cli_example *e = c->examples; e->cmd; e++) {
			fputs("```\ntrawl ", f);
			fputs(e->cmd, f);
			fputs("\n```\n\n", f);
			if (e->what) {
				fputc('\t', f);
				sc_text(f, e->what);
				fputs(".\n\n", f);
			}
		}
	}
	fputs("# SEE ALSO\n\n*trawl*(1)\n\n", f);
	fputs(see_docs, f);
}

void cli_man(FILE *f, const cli_cmd *c)
{
	const cli_cmd *k;
	char page[64];

	if (c) {
		man_cmd(f, c);
		return;
	}
	fputs("trawl(1)\n\n# NAME\n\n"
	      "trawl - search, cite and compare piles of public documents\n\n"
	      "# SYNOPSIS\n\n*trawl* [*--store* _DIR_] _COMMAND_ [_OPTIONS_] [_ARGUMENTS_]\n\n"
	      "*trawl* *--help* | *--version*\n\n"
	      "# DESCRIPTION\n\n"
	      "trawl turns folders of public documents (budgets, procurement notices, job ads, "
	      "official notices; PDF, HTML, DOCX, XLSX, XLS, CSV, TXT and OCDS JSON; UTF-8, "
	      "GB18030/GBK, Big5 or UTF-16) into a local store you can search and cite. It runs "
	      "offline: no network, no telemetry. Every fact it reads keeps its document, page "
	      "and quote.\n\n"
	      "The store is a folder: *--store* _DIR_, else *$TRAWL_STORE*, else *./.trawl*. "
	      "It holds *trawl.db* (SQLite) and every original file under *objects/*, named by "
	      "its SHA-256. A store trawl can't write to (read-only media, another user's) is "
	      "read read-only; the commands that must write say so.\n\n"
	      "A document is named by an id prefix of at least 3 hex digits that only its id "
	      "begins with (*trawl ls* shows 12), or by a path it was added from.\n\n"
	      "# COMMANDS\n\n", f);
	for (k = cli_commands; k->name; k++) {
		page_name(k, page, sizeof page);
		fprintf(f, "*trawl %s*", k->name);
		if (k->synopsis) {
			fputc(' ', f);
			sc_text(f, k->synopsis);
		}
		fputs("\n\t", f);
		sc_text(f, k->summary);
		fprintf(f, ". See *trawl-%s*(1).\n\n", page);
	}
	fputs("# COMMON OPTIONS\n\n"
	      "These go before or after the command.\n\n", f);
	sc_opts(f, cli_global_opts);
	fputs("*--version*\n\ttrawl's version.\n\n", f);
	sc_fields(f);
	fputs("# ENVIRONMENT\n\n"
	      "*TRAWL_STORE*\n\tthe store folder, when *--store* is not given.\n\n"
	      "*NO_COLOR*\n\twhen set (to anything but nothing), no colors, unless "
	      "*--color=always*.\n\n"
	      "# EXIT STATUS\n\n"
	      "0 all well; 1 a file failed or had a warning, a check failed, or (*search*, "
	      "*facts*) nothing matched; 2 a usage error or a store that can't be opened; 130 "
	      "*add* stopped by Ctrl-C (what was stored stays).\n\n"
	      "# FILES\n\n"
	      "_.trawl/_\n\tthe store, by default.\n\n"
	      "_.trawlignore_\n\tin a folder being added: patterns of files and folders below it "
	      "not to add.\n\n"
	      "_NAME.url_, _NAME.trawl_, _.trawl-defaults_\n\tsidecars: the source URL of NAME; "
	      "the unit and currency of its amounts.\n\n"
	      "_topics.txt_, _aliases.txt_\n\tthe topics and the names to merge of *report*, "
	      "*topics* and *entities*, in the current folder or the store folder.\n\n"
	      "# SEE ALSO\n\n", f);
	for (k = cli_commands; k->name; k++) {
		page_name(k, page, sizeof page);
		fprintf(f, "%s*trawl-%s*(1)", k == cli_commands ? "" : ", ", page);
	}
	fputs("\n\n", f);
	fputs(see_docs, f);
}

/* ---- bash ---- */

static const char *pos_kind(cli_pos p)
{
	switch (p) {
	case POS_PATH: case POS_DOC: return "file";
	case POS_QUERY: return "query";
	case POS_KEYVAL: return "keyval";
	case POS_WATCH: return "watch";
	case POS_COMMAND: return "command";
	case POS_WORD: return "word";
	default: return "none";
	}
}

/* "a|b|c" as "a b c" */
static void words(FILE *f, const char *values)
{
	for (; *values; values++)
		fputc(*values == '|' ? ' ' : *values, f);
}

/* A case pattern "'watch run':--limit", or "*:--store" for a global */
static void bash_pattern(FILE *f, const cli_cmd *c, const char *dashes, const char *name)
{
	if (c)
		fprintf(f, "'%s:%s%s'", c->name, dashes, name);
	else
		fprintf(f, "*':%s%s'", dashes, name);
}

static void bash_values(FILE *f, const cli_cmd *c, const cli_opt *o)
{
	char s[2] = { o->shrt, 0 };

	fputc('\t', f);
	bash_pattern(f, c, "--", o->name);
	if (o->shrt) {
		fputc('|', f);
		bash_pattern(f, c, "-", s);
	}
	if (o->alias) {
		fputc('|', f);
		bash_pattern(f, c, "--", o->alias);
	}
	fputs(")\n\t\t", f);
	if (o->type == CLI_FILE)
		fputs("COMPREPLY=($(compgen -f -- \"$cur\"))", f);
	else if (o->type == CLI_DIR)
		fputs("COMPREPLY=($(compgen -d -- \"$cur\"))", f);
	else if (o->values) {
		fputs("COMPREPLY=($(compgen -W \"", f);
		words(f, o->values);
		fputs("\" -- \"$cur\"))", f);
	} else
		fputs("COMPREPLY=()", f);
	fputs("; return ;;\n", f);
}

static int bash(FILE *f)
{
	const cli_cmd *c;
	const trawl_query_field *q;
	size_t i;

	fputs("# bash completion for trawl, written by `trawl completion bash` from the\n"
	      "# tables trawl's --help and manual are made from.\n\n"
	      "_trawl_words()\n{\n\tcase \"$1\" in\n", f);
	for (c = cli_commands; c->name; c++) {
		fprintf(f, "\t'%s') echo '", c->name);
		for (int k = 0; c->opts && c->opts[k].name; k++) {
			fprintf(f, "--%s ", c->opts[k].name);
			if (c->opts[k].shrt)
				fprintf(f, "-%c ", c->opts[k].shrt);
			if (c->opts[k].alias)
				fprintf(f, "--%s ", c->opts[k].alias);
		}
		if (!(c->flags & CLI_NO_STORE))
			for (int k = 0; cli_global_opts[k].name; k++)
				fprintf(f, "--%s ", cli_global_opts[k].name);
		else
			fputs("--help ", f);
		fputs("' ;;\n", f);
	}
	fputs("\tesac\n}\n\n_trawl_pos()\n{\n"
	      "\t# the kind of argument number $2 (from 0) of command $1\n"
	      "\tcase \"$1\" in\n", f);
	for (c = cli_commands; c->name; c++)
		fprintf(f, "\t'%s') if [ \"$2\" = 0 ]; then echo %s; else echo %s; fi ;;\n", c->name,
		        pos_kind(c->pos), pos_kind(c->pos_rest));
	fputs("\tesac\n}\n\n_trawl_takes_value()\n{\n\tcase \"$1:$2\" in\n", f);
	for (c = cli_commands; c->name; c++)
		for (int k = 0; c->opts && c->opts[k].name; k++)
			if (c->opts[k].type != CLI_FLAG) {
				fprintf(f, "\t'%s:--%s'", c->name, c->opts[k].name);
				if (c->opts[k].shrt)
					fprintf(f, "|'%s:-%c'", c->name, c->opts[k].shrt);
				if (c->opts[k].alias)
					fprintf(f, "|'%s:--%s'", c->name, c->opts[k].alias);
				fputs(") return 0 ;;\n", f);
			}
	fputs("\t*:--store|*:--color) return 0 ;;\n\tesac\n\treturn 1\n}\n\n", f);
	fputs("_trawl_fields()\n{\n"
	      "\t# the query language's filters, and the values of those with a list\n"
	      "\tlocal full=$1\n\tcase \"$full\" in\n", f);
	for (i = 0; (q = trawl_query_field_at(i)); i++) {
		const char *v;
		if (!trawl_query_field_value(q->name, 0))
			continue;
		fprintf(f, "\t%s:*) COMPREPLY=($(compgen -P %s: -W '", q->name, q->name);
		for (size_t j = 0; (v = trawl_query_field_value(q->name, j)); j++)
			fprintf(f, "%s%s", j ? " " : "", v);
		fprintf(f, "' -- \"${full#%s:}\")) ;;\n", q->name);
	}
	fputs("\t*:*) COMPREPLY=() ;;\n\t*) COMPREPLY=($(compgen -W '", f);
	for (i = 0; (q = trawl_query_field_at(i)); i++)
		fprintf(f, "%s%s:", i ? " " : "", q->name);
	fputs("' -- \"$full\"))\n\t   compopt -o nospace 2>/dev/null ;;\n\tesac\n"
	      "\t# bash splits words at ':'; offer only what follows the last one\n"
	      "\tif [[ $full == *:* && $COMP_WORDBREAKS == *:* ]]; then\n"
	      "\t\tlocal pre=${full%\"${full##*:}\"}\n"
	      "\t\tCOMPREPLY=(\"${COMPREPLY[@]#\"$pre\"}\")\n\tfi\n}\n\n", f);
	fputs("_trawl()\n{\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tlocal line=${COMP_LINE:0:COMP_POINT}\n\tlocal full=${line##*[[:space:]]}\n"
	      "\tlocal cmd= i w npos=0 skip=0\n"
	      "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	      "\t\tw=${COMP_WORDS[i]}\n"
	      "\t\tif ((skip)); then skip=0; continue; fi\n"
	      "\t\tcase $w in\n"
	      "\t\t:|*:) continue ;;\n"
	      "\t\t-*) _trawl_takes_value \"${cmd:-*}\" \"$w\" && skip=1; continue ;;\n"
	      "\t\tesac\n"
	      "\t\tif [ -z \"$cmd\" ]; then cmd=$w\n"
	      "\t\telif ((npos == 0)) && [ -n \"$(_trawl_words \"$cmd $w\")\" ]; then\n"
	      "\t\t\tcmd=\"$cmd $w\"\n"
	      "\t\telse npos=$((npos + 1)); fi\n"
	      "\tdone\n"
	      "\tif [ -z \"$cmd\" ]; then\n"
	      "\t\tif [[ $cur == -* ]]; then\n"
	      "\t\t\tCOMPREPLY=($(compgen -W '--store --color --help --version' -- \"$cur\"))\n"
	      "\t\telif [[ $prev == --store ]]; then COMPREPLY=($(compgen -d -- \"$cur\"))\n"
	      "\t\telif [[ $prev == --color ]]; then\n"
	      "\t\t\tCOMPREPLY=($(compgen -W 'auto always never' -- \"$cur\"))\n"
	      "\t\telse\n\t\t\tCOMPREPLY=($(compgen -W '", f);
	for (c = cli_commands; c->name; c++)
		if (!strchr(c->name, ' '))
			fprintf(f, "%s ", c->name);
	fputs("' -- \"$cur\"))\n\t\tfi\n\t\treturn\n\tfi\n"
	      "\t# the value of an option\n\tcase \"$cmd:$prev\" in\n", f);
	for (c = cli_commands; c->name; c++)
		for (int k = 0; c->opts && c->opts[k].name; k++)
			if (c->opts[k].type != CLI_FLAG)
				bash_values(f, c, &c->opts[k]);
	for (int k = 0; cli_global_opts[k].name; k++)
		if (cli_global_opts[k].type != CLI_FLAG)
			bash_values(f, NULL, &cli_global_opts[k]);
	fputs("\tesac\n"
	      "\tif [[ $cur == -* ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$(_trawl_words \"$cmd\")\" -- \"$cur\"))\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tcase $(_trawl_pos \"$cmd\" $npos) in\n"
	      "\tfile) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n"
	      "\tquery) _trawl_fields \"$full\" ;;\n"
	      "\tkeyval) COMPREPLY=($(compgen -W 'kind= year= place= amount= title=' -- \"$cur\"))\n"
	      "\t\tcompopt -o nospace 2>/dev/null ;;\n"
	      "\twatch) COMPREPLY=($(compgen -W \"$(trawl watch --csv 2>/dev/null | "
	      "sed -n '2,$s/,.*//p')\" -- \"$cur\")) ;;\n"
	      "\tcommand) COMPREPLY=($(compgen -W '", f);
	for (c = cli_commands; c->name; c++)
		if (!strchr(c->name, ' '))
			fprintf(f, "%s ", c->name);
	fputs("' -- \"$cur\")) ;;\n"
	      "\tword) [ \"$cmd\" = completion ] &&\n"
	      "\t\tCOMPREPLY=($(compgen -W 'bash zsh' -- \"$cur\")) ;;\n"
	      "\tesac\n"
	      "\t# watch: its subcommands\n"
	      "\tif [ \"$cmd\" = watch ] && ((npos == 0)); then\n"
	      "\t\tCOMPREPLY+=($(compgen -W '", f);
	for (c = cli_commands; c->name; c++)
		if (!strncmp(c->name, "watch ", 6))
			fprintf(f, "%s ", c->name + 6);
	fputs("' -- \"$cur\"))\n\tfi\n}\n\ncomplete -F _trawl trawl\n", f);
	return 0;
}

/* ---- zsh ---- */

/* Text inside a single-quoted _arguments spec: quotes, brackets and
 * colons escaped. */
static void zq(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else if (*s == '[' || *s == ']' || *s == ':')
			fprintf(f, "\\%c", *s);
		else
			fputc(*s, f);
	}
}

/* A description for _describe: only quotes escaped. */
static void zq_desc(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
}

static void zsh_opt(FILE *f, const cli_opt *o)
{
	const char *action = o->type == CLI_FILE ? "_files" : o->type == CLI_DIR ? "_files -/" :
	                     NULL;

	fputs("\t\t", f);
	if (o->shrt && !o->repeat)
		fprintf(f, "'(-%c --%s)'{-%c,--%s%s}'", o->shrt, o->name, o->shrt, o->name,
		        o->type == CLI_FLAG ? "" : "=");
	else
		fprintf(f, "'%s--%s%s", o->repeat ? "*" : "", o->name, o->type == CLI_FLAG ? "" : "=");
	fputc('[', f);
	zq(f, o->help);
	fputc(']', f);
	if (o->type != CLI_FLAG) {
		fputc(':', f);
		zq(f, o->arg);
		fputc(':', f);
		if (action)
			fputs(action, f);
		else if (o->values) {
			fputc('(', f);
			words(f, o->values);
			fputc(')', f);
		}
	}
	fputs("' \\\n", f);
	if (o->alias) {
		cli_opt al = *o;
		al.name = o->alias;
		al.alias = NULL;
		al.shrt = 0;
		zsh_opt(f, &al);
	}
}

static const char *zsh_pos(cli_pos p)
{
	switch (p) {
	case POS_PATH: return ":path:_files";
	case POS_DOC: return ":document (an id prefix or a path):_files";
	case POS_QUERY: return ":query:_trawl_fields";
	case POS_KEYVAL: return ":key=value:(kind= year= place= amount= title=)";
	case POS_WATCH: return ":watch:_trawl_watches";
	case POS_COMMAND: return ":command:_trawl_commands";
	case POS_WORD: return ":word:";
	default: return NULL;
	}
}

static void zsh_args(FILE *f, const cli_cmd *c)
{
	const char *first = zsh_pos(c->pos), *rest = zsh_pos(c->pos_rest);

	fputs("\t\t_arguments -s -S \\\n", f);
	for (int k = 0; c->opts && c->opts[k].name; k++)
		zsh_opt(f, &c->opts[k]);
	for (int k = 0; cli_global_opts[k].name; k++)
		if (!(c->flags & CLI_NO_STORE) || !strcmp(cli_global_opts[k].name, "help"))
			zsh_opt(f, &cli_global_opts[k]);
	if (!strcmp(c->name, "completion"))
		first = ":shell:(bash zsh)";
	if (first && c->max_pos != 0)
		fprintf(f, "\t\t'%s%s' \\\n", c->min_pos ? "1" : "1:", first + (c->min_pos ? 0 : 1));
	if (rest && (c->max_pos < 0 || c->max_pos > 1))
		fprintf(f, "\t\t'*%s' \\\n", rest);
	fputs("\t\t&& return 0\n", f);
}

static int zsh(FILE *f)
{
	const cli_cmd *c;
	const trawl_query_field *q;
	size_t i;

	fputs("#compdef trawl\n"
	      "# zsh completion for trawl, written by `trawl completion zsh` from the\n"
	      "# tables trawl's --help and manual are made from.\n\n"
	      "_trawl_commands() {\n\tlocal -a cmds\n\tcmds=(\n", f);
	for (c = cli_commands; c->name; c++)
		if (!strchr(c->name, ' ')) {
			fprintf(f, "\t\t'%s:", c->name);
			zq_desc(f, c->summary);
			fputs("'\n", f);
		}
	fputs("\t)\n\t_describe -t commands 'trawl command' cmds\n}\n\n"
	      "_trawl_watches() {\n\tlocal -a w\n"
	      "\tw=(${(f)\"$(trawl watch --csv 2>/dev/null | sed -n '2,$s/,.*//p')\"})\n"
	      "\tcompadd -a w\n}\n\n"
	      "_trawl_fields() {\n"
	      "\t# the query language's filters, and the values of those with a list\n"
	      "\tcase $PREFIX in\n", f);
	for (i = 0; (q = trawl_query_field_at(i)); i++) {
		const char *v;
		if (!trawl_query_field_value(q->name, 0))
			continue;
		fprintf(f, "\t%s:*) compset -P '%s:'; compadd --", q->name, q->name);
		for (size_t j = 0; (v = trawl_query_field_value(q->name, j)); j++)
			fprintf(f, " %s", v);
		fputs(" ;;\n", f);
	}
	fputs("\t*:*) ;;\n\t*)\n\t\tlocal -a fields\n\t\tfields=(\n", f);
	for (i = 0; (q = trawl_query_field_at(i)); i++) {
		fprintf(f, "\t\t\t'%s\\::", q->name);
		zq_desc(f, q->help);
		fputs("'\n", f);
	}
	fputs("\t\t)\n\t\t_describe -t fields 'filter' fields -S '' ;;\n\tesac\n}\n\n"
	      "_trawl() {\n\tlocal curcontext=\"$curcontext\" state line\n\ttypeset -A opt_args\n"
	      "\t_arguments -C \\\n", f);
	for (int k = 0; cli_global_opts[k].name; k++)
		zsh_opt(f, &cli_global_opts[k]);
	fputs("\t\t'(- *)--version[trawl'\\''s version]' \\\n"
	      "\t\t'1: :_trawl_commands' \\\n\t\t'*:: :->args' && return 0\n"
	      "\tcase $line[1] in\n", f);
	for (c = cli_commands; c->name; c++) {
		if (strchr(c->name, ' '))
			continue;
		fprintf(f, "\t%s)\n", c->name);
		if (!strcmp(c->name, "watch")) {
			/* its subcommands, then each one's own arguments */
			fputs("\t\tif (( CURRENT == 2 )); then\n\t\t\tlocal -a subs\n\t\t\tsubs=(\n", f);
			for (const cli_cmd *s = cli_commands; s->name; s++)
				if (!strncmp(s->name, "watch ", 6)) {
					fprintf(f, "\t\t\t\t'%s:", s->name + 6);
					zq_desc(f, s->summary);
					fputs("'\n", f);
				}
			fputs("\t\t\t)\n\t\t\t_describe -t commands 'watch command' subs\n\t\tfi\n"
			      "\t\tcase $line[2] in\n", f);
			for (const cli_cmd *s = cli_commands; s->name; s++)
				if (!strncmp(s->name, "watch ", 6)) {
					fprintf(f, "\t\t%s)\n\t\t\tshift words; (( CURRENT-- ))\n", s->name + 6);
					zsh_args(f, s);
					fputs("\t\t\t;;\n", f);
				}
			fputs("\t\tesac\n", f);
		}
		zsh_args(f, c);
		fputs("\t\t;;\n", f);
	}
	fputs("\tesac\n}\n\n_trawl \"$@\"\n", f);
	return 0;
}

int cli_completion(FILE *f, const char *shell)
{
	if (!strcmp(shell, "bash"))
		return bash(f);
	if (!strcmp(shell, "zsh"))
		return zsh(f);
	return 2;
}
