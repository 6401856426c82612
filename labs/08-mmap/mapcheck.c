/*
 * mapcheck.c - the grader's harness for lab 08: drives mapfile.c and
 * reports the first broken property through its exit status.
 *
 * usage: mapcheck make DIR        write the test files into DIR
 *        mapcheck open FILE...    mf_open maps each FILE read-only (an empty
 *                                 one: no mapping)
 *        mapcheck fds FILE...     no descriptor left after mf_open; a FILE
 *                                 that does not exist must make it fail
 *        mapcheck count FILE...   mf_count agrees with counts made by read(),
 *                                 each FILE in a child process
 *        mapcheck close FILE...   /proc/self/maps after mf_close is the same
 *                                 as before mf_open; then, on the last FILE,
 *                                 a second mf_close unmaps nothing
 *        mapcheck truncate DIR    a file truncated between mf_open and
 *                                 mf_count gives -1/EIO, twice
 *        mapcheck guard           guarded_alloc(n) for several n: the data
 *                                 ends against a PROT_NONE page
 *        mapcheck overflow N      writes byte N of guarded_alloc(N): must
 *                                 die by SIGSEGV
 *        mapcheck all DIR         the scenarios once, for memcheck
 *
 * The test files (make) are named by their size: empty, one, page-1, page,
 * page+1 and big (5 MiB + 7), with the page size read from the system.
 * Their content is fixed (a seeded generator), and mixes letters, the six
 * blanks, zero bytes and bytes above 127.
 *
 * What the student's code printed never matters: the exit status does.
 * Messages on stderr only help the bats file say what was seen.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "done.h"
#include "fds.h"
#include "mapfile.h"
#include "maps.h"
#include "sysinfo.h"

/* Exit statuses, one per broken property (grader/08-mmap.bats reads them). */
enum {
	E_USAGE = 2,            /* bad command line */
	E_SETUP = 3,            /* the harness itself failed (disk, /proc) */
	E_OPEN_FAILED = 10,     /* mf_open returned -1 for a readable file */
	E_OPEN_SIZE = 11,       /* m->size is not the file's size */
	E_OPEN_DATA = 12,       /* m->data is NULL for a non-empty file */
	E_FD_LEFT = 13,         /* a descriptor is still open after mf_open */
	E_WRITABLE = 14,        /* the mapping is writable */
	E_NOT_MAPPED = 15,      /* m->data is not in a mapping of the file */
	E_EMPTY_MAPPED = 16,    /* an empty file gave data or a new mapping */
	E_MISSING_OK = 17,      /* mf_open returned 0 for a missing file */
	E_EMPTY_FAILED = 18,    /* mf_open returned -1 for an empty file */
	E_COUNT_WRONG = 20,     /* mf_count's counts differ from read()'s */
	E_COUNT_FAILED = 21,    /* mf_count returned -1 for an intact file */
	E_COUNTS = 64,          /* count: 64 + a mask of the files that failed
	                         * (the reason is on stderr, one line each) */
	E_MAP_LEFT = 30,        /* a mapping was left (or removed) */
	E_CLOSE_TWICE = 31,     /* a second mf_close unmapped another mapping */
	E_NOT_ZEROED = 32,      /* mf_close did not zero the struct */
	E_TRUNC_RETURNED = 40,  /* mf_count returned 0 on a truncated file */
	E_TRUNC_ERRNO = 41,     /* it returned -1, but errno is not EIO */
	E_BUS_ACTION = 42,      /* the caller's SIGBUS action was not restored */
	E_BUS_BLOCKED = 43,     /* SIGBUS stayed blocked after mf_count */
	E_BUS_UNCAUGHT = 44,    /* SIGBUS went through to the caller */
	E_AFTER_BUS = 45,       /* a count after a caught SIGBUS went wrong */
	E_GUARD_NULL = 50,      /* guarded_alloc returned NULL */
	E_GUARD_END = 51,       /* p + n is not on a page boundary */
	E_GUARD_PROT = 52,      /* the page at p + n is not a PROT_NONE mapping */
	E_GUARD_DATA = 53,      /* the n bytes are not readable and writable */
	E_GUARD_LEFT = 54,      /* guarded_free left a mapping (or took one) */
	E_OVERFLOW_LIVED = 55,  /* writing p[n] did not fault */
	E_GUARD_ZERO = 56,      /* guarded_alloc(0) did not fail with EINVAL */
	E_FAULT_ELSEWHERE = 57, /* overflow: SIGSEGV before the write past */
	E_SKIPPED = 64,         /* all: 64 + a mask of scenarios that could
	                         * not run (1 sizes, 2 truncate, 4 guard) */
};

