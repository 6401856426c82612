/*
 * judge.c - lab 10's judge: writes the operation sequences the subject
 * runs on the student's arena, follows them with a model of what an arena
 * must do, and decides from the subject's observations and the tools'
 * reports which properties hold.
 *
 * Never linked with the student's code (common/judge/judge.h).  Runs:
 *   contract  a seeded sequence of allocations (sizes and alignments with
 *             their boundaries, big ones), nested frames, checks; the
 *             subject prints each address and the arena's chunks
 *   fault     mmap made to fail where the arena needs a chunk
 *   misuse-*  harness/misuse.c, judge-owned misuses of the arena, under
 *             AddressSanitizer (status and report), and all of them in one
 *             memcheck run (misuse.errors: the grader's table of its XML)
 *   bench-*   harness/bench.c under callgrind; the grader keeps its log on
 *             a descriptor the program cannot write (bench-*.log)
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"

#define EINVAL_ 22
#define ENOMEM_ 12
#define REDZONE 16            /* harness/arena.h (the student's API: not included) */
#define MIN_ALIGN 16
#define CHUNK 16384
#define PAGE 4096             /* the scripts ask for at most this alignment as valid */
#define BENCH_N 50000

const struct jg_property jg_properties[] = {
	{ "aligned", 1, "every block is aligned on 16, and on what arena_alloc_aligned asks (1 to "
	  "4096); an align that is not a power of two up to the page gives NULL with errno EINVAL",
	  "arena_alloc and arena_alloc_aligned in arena.c (TODO 1)" },
	{ "separate", 1, "no block overlaps another or the 16-byte red zone after it, and every "
	  "block keeps the bytes written into it",
	  "arena_alloc_aligned in arena.c: the next block starts after size + ARENA_REDZONE (TODO 1)" },
	{ "grow", 2, "the arena hands out every block asked for, chunk after chunk, and holds "
	  "mappings for all of them",
	  "arena_alloc_aligned in arena.c: map a new chunk when a block does not fit (TODO 2)" },
	{ "own", 2, "a request bigger than a quarter of a chunk gets a mapping of its own (one more "
	  "chunk, at least its size more mapped)",
	  "arena_alloc_aligned in arena.c: big requests get their own mmap (TODO 2)" },
	{ "enomem", 2, "when mmap fails, arena_alloc returns NULL with errno ENOMEM, the arena is "
	  "unchanged, and the next request works",
	  "arena_alloc_aligned in arena.c: change nothing before mmap succeeded (TODO 2)" },
	{ "reuse", 3, "after arena_pop, the same pushes and allocations as before the pop give the "
	  "same addresses: everything since the push was released",
	  "arena_push and arena_pop in arena.c: pop goes back to where push was (TODO 3)" },
	{ "release", 3, "after arena_pop, the arena holds at most one chunk more than when the frame "
	  "was pushed (the spare), and own mappings made in the frame are gone",
	  "arena_pop in arena.c: unmap the chunks stacked since the push, keep one spare (TODO 3)" },
	{ "spare", 3, "30 turns of push, 3 chunks of blocks, pop map at most 3 chunks after the "
	  "first turn (the spare keeps the edge from mapping and unmapping each time)",
	  "arena_pop in arena.c: keep one empty chunk as the spare (TODO 3)" },
	{ "nopop", 3, "arena_pop with no frame open returns -1 with errno EINVAL",
	  "arena_pop in arena.c (TODO 3)" },
	{ "speed", 3, "callgrind counts at most a tenth of malloc+free's instructions per allocation "
	  "inside arena_alloc, arena_push and arena_pop, on the same sequence in the same grading",
	  "arena_alloc in arena.c: a short common case, the rest out of line (TODO 1)" },
	{ "memcheck-sees", 4, "memcheck reports an invalid read for a block read after its frame was "
	  "popped, an invalid write one byte past a block, an uninitialised value for a block never "
	  "written, and nothing for correct use",
	  "arena.c: TOOL_POOL_CREATE, TOOL_POOL_ALLOC, TOOL_POOL_TRIM and TOOL_NOACCESS (TODO 4)" },
	{ "asan-sees", 4, "AddressSanitizer reports a use-after-poison for a block read after its "
	  "frame was popped and for a byte written past a block, and nothing for correct use",
	  "arena.c: the same macros, which poison under ASan (TODO 4)" },
};
const size_t jg_nproperties = sizeof(jg_properties) / sizeof(jg_properties[0]);

