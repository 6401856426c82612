/*
 * subject.c - the stub linked with the student's mapfile.c (lab 08).
 *
 * It performs the operations the judge wrote on stdin, one a line, and
 * prints what it saw for each: what mf_open, mf_count and guarded_alloc
 * returned, errno, the lines of /proc/self/maps and the descriptors of
 * /proc/self/fd that appeared or went away, SIGBUS's action after a
 * count.  It decides nothing: harness/judge.c does, in another process.
 * The protocol is in harness/ops.h.
 *
 * A call that crashes (SIGSEGV, or SIGBUS outside the truncation runs)
 * is caught here and reported as "crash", and the run goes on: one wrong
 * function does not hide what the others do.  The stub never calls
 * malloc itself (stdio's buffers are static; opendir's block is reused
 * after the first call), so the heap changes only when mapfile.c does.
 * It reads the whole script first, so that it can close its standard
 * input when told to (`nostdin`: the next open then gets descriptor 0).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "content.h"
#include "fault.h"
#include "mapfile.h"
#include "ops.h"

static char script[1 << 20], outbuf[1 << 16];
static char dir[256];            /* where the test files live */
static size_t real_page;

/* ---- /proc/self/maps and /proc/self/fd --------------------------------- */

#define MAX_MAPS 1024
struct line {
	uintptr_t start, end;
	char text[320];
};
struct snap {
	size_t n;
	struct line l[MAX_MAPS];
};
static struct snap marked, before, after, probe_snap;
static char mapsbuf[1 << 18];

/* snap_take - read /proc/self/maps into s.  The [stack] line is left out:
 * the main stack grows by itself as the stub calls deeper. */
static void snap_take(struct snap *s)
{
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
	size_t len = 0;
	ssize_t got;
	char *line, *save = NULL;

	s->n = 0;
	if (fd < 0)
		return;
	while (len < sizeof(mapsbuf) - 1 &&
	       (got = read(fd, mapsbuf + len, sizeof(mapsbuf) - 1 - len)) > 0)
		len += (size_t)got;
	close(fd);
	mapsbuf[len] = '\0';
	for (line = strtok_r(mapsbuf, "\n", &save); line && s->n < MAX_MAPS;
	     line = strtok_r(NULL, "\n", &save)) {
		struct line *l = &s->l[s->n];

		if (strstr(line, "[stack]"))
			continue;
		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR, &l->start, &l->end) != 2)
			continue;
		snprintf(l->text, sizeof(l->text), "%s", line);
		s->n++;
	}
}

static bool snap_has(const struct snap *s, const struct line *l)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->l[i].text, l->text))
			return true;
	return false;
}

/* snap_diff - how many lines differ between a and b; with print, the
 * "  map+" (new in b) and "  map-" (gone from a) lines go to buf. */
static size_t snap_diff(const struct snap *a, const struct snap *b, char *buf, size_t size)
{
	size_t n = 0, used = 0;

	for (int pass = 0; pass < 2; pass++) {
		const struct snap *x = pass ? a : b, *y = pass ? b : a;

		for (size_t i = 0; i < x->n; i++) {
			if (snap_has(y, &x->l[i]))
				continue;
			n++;
			if (used < size)
				used += (size_t)snprintf(buf + used, size - used, "  map%c %s\n",
							 pass ? '-' : '+', x->l[i].text);
		}
	}
	return n;
}

/* snap_find - the line of s holding address a, or NULL. */
static const struct line *snap_find(const struct snap *s, uintptr_t a)
{
	for (size_t i = 0; i < s->n; i++)
		if (a >= s->l[i].start && a < s->l[i].end)
			return &s->l[i];
	return NULL;
}

#define MAX_FDS 64
struct fds {
	int n;
	int fd[MAX_FDS];
};

/* fds_take - the open descriptors (the one reading the folder aside). */
static void fds_take(struct fds *f)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;

	f->n = 0;
	if (!d)
		return;
	while ((e = readdir(d)) && f->n < MAX_FDS) {
		int fd = atoi(e->d_name);

		if (e->d_name[0] != '.' && fd != dirfd(d))
			f->fd[f->n++] = fd;
	}
	closedir(d);
}

/* fds_new - print "  fd+ N TARGET" for each descriptor of b not in a into
 * buf; returns how many. */
