/* Readers in worker processes; see sandbox.h and docs/design.md.
 *
 *   trawl (threads) --SOCK_SEQPACKET--> zygote (one thread) --fork--> readers
 *         \_____________ one SOCK_STREAM socket per reader ____________/
 *
 * The zygote is forked before the worker threads start and does nothing
 * but fork readers, hand their sockets over (SCM_RIGHTS) and reap them, so
 * replacing a crashed reader never forks the threaded parent. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <malloc.h>
#include <poll.h>
#include <sched.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "ingest/reader.h"
#include "ingest/sandbox.h"
#include "ingest/wire.h"
#include "text/text.h"
#include "util/diag.h"
#include "util/fault.h"
#include "util/alloc.h"
#include "util/banned.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifdef SANITIZED
#include <sanitizer/lsan_interface.h>
#endif

enum { Z_SPAWN = 1, Z_WAIT, Z_QUIT };
typedef struct zreq { int32_t op, pid, grace_ms; } zreq;
typedef struct zrep { int32_t pid, status, err, killed; } zrep;

enum { REPLY_RESULT = 1, REPLY_VIOLATION = 2 };
enum { READY_SECCOMP = 1, READY_LANDLOCK = 2 };
enum { REQ_NO_FACTS = 1, REQ_NO_OCR = 2 };
#define EXIT_VIOLATION 125

/* What the zygote and its readers inherit. */
typedef struct zcfg {
	char tmp[4096];
	uint64_t memory;     /* bytes of data memory a reader may add */
	uint64_t max_fsize;  /* largest file a reader may write */
	unsigned cpu_hard;   /* CPU seconds in a reader's whole life */
	pid_t zygote;
	char name[32];       /* a reader in messages */
	trawl_err (*job)(void **, const char *, size_t, trawl__buf *, trawl_diag *);
	void (*job_end)(void *);
} zcfg;

typedef struct slot {
	pid_t pid;
	int fd;
	uint64_t cpu_ms;     /* the reader's CPU time so far, as it says */
	uint64_t grown_kb;   /* its data memory above where it started */
	unsigned files;
	trawl__wout *w;
	trawl__win *r;
} slot;

struct trawl__sandbox {
	pid_t zygote;
	int ctl;
	pthread_mutex_t lock;    /* requests to the zygote */
	zcfg cfg;
	unsigned timeout_s;
	int nslots;
	slot *slots;
	pthread_mutex_t wlock;   /* the warning */
	char warning[400];
	int warning_new, warned;
};

/* ---- small helpers ---- */

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st; (void)flag; (void)f;
	remove(p);
	return 0;
}

/* Removes a folder and what is in it, without following links. */
static void rm_tree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void reader_dir(const zcfg *c, pid_t pid, char *out, size_t n)
{
	snprintf(out, n, "%s/reader-%d", c->tmp, (int)pid);
}

/* A value in kB from /proc/self/status ("VmData:"), or 0. */
static uint64_t proc_kb(const char *key)
{
	char buf[4096];
	ssize_t n;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	const char *p;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	p = strstr(buf, key);
	return p ? strtoull(p + strlen(key), NULL, 10) : 0;
}

static uint64_t cpu_ms(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru))
		return 0;
	return (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
	       (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
}

/* ---- the reader's confinement ---- */

#define LL_EXECUTE (1ULL << 0)
#define LL_WRITE_FILE (1ULL << 1)
#define LL_REMOVE_DIR (1ULL << 4)
#define LL_REMOVE_FILE (1ULL << 5)
#define LL_MAKE_CHAR (1ULL << 6)
#define LL_MAKE_DIR (1ULL << 7)
#define LL_MAKE_REG (1ULL << 8)
#define LL_MAKE_SOCK (1ULL << 9)
#define LL_MAKE_FIFO (1ULL << 10)
#define LL_MAKE_BLOCK (1ULL << 11)
#define LL_MAKE_SYM (1ULL << 12)
#define LL_REFER (1ULL << 13)
#define LL_TRUNCATE (1ULL << 14)
#define LL_IOCTL_DEV (1ULL << 15)

/* struct landlock_ruleset_attr of ABI 6 (older headers lack fields) */
struct ll_ruleset { uint64_t fs, net, scoped; };
struct ll_beneath { uint64_t allowed; int32_t fd; } __attribute__((packed));

/* Landlock: no file may be written, made or removed outside dir, nothing
 * executed, no TCP, no signal or abstract socket outside the reader.
 * Returns 1 when in force. */
static int landlock(const char *dir, char *note, size_t notesz)
{
#if defined(SYS_landlock_create_ruleset) && defined(SYS_landlock_add_rule) && \
	defined(SYS_landlock_restrict_self)
	struct ll_ruleset ra = { 0, 0, 0 };
	struct ll_beneath pb;
	long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, 1 /* _VERSION */);
	size_t size = 8;
	int rs, ok = 0;

	if (abi < 1 || trawl__fault("no-landlock", NULL, 0)) {
		snprintf(note, notesz, "Landlock is not available");
		return 0;
	}
	ra.fs = LL_EXECUTE | LL_WRITE_FILE | LL_REMOVE_DIR | LL_REMOVE_FILE | LL_MAKE_CHAR |
	        LL_MAKE_DIR | LL_MAKE_REG | LL_MAKE_SOCK | LL_MAKE_FIFO | LL_MAKE_BLOCK |
	        LL_MAKE_SYM;
	pb.allowed = LL_WRITE_FILE | LL_REMOVE_DIR | LL_REMOVE_FILE | LL_MAKE_DIR | LL_MAKE_REG;
	if (abi >= 2)
		ra.fs |= LL_REFER;
	if (abi >= 3) {
		ra.fs |= LL_TRUNCATE;
		pb.allowed |= LL_TRUNCATE;
	}
	if (abi >= 5)
		ra.fs |= LL_IOCTL_DEV;
	if (abi >= 4) {
		ra.net = 3; /* bind and connect TCP */
		size = 16;
	}
	if (abi >= 6) {
		ra.scoped = 3; /* abstract UNIX sockets and signals */
		size = 24;
	}
	rs = (int)syscall(SYS_landlock_create_ruleset, &ra, size, 0);
	if (rs < 0) {
		snprintf(note, notesz, "Landlock: %s", strerror(errno));
		return 0;
	}
	pb.fd = open(dir, O_PATH | O_CLOEXEC | O_DIRECTORY);
	if (pb.fd >= 0 &&
	    syscall(SYS_landlock_add_rule, rs, 1 /* PATH_BENEATH */, &pb, 0) == 0) {
		/* /dev/null may be written too: Tesseract opens it for its
		 * messages (ocr.c), which would otherwise go to stderr */
		struct ll_beneath nul = { LL_WRITE_FILE | (abi >= 3 ? LL_TRUNCATE : 0),
		                          open("/dev/null", O_PATH | O_CLOEXEC) };
		if (nul.fd >= 0) {
			/* (should the rule fail, only where the messages go differs) */
			(void)syscall(SYS_landlock_add_rule, rs, 1, &nul, 0);
			close(nul.fd);
		}
		ok = syscall(SYS_landlock_restrict_self, rs, 0) == 0;
	}
	if (!ok)
		snprintf(note, notesz, "Landlock: %s", strerror(errno));
	if (pb.fd >= 0)
		close(pb.fd);
	close(rs);
	return ok;
#else
	snprintf(note, notesz, "Landlock is not available");
	return 0;
#endif
}