/* ---- inputs -------------------------------------------------------- */

static uint64_t pick_size(struct jg_rng *r)
{
	static const uint64_t edge[] = { 0, 1, 15, 16, 17, 31, 32, 100, 1000, CHUNK / 4,
		CHUNK / 4 + 1, CHUNK - 64, CHUNK, 3 * CHUNK + 5 };

	if (jg_rng_below(r, 4) == 0)
		return edge[jg_rng_below(r, sizeof(edge) / sizeof(edge[0]))];
	return 1 + jg_rng_below(r, 600);
}

static uint64_t pick_align(struct jg_rng *r)
{
	static const uint64_t aligns[] = { 1, 2, 4, 8, 16, 32, 64, 256, 4096, 0, 3, 24, 8192 };

	return aligns[jg_rng_below(r, sizeof(aligns) / sizeof(aligns[0]))];
}

void judge_inputs(uint64_t seed, const char *dir)
{
	struct jg_rng r;
	FILE *f;
	int depth = 0;

	jg_rng_seed(&r, seed);
	f = jg_input(dir, "contract");
	/* random: sampled sizes (with their edges) and alignments (bad ones
	 * too), nested frames, checks; a pop with no frame first */
	fprintf(f, "mark random\nnew %d\npop\n", CHUNK);
	for (int i = 0; i < 700; i++) {
		uint64_t what = jg_rng_below(&r, 20);

		if (what < 9)
			fprintf(f, "alloc %" PRIu64 "\n", pick_size(&r));
		else if (what < 14)
			fprintf(f, "aligned %" PRIu64 " %" PRIu64 "\n", pick_size(&r), pick_align(&r));
		else if (what < 16 && depth < 6) {
			fprintf(f, "push\n");
			depth++;
		} else if (what < 18 && depth > 0) {
			fprintf(f, "pop\ncheck\n");
			depth--;
		} else {
			fprintf(f, "check\n");
		}
	}
	for (; depth > 0; depth--)
		fprintf(f, "pop\n");
	fprintf(f, "pop\ncheck\ndelete\n");
	/* reuse: the same frame twice, over a chunk boundary and with a big
	 * block, in a fresh arena that has a chunk already (a frame pushed
	 * before any chunk may come back to the spare, elsewhere) */
	fprintf(f, "new %d\nalloc 64\n", CHUNK);
	for (int turn = 0; turn < 2; turn++) {
		fprintf(f, "mark reuse\npush\n");
		for (int i = 0; i < 40; i++)
			fprintf(f, "alloc %d\n", 100 + (i * 53) % 700);
		fprintf(f, "aligned 300 256\nalloc %d\nalloc 7\npop\n", CHUNK);
	}
	fprintf(f, "check\ndelete\n");
	/* spare: a frame that crosses one chunk boundary, 30 times */
	fprintf(f, "new %d\n", CHUNK);
	for (int i = 0; i < CHUNK * 3 / 4 / 1024; i++)
		fprintf(f, "alloc 1000\n");
	for (int turn = 0; turn < 30; turn++) {
		fprintf(f, "mark spare\npush\n");
		for (int i = 0; i < CHUNK / 2 / 1024; i++)
			fprintf(f, "alloc 1000\n");
		fprintf(f, "pop\n");
	}
	fprintf(f, "mark end\ncheck\ndelete\n");
	fclose(f);

	f = jg_input(dir, "fault");
	fprintf(f, "new %d\n", CHUNK);
	fprintf(f, "fail mmap 1\nalloc 100\nalloc 100\n");   /* the first chunk cannot be had */
	for (int i = 0; i < CHUNK / 1040; i++)
		fprintf(f, "alloc 1000\n");
	for (int i = 0; i < 4; i++)
		fprintf(f, "fail mmap 1\nalloc 1000\nalloc 1000\n");   /* some need a chunk */
	fprintf(f, "fail mmap 1\nalloc %d\nalloc %d\ncheck\ndelete\n", 2 * CHUNK, 2 * CHUNK);
	fclose(f);
}

/* ---- the model ------------------------------------------------------- */

struct block {
	uint64_t addr, size;
	int depth;
};

static struct block *blocks;
static size_t nblocks, cap;