static size_t pg;   /* the page size, from the system */

/* errname - "ENOENT" and the like for errno value e ("0" for none). */
static const char *errname(int e)
{
	const char *s = e ? strerrorname_np(e) : "0";

	return s ? s : "an unknown errno";
}

/* ---- test files ------------------------------------------------------ */

/* next_byte - the next byte of the fixed content (a linear congruential
 * generator: the same bytes on every machine). */
static char next_byte(uint32_t *state)
{
	static const char blanks[] = " \t\n\v\f\r";
	uint32_t r;

	*state = *state * 1103515245u + 12345u;
	r = *state >> 16;
	switch (r % 100) {
	case 0 ... 54:  return (char)('a' + r / 100 % 26);
	case 55 ... 69: return ' ';
	case 70 ... 79: return '\n';
	case 80 ... 85: return blanks[r / 100 % 6];
	case 86 ... 87: return '\0';
	case 88 ... 93: return (char)(0x80 + r / 100 % 128);
	default:        return (char)('0' + r / 100 % 10);
	}
}

/* write_file - create path with size bytes of content ending in last.
 * Returns 0, or -1 (the reason is on stderr). */
static int write_file(const char *path, size_t size, char last)
{
	char buf[65536];
	uint32_t state = (uint32_t)size;
	size_t done = 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		goto fail;
	while (done < size) {
		size_t n = size - done < sizeof(buf) ? size - done : sizeof(buf);

		for (size_t i = 0; i < n; i++)
			buf[i] = next_byte(&state);
		if (done + n == size)
			buf[n - 1] = last;
		if (write(fd, buf, n) != (ssize_t)n)
			goto fail;
		done += n;
	}
	if (close(fd) == 0)
		return 0;
	fd = -1;
fail:
	fprintf(stderr, "mapcheck: cannot write %s: %s\n", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

/* The files `make` writes.  The last bytes differ on purpose: a loop that
 * reads one byte too far sees a zero after a blank (a word too many) in
 * one, page+1; a file that ends inside a word checks the last word. */
struct test_file {
	const char *name;
	long pages, extra;   /* size = pages * pg + extra */
	char last;
};
static const struct test_file test_files[] = {
	{ "empty", 0, 0, 0 },
	{ "one", 0, 1, '\n' },
	{ "page-1", 1, -1, ' ' },
	{ "page", 1, 0, 'x' },
	{ "page+1", 1, 1, '\n' },
	{ "big", 0, 5 * 1024 * 1024 + 7, 'z' },
};
#define N_TEST_FILES (sizeof(test_files) / sizeof(test_files[0]))

/* make_files - write every test file into dir (made if need be), the big
 * one if big.
 * Returns 0 or E_SETUP. */
static int make_files(const char *dir, int big)
{
	char path[PATH_MAX];

	/* The harness makes the folder: only its own uid may write in the
	 * grader's sandbox. */
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "mapcheck: cannot create %s: %s\n", dir, strerror(errno));
		return E_SETUP;
	}
	for (size_t i = 0; i < N_TEST_FILES; i++) {
		const struct test_file *t = &test_files[i];

		if (!big && !strcmp(t->name, "big"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, t->name);
		if (write_file(path, (size_t)(t->pages * (long)pg + t->extra), t->last) < 0)
			return E_SETUP;
	}
	return 0;
}

/* ---- what the answer should be ---------------------------------------- */

/* count_with_read - the harness's own counts of path, made with read() and
 * a state machine of its own.  Returns 0, or -1 (reason on stderr). */
static int count_with_read(const char *path, struct counts *c)
{
	char buf[65536];
	int in_word = 0, fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	memset(c, 0, sizeof(*c));
	if (fd < 0) {
		fprintf(stderr, "mapcheck: cannot read %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			int blank = strchr(" \t\n\v\f\r", buf[i]) && buf[i] != '\0';

			c->lines += buf[i] == '\n';
			c->words += !blank && !in_word;
			in_word = !blank;
		}
		c->bytes += (size_t)n;
	}
	close(fd);
	return n < 0 ? -1 : 0;
}

/* ---- /proc/self/maps snapshots ---------------------------------------- */

/* A copy of /proc/self/maps.  [stack] is left out: the main stack grows
 * by itself as the harness calls deeper, and no student code makes one. */
#define MAX_MAPS 512
struct snap {
	int n;
	struct ml_map m[MAX_MAPS];
};
static struct snap before, after;

/* snap_add - ml_maps_each callback: append m to the snapshot. */
static bool snap_add(const struct ml_map *m, void *arg)
{
	struct snap *s = arg;

	if (!strcmp(m->path, "[stack]"))
		return true;
	if (s->n == MAX_MAPS)
		return false;
	s->m[s->n++] = *m;
	return true;
}

/* snap_take - read /proc/self/maps into s; exits E_SETUP if it cannot. */
static void snap_take(struct snap *s)
{
	s->n = 0;
	if (!ml_maps_each(snap_add, s) || s->n == MAX_MAPS) {
		fprintf(stderr, "mapcheck: cannot read /proc/self/maps\n");
		ml_exit(E_SETUP);
	}
}

/* snap_has - whether s holds a line equal to m. */
static bool snap_has(const struct snap *s, const struct ml_map *m)
{
	for (int i = 0; i < s->n; i++)
		if (s->m[i].start == m->start && s->m[i].end == m->end &&
		    !strcmp(s->m[i].perms, m->perms) && s->m[i].offset == m->offset &&
		    !strcmp(s->m[i].path, m->path))
			return true;
	return false;
}

/* snap_diff - print the lines that appeared ("left behind") and vanished
 * ("removed") between a and b, after what; returns how many differ. */
static int snap_diff(const struct snap *a, const struct snap *b, const char *what)
{
	int n = 0;

	for (int i = 0; i < b->n; i++)
		if (!snap_has(a, &b->m[i]))
			n++, fprintf(stderr, "%s, new in /proc/self/maps: %s\n", what, b->m[i].line);
	for (int i = 0; i < a->n; i++)
		if (!snap_has(b, &a->m[i]))
			n++, fprintf(stderr, "%s, gone from /proc/self/maps: %s\n", what, a->m[i].line);
	return n;
}

/* warm_up - let stdio and opendir allocate their buffers (the heap may
 * grow once) before any snapshot, so the snapshots see only the student's
 * mappings. */
static void warm_up(void)
{
	fprintf(stderr, "%s", "");
	if (ml_fd_count() < 0) {
		fprintf(stderr, "mapcheck: cannot read /proc/self/fd\n");
		ml_exit(E_SETUP);
	}
	snap_take(&after);
}

/* show_fds - print the descriptors above 2 and what they point to. */
static void show_fds(void)
{
	char link[64], target[PATH_MAX];

	for (int fd = 3; fd < 1024; fd++) {
		ssize_t n;

		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, target, sizeof(target) - 1);
		if (n < 0)
			continue;
		target[n] = '\0';
		fprintf(stderr, "descriptor %d is still open on %s\n", fd, target);
	}
}