static int g_reply_fd = -1;

/* A forbidden system call: say which on the reply socket, and end. */
static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
	uint32_t frame[5] = { TRAWL__WIRE_REPLY, TRAWL__WIRE_VERSION, REPLY_VIOLATION,
	                      (uint32_t)si->si_syscall, si->si_arch };
	ssize_t n;

	(void)sig;
	(void)uc;
	n = write(g_reply_fd, frame, sizeof frame);
	(void)n;
	_exit(EXIT_VIOLATION);
}

#define WRITE_FLAGS (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND | \
	(O_TMPFILE & ~O_DIRECTORY))

/* The seccomp-bpf filter, an allowlist: what glibc, MuPDF, libxml2 and the
 * sanitizers need to read a file from memory and answer on the socket.
 * Everything else traps (SIGSYS: the reader says which call and ends).
 * Some calls fail softly instead, so that libraries can fall back: a
 * socket, an exec or a new process is EACCES/EPERM. Without Landlock,
 * no file may be opened for writing at all. Returns 1 when loaded. */
static int load_seccomp(pid_t me, int landlocked, char *note, size_t notesz)
{
	static const int allow[] = {
		SCMP_SYS(read), SCMP_SYS(write), SCMP_SYS(readv), SCMP_SYS(writev),
		SCMP_SYS(pread64), SCMP_SYS(pwrite64), SCMP_SYS(lseek), SCMP_SYS(close),
		SCMP_SYS(fstat), SCMP_SYS(newfstatat), SCMP_SYS(statx), SCMP_SYS(stat),
		SCMP_SYS(lstat), SCMP_SYS(access), SCMP_SYS(faccessat), SCMP_SYS(faccessat2),
		SCMP_SYS(getdents), SCMP_SYS(getdents64), SCMP_SYS(readlink), SCMP_SYS(readlinkat), SCMP_SYS(getcwd),
		SCMP_SYS(fcntl), SCMP_SYS(brk), SCMP_SYS(munmap), SCMP_SYS(mremap),
		SCMP_SYS(madvise), SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigprocmask),
		SCMP_SYS(rt_sigreturn), SCMP_SYS(sigaltstack), SCMP_SYS(restart_syscall),
		SCMP_SYS(futex), SCMP_SYS(sched_yield), SCMP_SYS(sched_getaffinity),
		SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(getppid), SCMP_SYS(getuid),
		SCMP_SYS(geteuid), SCMP_SYS(getgid), SCMP_SYS(getegid), SCMP_SYS(clock_gettime),
		SCMP_SYS(clock_getres), SCMP_SYS(gettimeofday), SCMP_SYS(time),
		SCMP_SYS(nanosleep), SCMP_SYS(clock_nanosleep), SCMP_SYS(getrusage),
		SCMP_SYS(uname), SCMP_SYS(sysinfo), SCMP_SYS(getrandom), SCMP_SYS(exit),
		SCMP_SYS(exit_group), SCMP_SYS(sendto), SCMP_SYS(recvfrom),
		SCMP_SYS(getrlimit), SCMP_SYS(ftruncate), SCMP_SYS(fsync), SCMP_SYS(fdatasync),
	};
	/* these change files: with Landlock only in the reader's folder */
	static const int files[] = {
		SCMP_SYS(unlink), SCMP_SYS(unlinkat), SCMP_SYS(mkdir), SCMP_SYS(mkdirat),
		SCMP_SYS(rmdir), SCMP_SYS(creat),
	};
	static const int refused[] = {
		SCMP_SYS(socket), SCMP_SYS(socketpair), SCMP_SYS(connect), SCMP_SYS(bind),
		SCMP_SYS(listen), SCMP_SYS(accept), SCMP_SYS(accept4), SCMP_SYS(execve),
		SCMP_SYS(execveat),
	};
	static const int no_process[] = {
		SCMP_SYS(fork), SCMP_SYS(vfork), SCMP_SYS(clone3),
#ifndef SANITIZED
		SCMP_SYS(clone), SCMP_SYS(ptrace),
#endif
	};
	scmp_filter_ctx c;
	int rc = 0;
	size_t i;

	if (trawl__fault("no-seccomp", NULL, 0)) {
		snprintf(note, notesz, "seccomp: disabled by TRAWL_FAULTS");
		return 0;
	}
	c = seccomp_init(SCMP_ACT_TRAP);
	if (!c) {
		snprintf(note, notesz, "seccomp: can't set up a filter");
		return 0;
	}
	for (i = 0; i < sizeof allow / sizeof allow[0]; i++)
		rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, allow[i], 0) < 0;
	for (i = 0; i < sizeof files / sizeof files[0]; i++)
		rc |= seccomp_rule_add(c, landlocked ? SCMP_ACT_ALLOW : SCMP_ACT_ERRNO(EACCES),
		                       files[i], 0) < 0;
	for (i = 0; i < sizeof refused / sizeof refused[0]; i++)
		rc |= seccomp_rule_add(c, SCMP_ACT_ERRNO(EACCES), refused[i], 0) < 0;
	for (i = 0; i < sizeof no_process / sizeof no_process[0]; i++)
		rc |= seccomp_rule_add(c, SCMP_ACT_ERRNO(EPERM), no_process[i], 0) < 0;
	/* opening: under Landlock, anything (it confines writing to the
	 * reader's folder); else for reading only */
	if (landlocked) {
		rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(openat), 0) < 0;
		rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(open), 0) < 0;
	} else {
		static const unsigned long bits[] = { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC,
			O_APPEND, O_TMPFILE & ~O_DIRECTORY };
		rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
		                       SCMP_A2(SCMP_CMP_MASKED_EQ, WRITE_FLAGS, 0)) < 0;
		rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(open), 1,
		                       SCMP_A1(SCMP_CMP_MASKED_EQ, WRITE_FLAGS, 0)) < 0;
		/* (one rule per flag: libseccomp has no "any of these bits") */
		for (i = 0; i < sizeof bits / sizeof bits[0]; i++) {
			rc |= seccomp_rule_add(c, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(openat), 1,
			                       SCMP_A2(SCMP_CMP_MASKED_EQ, bits[i], bits[i])) < 0;
			rc |= seccomp_rule_add(c, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(open), 1,
			                       SCMP_A1(SCMP_CMP_MASKED_EQ, bits[i], bits[i])) < 0;
		}
	}
	/* memory: never new executable memory, except mapping a file (dlopen
	 * of an iconv module) */
	rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
	                       SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)) < 0;
	rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 2,
	                       SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC),
	                       SCMP_A4(SCMP_CMP_LE, 0x7FFFFFFF)) < 0;
	rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
	                       SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0)) < 0;
	/* signals only to itself (abort()), limits only its own (the CPU limit
	 * of each file); ioctl (isatty) says "not a terminal" */
	rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
	                       SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)me)) < 0;
	rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(kill), 1,
	                       SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)me)) < 0;
	rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 1,
	                       SCMP_A0(SCMP_CMP_EQ, 0)) < 0;
	rc |= seccomp_rule_add(c, SCMP_ACT_ERRNO(ENOTTY), SCMP_SYS(ioctl), 0) < 0;
