/*
 * alternative: one exit per function with the result in a variable; a
 * byte-at-a-time counter written as a switch; an SA_SIGINFO handler whose
 * old action is restored in one place; mf_close that assigns a zeroed
 * compound literal; the guard page made by a second mmap with MAP_FIXED
 * over the last page (no mprotect), undone by one munmap.
 */
/*
 * mapfile.c - read a file through mmap; a buffer with a guard page.
 *
 * You edit this file (and no other: the grader takes only mapfile.c from
 * you).
 *
 * What to edit: TODO 1 to TODO 5 (the steps of labs/08-mmap/README.md).
 * The contract of every function is in harness/mapfile.h.
 *
 * Check your work: make grade LAB=08
 */
#include "mapfile.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysinfo.h"

int mf_open(struct mapped *m, const char *path)
{
	struct stat st;
	int fd, result = -1, saved = 0;

	*m = (struct mapped){ 0 };
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0) {
		saved = errno;
	} else if (st.st_size == 0) {
		result = 0;             /* nothing to map: { NULL, 0 } */
	} else {
		void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);

		if (p == MAP_FAILED) {
			saved = errno;
		} else {
			*m = (struct mapped){ .data = p, .size = (size_t)st.st_size };
			result = 0;
		}
	}
	close(fd);
	if (result < 0)
		errno = saved;
	return result;
}

/* count_range - the counts of p[0..n-1]. */
static void count_range(const unsigned char *p, size_t n, struct counts *c)
{
	const unsigned char *end = p + n;
	int blank_before = 1;

	c->lines = c->words = 0;
	c->bytes = n;
	for (; p < end; p++) {
		int blank;

		switch (*p) {
		case '\n':
			c->lines++;
			/* fall through */
		case ' ': case '\t': case '\v': case '\f': case '\r':
			blank = 1;
			break;
		default:
			blank = 0;
		}
		if (blank_before && !blank)
			c->words++;
		blank_before = blank;
	}
}

static sigjmp_buf back;

static void bus_handler(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)info;
	(void)ctx;
	siglongjmp(back, 1);
}

int mf_count(const struct mapped *m, struct counts *c)
{
	struct sigaction mine, theirs;
	volatile int result = 0;

	memset(&mine, 0, sizeof(mine));
	mine.sa_sigaction = bus_handler;
	mine.sa_flags = SA_SIGINFO;
	sigemptyset(&mine.sa_mask);
	if (sigaction(SIGBUS, &mine, &theirs) != 0)
		return -1;
	if (sigsetjmp(back, 1) == 0)
		count_range((const unsigned char *)m->data, m->size, c);
	else
		result = -1;
	sigaction(SIGBUS, &theirs, NULL);
	if (result < 0)
		errno = EIO;
	return result;
}

void mf_close(struct mapped *m)
{
	if (m->size > 0)
		munmap((void *)m->data, m->size);
	*m = (struct mapped){ 0 };
}

void *guarded_alloc(size_t n)
{
	size_t pg = ml_page_size(), data;
	char *base;
	void *guard;

	if (n == 0) {
		errno = EINVAL;
		return NULL;
	}
	data = (n / pg + (n % pg != 0)) * pg;
	base = mmap(NULL, data + pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	/* A new mapping laid over the last page replaces it, attributes and
	 * all: the guard, without mprotect. */
	guard = mmap(base + data, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (guard == MAP_FAILED) {
		int saved = errno;

		munmap(base, data + pg);
		errno = saved;
		return NULL;
	}
	return base + data - n;
}

void guarded_free(void *p, size_t n)
{
	size_t pg = ml_page_size(), data = (n / pg + (n % pg != 0)) * pg;

	if (p != NULL)
		munmap((char *)p + n - data, data + pg);
}