/* ---- the modes ---------------------------------------------------------- */

/* check_open - mode "open", one file: the fields and the mapping mf_open
 * made. */
static int check_open(const char *path)
{
	struct mapped m;
	struct ml_map line;
	struct stat st;
	char real[PATH_MAX];

	if (stat(path, &st) < 0 || !realpath(path, real)) {
		fprintf(stderr, "mapcheck: %s: %s\n", path, strerror(errno));
		return E_SETUP;
	}
	warm_up();
	snap_take(&before);
	if (mf_open(&m, path) < 0) {
		fprintf(stderr, "mf_open(%s) of a %lld-byte file returned -1, errno %s (%s)\n",
		        path, (long long)st.st_size, errname(errno), strerror(errno));
		return st.st_size ? E_OPEN_FAILED : E_EMPTY_FAILED;
	}
	if (st.st_size == 0) {
		snap_take(&after);
		if (m.data || m.size) {
			fprintf(stderr, "empty file: mf_open gave data %p, size %zu (want NULL, 0)\n",
			        (void *)m.data, m.size);
			return E_EMPTY_MAPPED;
		}
		if (snap_diff(&before, &after, "after mf_open of an empty file"))
			return E_EMPTY_MAPPED;
		mf_close(&m);
		return 0;
	}
	if (m.size != (size_t)st.st_size) {
		fprintf(stderr, "m->size is %zu for a %lld-byte file\n", m.size, (long long)st.st_size);
		return E_OPEN_SIZE;
	}
	if (!m.data) {
		fprintf(stderr, "m->data is NULL for a %lld-byte file\n", (long long)st.st_size);
		return E_OPEN_DATA;
	}
	if (!ml_maps_find(m.data, &line)) {
		fprintf(stderr, "m->data = %p is in no mapping\n", (void *)m.data);
		return E_NOT_MAPPED;
	}
	if (strcmp(line.path, real) != 0 || line.offset != 0 ||
	    (uintptr_t)m.data != line.start) {
		fprintf(stderr, "m->data = %p is in: %s (want offset 0 of %s)\n",
		        (void *)m.data, line.line, real);
		return E_NOT_MAPPED;
	}
	if (line.perms[1] == 'w') {
		fprintf(stderr, "the mapping is writable: %s\n", line.line);
		return E_WRITABLE;
	}
	fprintf(stderr, "mapped: %s\n", line.line);
	mf_close(&m);
	return 0;
}

