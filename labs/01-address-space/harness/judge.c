/*
 * judge.c - lab 01's judge: writes the maps lines and addresses the
 * subject asks classify.c about, then decides from its answers.
 *
 * Never linked with the student's code (see common/judge/judge.h).  The
 * script (harness/ops.h) is built from the seed, the same way for
 * `inputs` and for `verdict`, and every operation carries what the judge
 * expects of it:
 *   - scenes of absolute lines far from anything real (16 TiB and up):
 *     [heap], [stack], anonymous lines named or not, the kernel's own
 *     pages, files (deleted, with spaces, memfd, *.so never loaded), the
 *     executable's and the libraries' lines; every line asked about at
 *     its first byte, its last, one inside, and one past its end;
 *   - scenes around the executable's .bss (edata, end: the subject knows
 *     where they are) and around thread stacks the subject mapped itself;
 *   - the process's real maps, for objects the subject made (live);
 *   - pool_summary on each absolute and thread scene, counted here from
 *     the pools classify gave each line's first byte.
 *
 *     maps clear / line S E PERMS OFF DEV INODE PATH / ask A  ->  POOL
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "judge.h"
#include "ops.h"

#define MAX_OPS   4096
#define SCENE_LINES 44   /* every kind once, and a few more */

const struct jg_property jg_properties[] = {
	{ "props", 1, "pool_props(p) points to the owner, lifetime and initial content of step 1's "
	  "table for every pool, and is NULL for any p that is no pool (POOL_COUNT, 1000, -1)",
	  "classify.c: the props[] table and pool_props() (TODO 1)" },
	{ "labels", 2, "the pool the kernel's label says: [heap], [stack], anonymous lines named or "
	  "not ([anon:...], [anon_shmem:...]), [vdso], [vvar], [vvar_vclock], [vsyscall] and any other "
	  "[name] (even [anon] or [anon_shmem], which only begin like a named line), files; from "
	  "a line's first byte to its last, in the grader's maps lines and in the real process",
	  "classify.c: pool_of_map(), the kernel's labels (TODO 2)" },
	{ "bounds", 2, "POOL_UNMAPPED for every byte no line holds: holes between lines, one past the "
	  "end of a line, NULL, the top of the address space, and any address when the maps cannot "
	  "be read",
	  "classify.c: classify() and pool_of_map(): a line is [start, end), end is not in it (TODO 2)" },
	{ "exe", 3, "the executable's lines by their permissions (r-x: code, r--: constants, "
	  "writable: data), and an anonymous line that overlaps [edata, end) is its .bss, one that "
	  "only touches it is not",
	  "classify.c: exe_pool() and the executable's and .bss lines in pool_of_map() (TODO 3)" },
	{ "library", 4, "POOL_LIBRARY for every line of a file the loader loaded (libc, ld.so, "
	  "whatever path the loader opened it by), POOL_MMAP_FILE for any other file, even one named "
	  "*.so, or named like libc or the program with something appended",
	  "classify.c: is_library() and the file case of pool_of_map() (TODO 4)" },
	{ "thread", 5, "POOL_THREAD_STACK for each byte of a tracked thread's stack, from its first "
	  "byte to its last, whether the anonymous line holding it is named or not and whatever else "
	  "it holds; the byte below and one past the end are not; nor is a forgotten thread's stack",
	  "classify.c: pool_track_thread(), pool_forget_thread(), in_thread_stack() (TODO 5)" },
	{ "capacity", 5, "16 threads tracked at once are all told apart; tracking and forgetting a "
	  "thread 300 times never runs out of room; a track whose allocation fails returns -1 and "
	  "tracks nothing",
	  "classify.c: the table of tracked threads: free an entry in pool_forget_thread() (TODO 5)" },
	{ "summary", 6, "pool_summary returns 0 and, for each pool, the sum of end - start in bytes "
	  "and the number of lines whose first byte classify puts in that pool, starting from zero; "
	  "it returns -1 when the maps cannot be read",
	  "classify.c: pool_summary() (TODO 6)" },
	{ "asan", 0, "AddressSanitizer and LeakSanitizer report nothing on the whole script "
	  "(every scene, 20 threads tracked and forgotten, every summary)",
	  "classify.c: what AddressSanitizer's first line names" },
};
const size_t jg_nproperties = sizeof(jg_properties) / sizeof(jg_properties[0]);

/* What the judge expects of the answer to one operation. */
enum kind { K_OTHER, K_ASK, K_LIVE, K_PROPS, K_SUMMARY, K_TRACK, K_TRACKF, K_CHURN, K_THREAD };
struct op {
	char text[OPS_LINE];
	enum kind kind;
	const char *prop;       /* the property an ask belongs to */
	int want;               /* the pool expected; the track's result */
	char what[160];         /* for messages: which byte, of which line */
	int scene;              /* the scene it belongs to, or -1 */
	int first_of;           /* an ask of this line's first byte, or -1 */
	uint64_t size;          /* for a line's first-byte ask: end - start */
	int thread;             /* for track operations */
};
static struct op ops[MAX_OPS];
static size_t nops;
static int scene_no = -1;
static int scene_lines;   /* lines of the current scene so far */

