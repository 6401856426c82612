/*
 * subject.c - the stub linked with the student's classify.c (lab 01).
 *
 * It performs the operations the judge wrote on stdin (harness/ops.h) and
 * prints one line of observation for each: which pool classify() gave an
 * address, what pool_props() and pool_summary() returned, what
 * pool_track_thread() said.  It decides nothing: harness/judge.c does, in
 * another process, from the inputs it chose.
 *
 * The maps the student's code reads come through common/maps.h, and the
 * link sends those calls here (--wrap=ml_maps_find,--wrap=ml_maps_each in
 * lab.mk): either the judge's own lines, a *scene* in which the judge
 * knows every answer by construction (holes, boundaries, [anon:...]
 * names, deleted files, paths with spaces), or the real /proc/self/maps
 * for the objects this stub makes itself (a malloc'd block, a local, a
 * thread's stack).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <gnu/libc-version.h>
#include <inttypes.h>
#include <limits.h>
#include <link.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "classify.h"
#include "fault.h"
#include "maps.h"
#include "ops.h"

extern char **environ;
extern char edata[], end[], etext[];
extern const char __executable_start[];

/* Static objects whose pool is known by construction. */
static const int const_table[64] = { 1, 2, 3, 5, 8, 13 };   /* .rodata */
volatile int initialized_global = 42;                        /* .data */
static char zero_array[256 * 1024];                          /* .bss, past its first page */

static char inbuf[1 << 16], outbuf[1 << 16];

/* ---- the scene: the judge's maps lines ---------------------------------- */

enum maps_mode { MAPS_LIVE, MAPS_SCENE, MAPS_FAIL };
static enum maps_mode mode = MAPS_LIVE;
static struct ml_map scene[OPS_MAPS];
static size_t nscene;
static int scene_sorted = 1;