static void add_block(uint64_t addr, uint64_t size, int depth)
{
	if (nblocks == cap) {
		cap = cap ? 2 * cap : 1024;
		blocks = realloc(blocks, cap * sizeof(*blocks));
		if (!blocks) {
			fprintf(stderr, "judge: out of memory\n");
			exit(3);
		}
	}
	blocks[nblocks++] = (struct block){ addr, size, depth };
}

/* overlapping - a live block that [addr, addr + size + REDZONE) meets. */
static const struct block *overlapping(uint64_t addr, uint64_t size)
{
	for (size_t i = 0; i < nblocks; i++) {
		const struct block *b = &blocks[i];

		if (addr < b->addr + b->size + REDZONE && b->addr < addr + size + REDZONE)
			return b;
	}
	return NULL;
}

static bool valid_align(uint64_t a)
{
	return a && !(a & (a - 1)) && a <= PAGE;
}

/* An observation: its first word and up to 4 numbers (-1 is allowed). */
struct obs {
	char op[16];
	uint64_t v[4];
	size_t n;
};

static bool parse(const char *text, struct obs *o)
{
	char w[64];

	memset(o, 0, sizeof(*o));
	if (!jg_word(text, 0, o->op, sizeof(o->op)))
		return false;
	/* the numbers after it, as far as they go ("new ok" has none) */
	for (o->n = 0; o->n < 4 && jg_word(text, (unsigned)o->n + 1, w, sizeof(w)); o->n++) {
		if (w[0] == '-' && jg_u64(w + 1, &o->v[o->n]))
			o->v[o->n] = -o->v[o->n];
		else if (!jg_u64(w, &o->v[o->n]))
			break;
	}
	return true;
}

static const char *run_stop(const struct jg_run *r)
{
	static char text[600];
	char quote[200];
	const char *end = jg_run_end(r);

	jg_printable(r->nlines ? r->lines[r->nlines - 1] : "(nothing)", quote, sizeof(quote));
	snprintf(text, sizeof(text), "the subject %s; its last line: %s%s%s",
	         end ? end : "stopped before the end of its script", quote,
	         r->err[0] ? "; stderr: " : "", r->err);
	return text;
}

/* ---- contract ------------------------------------------------------ */

/* What judge_contract follows from one operation to the next. */
struct walk {
	char section[16];
	int depth;
	uint64_t chunks;           /* mappings after the last operation */
	uint64_t push_chunks[64];
	uint64_t reuse[2][64];     /* addresses of the two reuse turns */
	size_t reuse_n[2];
	int reuse_turn;
	int spare_turn;
	uint64_t spare_maps;       /* mappings made in spare turns 2.. */
};

/* alloc_seen - an alloc/aligned operation and its observation. */
static void alloc_seen(struct walk *w, const char *cmd, uint64_t size, uint64_t align,
                       const struct obs *o, size_t at)
{
	uint64_t addr = o->v[0], err = o->v[1], need = align > MIN_ALIGN ? align : MIN_ALIGN;
	const struct block *b;

	if (!valid_align(align)) {
		jg_check("aligned", addr == 0 && err == EINVAL_, "%s returned %#" PRIx64 " (errno %"
		         PRIu64 "): %" PRIu64 " is not a power of two up to the page%s", cmd, addr, err,
		         align, jg_seed_note());
		return;
	}
	if (addr == 0) {
		jg_fail("grow", "%s (operation %zu) returned NULL with errno %" PRIu64 ", and no "
		        "failure was injected%s", cmd, at, err, jg_seed_note());
		return;
	}
	jg_pass("grow");
	jg_check("aligned", addr % need == 0, "%s returned %#" PRIx64 ", not a multiple of %"
	         PRIu64 "%s", cmd, addr, need, jg_seed_note());
	b = overlapping(addr, size);
	jg_check("separate", !b, "%s returned %#" PRIx64 ": it or its %d-byte red zone meets the "
	         "live block [%#" PRIx64 ", +%" PRIu64 ") or its red zone%s", cmd, addr, REDZONE,
	         b ? b->addr : 0, b ? b->size : 0, jg_seed_note());
	if (size > CHUNK / 4)
		jg_check("own", o->v[2] == w->chunks + 1 && o->v[3] >= size,
		         "%s: the arena went from %" PRIu64 " to %" PRIu64 " mappings (%" PRIu64
		         " bytes mapped)%s", cmd, w->chunks, o->v[2], o->v[3], jg_seed_note());
	add_block(addr, size, w->depth);
	/* (a big block's own mapping may land anywhere: only small blocks) */
	if (!strcmp(w->section, "reuse") && w->depth > 0 && size <= CHUNK / 4 && w->reuse_turn >= 0 &&
	    w->reuse_n[w->reuse_turn] < 64)
		w->reuse[w->reuse_turn][w->reuse_n[w->reuse_turn]++] = addr;
	if (!strcmp(w->section, "spare") && w->spare_turn >= 1 && o->v[2] > w->chunks)
		w->spare_maps += o->v[2] - w->chunks;
}

