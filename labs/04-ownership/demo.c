/*
 * demo.c - a use-after-free and a double free, each in a child process,
 * shown twice: natively (what glibc notices, if anything) and under
 * valgrind's memcheck (what it reports, and where).  Then the same two
 * mistakes against a wiping delete, which leaves NULL behind it.
 *
 * usage: demo                 run the three stories
 *        demo --child NAME    run one child's body (the demo starts itself
 *                             this way under valgrind)
 *
 * Each bug runs in a child so that the demo survives it and can print how
 * the child ended: its exit status or the signal that killed it, and the
 * last lines it wrote on stderr (where glibc puts "double free detected").
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * The bugs below go through `volatile` copies of pointers.  gcc 12 catches
 * free(p) followed by a use of p in the same function (-Wuse-after-free);
 * in real programs the stale copy sits in another structure or another
 * file, where no compiler sees it.  volatile hides it the same way.
 */

/* hexdump16 - print the first 16 bytes at p in hex. */
static void hexdump16(const char *label, const void *p)
{
	const unsigned char *c = p;

	printf("  %s", label);
	for (int i = 0; i < 16; i++)
		printf(" %02x", c[i]);
	printf("\n");
}

/* child_uaf - keep a pointer after free(), then read through it. */
static void child_uaf(void)
{
	char *token = calloc(1, 32);    /* zeroed: every byte shown is defined */
	char *volatile stale;
	char *secret;

	strcpy(token, "guest");
	printf("  token  = calloc(1, 32) = %p, holds \"%s\"\n", (void *)token, token);
	hexdump16("token's first bytes:", token);
	stale = token;                  /* a second pointer to the same chunk */
	free(token);                    /* the owner releases it ... */
	printf("  free(token): the chunk is malloc's again; stale still holds %p\n", (void *)stale);
	hexdump16("stale's first bytes:", stale);
	printf("  (the bytes changed: malloc keeps its free list inside the freed chunk)\n");
	{
		/* The first 8 bytes are the free-list link, stored mangled since
		 * glibc 2.32 (safe-linking: next ^ (address >> 12)); the only
		 * chunk of its list links to NULL, so they read address >> 12. */
		uint64_t link;

		memcpy(&link, (const void *)stale, sizeof(link));
		printf("  first 8 bytes as a number: %#" PRIx64 "; the chunk's address >> 12: %#" PRIx64 "%s\n",
		       link, (uint64_t)((uintptr_t)stale >> 12),
		       link == (uint64_t)((uintptr_t)stale >> 12) ?
		       "\n  (the same: glibc's safe-linking stores next ^ (address >> 12), and next is NULL)" :
		       "\n  (not the same here: another glibc, or the list was not empty)");
	}
	secret = malloc(32);            /* ... and malloc gives it to someone else */
	strcpy(secret, "hunter2");
	printf("  secret = malloc(32) = %p, holds \"%s\"%s\n", (void *)secret, secret,
	       secret == stale ? ": the same chunk, with a new owner" : "");
	printf("  stale reads \"%s\"\n", stale);
	free(secret);
}

/* child_double_free - free the same chunk twice. */
static void child_double_free(void)
{
	char *p = malloc(32);
	char *volatile again = p;

	printf("  p = malloc(32) = %p; free(p); free(p) again\n", (void *)p);
	free(p);
	free(again);
	printf("  the second free() returned\n");
}

/* A record with an owned member, and its wiping delete. */
struct session {
	long id;
	char *name;             /* owned */
};

/* session_delete - free *sp and what it owns, leave *sp NULL; accepts NULL. */
static void session_delete(struct session **sp)
{
	if (!sp || !*sp)
		return;
	free((*sp)->name);
	free(*sp);
	*sp = NULL;
}

/* on_segv - say where the fault was, then die of it as the default would. */
static void on_segv(int sig, siginfo_t *si, void *ctx)
{
	char msg[64] = "  SIGSEGV: fault address 0x";
	size_t n = strlen(msg);
	uintptr_t a = (uintptr_t)si->si_addr;
	int shift = 60;

	(void)ctx;
	while (shift > 0 && !((a >> shift) & 0xf))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		msg[n++] = "0123456789abcdef"[(a >> shift) & 0xf];
	msg[n++] = '\n';
	/* write(2), not printf: a signal handler may only call
	 * async-signal-safe functions. */
	if (write(STDOUT_FILENO, msg, n) < 0)
		_exit(2);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* child_wiped - the same two mistakes, against a wiping delete. */
static void child_wiped(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv, .sa_flags = SA_SIGINFO };
	struct session *s = malloc(sizeof(*s));
	struct session *volatile *sp = &s;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	s->id = 42;
	s->name = strdup("ada");
	printf("  s = %p; session_delete(&s) twice\n", (void *)s);
	session_delete(&s);
	session_delete(&s);             /* s is NULL: nothing to do */
	printf("  after them, s = %p; now read s->name (offset %zu in the struct)\n",
	       (void *)*sp, offsetof(struct session, name));
	printf("  s->name = %p\n", (void *)(*sp)->name);
}