static int fds_new(const struct fds *a, const struct fds *b, char *buf, size_t size)
{
	int n = 0;
	size_t used = 0;

	for (int i = 0; i < b->n; i++) {
		bool old = false;
		char link[64], target[256];
		ssize_t len;

		for (int j = 0; j < a->n && !old; j++)
			old = a->fd[j] == b->fd[i];
		if (old)
			continue;
		n++;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", b->fd[i]);
		len = readlink(link, target, sizeof(target) - 1);
		target[len > 0 ? len : 0] = '\0';
		if (used < size)
			used += (size_t)snprintf(buf + used, size - used, "  fd+ %d %s\n", b->fd[i], target);
	}
	return n;
}

/* ---- failures the stub makes itself ------------------------------------ */

/*
 * common/probe/fault.c makes malloc, mmap, mprotect and open fail.  The
 * other calls of mapfile.c that can fail, or that can change errno, come
 * through the definitions below: a function the executable defines takes
 * the place of the C library's for every call the program's objects make
 * (the library's own internal calls keep theirs), and each one hands over
 * to the next definition, the C library's (or AddressSanitizer's), found
 * with dlsym(RTLD_NEXT).  While a failure is armed:
 *   fstat      its K-th call fails with EOVERFLOW, as fstat(2) may
 *   sigaction  its K-th call fails with EINVAL, as sigaction(2) may
 *   close, munmap  once the armed failure has happened, they still do
 *              their work and return 0, but leave errno at ENOTTY: POSIX
 *              lets a successful call change errno (stdio's isatty test
 *              classically leaves ENOTTY), so code that returns the first
 *              failure's errno must save it before cleaning up.
 */
enum { FN_FSTAT = ML_F_COUNT, FN_SIGACTION, FN_END };
static int armed = -1;               /* the function armed now, or -1 */
static long own_nth[FN_END], own_calls[FN_END];
static bool own_fired[FN_END];

/* fn_named - "fstat", "sigaction" or one of common/probe's names; -1. */
static int fn_named(const char *name)
{
	if (!strcmp(name, "fstat"))
		return FN_FSTAT;
	if (!strcmp(name, "sigaction"))
		return FN_SIGACTION;
	return ml_fault_fn_named(name);
}

static void arm(int fn, long k)
{
	armed = fn;
	if (fn >= ML_F_COUNT) {
		own_nth[fn] = k;
		own_calls[fn] = 0;
		own_fired[fn] = false;
	} else if (fn >= 0) {
		ml_fault_arm((enum ml_fault_fn)fn, k);
	}
}

/* disarm - stop failing fn; whether its armed failure happened. */
static bool disarm(int fn)
{
	bool fired = false;

	armed = -1;
	if (fn >= ML_F_COUNT) {
		fired = own_fired[fn];
		own_nth[fn] = 0;
	} else if (fn >= 0) {
		fired = ml_fault_fired((enum ml_fault_fn)fn);
		ml_fault_disarm((enum ml_fault_fn)fn);
	}
	return fired;
}

/* own_fail - whether this call of fn (one of the stub's) must fail. */
static bool own_fail(int fn)
{
	if (armed != fn || ++own_calls[fn] != own_nth[fn])
		return false;
	own_fired[fn] = true;
	return true;
}

/* after_failure - whether the armed failure has happened already. */
static bool after_failure(void)
{
	if (armed >= ML_F_COUNT)
		return own_fired[armed];
	return armed >= 0 && ml_fault_fired((enum ml_fault_fn)armed);
}

/* next_fn - the definition of name after this program's. */
static void *next_fn(const char *name)
{
	void *fn = dlsym(RTLD_NEXT, name);

	if (!fn) {
		fprintf(stderr, "subject: dlsym(RTLD_NEXT, \"%s\") found nothing\n", name);
		_exit(71);
	}
	return fn;
}

static int (*next_fstat)(int, struct stat *);
static int (*next_sigaction)(int, const struct sigaction *, struct sigaction *);
static int (*next_close)(int);
static int (*next_munmap)(void *, size_t);

