/*
 * demo.c - the program break on this machine, shown live (lab 07).
 *
 * 1. the break before and after the first malloc, the [heap] line, and
 *    what fresh pages from sbrk hold;
 * 2. the gap between the end of .bss (`end`) and the start of [heap];
 * 3. that gap across runs, with address randomization on, then off
 *    (setarch -R);
 * 4. RLIMIT_DATA stopping the break;
 * 5. what glibc's malloc does when someone else moves the break.
 *
 * Run it with `make run LAB=07`.  Sections 4 and 5 run in child processes,
 * so that the limits and the damage stay there.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "maps.h"
#include "sysinfo.h"

/* Set by the linker: the first address past the end of .bss (see end(3)). */
extern char end;

static size_t page;

/*
 * read_proc - the whole of a small /proc file in a static buffer, without
 * malloc (fopen would call it, and the first malloc moves the break).
 * Returns the text, or "" if the file cannot be read.
 */
static const char *read_proc(const char *path)
{
	static char buf[1 << 16];
	size_t len = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return "";
	while (len < sizeof(buf) - 1 &&
	       (got = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += (size_t)got;
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* heap_line - copy the [heap] line of /proc/self/maps into out; false if
 * there is none (an empty heap has no mapping). */
static bool heap_line(char *out, size_t size)
{
	const char *maps = read_proc("/proc/self/maps");
	const char *at = strstr(maps, "[heap]");
	const char *start;

	if (!at)
		return false;
	for (start = at; start > maps && start[-1] != '\n'; start--)
		;
	snprintf(out, size, "%.*s", (int)(at - start + 6), start);
	return true;
}

/* vmdata_kb - VmData of this process in KiB (proc(5)), or -1. */
static long vmdata_kb(void)
{
	const char *at = strstr(read_proc("/proc/self/status"), "\nVmData:");

	return at ? strtol(at + 8, NULL, 10) : -1;
}

/* in_child - run fn in a child process; say how it ended if not normally. */
static void in_child(void (*fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return;
	}
	if (pid == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0)
		perror("waitpid");
	else if (WIFSIGNALED(status))
		printf("   -> the child was killed by signal %d (%s)\n", WTERMSIG(status),
		       strsignal(WTERMSIG(status)));
	else if (WEXITSTATUS(status) != 0)
		printf("   -> the child exited with status %d\n", WEXITSTATUS(status));
}

/* section_first_malloc - section 1; returns the break at start. */
static uintptr_t section_first_malloc(void)
{
	/* Everything is measured before the first printf: stdio's buffer
	 * would come from malloc and move the break itself. */
	uintptr_t b0 = (uintptr_t)sbrk(0), b1;
	char before[256], after[256];
	bool had_heap = heap_line(before, sizeof(before));
	void *p = malloc(1);

	b1 = (uintptr_t)sbrk(0);
	heap_line(after, sizeof(after));

	printf("== 1. The break before and after the first malloc\n");
	printf("page size: %zu bytes (sysconf)\n", page);
	printf("break at start (sbrk(0)):    %#" PRIxPTR "\n", b0);
	if (had_heap)
		printf("[heap] already there:        %s\n", before);
	else
		printf("[heap] in /proc/self/maps:   none yet (an empty heap has no mapping)\n");
	printf("after malloc(1):             %#" PRIxPTR ": the break moved by %" PRIuPTR
	       " bytes = %" PRIuPTR " KiB = %" PRIuPTR " pages\n", b1, b1 - b0,
	       (b1 - b0) / 1024, (b1 - b0) / page);
	printf("[heap]:                      %s\n", after);
	printf("malloc(1) returned           %p, %#" PRIxPTR " bytes into [heap] "
	       "(glibc keeps its own bookkeeping first)\n", p, (uintptr_t)p - b0);
	free(p);
	return b0;
}

/* zeros - how many of the n bytes at p are zero. */
static size_t zeros(const unsigned char *p, size_t n)
{
	size_t z = 0;

	for (size_t i = 0; i < n; i++)
		z += p[i] == 0;
	return z;
}

/* section_fresh - the end of section 1: a page of our own on top of
 * malloc's heap, given back, then taken again. */
static void section_fresh(void)
{
	unsigned char *p = sbrk((intptr_t)page);

	if (p == (void *)-1) {
		printf("sbrk(+%zu) failed: %s\n\n", page, strerror(errno));
		return;
	}
	printf("sbrk(+%zu) returned       %p: %zu of its %zu bytes are zero\n", page, (void *)p,
	       zeros(p, page), page);
	memset(p, 0xff, page);
	sbrk(-(intptr_t)page);
	p = sbrk((intptr_t)page);
	printf("filled with 0xff, sbrk(-%zu), sbrk(+%zu): %p again, and %zu of %zu bytes are "
	       "zero:\n  the kernel took the page back and handed out a fresh one\n\n",
	       page, page, (void *)p, zeros(p, page), page);
	sbrk(-(intptr_t)page);   /* the break is malloc's own end again */
}

/* section_gap - section 2: from the end of .bss to the start of [heap]. */
static void section_gap(uintptr_t b0)
{
	struct ml_map bss;
	uintptr_t e = (uintptr_t)&end;

	printf("== 2. The gap between .bss and [heap]\n");
	/* The byte before `end`, computed as a number: it is no object of C's. */
	if (ml_maps_find((void *)(e - 1), &bss))
		printf("last byte of .bss is in:  %s%s\n", bss.line,
		       bss.path[0] ? "" : " (anonymous: .bss past the file's last page)");
	printf("end of .bss (&end):       %#" PRIxPTR "\n", e);
	printf("start of [heap]:          %#" PRIxPTR "\n", b0);
	printf("gap:                      %" PRIuPTR " bytes (%.1f MiB)\n\n", b0 - e,
	       (double)(b0 - e) / (1024 * 1024));
}

/* where_am_i - what `demo --where` prints: &end and the first break. */
static int where_am_i(void)
{
	uintptr_t b0 = (uintptr_t)sbrk(0);

	printf("%#" PRIxPTR " %#" PRIxPTR "\n", (uintptr_t)&end, b0);
	return 0;
}

/*
 * run_where - run argv (ending in this program and --where), read &end and
 * the break it prints; false, with *why set, when that did not work.
 */
static bool run_where(char *const argv[], uintptr_t *e, uintptr_t *b, const char **why)
{
	static char reason[160];
	char out[128] = "";
	int fds[2], status;
	ssize_t got;
	pid_t pid;

	if (pipe(fds) != 0) {
		*why = "pipe failed";
		return false;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[0], argv);
		fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	got = pid > 0 ? read(fds[0], out, sizeof(out) - 1) : -1;
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		*why = "fork failed";
		return false;
	}
	out[got > 0 ? got : 0] = '\0';
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(reason, sizeof(reason), "%s ended with status %d", argv[0],
			 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
		*why = reason;
		return false;
	}
	if (sscanf(out, "%" SCNxPTR " %" SCNxPTR, e, b) != 2) {
		*why = "its output could not be read";
		return false;
	}
	return true;
}

/* section_aslr - section 3: the same program, run twice with ASLR and twice
 * without (setarch -R, which sets the ADDR_NO_RANDOMIZE personality). */
static void section_aslr(void)
{
	static char self[PATH_MAX];
	const char *rnd = read_proc("/proc/sys/kernel/randomize_va_space");
	struct utsname un;
	ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	uintptr_t e[2], b[2];
	const char *why = NULL;
	bool ok = true;

	printf("== 3. The gap, run after run\n");
	printf("/proc/sys/kernel/randomize_va_space: %.1s (2: the break is randomized too)\n",
	       rnd[0] ? rnd : "?");
	if (len <= 0 || uname(&un) != 0) {
		printf("cannot find this program (/proc/self/exe) or the machine name\n\n");
		return;
	}
	self[len] = '\0';
	{
		char *plain[] = { self, "--where", NULL };
		/* The machine name first: older setarch needs it. */
		char *norand[] = { "setarch", un.machine, "-R", self, "--where", NULL };

		for (int i = 0; i < 2 && ok; i++) {
			ok = run_where(plain, &e[i], &b[i], &why);
			if (ok)
				printf("run %d:               .bss ends %#" PRIxPTR ", break starts %#"
				       PRIxPTR ", gap %" PRIuPTR " bytes\n", i + 1, e[i], b[i], b[i] - e[i]);
		}
		if (!ok)
			printf("running this program again failed: %s\n", why);
		ok = true;
		for (int i = 0; i < 2 && ok; i++) {
			ok = run_where(norand, &e[i], &b[i], &why);
			if (ok)
				printf("run %d with setarch -R: .bss ends %#" PRIxPTR ", break starts %#"
				       PRIxPTR ", gap %" PRIuPTR " bytes\n", i + 1, e[i], b[i], b[i] - e[i]);
		}
	}
	if (!ok)
		printf("setarch -R did not work here: %s\n\n", why);
	else if (e[0] != e[1] || b[0] != b[1])
		printf("setarch -R ran, but the addresses still differ: randomization stayed on\n\n");
	else
		printf("setarch -R works here: the same addresses twice, and the break starts on the "
		       "page after .bss, as when brk grew the data segment itself\n\n");
}

/* limit_child - section 4, in a child: grow the break page by page under
 * RLIMIT_DATA = VmData + 256 KiB, until the kernel says no. */
static void limit_child(void)
{
	long vm = vmdata_kb();
	struct rlimit rl;
	size_t pages = 0;
	void *m;
	int err;

	if (vm < 0 || getrlimit(RLIMIT_DATA, &rl) != 0) {
		printf("cannot read VmData or RLIMIT_DATA\n");
		return;
	}
	rl.rlim_cur = ((rlim_t)vm + 256) * 1024;
	if (setrlimit(RLIMIT_DATA, &rl) != 0) {
		printf("setrlimit(RLIMIT_DATA): %s\n", strerror(errno));
		return;
	}
	printf("VmData: %ld KiB; RLIMIT_DATA set to VmData + 256 KiB = %ld KiB\n", vm, vm + 256);
	while (sbrk((intptr_t)page) != (void *)-1)
		pages++;
	err = errno;
	printf("sbrk(+%zu) succeeded %zu times (%zu KiB), then returned (void *)-1 with errno "
	       "%s (%s)\n", page, pages, pages * page / 1024, err == ENOMEM ? "ENOMEM" : "?",
	       strerror(err));
	printf("VmData now: %ld KiB\n", vmdata_kb());
	/* Big enough for glibc to ask for new memory: mmap, then brk. */
	m = malloc(1024 * 1024);
	printf("malloc(1 MiB) now returns %p%s\n", m,
	       m ? "" : ": glibc's mmap counts against RLIMIT_DATA too");
	free(m);
}

/* trim_child - section 5a: free the top block, with or without a page of
 * someone else's on top of malloc's heap. */
static void trim_child(bool foreign)
{
	char *p = malloc(120 * 1024), *q = malloc(120 * 1024);
	uintptr_t before, after;

	if (!p || !q)
		return;
	if (foreign)
		sbrk((intptr_t)page);
	before = (uintptr_t)sbrk(0);
	free(q);
	after = (uintptr_t)sbrk(0);
	printf("%s: free(the 120 KiB block at the top): break %#" PRIxPTR " -> %#" PRIxPTR,
	       foreign ? "with your page on top" : "malloc alone         ", before, after);
	if (after < before)
		printf(" (%" PRIuPTR " KiB given back)\n", (before - after) / 1024);
	else
		printf(" (unchanged)\n");
	free(p);
}

static void trim_alone(void) { trim_child(false); }
static void trim_foreign(void) { trim_child(true); }

/* skip_child - section 5b: malloc must grow its heap after your sbrk. */
static void skip_child(void)
{
	char *p = malloc(120 * 1024), *f, *r;

	if (!p)
		return;
	f = sbrk((intptr_t)page);
	r = malloc(120 * 1024);
	printf("your page: [%p, %p); malloc's next 120 KiB block: %p%s\n", (void *)f,
	       (void *)(f + page), (void *)r,
	       (char *)r >= f + page ? ", above your page: glibc saw the break was not where it left "
	       "it and went on above" : "");
}

/* shrink_child - section 5c: lower the break below malloc's block. */
static void shrink_child(void)
{
	char *p = malloc(120 * 1024);
	uintptr_t low;

	if (!p)
		return;
	memset(p, 1, 120 * 1024);
	low = ((uintptr_t)p + page - 1) & ~(uintptr_t)(page - 1);
	printf("malloc's block: %p; lowering the break from %p to %#" PRIxPTR
	       ", then writing into the block...\n", (void *)p, sbrk(0), low);
	fflush(stdout);
	sbrk(-(intptr_t)((uintptr_t)sbrk(0) - low));
	p[120 * 1024 - 1] = 2;
	printf("the write went through (it should not have)\n");
}

int main(int argc, char **argv)
{
	static char outbuf[1 << 14];
	uintptr_t b0;

	if (argc == 2 && !strcmp(argv[1], "--where"))
		return where_am_i();
	/* A static stdout buffer: printf then never calls malloc. */
	setvbuf(stdout, outbuf, _IOLBF, sizeof(outbuf));
	page = ml_page_size();

	b0 = section_first_malloc();
	section_fresh();
	section_gap(b0);
	section_aslr();

	printf("== 4. RLIMIT_DATA caps the break (in a child process)\n");
	in_child(limit_child);
	printf("\n== 5. Moving the break under malloc's feet (each in a child process)\n");
	printf("a) glibc gives pages back only when the break is still its own end:\n");
	in_child(trim_alone);
	in_child(trim_foreign);
	printf("b) someone grew the break, and malloc needs more:\n");
	in_child(skip_child);
	printf("c) someone lowered the break below malloc's block:\n");
	in_child(shrink_child);
	return 0;
}
