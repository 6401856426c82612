/*
 * pools.c - names and sentences for the enums of classify.h (harness).
 *
 * Kept apart from classify.c so that what the demo and the probe print
 * never depends on the student's code: only the answers do.
 */
#include "classify.h"

#define NAME(x) [x] = #x

static const char *const pool_names[POOL_COUNT] = {
	NAME(POOL_UNMAPPED), NAME(POOL_EXE_CODE), NAME(POOL_EXE_RODATA),
	NAME(POOL_EXE_DATA), NAME(POOL_EXE_BSS), NAME(POOL_LIBRARY),
	NAME(POOL_HEAP_BRK), NAME(POOL_MMAP_ANON), NAME(POOL_MMAP_FILE),
	NAME(POOL_MAIN_STACK), NAME(POOL_THREAD_STACK), NAME(POOL_KERNEL),
};

static const char *const owner_names[OWNER_COUNT] = {
	NAME(OWNER_NOBODY), NAME(OWNER_LOADER), NAME(OWNER_BRK_CALLER),
	NAME(OWNER_MMAP_CALLER), NAME(OWNER_KERNEL), NAME(OWNER_THREAD_LIBRARY),
};

static const char *const lifetime_names[LIFE_COUNT] = {
	NAME(LIFE_NONE), NAME(LIFE_PROCESS), NAME(LIFE_UNTIL_DLCLOSE),
	NAME(LIFE_UNTIL_BRK), NAME(LIFE_UNTIL_MUNMAP), NAME(LIFE_THREAD),
};

static const char *const initial_names[INIT_COUNT] = {
	NAME(INIT_NONE), NAME(INIT_FILE), NAME(INIT_FILE_OR_ZERO),
	NAME(INIT_ZERO), NAME(INIT_LEFTOVER), NAME(INIT_KERNEL),
};

static const char *const owner_texts[OWNER_COUNT] = {
	[OWNER_NOBODY] = "nobody",
	[OWNER_LOADER] = "the dynamic loader",
	[OWNER_BRK_CALLER] = "the caller of brk() (malloc)",
	[OWNER_MMAP_CALLER] = "the caller of mmap()",
	[OWNER_KERNEL] = "the kernel",
	[OWNER_THREAD_LIBRARY] = "the thread library (pthread_create)",
};

static const char *const lifetime_texts[LIFE_COUNT] = {
	[LIFE_NONE] = "never valid",
	[LIFE_PROCESS] = "until the process ends",
	[LIFE_UNTIL_DLCLOSE] = "until the library is unloaded",
	[LIFE_UNTIL_BRK] = "until brk() gives it back",
	[LIFE_UNTIL_MUNMAP] = "until munmap()",
	[LIFE_THREAD] = "until the thread ends",
};

static const char *const initial_texts[INIT_COUNT] = {
	[INIT_NONE] = "none (no memory)",
	[INIT_FILE] = "the file's bytes",
	[INIT_FILE_OR_ZERO] = "the file's bytes, or zero for .bss",
	[INIT_ZERO] = "zero",
	[INIT_LEFTOVER] = "whatever was there",
	[INIT_KERNEL] = "what the kernel put there",
};

/* pick - table[i] if i is in range and set, else "?" (a wrong answer must
 * print, not crash the demo). */
static const char *pick(const char *const *table, unsigned n, unsigned i)
{
	return i < n && table[i] ? table[i] : "?";
}

/* pool_name - "POOL_HEAP_BRK" and the like; "?" for a bad value. */
const char *pool_name(enum pool p) { return pick(pool_names, POOL_COUNT, p); }
/* owner_name - "OWNER_LOADER" and the like. */
const char *owner_name(enum owner o) { return pick(owner_names, OWNER_COUNT, o); }
/* lifetime_name - "LIFE_PROCESS" and the like. */
const char *lifetime_name(enum lifetime l) { return pick(lifetime_names, LIFE_COUNT, l); }
/* initial_name - "INIT_ZERO" and the like. */
const char *initial_name(enum initial i) { return pick(initial_names, INIT_COUNT, i); }
/* owner_text - the owner in words. */
const char *owner_text(enum owner o) { return pick(owner_texts, OWNER_COUNT, o); }
/* lifetime_text - the lifetime in words. */
const char *lifetime_text(enum lifetime l) { return pick(lifetime_texts, LIFE_COUNT, l); }
/* initial_text - the initial content in words. */
const char *initial_text(enum initial i) { return pick(initial_texts, INIT_COUNT, i); }
