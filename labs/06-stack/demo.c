/*
 * demo.c - the stack on this machine (lab 06): frames and their size, the
 * main stack and a thread's stack in /proc/self/maps, RLIMIT_STACK, a
 * thread overflowing into its guard page, alloca growing a frame, and two
 * locals sharing one slot.
 *
 * Run it with:  make run LAB=06
 * Everything printed is measured now; nothing is assumed.
 */
#define _GNU_SOURCE               /* pthread_getattr_default_np */
#include "maps.h"
#include "stackinfo.h"
#include "sysinfo.h"

#include <alloca.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#define DEPTHS 5

/* Opaque to the optimizer: taking a local's address and passing it here
 * forces the local into memory, so it has an address worth printing. */
static __attribute__((noinline)) void keep(volatile void *p)
{
	__asm__ volatile("" : : "r"(p) : "memory");
}

/* frame_at - recurse to depth, noting a local's address at each level. */
static __attribute__((noinline)) void frame_at(int depth, uintptr_t *addr)
{
	char name[40];

	snprintf(name, sizeof(name), "level %d", depth);
	keep(name);
	addr[depth] = (uintptr_t)name;
	if (depth + 1 < DEPTHS)
		frame_at(depth + 1, addr);
	keep(name);               /* used after the call: no tail call */
}

/* show_frames - one frame per active call; the stack grows down. */
static void show_frames(void)
{
	uintptr_t addr[DEPTHS];

	printf("== 1. One frame per call (frame_at recursing %d times)\n", DEPTHS);
	frame_at(0, addr);
	for (int d = 0; d < DEPTHS; d++) {
		printf("  depth %d: a local at %#" PRIxPTR, d, addr[d]);
		if (d > 0)
			printf("  (%+td bytes from the caller's)", (ptrdiff_t)(addr[d] - addr[d - 1]));
		printf("\n");
	}
	printf("  each call is %td bytes lower: the stack grows %s, one %td-byte frame per call\n\n",
	       (ptrdiff_t)(addr[0] - addr[1]), addr[1] < addr[0] ? "DOWN" : "UP",
	       (ptrdiff_t)(addr[0] - addr[1]));
}

/* with_alloca - alloca 1000 bytes three times; print how the frame grows. */
static __attribute__((noinline)) void with_alloca(int call)
{
	char here;
	uintptr_t prev = (uintptr_t)&here;

	keep(&here);
	for (int i = 0; i < 3; i++) {
		char *p = alloca(1000);

		keep(p);
		printf("  call %d, alloca #%d at %#" PRIxPTR "  (%td bytes below %s)\n",
		       call, i + 1, (uintptr_t)p, (ptrdiff_t)(prev - (uintptr_t)p),
		       i ? "the previous one" : "a local of the frame");
		prev = (uintptr_t)p;
	}
}

/* show_alloca - alloca extends the current frame until it returns. */
static void show_alloca(void)
{
	printf("== 2. alloca() extends the current frame; only the return gives it back\n");
	with_alloca(1);
	with_alloca(2);
	printf("  the second call starts where the first did: its alloca memory was\n"
	       "  released by the return, never by any call of ours\n\n");
}

/* two_scopes - two arrays in sibling blocks: never alive at once. */
static __attribute__((noinline)) void two_scopes(uintptr_t *a, uintptr_t *b)
{
	{
		char first[64];

		keep(first);
		*a = (uintptr_t)first;
	}
	{
		char second[64];

		keep(second);
		*b = (uintptr_t)second;
	}
}

/* show_slots - the compiler may give two locals one slot. */
static void show_slots(void)
{
	uintptr_t a, b;

	two_scopes(&a, &b);
	printf("== 3. Locals need not have slots of their own\n");
	printf("  first[64] at %#" PRIxPTR ", second[64] at %#" PRIxPTR ": %s\n\n", a, b,
	       a == b ? "ONE slot for both (their scopes never overlap)" : "two slots");
}

/* print_map - "  label: the maps line holding addr". */
static void print_map(const char *label, uintptr_t addr)
{
	struct ml_map m;

	if (ml_maps_find((const void *)addr, &m))
		printf("  %-22s %s\n", label, m.line);
	else
		printf("  %-22s (no mapping holds %#" PRIxPTR ")\n", label, addr);
}