#ifdef SANITIZED
	/* LeakSanitizer checks the reader at its end: a task sharing its memory
	 * stops it with ptrace (of the reader itself only) and reads its
	 * threads from /proc. Builds with sanitizers are for tests. */
	rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
	                       SCMP_A0(SCMP_CMP_EQ, CLONE_VM | CLONE_FS | CLONE_FILES |
	                               CLONE_UNTRACED)) < 0;
	rc |= seccomp_rule_add(c, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
	                       SCMP_A0(SCMP_CMP_NE, CLONE_VM | CLONE_FS | CLONE_FILES |
	                               CLONE_UNTRACED)) < 0;
	rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(ptrace), 1,
	                       SCMP_A1(SCMP_CMP_EQ, (scmp_datum_t)me)) < 0;
	rc |= seccomp_rule_add(c, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(ptrace), 1,
	                       SCMP_A1(SCMP_CMP_NE, (scmp_datum_t)me)) < 0;
	rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(wait4), 0) < 0;
	rc |= seccomp_rule_add(c, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 0) < 0;
#endif
	if (rc) {
		snprintf(note, notesz, "seccomp: a rule could not be added");
		seccomp_release(c);
		return 0;
	}
	rc = seccomp_load(c);
	seccomp_release(c);
	if (rc < 0) {
		snprintf(note, notesz, "seccomp: %s", strerror(-rc));
		return 0;
	}
	return 1;
}

static void set_limit(int res, rlim_t cur, rlim_t max)
{
	struct rlimit rl = { cur, max };
	setrlimit(res, &rl);
}

/* ---- the reader ---- */

/* This request's CPU time: from now, within the reader's hard limit. */
static void cpu_for(uint64_t cpu_s)
{
	uint64_t used = cpu_ms() / 1000;
	struct rlimit rl;

	if (!getrlimit(RLIMIT_CPU, &rl) && rl.rlim_max != RLIM_INFINITY)
		set_limit(RLIMIT_CPU, used + cpu_s + 1 < rl.rlim_max ? used + cpu_s + 1 : rl.rlim_max,
		          rl.rlim_max);
}

/* A parse request (its magic read): the docset into *ds. 0 when the
 * request could not be read (the end). */
static int serve_parse(trawl__win *r, const char *dir, trawl__docset *ds, trawl_err *rc,
                       trawl_diag *dg)
{
	uint32_t version, flags;
	uint64_t max_file, max_inflate, cpu_s, len, ocr_budget;
	char *path = NULL, *data = NULL, *unit = NULL, *currency = NULL, *langs = NULL;
	int ok = 0;

	version = trawl__win_u32(r);
	flags = trawl__win_u32(r);
	max_file = trawl__win_u64(r);
	max_inflate = trawl__win_u64(r);
	cpu_s = trawl__win_u64(r);
	path = trawl__win_str(r, 16384, 0, NULL);
	unit = trawl__win_str(r, 64, 1, NULL);
	currency = trawl__win_str(r, 64, 1, NULL);
	langs = trawl__win_str(r, 256, 1, NULL);
	ocr_budget = trawl__win_u64(r);
	len = trawl__win_u64(r);
	if (r->err || version != TRAWL__WIRE_VERSION || !path || len > max_file ||
	    !(data = malloc(len + 1)))
		goto out;
	trawl__win_get(r, data, len);
	if (r->err)
		goto out;
	data[len] = '\0'; /* as trawl__buf leaves it in-process */
	cpu_for(cpu_s);
	{
		trawl__parse_opts po = { dir, max_file, (size_t)max_inflate,
		                         (int)(flags & REQ_NO_FACTS), unit, currency,
		                         { (flags & REQ_NO_OCR) != 0, langs,
		                           (double)ocr_budget / 1000 } };
		*rc = trawl__parse(&po, path, data, (size_t)len, ds, dg);
	}
	ok = 1;
out:
	free(data);
	free(path);
	free(unit);
	free(currency);
	free(langs);
	return ok;
}

