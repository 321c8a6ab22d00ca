/* trawl's command line, described by tables: every command with its
 * options, arguments, help text and examples (commands.c). One parser
 * reads argv against them (args.c), and the same tables give `trawl CMD
 * --help`, the manual pages and the shell completions (gendoc.c), so the
 * three can't drift apart. Adding an option to a command is one line in
 * its table, and one call (cli_flag, cli_str, cli_num) where it is used. */
#ifndef TRAWL_CLI_ARGS_H
#define TRAWL_CLI_ARGS_H
#include <stdio.h>

typedef enum {
	CLI_FLAG,     /* no value */
	CLI_STR,      /* any text */
	CLI_NUM,      /* a whole number from lo to hi */
	CLI_CHOICE,   /* one of values */
	CLI_FILE,     /* a file name (shells complete files) */
	CLI_DIR       /* a folder name */
} cli_type;

typedef struct cli_opt {
	const char *name;     /* the long name, without "--"; NULL ends a table */
	char shrt;            /* its one-letter form (-j), or 0 */
	cli_type type;
	const char *arg;      /* what the value is called in help: N, FILE, GLOB */
	const char *values;   /* CLI_CHOICE: "year|place|topic"; else values shells
	                         may offer ("千元|万元"), or NULL */
	long lo, hi;          /* CLI_NUM: the range */
	const char *help;     /* what it does: one sentence, no final stop */
	int repeat;           /* may be given several times; every value is kept */
	char group;           /* options of one group can't be combined ('o':
	                         the output format), or 0 */
	const char *alias;    /* another name accepted for it (an old one), or NULL */
} cli_opt;

/* What a command's arguments are: for help, completion, and whether a
 * word like -维修 is an argument (a query's exclusion) or an option. */
typedef enum {
	POS_NONE,
	POS_PATH,     /* files and folders */
	POS_DOC,      /* a document: an id prefix or a path it was seen at */
	POS_QUERY,    /* query words (docs/search.md); -word excludes word */
	POS_KEYVAL,   /* KEY=VALUE */
	POS_WATCH,    /* the name of a saved watch */
	POS_WORD,     /* a word: a name, a shell */
	POS_COMMAND   /* a command name */
} cli_pos;

struct cli_args;

typedef struct cli_example {
	const char *cmd;      /* the command line, without "trawl " */
	const char *what;     /* what it shows */
} cli_example;

typedef struct cli_cmd {
	const char *name;          /* "add", "watch run"; NULL ends the table */
	const char *synopsis;      /* the arguments after the name */
	const char *summary;       /* one line for the list of commands */
	const char *about;         /* paragraphs, lines of at most 76 columns */
	const cli_opt *opts;       /* its own options */
	int min_pos, max_pos;      /* how many arguments (max -1: any number) */
	cli_pos pos, pos_rest;     /* the first argument, and those after it */
	const char *status;        /* its exit status, or NULL: the usual one */
	const cli_example *examples;
	int (*run)(const struct cli_args *a);
	unsigned flags;
} cli_cmd;

#define CLI_WRITES    1u  /* needs to write to the store */
#define CLI_NO_STORE  2u  /* opens no store */
#define CLI_FILTERS   4u  /* its arguments are a filter (query words) */

/* What was given on the command line. */
typedef struct cli_args {
	const cli_cmd *cmd;
	const char *store;         /* --store, $TRAWL_STORE, else ./.trawl */
	int color;                 /* colors on stdout: --color, NO_COLOR, a terminal */
	int color_asked;           /* --color=always or never was given */
	char **pos;                /* the arguments, in order */
	int npos;
	/* every option given, in order: its index in cmd->opts (or a global's,
	 * negative), and its value ("" for a flag) */
	struct cli_given { int opt; const char *val; } *given;
	int ngiven;
} cli_args;

extern const cli_cmd cli_commands[];
extern const cli_opt cli_global_opts[];

/* The command called name ("watch run": name "watch", sub "run"), or NULL.
 * *used_sub is 1 when sub was part of it. */
const cli_cmd *cli_find_cmd(const char *name, const char *sub, int *used_sub);

/* Reads argv (the words after the command's name) into a, which the
 * caller zeroes and fills with the store and color; returns 0, or an exit
 * status after saying what was wrong on stderr (2: usage) or printing the
 * help (0: --help, with *done set). */
int cli_parse(const cli_cmd *c, int argc, char **argv, cli_args *a, int *done);
void cli_args_release(cli_args *a);

/* How many times option name was given (a flag: 0 or 1 and more). */
int cli_flag(const cli_args *a, const char *name);
/* Its last value, or NULL. */
const char *cli_str(const cli_args *a, const char *name);
/* Its last value as a number (checked by the parser), or dflt. */
long cli_num(const cli_args *a, const char *name, long dflt);
/* Its i-th value (repeated options), or NULL past the last. */
const char *cli_nth(const cli_args *a, const char *name, int i);
/* The arguments from index `from` on, joined by spaces (a query), in a
 * new string owned by the caller; NULL when there are none (or no memory). */
char *cli_join(const cli_args *a, int from);

enum { OUT_TABLE, OUT_CSV, OUT_JSON };
/* --json, --csv, or neither. */
int cli_out(const cli_args *a);

/* A usage error about command c: "trawl CMD: MESSAGE" and where to read
 * more, on stderr; returns 2. */
int cli_usage(const cli_cmd *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Help: the list of commands (to f), or one command's. */
void cli_help_all(FILE *f);
void cli_help_cmd(FILE *f, const cli_cmd *c);

/* The closest of the names (NULL-terminated) to w, or NULL when none is
 * near enough to be what was meant. */
const char *cli_suggest(const char *w, const char *const *names, size_t n);

/* gendoc.c: the manual page of trawl (c NULL) or of one command, in
 * scdoc's markup; the bash or zsh completion script; every command, option
 * and query field, one a line (what the tests walk). 0, or 2 for an unknown
 * shell. */
void cli_man(FILE *f, const cli_cmd *c);
int cli_completion(FILE *f, const char *shell);
void cli_list(FILE *f);
#endif