static void pop_seen(struct walk *w, const struct obs *o)
{
	if (w->depth == 0) {
		jg_check("nopop", (int64_t)o->v[0] == -1 && o->v[1] == EINVAL_,
		         "arena_pop with no frame open returned %" PRId64 " with errno %" PRIu64,
		         (int64_t)o->v[0], o->v[1]);
		return;
	}
	w->depth--;
	while (nblocks && blocks[nblocks - 1].depth > w->depth)
		nblocks--;
	if (w->depth < 64)
		jg_check("release", o->v[2] <= w->push_chunks[w->depth] + 1,
		         "the frame was pushed when the arena held %" PRIu64 " mappings; after its pop "
		         "it holds %" PRIu64 "%s", w->push_chunks[w->depth], o->v[2], jg_seed_note());
}

static void judge_contract(const char *dir)
{
	static const char *const ids[] = { "aligned", "separate", "grow", "own", "reuse",
		"release", "spare", "nopop" };
	struct walk w;
	struct jg_run r;
	size_t inlen, out = 0, at = 0;
	char *in = jg_slurp(dir, "contract.in", 1 << 22, &inlen), *save = NULL, *cmd;
	bool finished = false;

	memset(&w, 0, sizeof(w));
	w.reuse_turn = w.spare_turn = -1;
	jg_run_load(&r, dir, "contract", 100000);
	for (cmd = in ? strtok_r(in, "\n", &save) : NULL; cmd; cmd = strtok_r(NULL, "\n", &save)) {
		struct obs o;
		uint64_t size, align = MIN_ALIGN;

		at++;
		if (out >= r.nlines || !parse(r.lines[out], &o)) {
			for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
				jg_fail(ids[i], "not checked: at operation %zu (%s), %s", at, cmd,
				        out >= r.nlines ? run_stop(&r) : "the subject printed a line it "
				        "should not");
			break;
		}
		out++;
		if (!strncmp(cmd, "mark ", 5)) {
			snprintf(w.section, sizeof(w.section), "%s", cmd + 5);
			if (!strcmp(w.section, "reuse"))
				w.reuse_turn++;
			if (!strcmp(w.section, "spare"))
				w.spare_turn++;
			if (!strcmp(w.section, "end"))
				finished = true;
			continue;
		}
		if (!strcmp(cmd, "check")) {
			jg_check("separate", o.v[0] == 0, "at operation %zu, %" PRIu64 " live blocks no "
			         "longer held the bytes written into them%s", at, o.v[0], jg_seed_note());
			continue;
		}
		if (!strncmp(cmd, "new", 3) || !strcmp(cmd, "delete")) {
			nblocks = 0;
			w.depth = 0;
			w.chunks = 0;
			continue;
		}
		if (o.n < 4) {
			jg_fail("grow", "the subject printed a line it should not: %s", r.lines[out - 1]);
			break;
		}
		if (sscanf(cmd, "alloc %" SCNu64, &size) == 1 ||
		    sscanf(cmd, "aligned %" SCNu64 " %" SCNu64, &size, &align) == 2) {
			alloc_seen(&w, cmd, size, align, &o, at);
		} else if (!strcmp(cmd, "push")) {
			if (o.v[0] != 0) {
				jg_fail("grow", "arena_push (operation %zu) failed with errno %" PRIu64
				        ", and no failure was injected", at, o.v[1]);
			} else {
				if (w.depth < 64)
					w.push_chunks[w.depth] = w.chunks;
				w.depth++;
			}
		} else if (!strcmp(cmd, "pop")) {
			pop_seen(&w, &o);
		}
		w.chunks = o.v[2];
	}
	if (!finished)
		for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
			jg_fail(ids[i], "not checked: %s", run_stop(&r));
	{
		size_t d = 0;

		while (d < w.reuse_n[0] && d < w.reuse_n[1] && w.reuse[0][d] == w.reuse[1][d])
			d++;
		jg_check("reuse", w.reuse_n[0] == w.reuse_n[1] && w.reuse_n[0] > 0 &&
		         d == w.reuse_n[0], "the same frame, pushed again after its pop, gave another "
		         "address to its block %zu (first turn %#" PRIx64 ", second %#" PRIx64 ")",
		         d + 1, d < 64 ? w.reuse[0][d] : 0, d < 64 ? w.reuse[1][d] : 0);
	}
	jg_check("spare", w.spare_maps <= 1, "30 turns of push, half a chunk of blocks over a "
	         "chunk's edge, pop: turns 2 to 30 mapped %" PRIu64 " chunks", w.spare_maps);
	jg_wait("grow", "aligned");
	jg_wait("grow", "separate");
	jg_wait("own", "aligned");
	jg_wait("own", "separate");
	for (size_t i = 4; i < sizeof(ids) / sizeof(ids[0]); i++) {
		jg_wait(ids[i], "grow");
		jg_wait(ids[i], "own");
	}
	free(in);
	jg_run_free(&r);
}