#define JOB_REQUEST_MAX (1 << 20)

/* A job request (its magic read): the job's result into out. 0 when the
 * request could not be read (the end). */
static int serve_job(trawl__win *r, const zcfg *c, void **state, trawl__buf *out,
                     trawl_err *rc, trawl_diag *dg)
{
	uint32_t version = trawl__win_u32(r);
	uint64_t cpu_s = trawl__win_u64(r), len = trawl__win_u64(r);
	char *req;

	if (r->err || version != TRAWL__WIRE_VERSION || !c->job || len > JOB_REQUEST_MAX ||
	    !(req = malloc(len + 1)))
		return 0;
	trawl__win_get(r, req, len);
	if (r->err) {
		free(req);
		return 0;
	}
	req[len] = '\0';
	cpu_for(cpu_s);
	*rc = c->job(state, req, (size_t)len, out, dg);
	if (!*rc && trawl__buf_err(out))
		*rc = trawl__buf_err(out);
	free(req);
	return 1;
}

/* Serves requests on fd until it closes. */
static void serve(int fd, const char *dir, const zcfg *c, uint64_t data_base_kb)
{
	trawl__win *r = malloc(sizeof *r);
	trawl__wout *w = malloc(sizeof *w);
	void *state = NULL;

	if (!r || !w)
		_exit(1);
	for (;;) {
		uint32_t magic;
		trawl__docset ds;
		trawl__buf out;
		trawl_diag dg;
		trawl_err rc = TRAWL_OK;
		int ok;

		memset(&dg, 0, sizeof dg);
		trawl__docset_init(&ds, 0);
		trawl__buf_init(&out, 0);
		trawl__win_init(r, fd, NULL, 0, 0, UINT64_MAX);
		magic = trawl__win_u32(r);
		if (!r->err && magic == TRAWL__WIRE_REQUEST)
			ok = serve_parse(r, dir, &ds, &rc, &dg);
		else if (!r->err && magic == TRAWL__WIRE_JOB)
			ok = serve_job(r, c, &state, &out, &rc, &dg);
		else
			ok = 0; /* trawl closed the socket: the end */
		if (ok) {
			uint64_t now_kb = proc_kb("VmData:");
			trawl__wout_init(w, fd, NULL, 0);
			trawl__wout_u32(w, TRAWL__WIRE_REPLY);
			trawl__wout_u32(w, TRAWL__WIRE_VERSION);
			trawl__wout_u32(w, REPLY_RESULT);
			trawl__wout_u32(w, (uint32_t)rc);
			trawl__wout_str(w, dg.msg);
			trawl__wout_u64(w, (uint64_t)dg.page);
			trawl__wout_u64(w, cpu_ms());
			trawl__wout_u64(w, now_kb > data_base_kb ? now_kb - data_base_kb : 0);
			if (!rc && magic == TRAWL__WIRE_REQUEST)
				trawl__wire_put_docset(w, &ds);
			else if (!rc)
				trawl__wout_bytes(w, out.data ? out.data : "", out.len);
			trawl__wout_u32(w, TRAWL__WIRE_END);
			trawl__wout_flush(w);
		}
		trawl__docset_release(&ds);
		trawl__buf_release(&out);
		malloc_trim(0);
		if (!ok || w->rc)
			break;
	}
	if (c->job_end && state)
		c->job_end(state);
	free(r);
	free(w);
#ifdef SANITIZED
	__lsan_do_leak_check();
#endif
	_exit(0);
}

static void reader_main(int fd, const zcfg *c)
{
	char dir[4200], note[300] = "", note2[200] = "";
	uint64_t data_kb, vm_kb;
	uint32_t flags = 0;
	pid_t me = getpid();
	struct sigaction sa;
	trawl__wout w;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != c->zygote)
		_exit(0);
	g_reply_fd = fd;
	reader_dir(c, me, dir, sizeof dir);
	rm_tree(dir); /* a folder of an earlier process with this pid */
	if (mkdir(dir, 0700) < 0)
		_exit(1);
	/* limits: no core files; data memory and address space from where the
	 * reader starts (a sanitized build reserves terabytes of address
	 * space, so only data counts there); CPU for the reader's life (each
	 * file lowers the soft limit to its own share) */
	data_kb = proc_kb("VmData:");
	vm_kb = proc_kb("VmSize:");
	set_limit(RLIMIT_CORE, 0, 0);
	if (c->memory) {
		set_limit(RLIMIT_DATA, (rlim_t)(data_kb << 10) + c->memory,
		          (rlim_t)(data_kb << 10) + c->memory);
#ifndef SANITIZED
		set_limit(RLIMIT_AS, (rlim_t)(vm_kb << 10) + c->memory * 2,
		          (rlim_t)(vm_kb << 10) + c->memory * 2);
#else
		(void)vm_kb;
#endif
	}
	set_limit(RLIMIT_CPU, c->cpu_hard, c->cpu_hard + 5);
	if (c->max_fsize)
		set_limit(RLIMIT_FSIZE, c->max_fsize, c->max_fsize);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
#ifndef SANITIZED
	prctl(PR_SET_DUMPABLE, 0);
#endif
	if (landlock(dir, note2, sizeof note2))
		flags |= READY_LANDLOCK;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSYS, &sa, NULL);
	if (load_seccomp(me, flags & READY_LANDLOCK, note, sizeof note))
		flags |= READY_SECCOMP;
	if (note2[0])
		snprintf(note + strlen(note), sizeof note - strlen(note), "%s%s",
		         note[0] ? "; " : "", note2);
	trawl__wout_init(&w, fd, NULL, 0);
	trawl__wout_u32(&w, TRAWL__WIRE_READY);
	trawl__wout_u32(&w, TRAWL__WIRE_VERSION);
	trawl__wout_u32(&w, (uint32_t)me);
	trawl__wout_u32(&w, flags);
	trawl__wout_str(&w, note);
	if (trawl__wout_flush(&w))
		_exit(0);
	serve(fd, dir, c, proc_kb("VmData:"));
}