/* check_fds - mode "fds": no descriptor stays open after mf_open, whether
 * it succeeds (existing files) or fails (missing ones). */
static int check_fds(char **paths, int n)
{
	warm_up();
	for (int i = 0; i < n; i++) {
		struct mapped m;
		struct stat st;
		int exists = stat(paths[i], &st) == 0;
		int fds = ml_fd_count(), r = mf_open(&m, paths[i]), err = errno;

		if (exists && r < 0) {
			fprintf(stderr, "mf_open(%s) returned -1, errno %s\n", paths[i],
			        errname(err));
			return E_OPEN_FAILED;
		}
		if (!exists && r == 0) {
			fprintf(stderr, "mf_open(%s) returned 0 for a file that does not exist\n",
			        paths[i]);
			return E_MISSING_OK;
		}
		if (ml_fd_count() != fds) {
			fprintf(stderr, "%d descriptors open before mf_open(%s), %d after it %s\n",
			        fds, paths[i], ml_fd_count(), r == 0 ? "returned" : "failed");
			show_fds();
			return E_FD_LEFT;
		}
		if (r == 0)
			mf_close(&m);
	}
	return 0;
}

/* check_count - mf_count on path against the harness's own count.  Its
 * messages start with "[name] " (the file's name), for the bats file to
 * pick each file's lines. */
static int check_count(const char *path)
{
	const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct counts want, got;
	struct mapped m;

	if (count_with_read(path, &want) < 0)
		return E_SETUP;
	if (mf_open(&m, path) < 0) {
		fprintf(stderr, "[%s] mf_open returned -1, errno %s\n", name, errname(errno));
		return E_OPEN_FAILED;
	}
	/* Garbage in *c, so a count that forgets to start from zero shows. */
	memset(&got, 0x5a, sizeof(got));
	if (mf_count(&m, &got) < 0) {
		fprintf(stderr, "[%s] mf_count returned -1 for the intact %zu-byte file, errno %s\n",
		        name, want.bytes, errname(errno));
		return E_COUNT_FAILED;
	}
	mf_close(&m);
	if (got.lines != want.lines || got.words != want.words || got.bytes != want.bytes) {
		fprintf(stderr, "[%s] lines/words/bytes: want %zu %zu %zu, mf_count gave %zu %zu %zu\n",
		        name, want.lines, want.words, want.bytes, got.lines, got.words, got.bytes);
		return E_COUNT_WRONG;
	}
	fprintf(stderr, "[%s] counted: %zu lines, %zu words, %zu bytes\n", name, got.lines,
	        got.words, got.bytes);
	return 0;
}

