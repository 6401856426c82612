/*
 * fault.c - the wrappers behind fault.h.  Each __wrap_f is what the
 * program's own objects call instead of f; __real_f is the real one.
 */
#define _GNU_SOURCE
#include "fault.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

struct fault {
	bool armed;
	bool fired;
	long nth;
	long calls;
};
static struct fault faults[ML_F_COUNT];
static size_t fake_page, fake_line;

int ml_fault_fn_named(const char *name)
{
	static const char *const names[ML_F_COUNT] = {
		"malloc", "mmap", "mprotect", "open", "pthread_create", "sbrk"
	};

	for (int i = 0; i < ML_F_COUNT; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

void ml_fault_arm(enum ml_fault_fn fn, long nth)
{
	faults[fn] = (struct fault){ .armed = true, .nth = nth };
}

long ml_fault_disarm(enum ml_fault_fn fn)
{
	faults[fn].armed = false;
	return faults[fn].calls;
}

bool ml_fault_fired(enum ml_fault_fn fn)
{
	return faults[fn].fired;
}

void ml_pretend(size_t page, size_t line)
{
	fake_page = page;
	fake_line = line;
}

/* should_fail - count one call of fn; true if it is the one to fail. */
static bool should_fail(enum ml_fault_fn fn)
{
	struct fault *f = &faults[fn];

	if (!f->armed)
		return false;
	if (++f->calls != f->nth)
		return false;
	f->fired = true;
	return true;
}

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
void *__real_mmap(void *a, size_t n, int prot, int flags, int fd, off_t off);
int __real_mprotect(void *a, size_t n, int prot);
int __real_open(const char *path, int flags, ...);
int __real_pthread_create(pthread_t *t, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg);
void *__real_sbrk(intptr_t n);
long __real_sysconf(int name);
int __real_getpagesize(void);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
void *__wrap_mmap(void *a, size_t n, int prot, int flags, int fd, off_t off);
int __wrap_mprotect(void *a, size_t n, int prot);
int __wrap_open(const char *path, int flags, ...);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg);
void *__wrap_sbrk(intptr_t n);
long __wrap_sysconf(int name);
int __wrap_getpagesize(void);

static bool zero_null;

void ml_zero_null(bool on)
{
	zero_null = on;
}

void *__wrap_malloc(size_t n)
{
	if (should_fail(ML_F_MALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	if (zero_null && n == 0)
		return NULL;
	return __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
	if (should_fail(ML_F_MALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	if (zero_null && (k == 0 || n == 0))
		return NULL;
	return __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
	if (should_fail(ML_F_MALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	if (should_fail(ML_F_MALLOC)) {
		errno = ENOMEM;
		return NULL;
	}
	return __real_strdup(s);
}

void *__wrap_mmap(void *a, size_t n, int prot, int flags, int fd, off_t off)
{
	if (should_fail(ML_F_MMAP)) {
		errno = ENOMEM;
		return MAP_FAILED;
	}
	return __real_mmap(a, n, prot, flags, fd, off);
}

int __wrap_mprotect(void *a, size_t n, int prot)
{
	if (should_fail(ML_F_MPROTECT)) {
		errno = ENOMEM;
		return -1;
	}
	return __real_mprotect(a, n, prot);
}

int __wrap_open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;

		va_start(ap, flags);
		mode = va_arg(ap, mode_t);
		va_end(ap);
	}
	if (should_fail(ML_F_OPEN)) {
		errno = EMFILE;
		return -1;
	}
	return __real_open(path, flags, mode);
}

int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *attr,
			  void *(*fn)(void *), void *arg)
{
	if (should_fail(ML_F_PTHREAD_CREATE))
		return EAGAIN;
	return __real_pthread_create(t, attr, fn, arg);
}

void *__wrap_sbrk(intptr_t n)
{
	if (n > 0 && should_fail(ML_F_SBRK)) {
		errno = ENOMEM;
		return (void *)-1;
	}
	return __real_sbrk(n);
}

long __wrap_sysconf(int name)
{
	if (name == _SC_PAGESIZE && fake_page)
		return (long)fake_page;
	if (name == _SC_LEVEL1_DCACHE_LINESIZE && fake_line)
		return (long)fake_line;
	return __real_sysconf(name);
}

int __wrap_getpagesize(void)
{
	return fake_page ? (int)fake_page : __real_getpagesize();
}