/* below_stack - ml_maps_each callback: the end of the mapping right below
 * [stack] (the last one that ends at or under *arg, the stack's start). */
static bool below_stack(const struct ml_map *m, void *arg)
{
	uintptr_t *io = arg;   /* in: [stack]'s start; out: the end below it */

	if (m->end <= io[0])
		io[1] = m->end;
	return m->end < io[0];
}

/* The kernel leaves this much unmapped below [stack] (stack_guard_gap,
 * a boot parameter: 256 pages unless changed; /proc/cmdline would say). */
#define GUARD_GAP_PAGES 256

/* show_main_room - how far main's [stack] may really grow: the soft limit,
 * or, without one, until the guard gap above the mapping below it. */
static void show_main_room(const struct rlimit *rl, uintptr_t here)
{
	struct ml_map st;
	uintptr_t io[2] = { 0, 0 }, gap = GUARD_GAP_PAGES * ml_page_size(), floor;
	char s1[32], s2[32];

	if (!ml_maps_find((const void *)here, &st))
		return;
	io[0] = st.start;
	ml_maps_each(below_stack, io);
	floor = io[1] + gap;
	printf("  below [stack]: the nearest mapping ends at %#" PRIxPTR "; the kernel keeps %d pages\n"
	       "  (%s, stack_guard_gap) free above it, so [stack] can never reach below %#" PRIxPTR "\n",
	       io[1], GUARD_GAP_PAGES, si_fmt_size(s1, sizeof(s1), gap), floor);
	if (rl->rlim_cur == RLIM_INFINITY) {
		printf("  no soft limit: main may grow down to %#" PRIxPTR " (%s below its top), where the\n"
		       "  gap begins. An unlimited stack also switches the kernel to the legacy mmap\n"
		       "  layout: mmap regions now grow up from below the executable, not down from the\n"
		       "  stack (see where the thread's stack lands below)\n",
		       floor, si_fmt_size(s2, sizeof(s2), st.end - floor));
	} else {
		uintptr_t by_limit = st.end - (uintptr_t)rl->rlim_cur;

		printf("  main may grow down to %#" PRIxPTR " (the soft limit, %s below its top)%s\n",
		       by_limit > floor ? by_limit : floor, si_fmt_size(s2, sizeof(s2), (size_t)rl->rlim_cur),
		       by_limit > floor ? "" : ", or less: the gap above the mapping below comes first");
		printf("  the kernel extends [stack] on demand, one fault at a time\n");
	}
}

/* thread_where - runs in a thread with default attributes. */
static void *thread_where(void *arg)
{
	struct si_stack st;
	char here, s1[32], s2[32];

	(void)arg;
	keep(&here);
	si_stack_of_self(&st);
	printf("  a thread's local at %#" PRIxPTR "\n", (uintptr_t)&here);
	print_map("its mapping:", (uintptr_t)&here);
	print_map("the guard below it:", st.lo - 1);
	printf("  pthread_getattr_np: stack [%#" PRIxPTR ", %#" PRIxPTR ") = %s, guard %s\n",
	       st.lo, st.hi, si_fmt_size(s1, sizeof(s1), st.size), si_fmt_size(s2, sizeof(s2), st.guard));
	return NULL;
}

