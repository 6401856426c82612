/* stackinfo.c - the calling thread's stack bounds; catching its overflow. */
#define _GNU_SOURCE               /* pthread_getattr_np */
#include "stackinfo.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool si_stack_of_self(struct si_stack *st)
{
	pthread_attr_t attr;
	void *addr;
	size_t size, guard;

	memset(st, 0, sizeof(*st));
	if (pthread_getattr_np(pthread_self(), &attr) != 0)
		return false;
	/* getstack gives the lowest usable address, not the top: the stack
	 * grows down from addr + size. */
	pthread_attr_getstack(&attr, &addr, &size);
	pthread_attr_getguardsize(&attr, &guard);
	pthread_attr_destroy(&attr);
	st->lo = (uintptr_t)addr;
	st->hi = st->lo + size;
	st->size = size;
	st->guard = guard;
	return true;
}

const char *si_fmt_size(char *buf, size_t bufsize, size_t bytes)
{
	if (bytes >= ((size_t)1 << 40))
		snprintf(buf, bufsize, "%.1f TiB", (double)bytes / (double)((size_t)1 << 40));
	else if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
		snprintf(buf, bufsize, "%zu MiB", bytes >> 20);
	else if (bytes >= 1024 && bytes % 1024 == 0)
		snprintf(buf, bufsize, "%zu KiB", bytes >> 10);
	else
		snprintf(buf, bufsize, "%zu bytes", bytes);
	return buf;
}

/* Per-thread state: each thread catches its own overflow on its own
 * alternate stack. */
static __thread sigjmp_buf catch_env;
static __thread volatile sig_atomic_t catch_armed;
static __thread volatile uintptr_t catch_fault;
static __thread void *alt_mem;

/* on_segv - runs on the alternate stack: note the address and jump back
 * to the thread's sigsetjmp.  Not armed: fall back to the default action,
 * so that the fault happens again and kills the process as usual. */
static void on_segv(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	if (!catch_armed) {
		signal(sig, SIG_DFL);
		return;
	}
	catch_armed = 0;
	catch_fault = (uintptr_t)info->si_addr;
	siglongjmp(catch_env, 1);
}

static pthread_once_t handler_once = PTHREAD_ONCE_INIT;
static bool handler_ok;

/* install_handler - the process-wide SIGSEGV disposition (once). */
static void install_handler(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;   /* ONSTACK: see the header */
	sigemptyset(&sa.sa_mask);
	handler_ok = sigaction(SIGSEGV, &sa, NULL) == 0;
}

bool si_catch_begin(void)
{
	/* SIGSTKSZ is no constant since glibc 2.34; take a generous size. */
	size_t size = 4 * (size_t)sysconf(_SC_SIGSTKSZ);
	stack_t ss;

	if (size < 65536)
		size = 65536;
	pthread_once(&handler_once, install_handler);
	if (!handler_ok)
		return false;
	alt_mem = malloc(size);
	if (!alt_mem)
		return false;
	ss.ss_sp = alt_mem;
	ss.ss_size = size;
	ss.ss_flags = 0;
	if (sigaltstack(&ss, NULL) != 0) {
		free(alt_mem);
		alt_mem = NULL;
		return false;
	}
	catch_fault = 0;
	catch_armed = 1;
	return true;
}

sigjmp_buf *si_catch_env(void)
{
	return &catch_env;
}

uintptr_t si_catch_fault(void)
{
	return catch_fault;
}

void si_catch_end(void)
{
	stack_t ss;

	catch_armed = 0;
	memset(&ss, 0, sizeof(ss));
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	free(alt_mem);
	alt_mem = NULL;
}
