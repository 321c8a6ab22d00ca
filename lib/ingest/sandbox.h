/* Readers in worker processes: a crash, a hang or a memory blow-up in a
 * third-party parser (MuPDF, libxml2, libgsf, ...) costs one file.
 *
 * trawl__sandbox_start() forks a single-threaded "zygote" before any
 * worker thread runs; the zygote forks reader processes on request, so a
 * crashed reader is replaced without ever forking the threaded parent.
 * Each reader confines itself (rlimits, Landlock, a seccomp-bpf filter)
 * and then serves parse requests over a socket: the file's bytes go in,
 * the docset comes back in the checked wire form of wire.h. The parent
 * enforces a wall-clock timeout per file (longer by the OCR budget for a
 * PDF or an image while OCR is on). See docs/design.md. */
#ifndef TRAWL_SANDBOX_H
#define TRAWL_SANDBOX_H
#include <stddef.h>
#include <stdint.h>
#include "ingest/parse.h"
#include "util/buf.h"

typedef struct trawl__sandbox trawl__sandbox;

typedef struct trawl__sandbox_opts {
	const char *tmp_dir;   /* the store's tmp/: each reader gets tmp/reader-PID/ */
	int nslots;            /* readers: one per worker thread */
	unsigned timeout_s;    /* wall clock per file, plus 1 s per MiB of the file */
	uint64_t memory;       /* bytes of data memory per reader */
	uint64_t max_file;     /* the largest file (for the readers' CPU life) */
	unsigned ocr_s;        /* the most OCR may add to a file's time */
	const char *name;      /* a worker in messages ("reader" when NULL) */
	/* Another job the workers do besides parsing (the web app's page
	 * images: lib/view/page.c), or NULL. In the worker process: does the
	 * job of req[0..len) and appends its result to out; *state is the
	 * worker's own, kept from one job to the next (NULL at first), and
	 * job_end (if not NULL) frees it when the worker ends. On failure d
	 * says why (and out is not sent). */
	trawl_err (*job)(void **state, const char *req, size_t len, trawl__buf *out,
	                 trawl_diag *d);
	void (*job_end)(void *state);
} trawl__sandbox_opts;

/* Starts the zygote. Call it before starting threads. On failure d says
 * why and *out is NULL. */
trawl_err trawl__sandbox_start(const trawl__sandbox_opts *o, trawl__sandbox **out,
                               trawl_diag *d);

/* trawl__parse() in the reader of slot (0 <= slot < nslots; one thread per
 * slot at a time), with the same contract. A reader that crashes, hangs
 * or runs out of memory makes this file fail with d saying so ("reader
 * crashed (SIGSEGV)", "reader exceeded 60 s"); the next call on the slot
 * gets a new reader. */
trawl_err trawl__sandbox_parse(trawl__sandbox *sb, int slot, const trawl__parse_opts *o,
                               const char *path, const char *data, size_t len,
                               trawl__docset *ds, trawl_diag *d);

/* o->job of trawl__sandbox_start on req[0..len) in the worker of slot
 * (one thread per slot at a time), within timeout_s of wall-clock (and
 * of CPU) time; its result into out (reset first; at most out's cap).
 * The job's own failure comes back as its code, with d saying why. A
 * worker that crashes, hangs or runs out of memory fails the call as in
 * trawl__sandbox_parse: TRAWL_ETOOBIG when it hit its time limit, else
 * TRAWL_EFORMAT (TRAWL_ENOMEM when out of memory), d saying what
 * happened ("page renderer crashed (SIGSEGV)"); the next call on the
 * slot gets a new worker. */
trawl_err trawl__sandbox_call(trawl__sandbox *sb, int slot, unsigned timeout_s,
                              const void *req, size_t len, trawl__buf *out, trawl_diag *d);

/* A warning about the sandbox itself (e.g. seccomp could not be loaded),
 * copied into out (outsz) once; returns 0 when there is none new. Thread
 * safe. */
int trawl__sandbox_warning(trawl__sandbox *sb, char *out, size_t outsz);

/* Ends every reader and the zygote and removes the readers' folders. */
void trawl__sandbox_stop(trawl__sandbox *sb);

#endif