static int by_start(const void *a, const void *b)
{
	const struct ml_map *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void sort_scene(void)
{
	if (!scene_sorted)
		qsort(scene, nscene, sizeof(scene[0]), by_start);
	scene_sorted = 1;
}

bool __real_ml_maps_find(const void *addr, struct ml_map *out);
bool __real_ml_maps_each(bool (*fn)(const struct ml_map *m, void *arg), void *arg);

bool __wrap_ml_maps_each(bool (*fn)(const struct ml_map *m, void *arg), void *arg)
{
	if (mode == MAPS_LIVE)
		return __real_ml_maps_each(fn, arg);
	if (mode == MAPS_FAIL)
		return false;
	sort_scene();
	for (size_t i = 0; i < nscene; i++) {
		struct ml_map copy = scene[i];   /* the callee gets its own */

		if (!fn(&copy, arg))
			break;
	}
	return true;
}

bool __wrap_ml_maps_find(const void *addr, struct ml_map *out)
{
	uintptr_t a = (uintptr_t)addr;

	if (mode == MAPS_LIVE)
		return __real_ml_maps_find(addr, out);
	if (mode == MAPS_FAIL)
		return false;
	sort_scene();
	for (size_t i = 0; i < nscene; i++)
		if (a >= scene[i].start && a < scene[i].end) {
			*out = scene[i];
			return true;
		}
	return false;
}

/* ---- threads ------------------------------------------------------------ */

static _Thread_local volatile int per_thread = 7;

struct thread {
	pthread_t t;
	int started;
	void *map;              /* the stack mapping this stub made, or NULL */
	size_t map_size;
	uintptr_t lo, hi;       /* the stack: [lo, hi) */
	uintptr_t local, tls;   /* a local and the _Thread_local, in the thread */
	sem_t ready, go;
};
static struct thread threads[OPS_THREADS];

static void *thread_main(void *arg)
{
	struct thread *th = arg;
	volatile int local = 1;

	th->local = (uintptr_t)&local;
	th->tls = (uintptr_t)&per_thread;
	sem_post(&th->ready);
	while (sem_wait(&th->go) != 0 && errno == EINTR)
		;
	return NULL;
}

/* start_thread - thread k on a stack of size bytes mapped here, with an
 * inaccessible page below it and a readable one above it; size 0: on a
 * stack glibc chooses (then [lo, hi) is what glibc says). */
static int start_thread(unsigned k, size_t size)
{
	struct thread *th = &threads[k];
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	pthread_attr_t attr;
	int ok = 0;

	if (th->started || pthread_attr_init(&attr) != 0)
		return 0;
	sem_init(&th->ready, 0, 0);
	sem_init(&th->go, 0, 0);
	if (size) {
		th->map_size = size + 2 * page;
		th->map = mmap(NULL, th->map_size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (th->map == MAP_FAILED) {
			th->map = NULL;
			goto out;
		}
		mprotect(th->map, page, PROT_NONE);
		th->lo = (uintptr_t)th->map + page;
		th->hi = th->lo + size;
		if (pthread_attr_setstack(&attr, (void *)th->lo, size) != 0)
			goto out;
	}
	if (pthread_create(&th->t, &attr, thread_main, th) != 0)
		goto out;
	while (sem_wait(&th->ready) != 0 && errno == EINTR)
		;
	th->started = 1;
	ok = 1;
	if (!size) {
		pthread_attr_t a;
		void *lo;
		size_t sz;

		if (pthread_getattr_np(th->t, &a) == 0) {
			if (pthread_attr_getstack(&a, &lo, &sz) == 0) {
				th->lo = (uintptr_t)lo;
				th->hi = th->lo + sz;
			}
			pthread_attr_destroy(&a);
		}
	}
out:
	pthread_attr_destroy(&attr);
	if (!ok && th->map) {
		munmap(th->map, th->map_size);
		th->map = NULL;
	}
	return ok;
}

static void join_thread(unsigned k)
{
	struct thread *th = &threads[k];

	if (!th->started)
		return;
	sem_post(&th->go);
	pthread_join(th->t, NULL);
	sem_destroy(&th->ready);
	sem_destroy(&th->go);
	if (th->map)
		munmap(th->map, th->map_size);
	memset(th, 0, sizeof(*th));
}

/* ---- addresses and paths ------------------------------------------------ */

/* resolve - a number, or a symbol (ops.h) plus or minus a number. */
static int resolve(const char *w, uintptr_t *out)
{
	uintptr_t base = 0;
	char *rest;

	if (w[0] == '@') {
		char sym = w[1];
		unsigned long k = 0;

		rest = (char *)w + 2;
		if (sym == 'T' || sym == 'H' || sym == 'L' || sym == 'S') {
			k = strtoul(rest, &rest, 10);
			if (k >= OPS_THREADS || !threads[k].started)
				return 0;
		}
		switch (sym) {
		case 'E': base = (uintptr_t)edata; break;
		case 'N': base = (uintptr_t)end; break;
		case 'T': base = threads[k].lo; break;
		case 'H': base = threads[k].hi; break;
		case 'L': base = threads[k].local; break;
		case 'S': base = threads[k].tls; break;
		default: return 0;
		}
		if (*rest == '\0') {
			*out = base;
			return 1;
		}
		if (*rest != '+' && *rest != '-')
			return 0;
		uintmax_t off = strtoumax(rest + 1, NULL, 0);

		*out = *rest == '+' ? base + (uintptr_t)off : base - (uintptr_t)off;
		return 1;
	}
	*out = (uintptr_t)strtoumax(w, &rest, 0);
	return *w && *rest == '\0';
}

static char exe_real[PATH_MAX], libc_real[PATH_MAX], ld_real[PATH_MAX];

static int find_libs(struct dl_phdr_info *info, size_t size, void *arg)
{
	(void)size;
	(void)arg;
	if (!info->dlpi_name || info->dlpi_name[0] != '/')
		return 0;
	if (strstr(info->dlpi_name, "/libc.so") && !libc_real[0] && !realpath(info->dlpi_name, libc_real))
		libc_real[0] = '\0';
	if (strstr(info->dlpi_name, "/ld-") && !ld_real[0] && !realpath(info->dlpi_name, ld_real))
		ld_real[0] = '\0';
	return 0;
}

/* real_path - @EXE, @LIBC, @LD at the start of p, replaced. */
static void real_path(const char *p, char *out, size_t size)
{
	static const struct { const char *sym; const char *real; } subst[] = {
		{ "@EXE", exe_real }, { "@LIBC", libc_real }, { "@LD", ld_real },
	};

	for (size_t i = 0; i < sizeof(subst) / sizeof(subst[0]); i++) {
		size_t n = strlen(subst[i].sym);

		if (!strncmp(p, subst[i].sym, n)) {
			snprintf(out, size, "%s%s", subst[i].real, p + n);
			return;
		}
	}
	snprintf(out, size, "%s", p);
}

/* add_line - "S E PERMS OFF DEV INODE [PATH...]" into the scene. */
static void add_line(const char *args)
{
	char s[64], e[64], perms[8], dev[16], path[OPS_LINE], real[PATH_MAX];
	unsigned long long off, inode;
	int at = 0;
	uintptr_t start, stop;
	struct ml_map *m;

	path[0] = '\0';
	if (sscanf(args, "%63s %63s %7s %llx %15s %llu %n", s, e, perms, &off, dev, &inode, &at) < 6 ||
	    !resolve(s, &start) || !resolve(e, &stop) || nscene >= OPS_MAPS) {
		printf("line bad\n");
		return;
	}
	if (at > 0)
		snprintf(path, sizeof(path), "%s", args + at);
	path[strcspn(path, "\n")] = '\0';
	real_path(path, real, sizeof(real));
	m = &scene[nscene++];
	memset(m, 0, sizeof(*m));
	m->start = start;
	m->end = stop;
	memcpy(m->perms, perms, sizeof(m->perms) - 1);   /* perms[7]: 4 letters and room */
	m->offset = off;
	real[sizeof(m->path) - 1] = '\0';   /* the kernel's lines are cut too */
	memcpy(m->path, real, strlen(real) + 1);
	/* As the kernel prints it: the path in column 74 when there is one. */
	real[sizeof(m->line) - 100] = '\0';
	if (real[0])
		snprintf(m->line, sizeof(m->line), "%012" PRIxPTR "-%012" PRIxPTR " %s %08llx %s %-26llu%s",
			 start, stop, perms, off, dev, inode, real);
	else
		snprintf(m->line, sizeof(m->line), "%012" PRIxPTR "-%012" PRIxPTR " %s %08llx %s %llu ",
			 start, stop, perms, off, dev, inode);
	scene_sorted = 0;
	printf("line %#" PRIxPTR " %#" PRIxPTR "\n", start, stop);
}

/* ---- live objects ------------------------------------------------------- */

static struct {
	char *malloc24, *malloc4m, *hole, *file;
	size_t page;
	char *local;
	char **argv;
} live;

/* make_file_mapping - two pages of a file the kernel names
 * "/memfd:lab01.so (deleted)": a file, though no folder is writable. */
static int make_file_mapping(void)
{
	int fd = memfd_create("lab01.so", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	if (ftruncate(fd, (off_t)(2 * live.page)) == 0) {
		live.file = mmap(NULL, 2 * live.page, PROT_READ, MAP_PRIVATE, fd, 0);
		if (live.file == MAP_FAILED)
			live.file = NULL;
	}
	close(fd);
	return live.file != NULL;
}

static void setup_live(char **argv, char *local)
{
	live.page = (size_t)sysconf(_SC_PAGESIZE);
	live.local = local;
	live.argv = argv;
	live.malloc24 = malloc(24);
	live.malloc4m = malloc(4 << 20);
	live.hole = mmap(NULL, 3 * live.page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (live.hole == MAP_FAILED)
		live.hole = NULL;
	else
		munmap(live.hole + live.page, live.page);
	make_file_mapping();
}

static const void *live_object(const char *name, int *ok)
{
	const struct { const char *name; const void *p; } objs[] = {
		{ "main", (const void *)(uintptr_t)setup_live },
		{ "etext", (const char *)((uintptr_t)etext - 1) },
		{ "literal", "a string literal" },
		{ "const", &const_table[5] },
		{ "elf", __executable_start },
		{ "data", (const void *)&initialized_global },
		{ "bss", &zero_array[sizeof(zero_array) - 1] },
		{ "bssend", (const char *)((uintptr_t)end - 1) },
		{ "malloc24", live.malloc24 },
		{ "malloc24end", live.malloc24 ? live.malloc24 + 23 : NULL },
		{ "malloc4m", live.malloc4m ? live.malloc4m + (4 << 20) - 1 : NULL },
		{ "local", live.local },
		{ "argv0", live.argv[0] },
		{ "env", environ && environ[0] ? environ[0] : NULL },
		{ "hole", live.hole ? live.hole + live.page : NULL },
		{ "holeend", live.hole ? live.hole + 2 * live.page - 1 : NULL },
		{ "fclose", (const void *)(uintptr_t)fclose },
		{ "libcstr", gnu_get_libc_version() },
		{ "file", live.file },
		{ "fileend", live.file ? live.file + 2 * live.page - 1 : NULL },
	};

	*ok = 1;
	if (!strcmp(name, "null"))
		return NULL;
	for (size_t i = 0; i < sizeof(objs) / sizeof(objs[0]); i++)
		if (!strcmp(objs[i].name, name)) {
			*ok = objs[i].p != NULL;
			return objs[i].p;
		}
	*ok = 0;
	return NULL;
}

/* ---- the script --------------------------------------------------------- */

static void do_summary(void)
{
	struct pool_total t[POOL_COUNT];
	int rc;

	memset(t, 0xa5, sizeof(t));   /* pool_summary must start from zeros */
	rc = pool_summary(t);
	printf("summary %d", rc);
	for (int p = 0; p < POOL_COUNT; p++)
		printf(" %zu %zu", t[p].bytes, t[p].mappings);
	printf("\n");
}

int main(int argc, char **argv)
{
	char line[OPS_LINE], op[16], w1[64], w2[64];
	volatile char local = 'l';
	ssize_t n;

	(void)argc;
	setvbuf(stdin, inbuf, _IOFBF, sizeof(inbuf));
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	n = readlink("/proc/self/exe", exe_real, sizeof(exe_real) - 1);
	exe_real[n > 0 ? n : 0] = '\0';
	dl_iterate_phdr(find_libs, NULL);
	zero_array[0] = (char)initialized_global;   /* keep it */
	setup_live(argv, (char *)&local);
	while (fgets(line, sizeof(line), stdin)) {
		int fields = sscanf(line, "%15s %63s %63s", op, w1, w2);
		unsigned long k = fields >= 2 ? strtoul(w1, NULL, 10) : OPS_THREADS;
		uintptr_t a;

		if (fields < 1)
			continue;
		if (!strcmp(op, "maps") && fields == 2) {
			if (!strcmp(w1, "clear")) {
				nscene = 0;
				mode = MAPS_SCENE;
			} else if (!strcmp(w1, "live")) {
				mode = MAPS_LIVE;
			} else if (!strcmp(w1, "fail")) {
				mode = MAPS_FAIL;
			}
			printf("maps %s\n", w1);
		} else if (!strcmp(op, "line")) {
			add_line(line + strlen("line"));
		} else if (!strcmp(op, "ask") && fields == 2 && resolve(w1, &a)) {
			printf("ask %#" PRIxPTR " %d\n", a, (int)classify((const void *)a));
		} else if (!strcmp(op, "live") && fields == 2) {
			int ok;
			const void *p = live_object(w1, &ok);

			if (ok)
				printf("live %s %p %d\n", w1, p, (int)classify(p));
			else
				printf("live %s none\n", w1);
		} else if (!strcmp(op, "props") && fields == 2) {
			const struct pool_props *pp = pool_props((enum pool)strtol(w1, NULL, 10));

			if (pp)
				printf("props %s %d %d %d\n", w1, (int)pp->owner, (int)pp->lifetime,
				       (int)pp->initial);
			else
				printf("props %s NULL\n", w1);
		} else if (!strcmp(op, "summary")) {
			do_summary();
		} else if (!strcmp(op, "thread") && fields == 3 && k < OPS_THREADS) {
			printf("thread %lu %d\n", k, start_thread((unsigned)k, strtoul(w2, NULL, 0)));
		} else if (!strcmp(op, "track") && k < OPS_THREADS && threads[k].started) {
			printf("track %lu %d\n", k, pool_track_thread(threads[k].t));
		} else if (!strcmp(op, "trackf") && k < OPS_THREADS && threads[k].started) {
			int rc;

			ml_fault_arm(ML_F_MALLOC, 1);
			rc = pool_track_thread(threads[k].t);
			printf("trackf %lu %d %d\n", k, rc, (int)ml_fault_fired(ML_F_MALLOC));
			ml_fault_disarm(ML_F_MALLOC);
		} else if (!strcmp(op, "forget") && k < OPS_THREADS && threads[k].started) {
			pool_forget_thread(threads[k].t);
			printf("forget %lu\n", k);
		} else if (!strcmp(op, "churn") && fields == 3 && k < OPS_THREADS && threads[k].started) {
			long bad = -1, times = strtol(w2, NULL, 10);

			for (long i = 0; i < times && bad < 0; i++) {
				if (pool_track_thread(threads[k].t) != 0)
					bad = i;
				pool_forget_thread(threads[k].t);
			}
			printf("churn %lu %ld\n", k, bad);
		} else if (!strcmp(op, "join") && k < OPS_THREADS) {
			join_thread((unsigned)k);
			printf("join %lu\n", k);
		} else if (!strcmp(op, "end")) {
			printf("end\n");
		} else {
			printf("unknown\n");
		}
		fflush(stdout);
	}
	for (unsigned i = 0; i < OPS_THREADS; i++)
		join_thread(i);
	if (live.file)
		munmap(live.file, 2 * live.page);
	if (live.hole) {
		munmap(live.hole, live.page);
		munmap(live.hole + 2 * live.page, live.page);
	}
	free(live.malloc24);
	free(live.malloc4m);
	return 0;
}