/* check_counts - mode "count": each file in a child process of its own,
 * so that a crash on one size says nothing about the others.  Exit status
 * 0, or E_COUNTS + a mask of the files that failed (bit i: paths[i]). */
static int check_counts(char **paths, int n)
{
	int mask = 0;

	if (n > 6)
		return E_USAGE;
	for (int i = 0; i < n; i++) {
		int status, verdict_pipe[2];
		unsigned char verdict;
		ssize_t got;
		pid_t pid;

		/* The child sends its verdict on a pipe before it exits: a
		 * child that exits 0 without it (an exit() in the code under
		 * test) never reached the verdict, and fails. */
		if (pipe(verdict_pipe) < 0)
			return E_SETUP;
		pid = fork();
		if (pid < 0)
			return E_SETUP;
		if (pid == 0) {
			close(verdict_pipe[0]);
			verdict = (unsigned char)check_count(paths[i]);
			if (write(verdict_pipe[1], &verdict, 1) != 1)
				_exit(E_SETUP);
			_exit(verdict);
		}
		close(verdict_pipe[1]);
		got = read(verdict_pipe[0], &verdict, 1);
		close(verdict_pipe[0]);
		if (waitpid(pid, &status, 0) < 0)
			return E_SETUP;
		if (got == 1 && verdict == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
			continue;
		mask |= 1 << i;
		if (got != 1 && WIFEXITED(status))
			fprintf(stderr, "[%s] the check ended (status %d) before its verdict: does the code under test call exit()?\n",
			        strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i],
			        WEXITSTATUS(status));
		if (WIFSIGNALED(status))
			fprintf(stderr, "[%s] the harness was killed by SIG%s\n",
			        strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i],
			        sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?");
	}
	return mask ? E_COUNTS + mask : 0;
}

/* check_close - mode "close": nothing left, nothing taken. */
static int check_close(char **paths, int n)
{
	warm_up();
	for (int i = 0; i < n; i++) {
		struct mapped m;
		char what[PATH_MAX + 32];

		snap_take(&before);
		if (mf_open(&m, paths[i]) < 0) {
			fprintf(stderr, "mf_open(%s) returned -1, errno %s\n", paths[i],
			        errname(errno));
			return E_OPEN_FAILED;
		}
		mf_close(&m);
		snap_take(&after);
		snprintf(what, sizeof(what), "after mf_close of %s", paths[i]);
		if (snap_diff(&before, &after, what))
			return E_MAP_LEFT;
	}
	return 0;
}

/* check_twice - the end of mode "close": closing a zeroed struct is harmless, and a
 * second mf_close leaves alone a mapping that now sits where the file was
 * (the harness puts one there: the kernel reuses freed addresses too). */
static int check_twice(const char *path)
{
	struct mapped zero = { 0 }, m;
	const char *old;
	void *probe;
	struct ml_map line;

	mf_close(&zero);
	if (mf_open(&m, path) < 0) {
		fprintf(stderr, "mf_open(%s) returned -1, errno %s\n", path, errname(errno));
		return E_OPEN_FAILED;
	}
	old = m.data;
	mf_close(&m);
	probe = mmap((void *)old, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
	             -1, 0);
	if (probe == MAP_FAILED) {
		fprintf(stderr, "after mf_close, %p is still mapped\n", (void *)old);
		return E_MAP_LEFT;
	}
	mf_close(&m);
	if (!ml_maps_find(probe, &line)) {
		fprintf(stderr, "the second mf_close unmapped %p, which the caller had mapped "
		        "again after the first one (m->data was still %p)\n", probe, (void *)m.data);
		return E_CLOSE_TWICE;
	}
	munmap(probe, pg);
	if (m.data || m.size) {
		fprintf(stderr, "after mf_close: data %p, size %zu (want NULL, 0)\n",
		        (void *)m.data, m.size);
		return E_NOT_ZEROED;
	}
	return 0;
}