/* find_next - every next definition, before the first call needs one. */
static void find_next(void)
{
	next_fstat = (__typeof__(next_fstat))next_fn("fstat");
	next_sigaction = (__typeof__(next_sigaction))next_fn("sigaction");
	next_close = (__typeof__(next_close))next_fn("close");
	next_munmap = (__typeof__(next_munmap))next_fn("munmap");
}

int fstat(int fd, struct stat *st)
{
	if (own_fail(FN_FSTAT)) {
		errno = EOVERFLOW;
		return -1;
	}
	if (!next_fstat)
		find_next();
	return next_fstat(fd, st);
}

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	if (own_fail(FN_SIGACTION)) {
		errno = EINVAL;
		return -1;
	}
	if (!next_sigaction)
		find_next();
	return next_sigaction(sig, act, old);
}

int close(int fd)
{
	int r;

	if (!next_close)
		find_next();
	r = next_close(fd);
	if (r == 0 && after_failure())
		errno = ENOTTY;
	return r;
}

int munmap(void *addr, size_t len)
{
	int r;

	if (!next_munmap)
		find_next();
	r = next_munmap(addr, len);
	if (r == 0 && after_failure())
		errno = ENOTTY;
	return r;
}

/* ---- surviving a crash in the student's code ---------------------------- */

static sigjmp_buf recover;
static volatile sig_atomic_t in_call, caller_caught;
static volatile uintptr_t fault_addr;
static volatile int fault_sig;

/* on_fault - a SIGSEGV (or SIGBUS) inside a student call: back to the
 * stub, which reports it.  Outside a call, die of it as usual. */
static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (!in_call) {
		signal(sig, SIG_DFL);
		return;
	}
	in_call = 0;
	fault_sig = sig;
	fault_addr = (uintptr_t)si->si_addr;
	siglongjmp(recover, 1);
}

/* caller_bus - the SIGBUS handler of a caller that has one (`sig
 * handler`): reaching it means mf_count let a SIGBUS through. */
static void caller_bus(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	caller_caught = 1;
	fault_addr = (uintptr_t)si->si_addr;
	if (!in_call)
		_exit(70);
	in_call = 0;
	fault_sig = SIGBUS;
	siglongjmp(recover, 1);
}

static void catch(int sig, void (*fn)(int, siginfo_t *, void *), int flags, int masked)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = SA_SIGINFO | flags;
	sigemptyset(&sa.sa_mask);
	if (masked)
		sigaddset(&sa.sa_mask, masked);
	sigaction(sig, &sa, NULL);
}

/* A student call: `CALL(ok, stmt)` runs stmt and sets ok when it
 * returned, clears it when it crashed (fault_sig and fault_addr say how).
 * What stmt writes and the stub reads after must be volatile. */
#define CALL(ok, stmt) \
	do { \
		fault_sig = 0; \
		caller_caught = 0; \
		in_call = 1; \
		if (sigsetjmp(recover, 1) == 0) { \
			stmt; \
			in_call = 0; \
			ok = true; \
		} else { \
			ok = false; \
		} \
	} while (0)

static void print_crash(void)
{
	printf("crash %d %#" PRIxPTR "\n", fault_sig, (uintptr_t)fault_addr);
}

/* sigset_bits - bit N-1 for each signal N of s. */
static uint64_t sigset_bits(const sigset_t *s)
{
	uint64_t b = 0;

	for (int sig = 1; sig <= 64; sig++)
		if (sigismember(s, sig) == 1)
			b |= (uint64_t)1 << (sig - 1);
	return b;
}

/* ---- the operations ---------------------------------------------------- */

struct slot {
	struct mapped m;
	const char *data;   /* what mf_open gave, kept for close2 */
	size_t size;
};
static struct slot slots[OPS_SLOTS];
static char details[1 << 15];

static void path_of(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/f-%s", dir, name);
}