/* ---- the zygote ---- */

typedef struct kids { pid_t *pid; size_t n, cap; } kids;

static int kid_take(kids *k, pid_t pid)
{
	for (size_t i = 0; i < k->n; i++)
		if (k->pid[i] == pid) {
			k->pid[i] = k->pid[--k->n];
			return 1;
		}
	return 0;
}

static void zygote_reply(int ctl, const zrep *p, int fd)
{
	struct msghdr m;
	struct iovec io = { (void *)p, sizeof *p };
	union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int))]; } u;

	memset(&m, 0, sizeof m);
	m.msg_iov = &io;
	m.msg_iovlen = 1;
	if (fd >= 0) {
		struct cmsghdr *cm;
		memset(&u, 0, sizeof u);
		m.msg_control = u.b;
		m.msg_controllen = sizeof u.b;
		cm = CMSG_FIRSTHDR(&m);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof fd);
	}
	while (sendmsg(ctl, &m, MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
}

/* Waits for a reader to end, at most grace_ms; then kills it. */
static int reap(pid_t pid, int grace_ms, int *killed)
{
	int64_t deadline = trawl__now_ms() + grace_ms;
	int st = 0;

	*killed = 0;
	for (;;) {
		pid_t r = waitpid(pid, &st, WNOHANG);
		if (r == pid)
			return st;
		if (r < 0 && errno != EINTR)
			return 0;
		if (trawl__now_ms() >= deadline) {
			kill(pid, SIGKILL);
			*killed = 1;
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			return st;
		}
		{
			struct timespec ts = { 0, 2000000 };
			nanosleep(&ts, NULL);
		}
	}
}

static void zygote_main(int ctl, pid_t parent, zcfg *c)
{
	kids k = { NULL, 0, 0 };
	int devnull;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	c->zygote = getpid();
	signal(SIGPIPE, SIG_IGN);
	/* Ctrl-C reaches the whole process group: trawl stops after the files
	 * being read (trawl_add_opts.cancel), so the readers must finish them;
	 * if trawl dies, PR_SET_PDEATHSIG ends them */
	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	/* only the control socket and stderr stay open: not the store's
	 * database, not the files being read */
	if (ctl != 3) {
		if (dup2(ctl, 3) < 0)
			_exit(1);
		ctl = 3;
	}
	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull >= 0) {
		dup2(devnull, 0);
		dup2(devnull, 1);
	}
	syscall(SYS_close_range, 4, ~0U, 0);
	/* iconv modules, loaded once here, so that the readers need not */
	trawl__iconv_preload();
	for (;;) {
		zreq q;
		zrep p;
		ssize_t n = recv(ctl, &q, sizeof q, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n != sizeof q || q.op == Z_QUIT)
			break;
		memset(&p, 0, sizeof p);
		if (q.op == Z_SPAWN) {
			int sv[2];
			pid_t pid;
			pid_t *grown;
			if (k.n == k.cap) {
				grown = trawl__reallocn(k.pid, k.cap ? k.cap * 2 : 16, sizeof *grown);
				if (!grown) {
					p.err = ENOMEM;
					zygote_reply(ctl, &p, -1);
					continue;
				}
				k.pid = grown;
				k.cap = k.cap ? k.cap * 2 : 16;
			}
			if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
				p.err = errno;
				zygote_reply(ctl, &p, -1);
				continue;
			}
			pid = fork();
			if (pid == 0) {
				close(ctl);
				close(sv[0]);
				reader_main(sv[1], c);
				_exit(0);
			}
			close(sv[1]);
			if (pid < 0) {
				p.err = errno;
				zygote_reply(ctl, &p, -1);
			} else {
				k.pid[k.n++] = pid;
				p.pid = pid;
				zygote_reply(ctl, &p, sv[0]);
			}
			close(sv[0]);
		} else if (q.op == Z_WAIT) {
			p.pid = q.pid;
			if (kid_take(&k, q.pid))
				p.status = reap(q.pid, q.grace_ms, &p.killed);
			else
				p.err = ECHILD;
			zygote_reply(ctl, &p, -1);
		}
	}
	for (size_t i = 0; i < k.n; i++)
		kill(k.pid[i], SIGKILL);
	for (size_t i = 0; i < k.n; i++)
		while (waitpid(k.pid[i], NULL, 0) < 0 && errno == EINTR)
			;
	_exit(0);
}

/* ---- the parent ---- */