/* ---- fault ----------------------------------------------------------- */

static void judge_fault(const char *dir)
{
	struct jg_run r;
	size_t inlen, out = 0, at = 0;
	char *in = jg_slurp(dir, "fault.in", 1 << 20, &inlen), *save = NULL, *cmd;
	bool armed = false, fired_any = false, done = false;
	uint64_t chunks = 0;

	jg_run_load(&r, dir, "fault", 10000);
	for (cmd = in ? strtok_r(in, "\n", &save) : NULL; cmd; cmd = strtok_r(NULL, "\n", &save)) {
		struct obs o, f;

		at++;
		if (!strncmp(cmd, "fail ", 5)) {
			armed = true;
			continue;
		}
		if (out >= r.nlines || !parse(r.lines[out++], &o))
			break;
		if (armed) {
			armed = false;
			if (out >= r.nlines || !parse(r.lines[out++], &f) || strcmp(f.op, "fired"))
				break;
			if (f.v[0]) {
				fired_any = true;
				jg_check("enomem", o.v[0] == 0 && o.v[1] == ENOMEM_ && o.v[2] == chunks,
				         "with mmap failing, %s returned %#" PRIx64 " with errno %" PRIu64
				         ", the arena going from %" PRIu64 " to %" PRIu64 " mappings", cmd,
				         o.v[0], o.v[1], chunks, o.v[2]);
				continue;
			}
		}
		if (!strncmp(cmd, "alloc", 5))
			jg_check("enomem", o.v[0] != 0, "%s (operation %zu) returned NULL with errno %"
			         PRIu64 " after an earlier mmap failure%s", cmd, at, o.v[1],
			         jg_seed_note());
		if (!strcmp(cmd, "check")) {
			jg_check("enomem", o.v[0] == 0, "%" PRIu64 " blocks lost their bytes", o.v[0]);
			done = true;
		}
		if (o.n >= 4)
			chunks = o.v[2];
	}
	if (!done)
		jg_fail("enomem", "not checked to the end: at operation %zu, %s", at, run_stop(&r));
	if (!fired_any)
		jg_fail("enomem", "no injected mmap failure was ever reached");
	jg_wait("enomem", "grow");
	free(in);
	jg_run_free(&r);
}

/* ---- the tools ------------------------------------------------------- */

/* memcheck_kind - whether misuse.errors (the grader's table of memcheck's
 * XML: counted, kind, scenario, where, what) has kind in scenario. */
static bool memcheck_kind(const char *table, const char *scenario, const char *kind)
{
	char want[128];

	if (!table)
		return false;
	snprintf(want, sizeof(want), "\t%s\t%s\t", kind, scenario);
	for (const char *l = table; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *tab = strchr(l, '\t'), *nl = strchr(l, '\n');

		if (tab && (!nl || tab < nl) && !strncmp(tab, want, strlen(want)))
			return true;
	}
	return false;
}

static bool memcheck_any(const char *table, const char *scenario)
{
	char want[128];

	snprintf(want, sizeof(want), "\t%s\t", scenario);
	return table && strstr(table, want);
}

/* asan_kind - the kind of ASan's first report in NAME.err ("use-after-
 * poison"), or a sentence.  Only the kind is read: the status says whether
 * ASan reported (23), and student code cannot make ASan exit with it. */