static struct op *add(enum kind kind, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static struct op *add(enum kind kind, const char *fmt, ...)
{
	struct op *o;
	va_list ap;

	if (nops >= MAX_OPS) {
		fprintf(stderr, "judge: script too long\n");
		exit(3);
	}
	o = &ops[nops++];
	memset(o, 0, sizeof(*o));
	va_start(ap, fmt);
	vsnprintf(o->text, sizeof(o->text), fmt, ap);
	va_end(ap);
	o->kind = kind;
	o->scene = scene_no;
	o->first_of = -1;
	o->thread = -1;
	return o;
}

static void ask(const char *addr, int want, const char *prop, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void ask(const char *addr, int want, const char *prop, const char *fmt, ...)
{
	struct op *o = add(K_ASK, "ask %s", addr);
	va_list ap;

	o->want = want;
	o->prop = prop;
	va_start(ap, fmt);
	vsnprintf(o->what, sizeof(o->what), fmt, ap);
	va_end(ap);
}

static void new_scene(void)
{
	scene_no++;
	scene_lines = 0;
	add(K_OTHER, "maps clear");
}

/* ---- absolute scenes ----------------------------------------------------- */

struct kind_of_line {
	const char *perms;
	const char *path;
	int pool;
	const char *prop;
};

static const char long_name[] = "/srv/data/a rather long folder name with spaces/and another one/"
	"and a third level of folders/because paths can be long/up to the limit of what a line shows/"
	"file-with-a-long-name.bin (deleted)";

static const struct kind_of_line kinds[] = {
	{ "rw-p", "[heap]", POOL_HEAP_BRK, "labels" },
	{ "rw-p", "[stack]", POOL_MAIN_STACK, "labels" },
	{ "rw-p", "", POOL_MMAP_ANON, "labels" },
	{ "---p", "", POOL_MMAP_ANON, "labels" },
	{ "r--p", "", POOL_MMAP_ANON, "labels" },
	{ "rw-p", "[anon: glibc: malloc arena]", POOL_MMAP_ANON, "labels" },
	{ "rw-p", "[anon: glibc: malloc]", POOL_MMAP_ANON, "labels" },
	{ "rw-p", "[anon: glibc: loader malloc]", POOL_MMAP_ANON, "labels" },
	{ "rw-p", "[anon: glibc: pthread stack: 4242]", POOL_MMAP_ANON, "labels" },
	{ "rw-p", "[anon:my ring buffer]", POOL_MMAP_ANON, "labels" },
	{ "rw-s", "[anon_shmem:shared ring]", POOL_MMAP_ANON, "labels" },
	{ "r-xp", "[vdso]", POOL_KERNEL, "labels" },
	{ "r--p", "[vvar]", POOL_KERNEL, "labels" },
	{ "r--p", "[vvar_vclock]", POOL_KERNEL, "labels" },
	{ "--xp", "[vsyscall]", POOL_KERNEL, "labels" },
	{ "r-xp", "[uprobes]", POOL_KERNEL, "labels" },
	/* [name]s that only begin like a named anonymous line: the colon is
	 * part of "[anon:" and "[anon_shmem:", so these are the kernel's. */
	{ "r--p", "[anon]", POOL_KERNEL, "labels" },
	{ "rw-s", "[anon_shmem]", POOL_KERNEL, "labels" },
	{ "r--p", "/tmp/my data/file with spaces.bin", POOL_MMAP_FILE, "labels" },
	{ "rw-s", "/dev/shm/ring (deleted)", POOL_MMAP_FILE, "labels" },
	{ "r--p", "/memfd:buffer (deleted)", POOL_MMAP_FILE, "labels" },
	{ "r--p", long_name, POOL_MMAP_FILE, "labels" },
	{ "r--p", "@EXE", POOL_EXE_RODATA, "exe" },
	{ "r-xp", "@EXE", POOL_EXE_CODE, "exe" },
	{ "rw-p", "@EXE", POOL_EXE_DATA, "exe" },
	{ "r--p", "@LIBC", POOL_LIBRARY, "library" },
	{ "r-xp", "@LIBC", POOL_LIBRARY, "library" },
	{ "rw-p", "@LIBC", POOL_LIBRARY, "library" },
	{ "r-xp", "@LD", POOL_LIBRARY, "library" },
	{ "rw-p", "@LD", POOL_LIBRARY, "library" },
	{ "r-xp", "/usr/lib/x86_64-linux-gnu/libnever-loaded.so.1", POOL_MMAP_FILE, "library" },
	{ "r--p", "/tmp/plugin.so", POOL_MMAP_FILE, "library" },
	{ "r--p", "@LIBC.bak", POOL_MMAP_FILE, "library" },
	{ "r--p", "@EXE.old", POOL_MMAP_FILE, "library" },
	{ "r-xp", "@LD (deleted)", POOL_MMAP_FILE, "library" },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static const char *pool_or_none(int p)
{
	return p >= 0 && p < POOL_COUNT ? pool_name((enum pool)p) : "a value that is no pool";
}

/* absolute_scene - n lines from base up, every kind once per round, in an
 * order and with gaps drawn from the seed; each line asked about at its
 * boundaries; then pool_summary. */
static void absolute_scene(struct jg_rng *r, uint64_t base, size_t n)
{
	struct { uint64_t s, e; const struct kind_of_line *k; char text[OPS_LINE]; } l[SCENE_LINES];
	uint64_t at = base;
	size_t order[NKINDS];

	new_scene();
	for (size_t i = 0; i < NKINDS; i++)
		order[i] = i;
	for (size_t i = NKINDS - 1; i > 0; i--) {
		size_t j = jg_rng_below(r, i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (size_t i = 0; i < n && i < SCENE_LINES; i++) {
		const uint64_t pages[] = { 1, 2, 3, 16, 33, 256, 4097 };
		uint64_t gap = jg_rng_below(r, 3) == 0 ? 0 : 4096 * (1 + jg_rng_below(r, 64));

		l[i].k = &kinds[order[i % NKINDS]];
		at += gap;
		l[i].s = at;
		l[i].e = at + 4096 * pages[jg_rng_below(r, sizeof(pages) / sizeof(pages[0]))];
		at = l[i].e;
		snprintf(l[i].text, sizeof(l[i].text), "%#" PRIx64 " %#" PRIx64 " %s %08" PRIx64 " %s %" PRIu64 " %s",
			 l[i].s, l[i].e, l[i].k->perms, jg_rng_below(r, 64) * 4096,
			 l[i].k->path[0] && l[i].k->path[0] != '[' ? "fe:01" : "00:00",
			 l[i].k->path[0] && l[i].k->path[0] != '[' ? 1000 + jg_rng_below(r, 90000) : 0,
			 l[i].k->path);
		add(K_OTHER, "line %s", l[i].text);
	}
	if (n > SCENE_LINES)
		n = SCENE_LINES;
	ask("0", POOL_UNMAPPED, "bounds", "NULL");
	{
		char a[32];

		snprintf(a, sizeof(a), "%#" PRIx64, base - 1);
		ask(a, POOL_UNMAPPED, "bounds", "the byte below the first line");
	}
	for (size_t i = 0; i < n; i++) {
		char a[32];
		const struct kind_of_line *k = l[i].k;
		struct op *first;

		snprintf(a, sizeof(a), "%#" PRIx64, l[i].s);
		ask(a, k->pool, k->prop, "the first byte of the line `%.100s`", l[i].text);
		first = &ops[nops - 1];
		first->first_of = scene_lines++;
		first->size = l[i].e - l[i].s;
		snprintf(a, sizeof(a), "%#" PRIx64, l[i].s + 1 + jg_rng_below(r, l[i].e - l[i].s - 2));
		ask(a, k->pool, k->prop, "a byte inside the line `%.100s`", l[i].text);
		snprintf(a, sizeof(a), "%#" PRIx64, l[i].e - 1);
		ask(a, k->pool, k->prop, "the last byte of the line `%.100s`", l[i].text);
		if (i + 1 < n && l[i + 1].s == l[i].e)
			continue;   /* the next line's first byte is asked anyway */
		snprintf(a, sizeof(a), "%#" PRIx64, l[i].e);
		ask(a, POOL_UNMAPPED, "bounds", "one past the end of the line `%.100s` (a hole follows)", l[i].text);
		if (i + 1 < n) {
			snprintf(a, sizeof(a), "%#" PRIx64, l[i + 1].s - 1);
			ask(a, POOL_UNMAPPED, "bounds", "the last byte of the hole before the line `%.100s`",
			    l[i + 1].text);
		}
	}
	ask("0xffffffffffffffff", POOL_UNMAPPED, "bounds", "the last byte of the address space");
	add(K_SUMMARY, "summary");
}

/* ---- .bss scenes ---------------------------------------------------------- */

/* bss_scene - the executable's data line [@E - 8192, @E) and one
 * anonymous line placed around [edata, end) as (s, e) say; a far line
 * keeps the scene from being only these. */
static void bss_scene(const char *s, const char *e, const char *last, int want, const char *what)
{
	char line[OPS_LINE];

	new_scene();
	add(K_OTHER, "line @E-12288 @E-4096 rw-p 00003000 fe:01 4242 @EXE");
	snprintf(line, sizeof(line), "%s %s rw-p 00000000 00:00 0", s, e);
	add(K_OTHER, "line %s", line);
	ask("@E-4097", POOL_EXE_DATA, "exe", "the last byte of the executable's writable line");
	ask(s, want, "exe", "the first byte of the anonymous line `%s`, %s", line, what);
	ask(last, want, "exe", "the last byte of the anonymous line `%s`, %s", line, what);
}

/* ---- thread scenes -------------------------------------------------------- */

static uint64_t tsize[OPS_THREADS];

/* thread_lines - thread k's stack as maps lines: its guard page, the
 * stack and a page above it, or one line for the three; each line's
 * first byte asked (for the summary too). */
static void thread_lines(int k, int merged, const char *name, int tracked, const char *prop)
{
	struct op *o;

	if (merged == 1) {
		add(K_OTHER, "line @T%d-4096 @H%d+4096 rw-p 00000000 00:00 0 %s", k, k, name);
		o = add(K_ASK, "ask @T%d-4096", k);
		o->want = POOL_MMAP_ANON;
		o->size = tsize[k] + 8192;
		snprintf(o->what, sizeof(o->what), "the first byte of an anonymous line (%s) that holds a "
			 "thread's guard page, its stack and one page more", name[0] ? name : "no name");
	} else if (merged == 2) {
		/* the guard page alone, the stack and the page above on one
		 * line: its first byte is stack, its last byte is not */
		add(K_OTHER, "line @T%d-4096 @T%d ---p 00000000 00:00 0", k, k);
		o = add(K_ASK, "ask @T%d-4096", k);
		o->want = POOL_MMAP_ANON;
		o->size = 4096;
		snprintf(o->what, sizeof(o->what), "the first byte of a thread's guard page");
		o->prop = "thread";
		o->first_of = scene_lines++;
		add(K_OTHER, "line @T%d @H%d+4096 rw-p 00000000 00:00 0 %s", k, k, name);
		o = add(K_ASK, "ask @T%d", k);
		o->want = tracked ? POOL_THREAD_STACK : POOL_MMAP_ANON;
		o->size = tsize[k] + 4096;
		snprintf(o->what, sizeof(o->what), "the first byte of a%s thread's stack, on a line (%s) that "
			 "goes on one page past it", tracked ? " tracked" : "n untracked", name[0] ? name : "no name");
	} else {
		add(K_OTHER, "line @T%d-4096 @T%d ---p 00000000 00:00 0", k, k);
		o = add(K_ASK, "ask @T%d-4096", k);
		o->want = POOL_MMAP_ANON;
		o->size = 4096;
		snprintf(o->what, sizeof(o->what), "the first byte of a thread's guard page");
		o->prop = "thread";
		o->first_of = scene_lines++;
		add(K_OTHER, "line @T%d @H%d rw-p 00000000 00:00 0 %s", k, k, name);
		o = add(K_ASK, "ask @T%d", k);
		o->want = tracked ? POOL_THREAD_STACK : POOL_MMAP_ANON;
		o->size = tsize[k];
		snprintf(o->what, sizeof(o->what), "the first byte of a%s thread's stack, alone on a line (%s)",
			 tracked ? " tracked" : "n untracked", name[0] ? name : "no name");
		o->prop = prop;
		o->first_of = scene_lines++;
		add(K_OTHER, "line @H%d @H%d+4096 rw-p 00000000 00:00 0", k, k);
		o = add(K_ASK, "ask @H%d", k);
		o->want = POOL_MMAP_ANON;
		o->size = 4096;
		snprintf(o->what, sizeof(o->what), "the first byte of the anonymous line right above a thread's stack");
		o->prop = "thread";
		o->first_of = scene_lines++;
		return;
	}
	o->prop = prop;
	o->first_of = scene_lines++;
}

/* thread_asks - the bytes around thread k's stack; tracked or not. */
static void thread_asks(struct jg_rng *r, int k, int tracked, const char *prop, const char *state)
{
	char a[48];
	int in = tracked ? POOL_THREAD_STACK : POOL_MMAP_ANON;

	snprintf(a, sizeof(a), "@T%d", k);
	ask(a, in, prop, "the first byte of %s thread's stack", state);
	snprintf(a, sizeof(a), "@T%d+%" PRIu64, k, 1 + jg_rng_below(r, tsize[k] - 2));
	ask(a, in, prop, "a byte inside %s thread's stack", state);
	snprintf(a, sizeof(a), "@H%d-1", k);
	ask(a, in, prop, "the last byte of %s thread's stack", state);
	snprintf(a, sizeof(a), "@L%d", k);
	ask(a, in, prop, "a local variable of %s thread", state);
	snprintf(a, sizeof(a), "@T%d-1", k);
	ask(a, POOL_MMAP_ANON, prop, "the byte below %s thread's stack (its guard page)", state);
	snprintf(a, sizeof(a), "@H%d", k);
	ask(a, POOL_MMAP_ANON, prop, "one past the end of %s thread's stack", state);
}

static void track(int k, int want, const char *prop)
{
	struct op *o = add(K_TRACK, "track %d", k);

	o->want = want;
	o->thread = k;
	o->prop = prop;
}

/* ---- the script ----------------------------------------------------------- */

static const struct { const char *name; int pool; const char *prop; const char *what; } lives[] = {
	{ "null", POOL_UNMAPPED, "bounds", "NULL" },
	{ "hole", POOL_UNMAPPED, "bounds", "the first byte of a page unmapped between two mapped ones" },
	{ "holeend", POOL_UNMAPPED, "bounds", "the last byte of that unmapped page" },
	{ "malloc24", POOL_HEAP_BRK, "labels", "the first byte of malloc(24)" },
	{ "malloc24end", POOL_HEAP_BRK, "labels", "the last byte of malloc(24)" },
	{ "malloc4m", POOL_MMAP_ANON, "labels", "the last byte of malloc(4 MiB)" },
	{ "local", POOL_MAIN_STACK, "labels", "a local variable of main" },
	{ "argv0", POOL_MAIN_STACK, "labels", "argv[0]" },
	{ "env", POOL_MAIN_STACK, "labels", "an environment string" },
	{ "main", POOL_EXE_CODE, "exe", "a function of the program" },
	{ "etext", POOL_EXE_CODE, "exe", "the last byte of the program's code (etext - 1)" },
	{ "literal", POOL_EXE_RODATA, "exe", "a string literal" },
	{ "const", POOL_EXE_RODATA, "exe", "a const global array" },
	{ "elf", POOL_EXE_RODATA, "exe", "the executable's ELF header" },
	{ "data", POOL_EXE_DATA, "exe", "an initialized global" },
	{ "bss", POOL_EXE_BSS, "exe", "the last byte of a 256 KiB zero global" },
	{ "bssend", POOL_EXE_BSS, "exe", "the last byte of .bss (end - 1)" },
	{ "fclose", POOL_LIBRARY, "library", "a libc function (fclose)" },
	{ "libcstr", POOL_LIBRARY, "library", "a string of libc (gnu_get_libc_version())" },
	{ "file", POOL_MMAP_FILE, "library", "the first byte of a file the subject mapped (/memfd:lab01.so)" },
	{ "fileend", POOL_MMAP_FILE, "library", "the last byte of that file mapping" },
};

static void live_part(void)
{
	add(K_OTHER, "maps live");
	for (size_t i = 0; i < sizeof(lives) / sizeof(lives[0]); i++) {
		struct op *o = add(K_LIVE, "live %s", lives[i].name);

		o->want = lives[i].pool;
		o->prop = lives[i].prop;
		snprintf(o->what, sizeof(o->what), "%s (the process's real maps)", lives[i].what);
	}
	/* A thread on a stack glibc chose: its local and its _Thread_local
	 * data (glibc puts it at the top of the stack mapping). */
	add(K_THREAD, "thread 39 0");
	track(39, 0, "thread");
	ask("@L39", POOL_THREAD_STACK, "thread", "a local of a tracked thread (the process's real maps)");
	ask("@S39", POOL_THREAD_STACK, "thread", "a _Thread_local variable of a tracked thread (real maps)");
	add(K_LIVE, "live local")->want = POOL_MAIN_STACK;
	ops[nops - 1].prop = "thread";
	snprintf(ops[nops - 1].what, sizeof(ops[0].what), "a local of main while threads run (real maps)");
	add(K_OTHER, "forget 39");
	ask("@L39", POOL_MMAP_ANON, "thread", "a local of a thread tracked, then forgotten (real maps)");
	add(K_OTHER, "join 39");
}

static void build(uint64_t seed)
{
	struct jg_rng r;

	jg_rng_seed(&r, seed);
	nops = 0;
	scene_no = -1;
	for (int p = -1; p <= POOL_COUNT + 1; p++)
		add(K_PROPS, "props %d", p)->want = p;
	add(K_PROPS, "props 1000")->want = 1000;

	/* Absolute scenes, far above anything real (16 TiB). */
	for (int s = 0; s < 4; s++)
		absolute_scene(&r, (UINT64_C(0x100000000000) + ((uint64_t)s << 36)) + jg_rng_below(&r, 1u << 20) * 4096,
			       NKINDS + jg_rng_below(&r, 6));

	/* .bss: overlapping [edata, end) by a byte or wholly; touching it. */
	bss_scene("@E", "@N", "@N-1", POOL_EXE_BSS, "which is [edata, end) itself");
	bss_scene("@N-1", "@N+8192", "@N+8191", POOL_EXE_BSS, "which holds the last byte of .bss");
	bss_scene("@E-4096", "@E+1", "@E", POOL_EXE_BSS, "which holds the first byte of .bss");
	bss_scene("@N", "@N+8192", "@N+8191", POOL_MMAP_ANON, "which starts at end, one past .bss");
	new_scene();
	add(K_OTHER, "line @E-8192 @E rw-p 00000000 00:00 0");
	ask("@E-4096", POOL_MMAP_ANON, "exe", "the first byte of an anonymous line [edata - 8192, edata): it ends where .bss starts");
	ask("@E-1", POOL_MMAP_ANON, "exe", "the last byte of an anonymous line [edata - 8192, edata): it ends where .bss starts");

	/* Threads 0-3 on stacks of sampled sizes; 0 and 2 tracked. */
	for (int k = 0; k < 4; k++) {
		tsize[k] = 131072 + 4096 * jg_rng_below(&r, 33);
		add(K_THREAD, "thread %d %" PRIu64, k, tsize[k]);
	}
	track(0, 0, "thread");
	track(2, 0, "thread");
	for (int round = 0; round < 3; round++) {
		static const char *names[] = { "", "[anon: glibc: pthread stack: 4243]", "[anon:thread]" };

		new_scene();
		for (int k = 0; k < 4; k++)
			thread_lines(k, k == 2 ? 2 : (int)jg_rng_below(&r, 3), names[jg_rng_below(&r, 3)],
				     round < 2 ? k % 2 == 0 : k == 2, "thread");
		for (int k = 0; k < 4; k++)
			thread_asks(&r, k, round < 2 ? k % 2 == 0 : k == 2,
				    "thread", round < 2 ? (k % 2 == 0 ? "a tracked" : "an untracked")
				    : (k == 2 ? "a tracked" : k == 0 ? "a forgotten" : "an untracked"));
		/* the lines of each thread's stack, first bytes for the summary */
		add(K_SUMMARY, "summary");
		if (round == 1)
			add(K_OTHER, "forget 0");
	}
	add(K_OTHER, "forget 3");   /* never tracked: ignored */
	add(K_OTHER, "forget 2");

	/* Capacity: 16 at once, then churn, then a failing allocation. */
	for (int k = 4; k < 20; k++) {
		tsize[k] = 131072;
		add(K_THREAD, "thread %d %" PRIu64, k, tsize[k]);
		track(k, 0, "capacity");
	}
	new_scene();
	for (int k = 4; k < 20; k++)
		thread_lines(k, 0, "", 1, "capacity");
	for (int k = 4; k < 20; k++) {
		char a[16];

		snprintf(a, sizeof(a), "@T%d", k);
		ask(a, POOL_THREAD_STACK, "capacity", "the first byte of one of 16 tracked threads' stacks");
		snprintf(a, sizeof(a), "@H%d-1", k);
		ask(a, POOL_THREAD_STACK, "capacity", "the last byte of one of 16 tracked threads' stacks");
	}
	for (int k = 4; k < 20; k++)
		add(K_OTHER, "forget %d", k);
	{
		struct op *o = add(K_CHURN, "churn 1 300");

		o->thread = 1;
	}
	{
		struct op *o = add(K_TRACKF, "trackf 1");

		o->thread = 1;
	}
	new_scene();
	thread_lines(1, 0, "", 0, "capacity");
	ops[nops - 3].want = -2;   /* the stack line's first byte: tracked iff track said 0 */
	ask("@T1", -2, "capacity", "the first byte of the stack of a thread whose track was failed");
	add(K_OTHER, "forget 1");
	for (int k = 0; k < 20; k++)
		add(K_OTHER, "join %d", k);

	/* The maps cannot be read. */
	add(K_OTHER, "maps fail");
	ask("0x100000001000", POOL_UNMAPPED, "bounds", "an address, when the maps cannot be read");
	add(K_SUMMARY, "summary")->want = -1;

	live_part();
	add(K_OTHER, "end");
}

static void write_script(const char *dir, const char *name, size_t from, size_t to)
{
	FILE *f = jg_input(dir, name);

	for (size_t i = from; i < to; i++)
		fprintf(f, "%s\n", ops[i].text);
	fclose(f);
}

void judge_inputs(uint64_t seed, const char *dir)
{
	size_t live_from;

	build(seed);
	write_script(dir, "main", 0, nops);
	write_script(dir, "mc", 0, nops);
	write_script(dir, "asan", 0, nops);
	/* The live part alone, for the run with glibc's decorated maps. */
	for (live_from = 0; live_from < nops && strcmp(ops[live_from].text, "maps live"); live_from++)
		;
	write_script(dir, "decorated", live_from, nops);
}

/* ---- verdict ---------------------------------------------------------------- */

static const char *props_ids[] = { "props", "labels", "bounds", "exe", "library", "thread", "capacity", "summary" };

/* stopped - fail every property not yet failed: the run ended, or
 * answered something else, at operation i. */
static void stopped(const struct jg_run *r, size_t i, const char *why)
{
	const char *how = jg_run_end(r);
	char line[128];

	for (size_t p = 0; p < sizeof(props_ids) / sizeof(props_ids[0]); p++)
		jg_fail(props_ids[p], "the run '%s' stopped answering at operation %zu (%s): %s%s%s",
			r->name, i + 1, jg_printable(ops[i].text, line, sizeof(line)), why,
			how ? "; it " : "", how ? how : "");
}

static bool answer_words(const char *line, const char *op, uint64_t *v, int n, bool *null)
{
	char w[64];

	if (!jg_word(line, 0, w, sizeof(w)) || strcmp(w, op))
		return false;
	if (null)
		*null = jg_word(line, 2, w, sizeof(w)) && !strcmp(w, "NULL");
	for (int i = 0; i < n; i++) {
		if (!jg_word(line, (unsigned)i + 1, w, sizeof(w)))
			return false;
		if (!strcmp(w, "-1"))
			v[i] = UINT64_MAX;
		else if (!jg_u64(w, &v[i]))
			return false;
	}
	return true;
}

static const struct pool_props expected_props[POOL_COUNT] = {
	[POOL_UNMAPPED]     = { OWNER_NOBODY, LIFE_NONE, INIT_NONE },
	[POOL_EXE_CODE]     = { OWNER_KERNEL, LIFE_PROCESS, INIT_FILE },
	[POOL_EXE_RODATA]   = { OWNER_KERNEL, LIFE_PROCESS, INIT_FILE },
	[POOL_EXE_DATA]     = { OWNER_KERNEL, LIFE_PROCESS, INIT_FILE },
	[POOL_EXE_BSS]      = { OWNER_KERNEL, LIFE_PROCESS, INIT_ZERO },
	[POOL_LIBRARY]      = { OWNER_LOADER, LIFE_UNTIL_DLCLOSE, INIT_FILE_OR_ZERO },
	[POOL_HEAP_BRK]     = { OWNER_BRK_CALLER, LIFE_UNTIL_BRK, INIT_ZERO },
	[POOL_MMAP_ANON]    = { OWNER_MMAP_CALLER, LIFE_UNTIL_MUNMAP, INIT_ZERO },
	[POOL_MMAP_FILE]    = { OWNER_MMAP_CALLER, LIFE_UNTIL_MUNMAP, INIT_FILE },
	[POOL_MAIN_STACK]   = { OWNER_KERNEL, LIFE_PROCESS, INIT_LEFTOVER },
	[POOL_THREAD_STACK] = { OWNER_THREAD_LIBRARY, LIFE_THREAD, INIT_LEFTOVER },
	[POOL_KERNEL]       = { OWNER_KERNEL, LIFE_PROCESS, INIT_KERNEL },
};

static void judge_props(const struct op *o, const char *ans)
{
	uint64_t v[4];
	bool null = false;
	int p = o->want;

	if (!answer_words(ans, "props", v, 1, &null))
		return;
	if (p < 0 || p >= POOL_COUNT) {
		jg_check("props", null, "pool_props(%d) is not NULL, though %d is no pool", p, p);
		return;
	}
	if (null) {
		jg_fail("props", "pool_props(%s) is NULL", pool_name((enum pool)p));
		return;
	}
	if (!answer_words(ans, "props", v, 4, NULL))
		return;
	const struct pool_props *e = &expected_props[p];

	if ((int)v[1] != (int)e->owner)
		jg_fail("props", "pool_props(%s)->owner is %d, expected %s", pool_name((enum pool)p), (int)v[1], owner_name(e->owner));
	else if ((int)v[2] != (int)e->lifetime)
		jg_fail("props", "pool_props(%s)->lifetime is %d, expected %s", pool_name((enum pool)p), (int)v[2], lifetime_name(e->lifetime));
	else if ((int)v[3] != (int)e->initial)
		jg_fail("props", "pool_props(%s)->initial is %d, expected %s", pool_name((enum pool)p), (int)v[3], initial_name(e->initial));
	else
		jg_pass("props");
}

/* judge_run - the whole script of one run, or its live part from `from`. */
static void judge_run(const char *dir, const char *name, size_t from)
{
	struct jg_run r;
	int scene_pools[SCENE_LINES];
	uint64_t scene_sizes[SCENE_LINES];
	int cur_scene = -2, lines_seen = 0, thread_failed_track = -1;
	size_t i, a = 0;
	char w[64];

	jg_run_load(&r, dir, name, MAX_OPS + 16);
	for (i = from; i < nops; i++, a++) {
		const struct op *o = &ops[i];
		const char *ans = a < r.nlines ? r.lines[a] : NULL;
		uint64_t v[2 * POOL_COUNT + 1];
		char opname[16];

		if (!ans) {
			stopped(&r, i, "no answer");
			break;
		}
		jg_word(o->text, 0, opname, sizeof(opname));
		if (!jg_word(ans, 0, w, sizeof(w)) || strcmp(w, opname)) {
			char q[300], why[340];

			snprintf(why, sizeof(why), "it printed `%s`", jg_printable(ans, q, sizeof(q)));
			stopped(&r, i, why);
			break;
		}
		if (o->scene != cur_scene) {
			cur_scene = o->scene;
			lines_seen = 0;
			memset(scene_pools, -1, sizeof(scene_pools));
			memset(scene_sizes, 0, sizeof(scene_sizes));
		}
		switch (o->kind) {
		case K_PROPS:
			judge_props(o, ans);
			break;
		case K_ASK:
		case K_LIVE: {
			bool live = o->kind == K_LIVE;
			int got;

			if (live && jg_word(ans, 2, w, sizeof(w)) && !strcmp(w, "none")) {
				jg_fail(o->prop, "the subject could not make %s (a grader problem: please report it)", o->what);
				break;
			}
			if (!jg_word(ans, 2 + live, w, sizeof(w)) || !jg_u64(w, &v[0]))
				break;
			got = (int)v[0];
			jg_word(ans, 1 + live, w, sizeof(w));
			if (o->first_of >= 0 && o->first_of < SCENE_LINES) {
				scene_pools[o->first_of] = got;
				scene_sizes[o->first_of] = o->size;
				if (o->first_of + 1 > lines_seen)
					lines_seen = o->first_of + 1;
			}
			if (o->want == -2)   /* after a failed track: tracked iff it said 0 */
				jg_check(o->prop, got == (thread_failed_track == 1 ? POOL_MMAP_ANON : POOL_THREAD_STACK),
					 "classify(%s) = %s for %s, though pool_track_thread returned %d",
					 w, pool_or_none(got), o->what, thread_failed_track == 1 ? -1 : 0);
			else
				jg_check(o->prop, got == o->want, "classify(%s) = %s for %s (expected %s)%s", w,
					 pool_or_none(got), o->what, pool_or_none(o->want), jg_seed_note());
			break;
		}
		case K_SUMMARY: {
			bool bad = false;

			if (!answer_words(ans, "summary", v, 1 + 2 * POOL_COUNT, NULL)) {
				jg_fail("summary", "pool_summary's answer could not be read");
				break;
			}
			if (o->want == -1) {
				jg_check("summary", v[0] == UINT64_MAX, "pool_summary returned %d when the maps cannot be read (expected -1)", (int)v[0]);
				break;
			}
			if (v[0] != 0) {
				jg_fail("summary", "pool_summary returned %d on a readable maps file (expected 0)", (int)v[0]);
				break;
			}
			uint64_t bytes[POOL_COUNT] = { 0 }, count[POOL_COUNT] = { 0 };

			for (int l = 0; l < lines_seen; l++)
				if (scene_pools[l] >= 0 && scene_pools[l] < POOL_COUNT) {
					bytes[scene_pools[l]] += scene_sizes[l];
					count[scene_pools[l]]++;
				}
			for (int p = 0; p < POOL_COUNT && !bad; p++) {
				if (v[1 + 2 * p] != bytes[p] || v[2 + 2 * p] != count[p]) {
					jg_fail("summary", "%s: %" PRIu64 " bytes in %" PRIu64 " lines, expected %" PRIu64
						" bytes in %" PRIu64 " lines (the grader's maps of %d lines; each line in the pool "
						"classify gives its first byte)%s", pool_name((enum pool)p), v[1 + 2 * p],
						v[2 + 2 * p], bytes[p], count[p], lines_seen, jg_seed_note());
					bad = true;
				}
			}
			if (!bad)
				jg_pass("summary");
			break;
		}
		case K_THREAD:
			if (!answer_words(ans, "thread", v, 2, NULL) || v[1] != 1) {
				for (size_t p = 0; p < sizeof(props_ids) / sizeof(props_ids[0]); p++)
					jg_fail(props_ids[p], "the subject could not start a thread (%s): a grader problem, please report it", o->text);
				i = nops;
			}
			break;
		case K_TRACK:
			if (answer_words(ans, "track", v, 2, NULL))
				jg_check(o->prop, v[1] == 0, "pool_track_thread returned %d for a running thread%s%s",
					 (int)v[1], !strcmp(o->prop, "capacity") ? " (the " : "",
					 !strcmp(o->prop, "capacity") ? "16 threads are tracked at once)" : "");
			break;
		case K_TRACKF:
			if (answer_words(ans, "trackf", v, 3, NULL)) {
				if (v[2] == 1) {
					jg_check("capacity", v[1] == UINT64_MAX, "pool_track_thread returned %d when its "
						 "malloc failed (expected -1)", (int)v[1]);
					thread_failed_track = v[1] == UINT64_MAX ? 1 : 0;
				} else {
					jg_check("capacity", v[1] == 0, "pool_track_thread returned %d for a running thread", (int)v[1]);
					thread_failed_track = 0;
				}
			}
			break;
		case K_CHURN:
			if (answer_words(ans, "churn", v, 2, NULL))
				jg_check("capacity", v[1] == UINT64_MAX, "tracking and forgetting one thread over and over: "
					 "pool_track_thread returned -1 at round %d of 300 (forget must free its entry)", (int)v[1] + 1);
			break;
		default:
			if (!strcmp(opname, "line") && jg_word(ans, 1, w, sizeof(w)) && !strcmp(w, "bad"))
				jg_fail("labels", "the subject refused the line `%s` (a grader problem: please report it)", o->text);
			break;
		}
	}
	jg_run_free(&r);
}

void judge_verdict(uint64_t seed, const char *dir)
{
	struct jg_run r;
	size_t live_from;

	build(seed);
	judge_run(dir, "main", 0);
	for (live_from = 0; live_from < nops && strcmp(ops[live_from].text, "maps live"); live_from++)
		;
	/* glibc 2.39 and later name their mappings with this tunable:
	 * "[anon: glibc: pthread stack: TID]", "[anon: glibc: malloc]". */
	judge_run(dir, "decorated", live_from);

	/* A byte no line holds is UNMAPPED even in the starter: judged only
	 * once the labels are read. */
	jg_wait("bounds", "labels");
	jg_wait("summary", "props");
	jg_wait("summary", "labels");
	jg_wait("capacity", "thread");

	jg_wait("asan", "labels");
	jg_run_load(&r, dir, "asan", 1u << 16);
	if (!r.present) {
		jg_fail("asan", "the AddressSanitizer run did not run");
	} else {
		const char *how = jg_run_end(&r);
		bool ended = r.nlines > 0 && !strcmp(r.lines[r.nlines - 1], "end");
		char *err = jg_slurp(dir, "asan.err", 1u << 20, NULL), *at = NULL, q[300];

		/* ASan's report: "==PID==ERROR: AddressSanitizer: heap-use-after-free ..." */
		if (err && (at = strstr(err, "ERROR: ")) != NULL)
			at[strcspn(at, "\n")] = '\0';
		if (at || how || !ended)
			jg_fail("asan", "the run under AddressSanitizer %s: %s", how ? how : at ? "reported" : "did not reach its end",
				at ? jg_printable(at, q, sizeof(q)) : r.err[0] ? r.err : "(nothing on stderr)");
		else
			jg_pass("asan");
		free(err);
	}
	jg_run_free(&r);
}