/* show_stacks - main's [stack] versus a thread's anonymous mapping. */
static void show_stacks(void)
{
	struct rlimit rl;
	struct si_stack st;
	pthread_attr_t def;
	pthread_t tid;
	size_t defsize = 0;
	char here, s1[32], s2[32];

	keep(&here);
	printf("== 4. Where the stacks are (page size %zu)\n", ml_page_size());
	getrlimit(RLIMIT_STACK, &rl);
	if (rl.rlim_cur == RLIM_INFINITY)
		printf("  RLIMIT_STACK: soft unlimited");
	else
		printf("  RLIMIT_STACK: soft %s", si_fmt_size(s1, sizeof(s1), rl.rlim_cur));
	if (rl.rlim_max == RLIM_INFINITY)
		printf(", hard unlimited   (ulimit -Ss / -Hs)\n");
	else
		printf(", hard %s   (ulimit -Ss / -Hs)\n", si_fmt_size(s2, sizeof(s2), rl.rlim_max));
	if (pthread_getattr_default_np(&def) == 0) {
		pthread_attr_getstacksize(&def, &defsize);
		pthread_attr_destroy(&def);
	}
	printf("  a new thread's default stack: %s (%s)\n", si_fmt_size(s1, sizeof(s1), defsize),
	       rl.rlim_cur == RLIM_INFINITY ? "no soft limit: glibc's built-in default"
	                                     : "glibc takes it from the soft limit");
	printf("  main's local at %#" PRIxPTR "\n", (uintptr_t)&here);
	print_map("its mapping:", (uintptr_t)&here);
	show_main_room(&rl, (uintptr_t)&here);
	(void)st;
	if (pthread_create(&tid, NULL, thread_where, NULL) == 0)
		pthread_join(tid, NULL);
	printf("  (joined: glibc keeps that thread's stack in a cache, to hand it to the next\n"
	       "  thread that fits in it)\n");
	printf("  the thread's mapping has no name: Linux showed it as [stack:TID] until\n"
	       "  4.5; today find it from an address on it (as above) or pthread_getattr_np\n\n");
}

/* Overflow: a recursion with ~1 KiB frames in a thread with a small stack. */
struct overflow {
	struct si_stack st;
	int depth;
	uintptr_t fault;
};

/* dive - one ~1 KiB frame per level, down to a million levels: far more
 * than 64 KiB holds, so the guard stops it first. */
static __attribute__((noinline)) void dive(struct overflow *o, int left)
{
	volatile char pad[1000];

	pad[0] = 1;
	o->depth++;
	if (left > 0)
		dive(o, left - 1);
	pad[1] = pad[0];          /* no tail call: every level keeps its frame */
}

/* overflow_thread - catch our own SIGSEGV on an alternate stack. */
static void *overflow_thread(void *arg)
{
	struct overflow *volatile o = arg;

	si_stack_of_self(&o->st);
	if (!si_catch_begin())
		return NULL;
	if (sigsetjmp(*si_catch_env(), 1) == 0)
		dive(o, 1000000);
	o->fault = si_catch_fault();
	si_catch_end();
	return NULL;
}

/* show_overflow - a thread with a 64 KiB stack recursing until it faults. */
static void show_overflow(void)
{
	struct overflow o = { .depth = 0 };
	pthread_attr_t attr;
	pthread_t tid;
	char s1[32], s2[32];
	uintptr_t guard_lo;

	printf("== 5. A thread asking for a 64 KiB stack, recursing with ~1 KiB frames\n");
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	if (pthread_create(&tid, &attr, overflow_thread, &o) != 0) {
		printf("  pthread_create failed\n");
		return;
	}
	pthread_join(tid, NULL);
	pthread_attr_destroy(&attr);
	guard_lo = o.st.lo - o.st.guard;
	printf("  its stack: [%#" PRIxPTR ", %#" PRIxPTR ") = %s; guard [%#" PRIxPTR ", %#" PRIxPTR ") = %s\n",
	       o.st.lo, o.st.hi, si_fmt_size(s1, sizeof(s1), o.st.size), guard_lo, o.st.lo,
	       si_fmt_size(s2, sizeof(s2), o.st.guard));
	if (o.st.size >= 2 * 64 * 1024)
		printf("  more than the 64 KiB asked for: glibc handed this thread a cached stack,\n"
		       "  the one a joined thread left (section 4's, when the soft limit is small)\n");
	if (!o.fault) {
		printf("  no SIGSEGV was caught\n");
		return;
	}
	printf("  SIGSEGV after %d levels, at %#" PRIxPTR ": %" PRIuPTR " bytes below the lowest usable byte,\n"
	       "  %s the guard; the handler ran on the alternate signal stack (sigaltstack)\n",
	       o.depth, o.fault, o.st.lo - o.fault,
	       o.fault >= guard_lo && o.fault < o.st.lo ? "INSIDE" : "outside");
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	show_frames();
	show_alloca();
	show_slots();
	show_stacks();
	show_overflow();
	return 0;
}