static const struct child {
	const char *name;
	const char *title;
	void (*run)(void);
} children[] = {
	{ "uaf", "use-after-free: a pointer kept after free()", child_uaf },
	{ "double-free", "double free: the same chunk freed twice", child_double_free },
	{ "wiped", "the same mistakes after a wiping delete (pointer left NULL)", child_wiped },
};

/* describe - how a child ended, in words. */
static void describe(int status, char *out, size_t len)
{
	if (WIFEXITED(status))
		snprintf(out, len, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(out, len, "was killed by SIG%s (signal %d)",
		         sigabbrev_np(WTERMSIG(status)) ? sigabbrev_np(WTERMSIG(status)) : "?",
		         WTERMSIG(status));
	else
		snprintf(out, len, "ended with wait status %#x", status);
}

/* spawn - run `demo --child NAME` (under valgrind if memcheck), its stderr
 * into *err (a pipe's read end), its stdout to ours or to /dev/null.
 * Returns the child's pid, or -1. */
static pid_t spawn(const struct child *c, int memcheck, int *err)
{
	static char self[4096];
	int fds[2];
	pid_t pid;
	ssize_t n;

	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0 || pipe(fds) < 0)
		return -1;
	self[n] = '\0';
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		if (memcheck) {
			if (!freopen("/dev/null", "w", stdout))
				_exit(126);
			execlp("valgrind", "valgrind", "--tool=memcheck", "-q",
			       self, "--child", c->name, (char *)NULL);
			_exit(127);     /* valgrind is not installed */
		}
		setvbuf(stdout, NULL, _IONBF, 0);  /* print before a crash */
		c->run();
		exit(0);
	}
	close(fds[1]);
	*err = fds[0];
	return pid;
}

/* run_native - the child natively: its own story, then how it ended. */
static void run_native(const struct child *c)
{
	char buf[4096], how[96];
	ssize_t n, got = 0;
	int err, status;
	pid_t pid;

	printf("natively:\n");
	pid = spawn(c, 0, &err);
	if (pid < 0) {
		perror("demo: fork");
		return;
	}
	while ((n = read(err, buf + got, sizeof(buf) - 1 - got)) > 0)
		got += n;
	buf[got] = '\0';
	close(err);
	waitpid(pid, &status, 0);
	describe(status, how, sizeof(how));
	printf("  -> the child %s", how);
	if (got)
		printf("; glibc said on stderr: %s", buf);
	else if (WIFEXITED(status) && !WEXITSTATUS(status))
		printf(", and nothing on stderr: nobody noticed\n");
	else
		printf("\n");
}

/* run_memcheck - the same child under memcheck: its first error report. */
static void run_memcheck(const struct child *c)
{
	char line[512];
	int err, status, shown = 0;
	FILE *f;
	pid_t pid;

	printf("under valgrind --tool=memcheck -q (its first report; `==PID==` cut):\n");
	pid = spawn(c, 1, &err);
	if (pid < 0 || !(f = fdopen(err, "r"))) {
		perror("demo: fork");
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		char *text = line;

		if (line[0] == '=' && line[1] == '=') {
			text = strstr(line + 2, "==");
			text = text ? text + 2 : line;
			if (*text == ' ')
				text++;
		}
		/* One report: up to its first blank line, at most 12 lines. */
		if (shown > 0 && (*text == '\n' || shown >= 12))
			break;
		if (*text != '\n') {
			printf("  %s", text);
			shown++;
		}
	}
	while (fgets(line, sizeof(line), f))
		;                       /* let the child finish writing */
	fclose(f);
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		printf("  (valgrind is not installed: run `make deps`)\n");
	else if (!shown)
		printf("  (memcheck reported nothing)\n");
}

int main(int argc, char **argv)
{
	/* glibc writes "double free detected" to the terminal unless this is
	 * set; the demo wants it on stderr, to show it. */
	setenv("LIBC_FATAL_STDERR_", "1", 1);
	if (argc == 3 && strcmp(argv[1], "--child") == 0) {
		for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++)
			if (strcmp(argv[2], children[i].name) == 0) {
				children[i].run();
				return 0;
			}
		return 2;
	}
	printf("Lab 04 - ownership and lifetime: three children, each run natively,\n"
	       "then under memcheck.\n");
	for (size_t i = 0; i < sizeof(children) / sizeof(children[0]); i++) {
		printf("\n== %zu. %s\n", i + 1, children[i].title);
		run_native(&children[i]);
		run_memcheck(&children[i]);
	}
	return 0;
}
