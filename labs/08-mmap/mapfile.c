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
	memset(m, 0, sizeof(*m));
	(void)path;
	/*
	 * TODO 1: map the file read-only and close the descriptor at once.
	 * open() it, fstat() it for its size, mmap() that many bytes with
	 * PROT_READ (MAP_PRIVATE or MAP_SHARED), close() the descriptor, and
	 * fill *m.  An empty file gives { NULL, 0 } without calling mmap:
	 * mmap refuses a length of 0 with EINVAL.  On any failure return -1
	 * with errno set, *m zeroed and no descriptor left open.
	 * When it works, the file's line in /proc/self/maps stays after the
	 * close(), and the grader counts no extra descriptor.
	 */
	errno = ENOSYS;
	return -1;
}

/* count_bytes - count p[0..n-1] into *c. */
static int count_bytes(const char *p, size_t n, struct counts *c)
{
	(void)p;
	(void)n;
	(void)c;
	/*
	 * TODO 2: count lines ('\n' bytes), words (runs of bytes that are
	 * not one of " \t\n\v\f\r") and bytes, reading exactly n bytes: the
	 * rest of the last page is zeros that are not part of the file, and
	 * the file may itself contain zero bytes (so no str*() functions).
	 * Set all three fields of *c and return 0.
	 * When it works, the grader's counts match yours for files of 0, 1,
	 * page-1, page, page+1 bytes and several MiB.
	 */
	errno = ENOSYS;
	return -1;
}

int mf_count(const struct mapped *m, struct counts *c)
{
	/*
	 * TODO 4: survive a file truncated after mf_open.  Reading a page of
	 * the mapping that no longer has file behind it raises SIGBUS.
	 * Install a SIGBUS handler with sigaction() (keep the old action),
	 * mark the way back with sigsetjmp(env, 1) (the 1 saves the signal
	 * mask), count, and restore the old action.  The handler does
	 * siglongjmp(env, 1); back at sigsetjmp, restore the old action and
	 * return -1 with errno = EIO.
	 * When it works, the grader truncates the file between mf_open and
	 * mf_count and gets -1/EIO instead of "Bus error".
	 */
	return count_bytes(m->data, m->size, c);
}

void mf_close(struct mapped *m)
{
	(void)m;
	/*
	 * TODO 3: munmap() what mf_open mapped (the length mmap was given:
	 * munmap rounds it up to whole pages as mmap did), then zero *m so a
	 * second mf_close does nothing.  An empty file has nothing to unmap.
	 * When it works, /proc/self/maps after mf_close is the same as
	 * before mf_open.
	 */
}

void *guarded_alloc(size_t n)
{
	(void)n;
	/*
	 * TODO 5: a buffer whose last byte touches a PROT_NONE page.
	 * Take the page size from ml_page_size() (never 4096: arm64 may use
	 * 16 KiB), mmap() the data rounded up to whole pages plus one page
	 * read-write, mprotect() that last page to PROT_NONE, and return the
	 * address n bytes before it.  Return NULL with errno EINVAL when n is
	 * 0.  guarded_free() below undoes it all, guard page included.
	 * When it works, p[n] = 0 dies with SIGSEGV at once.
	 */
	errno = ENOSYS;
	return NULL;
}

void guarded_free(void *p, size_t n)
{
	/* Step 5 too: munmap() from the first data page to the end of the
	 * guard page (p + n is where the guard starts). */
	(void)p;
	(void)n;
}