/* on_bus_uncaught - the harness's own SIGBUS action: reaching it means
 * mf_count let the signal through (without it the program would die). */
static void on_bus_uncaught(int sig)
{
	static const char msg[] = "SIGBUS reached the caller of mf_count\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		ml_exit_now(E_BUS_UNCAUGHT);
	ml_exit_now(E_BUS_UNCAUGHT);
}

/* truncate_round - write path with 4 pages + 10 bytes, mf_open it, cut it
 * to one page, then mf_count.  Returns 0 or an exit status. */
static int truncate_round(const char *path, int round)
{
	struct mapped m;
	struct counts c;
	struct sigaction now;
	sigset_t mask;
	int r, err;

	if (write_file(path, 4 * pg + 10, '\n') < 0)
		return E_SETUP;
	if (mf_open(&m, path) < 0) {
		fprintf(stderr, "mf_open(%s) returned -1, errno %s\n", path, errname(errno));
		return E_OPEN_FAILED;
	}
	if (truncate(path, (off_t)pg) < 0) {
		fprintf(stderr, "mapcheck: truncate %s: %s\n", path, strerror(errno));
		return E_SETUP;
	}
	errno = 0;
	r = mf_count(&m, &c);
	err = errno;
	mf_close(&m);
	if (r == 0) {
		fprintf(stderr, "round %d: mf_count returned 0 (%zu bytes) for a file cut from "
		        "%zu to %zu bytes after mf_open\n", round, c.bytes, 4 * pg + 10, pg);
		return E_TRUNC_RETURNED;
	}
	if (err != EIO) {
		fprintf(stderr, "round %d: mf_count returned -1 with errno %s (want EIO)\n", round,
		        errname(err));
		return E_TRUNC_ERRNO;
	}
	sigaction(SIGBUS, NULL, &now);
	if ((now.sa_flags & SA_SIGINFO) || now.sa_handler != on_bus_uncaught) {
		fprintf(stderr, "round %d: after mf_count the SIGBUS action is %s, not the "
		        "caller's handler\n", round,
		        now.sa_handler == SIG_DFL ? "SIG_DFL" :
		        now.sa_handler == SIG_IGN ? "SIG_IGN" : "another handler");
		return E_BUS_ACTION;
	}
	sigprocmask(SIG_BLOCK, NULL, &mask);
	if (sigismember(&mask, SIGBUS)) {
		fprintf(stderr, "round %d: after mf_count SIGBUS is blocked (was not before)\n",
		        round);
		return E_BUS_BLOCKED;
	}
	return 0;
}

/* check_truncate - mode "truncate": two rounds (a handler that works once
 * only shows on the second), then an ordinary count must still work. */
static int check_truncate(const char *dir)
{
	char path[PATH_MAX];
	struct sigaction sa;
	struct counts got;
	struct mapped m;
	sigset_t none;
	int r;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_bus_uncaught;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	snprintf(path, sizeof(path), "%s/truncated", dir);
	for (int round = 1; round <= 2; round++)
		if ((r = truncate_round(path, round)))
			return r;
	/* Whether the counts are right is step 2's business: here only that
	 * mf_count still works. */
	if (write_file(path, 4 * pg + 10, '\n') < 0)
		return E_SETUP;
	if (mf_open(&m, path) < 0 || mf_count(&m, &got) < 0) {
		fprintf(stderr, "after two caught SIGBUS, mf_open or mf_count returned -1 (errno %s) "
		        "for an intact file\n", errname(errno));
		return E_AFTER_BUS;
	}
	mf_close(&m);
	return 0;
}

/* guard_fits - the checks "guard" and "overflow" share for p =
 * guarded_alloc(n).  Returns 0 or an exit status. */