static int make_file(const char *name, size_t size, uint64_t seed, int kind, int last)
{
	static unsigned char buf[1 << 16];
	char path[400];
	uint64_t s = seed;
	int fd;

	path_of(path, sizeof(path), name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return 0;
	for (size_t done = 0; done < size;) {
		size_t n = size - done < sizeof(buf) ? size - done : sizeof(buf);

		ct_fill(buf, done, n, size, &s, kind, last);
		if (write(fd, buf, n) != (ssize_t)n) {
			close(fd);
			return 0;
		}
		done += n;
	}
	return close(fd) == 0;
}

/* scenario_open - mf_open with, perhaps, one call made to fail. */
static void scenario_open(struct slot *sl, const char *name, int fn, long k)
{
	static struct fds fa, fb;
	char path[400];
	volatile int r = -2, err = 0, fired = 0;
	size_t used;
	int nfd;
	bool ok;

	path_of(path, sizeof(path), name);
	memset(&sl->m, 0x5a, sizeof(sl->m));
	fds_take(&fa);
	snap_take(&before);
	arm(fn, k);
	errno = 0;
	CALL(ok, r = mf_open(&sl->m, path));
	err = errno;
	fired = disarm(fn);
	if (!ok) {
		print_crash();
		return;
	}
	snap_take(&after);
	fds_take(&fb);
	sl->data = sl->m.data;
	sl->size = sl->m.size;
	nfd = fds_new(&fa, &fb, details, sizeof(details));
	used = strlen(details);
	size_t nmaps = snap_diff(&before, &after, details + used, sizeof(details) - used);
	printf("open %d %d %#" PRIxPTR " %zu %d %d %zu\n", r, r ? err : 0, (uintptr_t)sl->m.data,
	       sl->m.size, fired, nfd, nmaps);
	const struct line *at = sl->m.data ? snap_find(&after, (uintptr_t)sl->m.data) : NULL;
	if (at)
		printf("  at %s\n", at->text);
	fputs(details, stdout);
	details[0] = '\0';
}

/* report_count - mf_count on slot sl as operation `op`, and SIGBUS's
 * state after it.  *c is full of garbage first, or left uninitialised
 * (uninit: memcheck then flags a field mf_count never set).  With fn >= 0,
 * the k-th call of fn fails, and FIRED ends the line. */
static void report_count(const char *op, struct slot *sl, bool uninit, int fn, long k)
{
	struct counts c;
	struct sigaction now;
	sigset_t mask;
	volatile int r = -2, err = 0;
	bool fired;
	int act;
	bool ok;

	if (!uninit)
		memset(&c, 0x5a, sizeof(c));
	arm(fn, k);
	errno = 0;
	CALL(ok, r = mf_count(&sl->m, &c));
	err = errno;
	fired = disarm(fn);
	if (!ok && !caller_caught) {
		print_crash();
		return;
	}
	sigaction(SIGBUS, NULL, &now);
	sigprocmask(SIG_BLOCK, NULL, &mask);
	if ((now.sa_flags & SA_SIGINFO) && now.sa_sigaction == caller_bus)
		act = 2;
	else if (now.sa_flags & SA_SIGINFO)
		act = 3;
	else
		act = now.sa_handler == SIG_DFL ? 0 : now.sa_handler == SIG_IGN ? 1 : 3;
	if (caller_caught)
		printf("%s -2 0 0 0 0 1", op);
	else if (r != 0)   /* *c is unspecified then: not read */
		printf("%s %d %d 0 0 0 0", op, r, err);
	else
		printf("%s 0 0 %zu %zu %zu 0", op, c.lines, c.words, c.bytes);
	printf(" %d %#x %#" PRIx64 " %#" PRIx64, act,
	       (unsigned)now.sa_flags & OPS_FLAGS_SHOWN, sigset_bits(&now.sa_mask),
	       sigset_bits(&mask));
	if (fn >= 0)
		printf(" %d", fired);
	printf("\n");
}

/* scenario_count - mf_count of an intact file (memcheck names its errors
 * after this frame). */
static void scenario_count(const char *op, struct slot *sl, bool uninit, int fn, long k)
{
	report_count(op, sl, uninit, fn, k);
}

/* scenario_truncate - mf_count of a file the judge may have cut. */
static void scenario_truncate(struct slot *sl, bool uninit)
{
	report_count("tcount", sl, uninit, -1, 0);
}

/* scenario_close - mf_close, twice if asked, with the caller's page put
 * where the data was in between. */
static void scenario_close(struct slot *sl, int twice)
{
	bool ok;

	CALL(ok, mf_close(&sl->m));
	if (!ok) {
		print_crash();
		return;
	}
	if (!twice) {
		printf("close %#" PRIxPTR " %zu\n", (uintptr_t)sl->m.data, sl->m.size);
		return;
	}
	volatile int probe = 0, still = 0;
	void *volatile p = MAP_FAILED;

	if (sl->data) {
		p = mmap((void *)sl->data, real_page, PROT_READ,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
		probe = p == (void *)sl->data ? 1 : p == MAP_FAILED && errno == EEXIST ? -1 : 0;
		if (p != MAP_FAILED && p != (void *)sl->data) {
			munmap(p, real_page);
			p = MAP_FAILED;
		}
	}
	CALL(ok, mf_close(&sl->m));
	if (!ok) {
		print_crash();
		return;
	}
	if (probe == 1) {
		snap_take(&probe_snap);
		still = snap_find(&probe_snap, (uintptr_t)sl->data) != NULL;
		if (still)
			munmap(p, real_page);
	}
	printf("close2 %d %d %#" PRIxPTR " %zu\n", probe, still, (uintptr_t)sl->m.data, sl->m.size);
}

static char *volatile gp;
static size_t gn;

/* scenario_guard - guarded_alloc, its bytes filled and read back. */
static void scenario_guard(size_t n, int fn, long k)
{
	volatile int err = 0, fired = 0, fill = 0;
	volatile size_t nmaps;
	bool ok;

	snap_take(&before);
	arm(fn, k);
	errno = 0;
	gp = NULL;
	gn = n;
	CALL(ok, gp = guarded_alloc(n));
	err = errno;
	fired = disarm(fn);
	if (!ok) {
		print_crash();
		return;
	}
	snap_take(&after);
	nmaps = snap_diff(&before, &after, details, sizeof(details));
	if (gp) {
		/* The stub's own writes: a fault here is the layout's fault. */
		in_call = 1;
		if (sigsetjmp(recover, 1) == 0) {
			for (size_t i = 0; i < n; i++)
				gp[i] = (char)(i * 7 + 1);
			fill = 1;
			for (size_t i = 0; i < n && fill; i++)
				fill = gp[i] == (char)(i * 7 + 1);
		}
		in_call = 0;
	}
	printf("guard %#" PRIxPTR " %d %d %d %zu\n", (uintptr_t)gp, gp ? 0 : err, fired, fill, nmaps);
	fputs(details, stdout);
	details[0] = '\0';
}

/* scenario_over - write the byte right after the last guarded buffer. */
static void scenario_over(void)
{
	fault_sig = 0;
	fault_addr = 0;
	if (gp) {
		in_call = 1;
		if (sigsetjmp(recover, 1) == 0)
			((volatile char *)gp)[gn] = 1;
		in_call = 0;
	}
	printf("over %d %#" PRIxPTR "\n", fault_sig, (uintptr_t)fault_addr);
}

static void scenario_gfree(const char *op, void *p, size_t n)
{
	bool ok;

	CALL(ok, guarded_free(p, n));
	if (!ok) {
		print_crash();
		return;
	}
	if (p)
		gp = NULL;
	printf("%s\n", op);
}

static void set_caller(const char *mode)
{
	sigset_t one;

	if (!strcmp(mode, "handler")) {
		catch(SIGBUS, caller_bus, SA_RESTART, SIGUSR2);
	} else {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = strcmp(mode, "ign") ? SIG_DFL : SIG_IGN;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGBUS, &sa, NULL);
	}
	sigemptyset(&one);
	sigaddset(&one, SIGUSR1);
	sigprocmask(SIG_SETMASK, &one, NULL);
	printf("sig %s\n", mode);
}

/* remove_files - the test files and their folder go at the end. */
static void remove_files(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[600];

	while (d && (e = readdir(d)))
		if (!strncmp(e->d_name, "f-", 2)) {
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
	if (d)
		closedir(d);
	rmdir(dir);
}

static struct slot *slot_at(uintmax_t i)
{
	return i < OPS_SLOTS ? &slots[i] : NULL;
}

int main(void)
{
	char op[16], w1[64], w2[32], w3[32], w4[32], w5[32], *line, *next;
	const char *tmp = getenv("TMPDIR");
	struct fds warm;
	size_t len = 0;
	ssize_t got;

	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	find_next();
	real_page = (size_t)getauxval(AT_PAGESZ);
	/* read(2), not stdio: stdin's buffer would come from malloc. */
	while (len < sizeof(script) - 1 && (got = read(0, script + len, sizeof(script) - 1 - len)) > 0)
		len += (size_t)got;
	if (len == sizeof(script) - 1) {
		printf("setup the script is longer than %zu bytes\n", sizeof(script) - 1);
		return 1;
	}
	script[len] = '\0';
	snprintf(dir, sizeof(dir), "%s/mapfile-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		printf("setup cannot create %s\n", dir);
		return 1;
	}
	catch(SIGSEGV, on_fault, SA_NODEFER, 0);
	catch(SIGBUS, on_fault, SA_NODEFER, 0);
	/* opendir's block and the maps reader's first use, before any
	 * snapshot: later ones see the student's changes only. */
	fds_take(&warm);
	snap_take(&marked);
	printf("start %zu\n", real_page);
	fflush(stdout);
	for (line = script; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		int nw = sscanf(line, "%15s %63s %31s %31s %31s %31s", op, w1, w2, w3, w4, w5);
		uintmax_t a = nw > 1 ? strtoumax(w1, NULL, 0) : 0;
		struct slot *sl = nw > 1 ? slot_at(a) : NULL;
		char path[400];

		if (nw < 1)
			continue;
		if (!strcmp(op, "page") && nw == 2) {
			ml_pretend((size_t)a, 0);
			printf("page %ju\n", a);
		} else if (!strcmp(op, "file") && nw == 6) {
			printf("file %d\n", make_file(w1, strtoumax(w2, NULL, 0), strtoumax(w3, NULL, 0),
						      atoi(w4), atoi(w5)));
		} else if (!strcmp(op, "trunc") && nw == 3) {
			path_of(path, sizeof(path), w1);
			printf("trunc %d\n", truncate(path, (off_t)strtoumax(w2, NULL, 0)) == 0);
		} else if (!strcmp(op, "open") && sl && (nw == 3 || nw == 5)) {
			scenario_open(sl, w2, nw == 5 ? fn_named(w3) : -1, nw == 5 ? atol(w4) : 0);
		} else if (!strcmp(op, "count") && sl) {
			scenario_count("count", sl, nw == 3 && !strcmp(w2, "u"), -1, 0);
		} else if (!strcmp(op, "fcount") && sl && nw == 4) {
			scenario_count("fcount", sl, false, fn_named(w2), atol(w3));
		} else if (!strcmp(op, "tcount") && sl) {
			scenario_truncate(sl, nw == 3 && !strcmp(w2, "u"));
		} else if (!strcmp(op, "close") && sl) {
			scenario_close(sl, 0);
		} else if (!strcmp(op, "close2") && sl) {
			scenario_close(sl, 1);
		} else if (!strcmp(op, "close0")) {
			static struct mapped zero;
			bool ok;

			memset(&zero, 0, sizeof(zero));
			CALL(ok, mf_close(&zero));
			if (ok)
				printf("close0\n");
			else
				print_crash();
		} else if (!strcmp(op, "mark")) {
			snap_take(&marked);
			printf("mark %zu\n", marked.n);
		} else if (!strcmp(op, "diff")) {
			snap_take(&after);
			printf("diff %zu\n", snap_diff(&marked, &after, details, sizeof(details)));
			fputs(details, stdout);
			details[0] = '\0';
		} else if (!strcmp(op, "sig") && nw == 2) {
			set_caller(w1);
		} else if (!strcmp(op, "nostdin")) {
			/* The script is in memory: descriptor 0 is free now. */
			printf("nostdin %d\n", close(0) == 0);
		} else if (!strcmp(op, "guard") && (nw == 2 || nw == 4)) {
			scenario_guard((size_t)a, nw == 4 ? fn_named(w2) : -1, nw == 4 ? atol(w3) : 0);
		} else if (!strcmp(op, "over")) {
			scenario_over();
		} else if (!strcmp(op, "gfree")) {
			scenario_gfree("gfree", gp, gn);
		} else if (!strcmp(op, "gfreenull") && nw == 2) {
			scenario_gfree("gfreenull", NULL, (size_t)a);
		} else {
			printf("unknown\n");
		}
		fflush(stdout);
	}
	remove_files();
	return 0;
}