static const char *asan_kind(const char *dir, const char *name)
{
	static char kind[64];
	char file[96];
	size_t len;
	char *err, *at;

	snprintf(file, sizeof(file), "%s.err", name);
	err = jg_slurp(dir, file, 1 << 20, &len);
	at = err ? strstr(err, "ERROR: AddressSanitizer: ") : NULL;
	if (at)
		snprintf(kind, sizeof(kind), "%.*s", (int)strcspn(at + 25, " \n"), at + 25);
	else
		snprintf(kind, sizeof(kind), "no AddressSanitizer report");
	free(err);
	return kind;
}

static void judge_tools(const char *dir)
{
	size_t len;
	char *table = jg_slurp(dir, "misuse.errors", 1 << 20, &len);
	static const struct { const char *scenario, *kind, *what; } want[] = {
		{ "scenario_use_after_pop", "InvalidRead", "a read after the frame's pop" },
		{ "scenario_overflow", "InvalidWrite", "a write one byte past the block" },
		{ "scenario_uninit", "UninitCondition", "a decision on an unwritten byte" },
	};
	struct jg_run r;

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		jg_check("memcheck-sees", memcheck_kind(table, want[i].scenario, want[i].kind),
		         "memcheck reported no %s for %s (%s)", want[i].kind, want[i].what,
		         table ? "its other findings are in the memcheck test" : "no memcheck report");
	jg_check("memcheck-sees", table && !memcheck_any(table, "scenario_right"),
	         "memcheck reported an error in correct use of the arena (scenario_right)");
	free(table);

	static const char *const runs[] = { "misuse-use-after-pop", "misuse-overflow" };
	for (size_t i = 0; i < 2; i++) {
		jg_run_load(&r, dir, runs[i], 100);
		/* 23: ASan's exit code after a report (the grader sets it) */
		jg_check("asan-sees", r.present && r.status == 23 &&
		         !strcmp(asan_kind(dir, runs[i]), "use-after-poison"),
		         "%s under AddressSanitizer: %s", runs[i] + 7,
		         r.status == 23 ? asan_kind(dir, runs[i]) : r.status == 0 ? "no report" :
		         run_stop(&r));
		jg_run_free(&r);
	}
	jg_run_load(&r, dir, "misuse-right", 100);
	jg_check("asan-sees", r.present && r.status == 0, "correct use under AddressSanitizer: %s",
	         r.status == 23 ? asan_kind(dir, "misuse-right") : run_stop(&r));
	jg_run_free(&r);
	jg_wait("memcheck-sees", "reuse");
	jg_wait("asan-sees", "reuse");
}

/* ---- speed ------------------------------------------------------------ */

/* collected - "Collected : N" from a callgrind log (the grader's file). */
static bool collected(const char *dir, const char *name, uint64_t *n)
{
	size_t len;
	char *log = jg_slurp(dir, name, 1 << 20, &len), *at;
	bool ok = false;

	if (log && (at = strstr(log, "Collected : "))) {
		char num[32];

		snprintf(num, sizeof(num), "%.*s", (int)strspn(at + 12, "0123456789"), at + 12);
		ok = jg_u64(num, n);
	}
	free(log);
	return ok;
}

static void judge_speed(const char *dir)
{
	uint64_t arena = 0, glibc = 0;
	struct jg_run r;

	jg_run_load(&r, dir, "bench-arena", 10);
	if (!collected(dir, "bench-arena.log", &arena) || r.status != 0)
		jg_fail("speed", "the arena's run under callgrind did not finish: %s", run_stop(&r));
	else if (!collected(dir, "bench-glibc.log", &glibc) || glibc == 0)
		jg_fail("speed", "glibc's run under callgrind gave no count (a grader problem)");
	else
		jg_check("speed", arena * 10 <= glibc, "%.1f instructions per allocation in the arena, "
		         "%.1f in malloc+free: %.1f times fewer, 10 needed", (double)arena / BENCH_N,
		         (double)glibc / BENCH_N, arena ? (double)glibc / (double)arena : 0.0);
	jg_run_free(&r);
	jg_wait("speed", "reuse");
}

void judge_verdict(uint64_t seed, const char *dir)
{
	(void)seed;
	judge_contract(dir);
	judge_fault(dir);
	judge_tools(dir);
	judge_speed(dir);
}