static int guard_fits(const char *p, size_t n)
{
	struct ml_map line;
	const char *end = p + n;

	if (!p) {
		fprintf(stderr, "guarded_alloc(%zu) returned NULL, errno %s\n", n,
		        errname(errno));
		return E_GUARD_NULL;
	}
	if ((uintptr_t)end % pg) {
		fprintf(stderr, "guarded_alloc(%zu) = %p: the data ends at %p, %zu bytes into a "
		        "page, not on a page boundary\n", n, (void *)p, (void *)end,
		        (size_t)((uintptr_t)end % pg));
		return E_GUARD_END;
	}
	if (!ml_maps_find(end, &line)) {
		fprintf(stderr, "guarded_alloc(%zu) = %p: nothing is mapped at %p, right after "
		        "the data (an unmapped hole is no guard: the next mmap may fill it)\n",
		        n, (void *)p, (void *)end);
		return E_GUARD_PROT;
	}
	if (strncmp(line.perms, "---", 3)) {
		fprintf(stderr, "guarded_alloc(%zu) = %p: the page after the data is %s\n",
		        n, (void *)p, line.line);
		return E_GUARD_PROT;
	}
	for (const char *q = p; q < end; q += pg - (uintptr_t)q % pg) {
		if (!ml_maps_find(q, &line) || strncmp(line.perms, "rw", 2)) {
			fprintf(stderr, "guarded_alloc(%zu) = %p: the data at %p is not read-write: %s\n",
			        n, (void *)p, (void *)q, ml_maps_find(q, &line) ? line.line : "unmapped");
			return E_GUARD_DATA;
		}
	}
	return 0;
}

/* check_guard - mode "guard": several sizes, each freed without a trace,
 * and guarded_alloc(0) refused. */
static int check_guard(void)
{
	const size_t sizes[] = { 1, 100, pg - 1, pg, pg + 1, 3 * pg - 5 };
	void *p;
	int r;

	warm_up();
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char what[64];

		snap_take(&before);
		p = guarded_alloc(sizes[i]);
		if ((r = guard_fits(p, sizes[i])))
			return r;
		memset(p, 0xa5, sizes[i]);
		guarded_free(p, sizes[i]);
		snap_take(&after);
		snprintf(what, sizeof(what), "after guarded_free(p, %zu)", sizes[i]);
		if (snap_diff(&before, &after, what))
			return E_GUARD_LEFT;
	}
	errno = 0;
	p = guarded_alloc(0);
	if (p || errno != EINVAL) {
		fprintf(stderr, "guarded_alloc(0) returned %p with errno %s (want NULL, EINVAL)\n",
		        p, errname(errno));
		guarded_free(p, 0);
		return E_GUARD_ZERO;
	}
	return 0;
}

/* The byte "overflow" writes past the buffer; NULL until it is about to. */
static char *volatile overflow_at;

/* on_segv - the only SIGSEGV "overflow" may die of is the one at
 * overflow_at: then let the default action kill (the write runs again and
 * faults again); any other fault is the student's code crashing. */
static void on_segv(int sig, siginfo_t *si, void *uc)
{
	static const char msg[] = "SIGSEGV before the write past the buffer\n";

	(void)uc;
	if (overflow_at && si->si_addr == (void *)overflow_at) {
		signal(sig, SIG_DFL);
		return;
	}
	if (write(2, msg, sizeof(msg) - 1) < 0)
		ml_exit_now(E_FAULT_ELSEWHERE);
	ml_exit_now(E_FAULT_ELSEWHERE);
}

/* check_overflow - mode "overflow": the byte after the data must fault,
 * and nothing before it. */
static int check_overflow(size_t n)
{
	struct sigaction sa;
	volatile char *p;
	int r;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	p = guarded_alloc(n);
	if ((r = guard_fits((char *)p, n)))
		return r;
	memset((char *)p, 0xa5, n);
	fprintf(stderr, "wrote %zu bytes at %p; now writing byte %zu, at %p\n", n, (void *)p, n,
	        (void *)(p + n));
	overflow_at = (char *)(p + n);
	p[n] = 1;
	fprintf(stderr, "the write at %p did not fault\n", (void *)(p + n));
	return E_OVERFLOW_LIVED;
}

