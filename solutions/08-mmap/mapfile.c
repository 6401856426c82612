/*
 * mapfile.c - read a file through mmap; a buffer with a guard page.
 *
 * You edit this file (and no other: the grader takes only mapfile.c from
 * you).
 *
 * What you learn: a mapping outlives the descriptor it came from; the
 * kernel maps whole pages and zero-fills the tail past the end of the file;
 * a file that shrinks under a mapping turns reads into SIGBUS, which a
 * careful reader catches; an inaccessible page makes an overflow fault at
 * the first byte.
 *
 * What to edit: TODO 1 to TODO 5 (the steps of labs/08-mmap/README.md).
 * The contract of every function is in harness/mapfile.h.
 *
 * Check your work: make grade LAB=08
 *
 * Man pages: mmap(2), munmap(2), mprotect(2), fstat(2), sigaction(2),
 * sigsetjmp(3), sysconf(3).
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
	void *p;
	int fd, err;

	memset(m, 0, sizeof(*m));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	/* mmap refuses a length of 0 (EINVAL): an empty file has nothing to
	 * map, and { NULL, 0 } is a perfectly good view of it. */
	if (st.st_size > 0) {
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED)
			goto fail;
		m->data = p;
		m->size = (size_t)st.st_size;
	}
	/* The mapping holds its own reference to the file: the descriptor
	 * is no longer needed, and keeping it would leak one per open file. */
	close(fd);
	return 0;
fail:
	err = errno;
	close(fd);
	errno = err;
	return -1;
}

/* is_space - the six bytes isspace() accepts in the C locale. */
static int is_space(unsigned char b)
{
	return b == ' ' || (b >= '\t' && b <= '\r');
}

/* count_bytes - count p[0..n-1] into *c.  Reads exactly n bytes: the rest
 * of the last page is zeros that are not part of the file. */
static void count_bytes(const char *p, size_t n, struct counts *c)
{
	size_t lines = 0, words = 0;
	int in_word = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)p[i];

		if (b == '\n')
			lines++;
		if (is_space(b))
			in_word = 0;
		else if (!in_word) {
			in_word = 1;
			words++;
		}
	}
	c->lines = lines;
	c->words = words;
	c->bytes = n;
}

/* Where on_sigbus jumps back to.  One per process: mf_count is not
 * thread-safe (see the handout's "going further"). */
static sigjmp_buf bus_jump;

/* on_sigbus - a read hit a page with no file behind it: leave the loop. */
static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(bus_jump, 1);
}

int mf_count(const struct mapped *m, struct counts *c)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &old) < 0)
		return -1;
	/* sigsetjmp(..., 1) saves the signal mask and siglongjmp restores
	 * it: the kernel blocks SIGBUS while the handler runs, and a plain
	 * longjmp would leave it blocked, so the next SIGBUS would kill. */
	if (sigsetjmp(bus_jump, 1)) {
		sigaction(SIGBUS, &old, NULL);
		errno = EIO;
		return -1;
	}
	count_bytes(m->data, m->size, c);
	/* Give the caller back its own SIGBUS action, whatever it was. */
	sigaction(SIGBUS, &old, NULL);
	return 0;
}

void mf_close(struct mapped *m)
{
	/* munmap rounds the length up to whole pages, as mmap did: the
	 * file's size unmaps exactly what mf_open mapped.  Zeroing *m makes
	 * a second call a no-op instead of unmapping someone else's pages. */
	if (m->data)
		munmap((void *)m->data, m->size);
	memset(m, 0, sizeof(*m));
}

/* round_up - n rounded up to a multiple of the page size pg. */
static size_t round_up(size_t n, size_t pg)
{
	return (n + pg - 1) / pg * pg;
}

void *guarded_alloc(size_t n)
{
	size_t pg = ml_page_size(), data = round_up(n, pg);
	char *base;

	if (n == 0) {
		errno = EINVAL;
		return NULL;
	}
	/* data pages, then one guard page, in one mapping */
	base = mmap(NULL, data + pg, PROT_READ | PROT_WRITE,
	            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	/* Same mapping, new attributes for its last page: no access at all. */
	if (mprotect(base + data, pg, PROT_NONE) < 0) {
		int err = errno;

		munmap(base, data + pg);
		errno = err;
		return NULL;
	}
	/* The bytes end where the guard starts; the start moves down by
	 * n bytes, so it is unaligned unless n is a multiple of pg. */
	return base + data - n;
}

void guarded_free(void *p, size_t n)
{
	size_t pg = ml_page_size(), data = round_up(n, pg);

	if (!p)
		return;
	/* Back to the start of the first data page; one munmap removes the
	 * data pages and the guard, though mprotect split them in two. */
	munmap((char *)p + n - data, data + pg);
}
