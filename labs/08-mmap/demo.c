/*
 * demo.c - what mmap really does on this machine (make run LAB=08).
 *
 *   1. a file mapped: its /proc/self/maps line, in whole pages
 *   2. the zero-filled tail of the last page, never written back; a whole
 *      page past the end of the file raises SIGBUS
 *   3. the file truncated under the mapping: SIGBUS, caught and reported
 *   4. MAP_FIXED over existing pages replaces them; mprotect changes them
 *   5. munmap need not mirror mmap: one call removes two mappings, two
 *      calls split one
 *   6. a PROT_NONE page after a buffer: the overflow faults at once
 *
 * Every number and line printed is read from the running system.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "maps.h"
#include "sysinfo.h"

static size_t pg;

/* die - report a failed call and stop: a demo that goes on after a failure
 * would print things that did not happen. */
static void die(const char *what)
{
	fprintf(stderr, "demo: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* ---- catching a fault -------------------------------------------------- */

static sigjmp_buf back;
static volatile sig_atomic_t fault_sig, fault_code;
static void *volatile fault_addr;

/* on_fault - remember what the kernel said about the fault, jump back. */
static void on_fault(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fault_sig = sig;
	fault_code = si->si_code;
	fault_addr = si->si_addr;
	siglongjmp(back, 1);
}

/* code_name - the name of a SIGBUS/SIGSEGV si_code, as in siginfo.h. */
static const char *code_name(int sig, int code)
{
	if (sig == SIGBUS)
		return code == BUS_ADRALN ? "BUS_ADRALN (misaligned address)" :
		       code == BUS_ADRERR ? "BUS_ADRERR (no such address in the object)" :
		       code == BUS_OBJERR ? "BUS_OBJERR (hardware error on the object)" : "?";
	return code == SEGV_MAPERR ? "SEGV_MAPERR (nothing mapped there)" :
	       code == SEGV_ACCERR ? "SEGV_ACCERR (mapped, but not with that access)" : "?";
}

/* access_byte - read (write != 0: write) *p.  Returns 0, or the signal
 * number it raised, printing what siginfo said. */
static int access_byte(volatile char *p, int write, const char *label)
{
	int v = 0;

	/* sigsetjmp(.., 1): the jump back also restores the signal mask
	 * (the kernel blocks the signal while its handler runs). */
	if (sigsetjmp(back, 1) == 0) {
		if (write)
			*p = 'X';
		else
			v = *p;
		printf("  %-32s %p: %s fine (byte 0x%02x)\n", label, (void *)p,
		       write ? "written" : "read", (unsigned)(unsigned char)*p);
		(void)v;
		return 0;
	}
	printf("  %-32s %p: %s, si_code %d = %s, si_addr %p\n", label, (void *)p,
	       fault_sig == SIGBUS ? "SIGBUS" : "SIGSEGV", (int)fault_code,
	       code_name(fault_sig, fault_code), fault_addr);
	return fault_sig;
}

/* ---- showing /proc/self/maps --------------------------------------------- */

struct range {
	uintptr_t lo, hi;
	int lines;
};

/* print_in_range - ml_maps_each callback: print the lines that overlap. */
static bool print_in_range(const struct ml_map *m, void *arg)
{
	struct range *r = arg;

	if (m->end > r->lo && m->start < r->hi) {
		size_t pages = (size_t)(m->end - m->start) / pg;

		printf("    %s   (%zu page%s)\n", m->line, pages, pages == 1 ? "" : "s");
		r->lines++;
	}
	return m->start < r->hi;
}

/* show_maps - the /proc/self/maps lines overlapping [p, p + len). */
static void show_maps(const char *title, const void *p, size_t len)
{
	struct range r = { (uintptr_t)p, (uintptr_t)p + len, 0 };

	printf("  %s\n", title);
	ml_maps_each(print_in_range, &r);
	if (!r.lines)
		printf("    (no line: nothing is mapped there)\n");
}

/* reserve - pages PROT_NONE pages somewhere free.  The demo maps inside
 * with MAP_FIXED, so its mappings never merge with a neighbour's line. */
static char *reserve(size_t pages)
{
	void *p = mmap(NULL, pages * pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		die("mmap PROT_NONE");
	return p;
}

/* map_fixed - an anonymous mapping at exactly p (MAP_FIXED replaces
 * whatever was there). */
static void map_fixed(char *p, size_t len, int prot)
{
	if (mmap(p, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
		die("mmap MAP_FIXED");
}

/* ---- the sections --------------------------------------------------- */

/* make_file - a temporary file of size bytes of short text lines. */
static int make_file(char *path, size_t size)
{
	int fd = mkstemp(path);
	char *buf;

	if (fd < 0)
		die("mkstemp");
	buf = malloc(size);
	if (!buf)
		die("malloc");
	for (size_t i = 0; i < size; i++)
		buf[i] = i % 32 == 31 ? '\n' : (char)('a' + i % 26);
	if (write(fd, buf, size) != (ssize_t)size)
		die("write");
	free(buf);
	return fd;
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[4096];
	size_t size;
	char *file, *wide, *r;
	struct sigaction sa;
	struct stat st;
	int fd, zeros = 0;
	char c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	pg = ml_page_size();
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);

	printf("page size: %zu bytes (sysconf(_SC_PAGESIZE))\n", pg);

	printf("\n== 1. A file, mapped\n");
	size = pg + 100;
	snprintf(path, sizeof(path), "%s/memlab-08-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = make_file(path, size);
	file = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (file == MAP_FAILED)
		die("mmap the file");
	printf("  %s: %zu bytes (one page + 100)\n", path, size);
	printf("  mmap(NULL, %zu, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0) = %p\n", size,
	       (void *)file);
	show_maps("its line in /proc/self/maps: whole pages, the file's name, offset 0",
	          file, size);

	printf("\n== 2. Past the end of the file\n");
	for (size_t i = size; i < 2 * pg; i++)
		zeros += file[i] == 0;
	printf("  bytes %zu..%zu, the rest of the last page: %d of %zu are zero\n", size,
	       2 * pg - 1, zeros, 2 * pg - size);
	memcpy(file + size, "TAIL", 4);
	if (msync(file, 2 * pg, MS_SYNC) < 0)
		die("msync");
	fstat(fd, &st);
	printf("  wrote \"TAIL\" at byte %zu and msync()ed: the file is still %lld bytes,"
	       " pread() there returns %zd\n", size, (long long)st.st_size,
	       pread(fd, &c, 1, (off_t)size));
	wide = mmap(NULL, 3 * pg, PROT_READ, MAP_SHARED, fd, 0);
	if (wide == MAP_FAILED)
		die("mmap 3 pages");
	printf("  mmap(NULL, %zu, ...) of the same file: 3 pages for 2 pages of file"
	       " (mmap does not check)\n", 3 * pg);
	show_maps("its line:", wide, 3 * pg);
	access_byte(wide + pg, 0, "page 2 (has file behind it)");
	access_byte(wide + 2 * pg, 0, "page 3 (wholly past the end)");
	munmap(wide, 3 * pg);

	printf("\n== 3. The file truncated under the mapping\n");
	close(fd);   /* the mapping keeps the file alive: truncate by name */
	printf("  close(fd): the mapping stays; truncate(\"%s\", 0)\n", path);
	if (truncate(path, 0) < 0)
		die("truncate");
	access_byte(file, 0, "byte 0 of the mapping");
	access_byte(file + size - 1, 0, "last byte of the old file");
	show_maps("the line is still there: only its backing is gone", file, size);
	munmap(file, size);
	unlink(path);

	printf("\n== 4. MAP_FIXED over existing pages\n");
	r = reserve(5);
	map_fixed(r + pg, 3 * pg, PROT_READ | PROT_WRITE);
	memset(r + pg, 'A', 3 * pg);
	show_maps("3 pages read-write, filled with 'A':", r + pg, 3 * pg);
	map_fixed(r + 2 * pg, pg, PROT_READ);
	show_maps("mmap(MAP_FIXED, PROT_READ) over the middle page: the line splits in 3",
	          r + pg, 3 * pg);
	printf("  middle page, byte 0: 0x%02x (was 'A' = 0x41: MAP_FIXED put a new page there)\n",
	       (unsigned)(unsigned char)r[2 * pg]);
	if (mprotect(r + 3 * pg, pg, PROT_READ) < 0)
		die("mprotect");
	show_maps("mprotect(PROT_READ) on the last page: new attributes, same content",
	          r + pg, 3 * pg);
	printf("  last page, byte 0: '%c'\n", r[3 * pg]);
	access_byte(r + 3 * pg, 1, "write to the last page");
	munmap(r, 5 * pg);

	printf("\n== 5. munmap need not mirror mmap\n");
	r = reserve(6);
	map_fixed(r + pg, 2 * pg, PROT_READ | PROT_WRITE);
	map_fixed(r + 3 * pg, 2 * pg, PROT_READ);
	show_maps("two mmap calls, two lines:", r + pg, 4 * pg);
	munmap(r + pg, 4 * pg);
	show_maps("after ONE munmap over both:", r + pg, 4 * pg);
	map_fixed(r + pg, 4 * pg, PROT_READ | PROT_WRITE);
	show_maps("one mmap call of 4 pages, one line:", r + pg, 4 * pg);
	munmap(r + 2 * pg, pg);
	show_maps("after munmap of its 2nd page: split in two", r + pg, 4 * pg);
	munmap(r + pg, pg);
	munmap(r + 3 * pg, 2 * pg);
	show_maps("after two more munmap calls:", r + pg, 4 * pg);
	munmap(r, 6 * pg);

	printf("\n== 6. A guard page after a buffer\n");
	r = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (r == MAP_FAILED || mprotect(r + pg, pg, PROT_NONE) < 0)
		die("mmap + mprotect");
	show_maps("one page of data, then a PROT_NONE page:", r, 2 * pg);
	printf("  a 100-byte buffer that ends against the guard starts at %p"
	       " (page + %zu: not aligned)\n", (void *)(r + pg - 100), pg - 100);
	access_byte(r + pg - 1, 1, "write its last byte");
	access_byte(r + pg, 1, "write one byte past it");
	munmap(r, 2 * pg);
	return 0;
}