/* ---- mode "all": every scenario once, under memcheck ------------------- */

/* scenario_sizes - open, count and close each small test file.  *c is
 * left uninitialised on purpose: memcheck then flags a field mf_count
 * never set.  Returns 0, or 1 if the scenario could not run. */
static int scenario_sizes(const char *dir)
{
	char path[PATH_MAX];

	for (size_t i = 0; i < N_TEST_FILES; i++) {
		struct counts want, got;
		struct mapped m;

		if (!strcmp(test_files[i].name, "big"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, test_files[i].name);
		if (count_with_read(path, &want) < 0 || mf_open(&m, path) < 0)
			return 1;
		if (mf_count(&m, &got) < 0) {
			mf_close(&m);
			return 1;
		}
		if (got.lines != want.lines || got.words != want.words || got.bytes != want.bytes)
			fprintf(stderr, "%s: counts differ\n", test_files[i].name);
		mf_close(&m);
		mf_close(&m);
	}
	return 0;
}

/* scenario_truncate - one truncation round, the caller's action SIG_DFL. */
static int scenario_truncate(const char *dir)
{
	char path[PATH_MAX];
	struct mapped m;
	struct counts c;

	snprintf(path, sizeof(path), "%s/truncated", dir);
	if (write_file(path, 4 * pg + 10, '\n') < 0 || mf_open(&m, path) < 0)
		return 2;
	if (truncate(path, (off_t)pg) < 0)
		return 2;
	if (mf_count(&m, &c) == 0)
		fprintf(stderr, "truncated: mf_count returned 0\n");
	mf_close(&m);
	return 0;
}

/* scenario_guard - allocate, fill and free guarded buffers. */
static int scenario_guard(void)
{
	const size_t sizes[] = { 1, 100, pg, pg + 1 };

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char *p = guarded_alloc(sizes[i]);

		if (!p)
			return 4;
		memset(p, 0xa5, sizes[i]);
		guarded_free(p, sizes[i]);
	}
	return 0;
}

/* check_all - mode "all".  Exit status 0, or E_SKIPPED + the mask of the
 * scenarios that could not run (so a memcheck test never passes on a
 * scenario that did nothing). */
static int check_all(const char *dir)
{
	int skipped;

	if (make_files(dir, 0))
		return E_SETUP;
	/* This order is known to the bats file: when one scenario crashes the
	 * run, the ones before it still have a sound report. */
	skipped = scenario_guard();
	skipped |= scenario_sizes(dir);
	skipped |= scenario_truncate(dir);
	return skipped ? E_SKIPPED + skipped : 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: mapcheck make|truncate|all DIR | open|fds|count|close FILE... | "
	        "guard | overflow N\n");
	return E_USAGE;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int r;

	pg = ml_page_size();
	if (!pg)
		return E_SETUP;
	if (!strcmp(mode, "guard") && argc == 2)
		return check_guard();
	if (argc < 3)
		return usage();
	if (!strcmp(mode, "make") && argc == 3)
		return make_files(argv[2], 1);
	if (!strcmp(mode, "open")) {
		for (int i = 2; i < argc; i++)
			if ((r = check_open(argv[i])))
				return r;
		return 0;
	}
	if (!strcmp(mode, "fds"))
		return check_fds(argv + 2, argc - 2);
	if (!strcmp(mode, "count"))
		return check_counts(argv + 2, argc - 2);
	if (!strcmp(mode, "close"))
		return check_close(argv + 2, argc - 2) ?: check_twice(argv[argc - 1]);
	if (!strcmp(mode, "truncate") && argc == 3)
		return check_truncate(argv[2]);
	if (!strcmp(mode, "overflow") && argc == 3)
		return check_overflow(strtoul(argv[2], NULL, 10));
	if (!strcmp(mode, "all") && argc == 3)
		return check_all(argv[2]);
	return usage();
}