/* One request to the zygote and its answer (with a socket for SPAWN). */
static int zcall(trawl__sandbox *sb, const zreq *q, zrep *p, int *fd)
{
	struct msghdr m;
	struct iovec io = { p, sizeof *p };
	union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(int))]; } u;
	struct cmsghdr *cm;
	ssize_t n;
	int rc = -1;

	if (fd)
		*fd = -1;
	pthread_mutex_lock(&sb->lock);
	if (sb->ctl < 0)
		goto out;
	while ((n = send(sb->ctl, q, sizeof *q, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	if (n != sizeof *q)
		goto out;
	memset(&m, 0, sizeof m);
	memset(&u, 0, sizeof u);
	m.msg_iov = &io;
	m.msg_iovlen = 1;
	m.msg_control = u.b;
	m.msg_controllen = sizeof u.b;
	while ((n = recvmsg(sb->ctl, &m, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
		;
	if (n != sizeof *p)
		goto out;
	for (cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS &&
		    cm->cmsg_len == CMSG_LEN(sizeof(int))) {
			int got;
			memcpy(&got, CMSG_DATA(cm), sizeof got);
			if (fd && *fd < 0)
				*fd = got;
			else
				close(got);
		}
	rc = 0;
out:
	if (rc && sb->ctl >= 0) {
		/* the zygote is gone or confused: no more readers */
		close(sb->ctl);
		sb->ctl = -1;
	}
	pthread_mutex_unlock(&sb->lock);
	return rc;
}

static void set_warning(trawl__sandbox *sb, const char *fmt, const char *arg)
{
	pthread_mutex_lock(&sb->wlock);
	if (!sb->warned && !sb->warning_new) {
		snprintf(sb->warning, sizeof sb->warning, fmt, arg);
		sb->warning_new = 1;
	}
	pthread_mutex_unlock(&sb->wlock);
}

int trawl__sandbox_warning(trawl__sandbox *sb, char *out, size_t outsz)
{
	int got = 0;

	pthread_mutex_lock(&sb->wlock);
	if (sb->warning_new) {
		snprintf(out, outsz, "%s", sb->warning);
		sb->warning_new = 0;
		sb->warned = 1;
		got = 1;
	}
	pthread_mutex_unlock(&sb->wlock);
	return got;
}

/* How a reader ended, in words. */
static void death_msg(int st, int timed_out, unsigned limit_s, const zcfg *c, char *out,
                      size_t n)
{
	if (timed_out) {
		snprintf(out, n, "%s exceeded %u s", c->name, limit_s);
	} else if (WIFSIGNALED(st)) {
		int sig = WTERMSIG(st);
		const char *abbr = sigabbrev_np(sig);
		if (sig == SIGXCPU)
			snprintf(out, n, "%s exceeded its CPU time limit (%u s)", c->name, limit_s);
		else if (sig == SIGSYS)
			snprintf(out, n, "%s was stopped by the sandbox (a forbidden system call)", c->name);
		else if (sig == SIGKILL)
			snprintf(out, n, "%s was killed (SIGKILL; out of memory? limit %llu MiB)", c->name,
			         (unsigned long long)(c->memory >> 20));
		else if (sig == SIGXFSZ)
			snprintf(out, n, "%s wrote a temporary file over its size limit (SIGXFSZ)", c->name);
		else if (abbr)
			snprintf(out, n, "%s crashed (SIG%s)", c->name, abbr);
		else
			snprintf(out, n, "%s crashed (signal %d)", c->name, sig);
	} else if (WIFEXITED(st) && WEXITSTATUS(st) == EXIT_VIOLATION) {
		snprintf(out, n, "%s was stopped by the sandbox (a forbidden system call)", c->name);
	} else if (WIFEXITED(st)) {
#ifdef SANITIZED
		snprintf(out, n, "%s crashed (exit status %d; see the sanitizer report)", c->name,
		         WEXITSTATUS(st));
#else
		snprintf(out, n, "%s exited unexpectedly (status %d)", c->name, WEXITSTATUS(st));
#endif
	} else {
		snprintf(out, n, "%s ended unexpectedly", c->name);
	}
}

/* Ends the reader of a slot (after grace_ms to end by itself), removes
 * its folder, and returns its wait status. */
static int end_reader(trawl__sandbox *sb, slot *sl, int grace_ms, int kill_now)
{
	zreq q = { Z_WAIT, sl->pid, grace_ms };
	zrep p;
	char dir[4200];
	int st = 0;

	if (!sl->pid)
		return 0;
	if (kill_now)
		kill(sl->pid, SIGKILL);
	if (sl->fd >= 0)
		close(sl->fd);
	sl->fd = -1;
	memset(&p, 0, sizeof p);
	if (zcall(sb, &q, &p, NULL) == 0 && !p.err)
		st = p.status;
	else
		kill(sl->pid, SIGKILL); /* (the zygote's end kills it too) */
	reader_dir(&sb->cfg, sl->pid, dir, sizeof dir);
	rm_tree(dir);
	sl->pid = 0;
	return st;
}

static trawl_err spawn(trawl__sandbox *sb, slot *sl, trawl_diag *d)
{
	zreq q = { Z_SPAWN, 0, 0 };
	zrep p;
	int fd = -1;
	uint32_t magic, version, pid, flags;
	char *note;

	memset(&p, 0, sizeof p);
	if (zcall(sb, &q, &p, &fd) || p.err || p.pid <= 0 || fd < 0) {
		if (fd >= 0)
			close(fd);
		trawl__diag_set(d, NULL, "can't start a %s process: %s", sb->cfg.name,
		                p.err ? strerror(p.err) : "the reader sandbox has ended");
		return TRAWL_EINTERNAL;
	}
	sl->pid = p.pid;
	sl->fd = fd;
	sl->cpu_ms = sl->grown_kb = 0;
	sl->files = 0;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	/* the reader says it is ready, and how it is confined */
	trawl__win_init(sl->r, fd, NULL, 0, trawl__now_ms() + 60000, 4096);
	magic = trawl__win_u32(sl->r);
	version = trawl__win_u32(sl->r);
	pid = trawl__win_u32(sl->r);
	flags = trawl__win_u32(sl->r);
	note = trawl__win_str(sl->r, 1000, 1, NULL);
	if (sl->r->err || magic != TRAWL__WIRE_READY || version != TRAWL__WIRE_VERSION ||
	    pid != (uint32_t)sl->pid) {
		char why[200];
		int timed_out = sl->r->err == TRAWL__WIN_TIMEOUT;
		int st = end_reader(sb, sl, 0, 1);
		death_msg(st, 0, 60, &sb->cfg, why, sizeof why);
		trawl__diag_set(d, NULL, "a %s process could not start: %s", sb->cfg.name,
		                timed_out ? "it did not answer in 60 s" : why);
		free(note);
		return TRAWL_EINTERNAL;
	}
	/* (without Landlock the filter refuses every open for writing: no
	 * protection is lost, so nothing to say) */
	if (!(flags & READY_SECCOMP)) {
		char why[400];
		snprintf(why, sizeof why, "the %ss' seccomp filter could not be loaded (%s); %ss run "
		         "with %s", sb->cfg.name, note ? note : "?", sb->cfg.name,
		         flags & READY_LANDLOCK ? "Landlock and their memory and time limits only"
		                                : "their memory and time limits only");
		set_warning(sb, "%s", why);
	}
	free(note);
	return TRAWL_OK;
}

static uint64_t reply_budget(const trawl__docset *ds)
{
	return (uint64_t)ds->max_text * 8 + (64 << 20);
}

static trawl_err reader_failed(trawl__sandbox *sb, slot *sl, int timed_out, unsigned limit_s,
                               const char *bad, trawl_diag *d)
{
	char why[300];
	int st;

	/* a malformed result or a timeout: the reader is no longer trusted */
	st = end_reader(sb, sl, 0, 1);
	if (bad)
		snprintf(why, sizeof why, "%s sent a malformed result (%s)", sb->cfg.name, bad);
	else
		death_msg(st, timed_out, limit_s, &sb->cfg, why, sizeof why);
	trawl__diag_set(d, NULL, "%s", why);
	return timed_out || (WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU) ? TRAWL_ETOOBIG
	                                                                  : TRAWL_EFORMAT;
}

/* The time OCR may add to a file (a PDF or an image) on top of its
 * reader's limit. */
static unsigned ocr_seconds(const trawl__parse_opts *o, const char *data, size_t len)
{
	const char *what;
	trawl__kind kind;

	if (o->ocr.off)
		return 0;
	/* (the magic bytes are in the first kilobyte) */
	kind = trawl__detect_head(data, len < 1024 ? len : 1024, &what);
	return kind == TRAWL__KIND_PDF || kind == TRAWL__KIND_IMAGE ?
	       (unsigned)trawl__ocr_file_seconds(&o->ocr) : 0;
}

/* One request to a slot's reader and its answer: a parse (ds set) or a
 * job (out set). */
typedef struct exchange {
	const trawl__parse_opts *o;
	const char *path, *data;
	size_t len;
	trawl__docset *ds;
	trawl__buf *out;
} exchange;

static trawl_err exchange_run(trawl__sandbox *sb, slot *sl, unsigned limit_s, const exchange *x,
                              trawl_diag *d)
{
	uint32_t magic, version, kind, rc, end;
	uint64_t page, cpu, grown, budget;
	trawl__win *r;
	trawl__wout *w;
	char *msg;
	trawl_err err;

	/* a new reader when this one has used its CPU time or grown */
	if (sl->pid && (sl->cpu_ms / 1000 + limit_s + 2 >= sb->cfg.cpu_hard ||
	                (sl->grown_kb << 10) > sb->cfg.memory / 2 || sl->files >= 20000))
		end_reader(sb, sl, 30000, 0);
	if (!sl->pid && (err = spawn(sb, sl, d)))
		return err;
	r = sl->r;
	w = sl->w;
	trawl__wout_init(w, sl->fd, NULL, trawl__now_ms() + (int64_t)limit_s * 1000);
	if (x->ds) {
		const trawl__parse_opts *o = x->o;
		trawl__wout_u32(w, TRAWL__WIRE_REQUEST);
		trawl__wout_u32(w, TRAWL__WIRE_VERSION);
		trawl__wout_u32(w, (o->no_facts ? REQ_NO_FACTS : 0) | (o->ocr.off ? REQ_NO_OCR : 0));
		trawl__wout_u64(w, o->max_file);
		trawl__wout_u64(w, o->max_inflate);
		trawl__wout_u64(w, limit_s);
		trawl__wout_str(w, x->path);
		trawl__wout_str(w, o->unit);
		trawl__wout_str(w, o->currency);
		trawl__wout_str(w, o->ocr.langs);
		trawl__wout_u64(w, o->ocr.budget > 0 ? (uint64_t)(o->ocr.budget * 1000) : 0);
		/* the answer: within a budget of eight times the text limit (text,
		 * raw text, cells and facts of the largest legitimate file fit) */
		budget = reply_budget(x->ds);
	} else {
		trawl__wout_u32(w, TRAWL__WIRE_JOB);
		trawl__wout_u32(w, TRAWL__WIRE_VERSION);
		trawl__wout_u64(w, limit_s);
		budget = (uint64_t)x->out->max + 4096;
	}
	trawl__wout_u64(w, x->len);
	trawl__wout_put(w, x->data, x->len);
	if (trawl__wout_flush(w))
		return reader_failed(sb, sl, w->timed_out, limit_s, NULL, d);
	trawl__win_init(r, sl->fd, NULL, 0, w->deadline, budget);
	magic = trawl__win_u32(r);
	version = trawl__win_u32(r);
	kind = trawl__win_u32(r);
	if (!r->err && (magic != TRAWL__WIRE_REPLY || version != TRAWL__WIRE_VERSION))
		trawl__win_bad(r, "not a reply");
	if (!r->err && kind == REPLY_VIOLATION) {
		uint32_t nr = trawl__win_u32(r), arch = trawl__win_u32(r);
		char *name = seccomp_syscall_resolve_num_arch(arch, (int)nr);
		end_reader(sb, sl, 1000, 0);
		trawl__diag_set(d, NULL, "%s was stopped by the sandbox: system call %s (%u) "
		                "is not allowed", sb->cfg.name, name ? name : "?", nr);
		free(name);
		return TRAWL_EFORMAT;
	}
	if (!r->err && kind != REPLY_RESULT)
		trawl__win_bad(r, "a reply of unknown kind %u", kind);
	rc = trawl__win_u32(r);
	msg = trawl__win_str(r, sizeof d->msg - 1, 1, NULL);
	page = trawl__win_u64(r);
	cpu = trawl__win_u64(r);
	grown = trawl__win_u64(r);
	if (!r->err && (rc > TRAWL_EINTERNAL || !msg))
		trawl__win_bad(r, "error code %u", rc);
	if (!r->err && rc == TRAWL_OK && x->ds)
		trawl__wire_get_docset(r, x->ds);
	else if (!r->err && rc == TRAWL_OK)
		trawl__win_buf(r, x->out, "the result");
	end = trawl__win_u32(r);
	if (!r->err && end != TRAWL__WIRE_END)
		trawl__win_bad(r, "the reply does not end where it should");
	if (r->err) {
		free(msg);
		if (r->err == TRAWL__WIN_NOMEM) {
			end_reader(sb, sl, 0, 1);
			trawl__diag_set(d, NULL, "out of memory taking the %s's result", sb->cfg.name);
			return TRAWL_ENOMEM;
		}
		if (r->err == TRAWL__WIN_BIG) {
			end_reader(sb, sl, 0, 1);
			trawl__diag_set(d, NULL, "the %s's result is over its limit of %llu MiB",
			                sb->cfg.name, (unsigned long long)(budget >> 20));
			return TRAWL_ETOOBIG;
		}
		return reader_failed(sb, sl, r->err == TRAWL__WIN_TIMEOUT, limit_s,
		                     r->err == TRAWL__WIN_BAD ? r->why : NULL, d);
	}
	sl->cpu_ms = cpu;
	sl->grown_kb = grown;
	sl->files++;
	if (rc == TRAWL_ENOMEM) {
		/* a reader at its limit may not even manage to end cleanly */
		end_reader(sb, sl, 0, 1);
		trawl__diag_set(d, NULL, "%s ran out of memory (limit %llu MiB)%s%s", sb->cfg.name,
		                (unsigned long long)(sb->cfg.memory >> 20), msg[0] ? ": " : "", msg);
	} else if (rc)
		trawl__diag_set(d, NULL, "%s", msg);
	if (rc)
		d->page = (long)page;
	free(msg);
	return (trawl_err)rc;
}

trawl_err trawl__sandbox_parse(trawl__sandbox *sb, int k, const trawl__parse_opts *o,
                               const char *path, const char *data, size_t len,
                               trawl__docset *ds, trawl_diag *d)
{
	exchange x = { o, path, data, len, ds, NULL };

	return exchange_run(sb, &sb->slots[k], sb->timeout_s + (unsigned)(len >> 20) +
	                    ocr_seconds(o, data, len), &x, d);
}

trawl_err trawl__sandbox_call(trawl__sandbox *sb, int k, unsigned timeout_s, const void *req,
                              size_t len, trawl__buf *out, trawl_diag *d)
{
	exchange x = { NULL, NULL, req, len, NULL, out };

	trawl__buf_reset(out);
	if (!sb->cfg.job || len > JOB_REQUEST_MAX) {
		trawl__diag_set(d, NULL, "no such job for the %s", sb->cfg.name);
		return TRAWL_EINTERNAL;
	}
	return exchange_run(sb, &sb->slots[k], timeout_s ? timeout_s : sb->timeout_s, &x, d);
}

trawl_err trawl__sandbox_start(const trawl__sandbox_opts *o, trawl__sandbox **out,
                               trawl_diag *d)
{
	trawl__sandbox *sb;
	pid_t parent = getpid(), pid;
	int sv[2], i;
	unsigned max_s;

	*out = NULL;
	sb = calloc(1, sizeof *sb);
	if (!sb)
		return TRAWL_ENOMEM;
	sb->ctl = -1;
	sb->nslots = o->nslots > 0 ? o->nslots : 1;
	sb->slots = calloc((size_t)sb->nslots, sizeof *sb->slots);
	if (!sb->slots)
		goto oom;
	for (i = 0; i < sb->nslots; i++) {
		sb->slots[i].fd = -1;
		sb->slots[i].w = malloc(sizeof *sb->slots[i].w);
		sb->slots[i].r = malloc(sizeof *sb->slots[i].r);
		if (!sb->slots[i].w || !sb->slots[i].r)
			goto oom;
	}
	pthread_mutex_init(&sb->lock, NULL);
	pthread_mutex_init(&sb->wlock, NULL);
	snprintf(sb->cfg.tmp, sizeof sb->cfg.tmp, "%s", o->tmp_dir);
	sb->cfg.memory = o->memory;
	snprintf(sb->cfg.name, sizeof sb->cfg.name, "%s", o->name ? o->name : "reader");
	sb->cfg.job = o->job;
	sb->cfg.job_end = o->job_end;
	sb->timeout_s = o->timeout_s ? o->timeout_s : 60;
	/* the longest a file may take, twice over, is a reader's CPU life */
	max_s = sb->timeout_s + (unsigned)(o->max_file >> 20) + o->ocr_s;
	sb->cfg.cpu_hard = max_s * 2 > 600 ? max_s * 2 : 600;
	sb->cfg.max_fsize = o->max_file * 2 + (64 << 20);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		trawl__diag_errno(d, NULL, errno, "can't start the reader sandbox");
		goto fail;
	}
	fflush(NULL); /* or stdio buffers would be written twice */
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		zygote_main(sv[1], parent, &sb->cfg);
		_exit(0);
	}
	close(sv[1]);
	if (pid < 0) {
		close(sv[0]);
		trawl__diag_errno(d, NULL, errno, "can't start the reader sandbox");
		goto fail;
	}
	sb->zygote = pid;
	sb->ctl = sv[0];
	*out = sb;
	return TRAWL_OK;
oom:
	trawl__diag_set(d, NULL, "out of memory");
fail:
	if (sb->slots)
		for (i = 0; i < sb->nslots; i++) {
			free(sb->slots[i].w);
			free(sb->slots[i].r);
		}
	free(sb->slots);
	free(sb);
	return TRAWL_EINTERNAL;
}

void trawl__sandbox_stop(trawl__sandbox *sb)
{
	zreq q = { Z_QUIT, 0, 0 };
	int i;

	if (!sb)
		return;
	/* closing a reader's socket ends it (after its leak check, in a
	 * sanitized build) */
	for (i = 0; i < sb->nslots; i++)
		if (sb->slots[i].fd >= 0) {
			close(sb->slots[i].fd);
			sb->slots[i].fd = -1;
		}
	for (i = 0; i < sb->nslots; i++)
		end_reader(sb, &sb->slots[i], 30000, 0);
	if (sb->ctl >= 0) {
		while (send(sb->ctl, &q, sizeof q, MSG_NOSIGNAL) < 0 && errno == EINTR)
			;
		close(sb->ctl);
	}
	while (waitpid(sb->zygote, NULL, 0) < 0 && errno == EINTR)
		;
	for (i = 0; i < sb->nslots; i++) {
		free(sb->slots[i].w);
		free(sb->slots[i].r);
	}
	free(sb->slots);
	pthread_mutex_destroy(&sb->lock);
	pthread_mutex_destroy(&sb->wlock);
	free(sb);
}
