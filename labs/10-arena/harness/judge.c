/*
 * judge.c - lab 10's judge: writes the operation sequences the subject
 * runs on the student's arena, follows them with a model of what an arena
 * must do, and decides from the subject's observations and the tools'
 * reports which properties hold.
 *
 * Never linked with the student's code (common/judge/judge.h).  Runs:
 *   contract  a seeded sequence of allocations (sizes and alignments with
 *             their boundaries, big ones), nested frames, checks; then
 *             fixed sections: a frame over a chunk's edge again and again,
 *             a chunk filled exactly by arena_alloc and by
 *             arena_alloc_aligned, arena_new's sizes with pages of 4 to 64
 *             KiB, and sizes no mapping can hold; the subject prints each
 *             address and the arena's mappings (arena_info), and after
 *             arena_delete how many of its blocks are still mapped
 *   fault     malloc made to fail in arena_new, mmap where the arena needs
 *             a chunk (for a block, or for a frame)
 *   misuse-*  harness/misuse.c, judge-owned misuses of the arena, under
 *             AddressSanitizer (status and report), and all of them in one
 *             memcheck run (misuse.errors: the grader's table of its XML;
 *             misuse.verdict: why that report cannot be used, if it cannot)
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
#define PAGE 4096             /* the page size the subject pretends (fault.h), unless told */
#define BENCH_N 50000

const struct jg_property jg_properties[] = {
	{ "aligned", 1, "every block is aligned on 16, and on what arena_alloc_aligned asks (1 to "
	  "4096); an align that is not a power of two up to the page gives NULL with errno EINVAL",
	  "arena_alloc and arena_alloc_aligned in arena.c (TODO 1)" },
	{ "separate", 1, "no block overlaps another or the 16-byte red zone after it, and every "
	  "block keeps the bytes written into it",
	  "arena_alloc_aligned in arena.c: the next block starts after size + ARENA_REDZONE (TODO 1)" },
	{ "grow", 2, "the arena hands out every block asked for, chunk after chunk, each chunk "
	  "arena_new's size rounded up to whole pages (at least one), a new one only when a block "
	  "does not fit (arena_alloc_aligned with an alignment of at most 16 places a block where "
	  "arena_alloc does), and arena_info counts the mappings it holds",
	  "arena_new and arena_alloc_aligned in arena.c: map a new chunk when a block does not fit "
	  "(TODO 2)" },
	{ "own", 2, "a request bigger than a quarter of a chunk gets a mapping of its own (one more "
	  "mapping, of at least its size), and one of at most a quarter goes into a chunk",
	  "arena_alloc_aligned in arena.c: big requests get their own mmap (TODO 2)" },
	{ "enomem", 2, "when memory runs out (mmap or malloc made to fail, or a size no mapping can "
	  "hold), arena_new, arena_alloc and arena_push say so (NULL or -1, errno ENOMEM), the "
	  "arena is unchanged, and the next request works",
	  "arena_new and arena_alloc_aligned in arena.c: check a size before adding to it, change "
	  "nothing before mmap succeeded (TODO 2)" },
	{ "reuse", 3, "after arena_pop, the same pushes and allocations as before the pop give the "
	  "same addresses: everything since the push was released",
	  "arena_push and arena_pop in arena.c: pop goes back to where push was (TODO 3)" },
	{ "release", 3, "after arena_pop, the arena holds at most one chunk more than when the frame "
	  "was pushed (the spare), own mappings made in the frame are gone, and arena_info counts "
	  "what is left; arena_delete unmaps everything and sets the pointer to NULL",
	  "arena_pop and arena_delete in arena.c: unmap the chunks stacked since the push, keep one "
	  "spare (TODO 3)" },
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

/* chunk_of - the chunk size arena_new(n) makes with pages of page bytes:
 * n rounded up to whole pages, at least one (arena.h). */
static uint64_t chunk_of(uint64_t n, uint64_t page)
{
	return n <= page ? page : (n + page - 1) / page * page;
}

/* sizes_section - an arena of chunk size n with pages of page bytes: a
 * frame before any chunk, blocks of 0 and 1 byte (the 0-byte one while
 * the arena has no chunk again, after that frame), a quarter of a chunk
 * (small) and one more (big), whole-page alignments (in a one-page chunk
 * a page-aligned block cannot sit after the chunk's header), and big
 * blocks whose end falls just before a page boundary. */
static void sizes_section(FILE *f, uint64_t page, uint64_t n)
{
	uint64_t q = chunk_of(n, page) / 4;

	fprintf(f, "mark sizes\npage %" PRIu64 "\nnew %" PRIu64 "\npush\npop\nalloc 0\nalloc 1\n",
	        page, n);
	fprintf(f, "alloc %" PRIu64 "\nalloc %" PRIu64 "\n", q, q + 1);
	fprintf(f, "aligned %" PRIu64 " %" PRIu64 "\naligned 1 %" PRIu64 "\naligned 0 %" PRIu64
	        "\n", q, page, page / 2, page);
	fprintf(f, "push\n");
	for (uint64_t j = 0; j < 6; j++)
		fprintf(f, "alloc %" PRIu64 "\naligned %" PRIu64 " %" PRIu64 "\n", 2 * page - 16 * j,
		        2 * page - 16 * j, page);
	fprintf(f, "pop\ncheck\ndelete\n");
}

void judge_inputs(uint64_t seed, const char *dir)
{
	/* arena_new's sizes, with the page size the arena is told (first one
	 * whose first chunk shows the rounding) */
	static const uint64_t news[][2] = { { 4096, 10000 }, { 4096, 0 }, { 4096, 1 },
		{ 4096, 4095 }, { 4096, 4096 }, { 4096, 4097 }, { 16384, 0 }, { 16384, 20000 },
		{ 65536, 100 } };
	/* sizes no mapping can hold: SIZE_MAX - b (the bounds an arena checks
	 * before adding its header and rounding to pages are all near there),
	 * and half and a quarter of the address space */
	static const uint64_t back[] = { 0, 1, 15, 16, 4095, 4096, 4097, 8192, 8193, 8200, 8300,
		12288, 65536 };
	static const uint64_t far[] = { UINT64_MAX / 2 + 1, UINT64_MAX / 2, UINT64_MAX / 2 - 8192,
		UINT64_MAX / 4 + 1, UINT64_MAX / 4 };
	static const uint64_t huge_news[] = { UINT64_MAX, UINT64_MAX - 100, UINT64_MAX - 4095,
		UINT64_MAX - 4096, UINT64_MAX / 2, UINT64_MAX / 4 + 1, UINT64_MAX / 4,
		UINT64_MAX / 4 - 4096 };
	struct jg_rng r;
	FILE *f;
	int depth = 0;

	jg_rng_seed(&r, seed);
	f = jg_input(dir, "contract");
	/* random: sampled sizes (with their edges) and alignments (bad ones
	 * too), nested frames, checks; a pop with no frame first.  Pages of
	 * 4096 bytes whatever the machine's (the alignments that must work
	 * and those that must fail are written for that). */
	fprintf(f, "mark random\npage %d\nnew %d\npop\n", PAGE, CHUNK);
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
	fprintf(f, "check\ndelete\n");
	/* fit: in one-page chunks, three blocks and then a block of size s
	 * and one of 0 bytes, by arena_alloc and then, after the pop, by
	 * arena_alloc_aligned with an alignment of at most 16: the same
	 * blocks at the same places.  Over the sizes of s, one fills the
	 * chunk up to its last red zone exactly, and the 0-byte block after
	 * the one 16 bytes smaller sits right at that red zone. */
	fprintf(f, "mark fit\npage %d\nnew %d\n", PAGE, PAGE);
	for (int s = 1008; s >= 720; s -= 16) {
		fprintf(f, "mark fit-alloc\npush\nalloc 1008\nalloc 1008\nalloc 1008\nalloc %d\n"
		        "alloc 0\npop\n", s);
		fprintf(f, "mark fit-aligned\npush\nalloc 1008\nalloc 1008\nalloc 1008\n"
		        "aligned %d %d\naligned 0 %d\npop\n", s, s % 32 ? 16 : 8, s % 32 ? 8 : 16);
	}
	fprintf(f, "check\ndelete\n");
	for (size_t i = 0; i < sizeof(news) / sizeof(news[0]); i++)
		sizes_section(f, news[i][0], news[i][1]);
	/* huge: requests that no mapping can hold, in an arena that works,
	 * then arenas whose chunks no mapping can hold */
	fprintf(f, "mark huge\npage %d\nnew %d\nalloc 100\n", PAGE, CHUNK);
	for (size_t i = 0; i < sizeof(back) / sizeof(back[0]); i++)
		fprintf(f, "alloc %" PRIu64 "\naligned %" PRIu64 " %d\n", UINT64_MAX - back[i],
		        UINT64_MAX - back[i], PAGE);
	for (size_t i = 0; i < sizeof(far) / sizeof(far[0]); i++)
		fprintf(f, "alloc %" PRIu64 "\n", far[i]);
	fprintf(f, "alloc 100\ncheck\ndelete\n");
	for (size_t i = 0; i < sizeof(huge_news) / sizeof(huge_news[0]); i++)
		fprintf(f, "new %" PRIu64 "\nalloc 1\naligned 1 %d\nalloc 20000\ndelete\n",
		        huge_news[i], PAGE);
	fprintf(f, "mark end\n");
	fclose(f);

	f = jg_input(dir, "fault");
	/* arena_new when malloc fails; a frame when mmap fails: pushed (a
	 * record needs no chunk) or not (then no frame is open) */
	fprintf(f, "fail malloc 1\nnew %d\nnew %d\nfail mmap 1\npush\npop\n", CHUNK, CHUNK);
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

enum { OWN_MAX = 4096 };

/* What judge_contract follows from one operation to the next. */
struct walk {
	char section[16];
	int depth;
	bool arena;                /* arena_new said yes, and no delete since */
	uint64_t new_size;         /* what arena_new was asked */
	uint64_t page;             /* the page size the arena was told */
	uint64_t chunk;            /* its chunks' size: new_size rounded up to pages */
	uint64_t chunks, mapped;   /* arena_info after the last operation */
	bool chunk_seen;           /* a chunk was mapped in this arena */
	struct {
		int depth;
		uint64_t bytes;
	} own[OWN_MAX];            /* the own mappings alive, by the frame depth made at */
	size_t nown;
	uint64_t push_chunks[64];
	uint64_t reuse[2][64];     /* addresses of the two reuse turns */
	size_t reuse_n[2];
	int reuse_turn;
	int spare_turn;
	uint64_t spare_maps;       /* mappings made in spare turns 2.. */
	uint64_t fit[2][8];        /* the blocks of a fit turn: by arena_alloc, then aligned */
	char fit_cmd[2][8][48];
	size_t fit_n[2];
	bool huge_seen;            /* the huge section was judged */
};

/* overwritten - a note for a count of bytes no arena can hold: the
 * arena's own records were overwritten (by a block handed out outside its
 * mapping, or red zone included, past its end). */
static const char *overwritten(uint64_t bytes)
{
	return bytes >= (uint64_t)1 << 48 ? " (no arena holds that much: something overwrote the "
	       "arena's own records; does every block, with its red zone, lie inside its "
	       "mapping?)" : "";
}

static uint64_t own_bytes(const struct walk *w)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < w->nown; i++)
		sum += w->own[i].bytes;
	return sum;
}

static void own_add(struct walk *w, uint64_t bytes)
{
	if (w->nown < OWN_MAX) {
		w->own[w->nown].depth = w->depth;
		w->own[w->nown++].bytes = bytes;
	}
}

/* small_seen - a block of at most a quarter of a chunk: it went into a
 * chunk the arena had, or into a new chunk of exactly w->chunk bytes (the
 * spare is already counted).  Only a block aligned on a whole one-page
 * chunk may need a mapping of its own: after a chunk's header, no
 * page-aligned address is left in that page (an arena may stack a chunk
 * before it finds that out). */
static void small_seen(struct walk *w, const char *cmd, uint64_t size, uint64_t align,
                       const struct obs *o)
{
	uint64_t chunks = o->v[2], mapped = o->v[3];

	if (chunks == w->chunks && mapped == w->mapped)
		return;
	if (chunks == w->chunks + 1 && mapped >= w->mapped && mapped - w->mapped == w->chunk) {
		w->chunk_seen = true;
		return;
	}
	/* (with a new chunk stacked first, where it did not fit after all) */
	if (align >= w->chunk && (chunks == w->chunks + 1 || chunks == w->chunks + 2) &&
	    mapped >= w->mapped && mapped - w->mapped >= size + (chunks - w->chunks - 1) * w->chunk) {
		own_add(w, mapped - w->mapped - (chunks - w->chunks - 1) * w->chunk);
		return;
	}
	/* the first chunk of an arena says its size; later, a block this
	 * small has no business in a mapping of its own */
	jg_fail(w->chunk_seen ? "own" : "grow", "%s (arena_new(%" PRIu64 "), pages of %" PRIu64
	        "): the arena went from %" PRIu64 " to %" PRIu64 " mappings and from %" PRIu64
	        " to %" PRIu64 " bytes mapped; a block of at most a quarter of a chunk (%" PRIu64
	        " bytes) goes into a chunk, and a new chunk is %" PRIu64 " bytes (%" PRIu64
	        " rounded up to whole pages, at least one)%s%s", cmd, w->new_size, w->page, w->chunks,
	        chunks, w->mapped, mapped, w->chunk / 4, w->chunk, w->new_size, overwritten(mapped),
	        jg_seed_note());
}

/* alloc_seen - an alloc/aligned operation and its observation. */
static void alloc_seen(struct walk *w, const char *cmd, uint64_t size, uint64_t align,
                       const struct obs *o, size_t at)
{
	uint64_t addr = o->v[0], err = o->v[1], need = align > MIN_ALIGN ? align : MIN_ALIGN;
	const struct block *b;

	if (!(align && !(align & (align - 1)) && align <= w->page)) {
		jg_check("aligned", addr == 0 && err == EINVAL_ && o->v[2] == w->chunks &&
		         o->v[3] == w->mapped, "%s returned %#" PRIx64 " (errno %" PRIu64 "), the arena "
		         "going from %" PRIu64 " to %" PRIu64 " mappings: %" PRIu64 " is not a power of "
		         "two up to the page (%" PRIu64 "): expected NULL with EINVAL, and nothing "
		         "mapped%s", cmd, addr, err, w->chunks, o->v[2], align, w->page, jg_seed_note());
		return;
	}
	if (addr == 0) {
		jg_fail("grow", "%s (operation %zu, in an arena made by arena_new(%" PRIu64 ") with "
		        "pages of %" PRIu64 ") returned NULL with errno %" PRIu64 ", and no failure was "
		        "injected%s", cmd, at, w->new_size, w->page, err, jg_seed_note());
		return;
	}
	jg_pass("grow");
	jg_check("aligned", addr % need == 0, "%s returned %#" PRIx64 ", not a multiple of %"
	         PRIu64 "%s", cmd, addr, need, jg_seed_note());
	b = overlapping(addr, size);
	jg_check("separate", !b, "%s returned %#" PRIx64 ": it or its %d-byte red zone meets the "
	         "live block [%#" PRIx64 ", +%" PRIu64 ") or its red zone%s", cmd, addr, REDZONE,
	         b ? b->addr : 0, b ? b->size : 0, jg_seed_note());
	if (size > w->chunk / 4) {
		jg_check("own", o->v[2] == w->chunks + 1 && o->v[3] >= w->mapped &&
		         o->v[3] - w->mapped >= size, "%s (more than a quarter of a %" PRIu64 "-byte "
		         "chunk): the arena went from %" PRIu64 " to %" PRIu64 " mappings and from %"
		         PRIu64 " to %" PRIu64 " bytes mapped; expected one mapping more, of at least %"
		         PRIu64 " bytes%s%s", cmd, w->chunk, w->chunks, o->v[2], w->mapped, o->v[3], size,
		         overwritten(o->v[3]), jg_seed_note());
		own_add(w, o->v[3] - w->mapped);
	} else {
		small_seen(w, cmd, size, align, o);
	}
	add_block(addr, size, w->depth);
	/* (a big block's own mapping may land anywhere: only small blocks) */
	if (!strcmp(w->section, "reuse") && w->depth > 0 && size <= w->chunk / 4 &&
	    w->reuse_turn >= 0 && w->reuse_n[w->reuse_turn] < 64)
		w->reuse[w->reuse_turn][w->reuse_n[w->reuse_turn]++] = addr;
	if (!strcmp(w->section, "spare") && w->spare_turn >= 1 && o->v[2] > w->chunks)
		w->spare_maps += o->v[2] - w->chunks;
	if (!strncmp(w->section, "fit-", 4)) {
		int t = w->section[4] == 'a' && w->section[5] == 'l' && w->section[6] == 'i';

		if (w->fit_n[t] < 8) {
			snprintf(w->fit_cmd[t][w->fit_n[t]], sizeof(w->fit_cmd[t][0]), "%s", cmd);
			w->fit[t][w->fit_n[t]++] = addr;
		}
	}
}

/* fit_seen - the end of a fit-aligned turn: its probes (the blocks after
 * the three fills) must be where arena_alloc's were, in the chunk of the
 * third fill at the same distance from it, or both in another chunk.
 * The chunks are one page: a block's chunk is its page. */
static void fit_seen(struct walk *w)
{
	size_t n = w->fit_n[0] < w->fit_n[1] ? w->fit_n[0] : w->fit_n[1];

	for (size_t i = 3; i < n; i++) {
		uint64_t a = w->fit[0][i], b = w->fit[1][i], ra = w->fit[0][2], rb = w->fit[1][2];
		bool a_in = a / w->page == ra / w->page, b_in = b / w->page == rb / w->page;

		if (a_in != b_in || (a_in && a - ra != b - rb)) {
			jg_fail("grow", "after the same pushes and blocks, %s put its block %s and %s %s: "
			        "with an alignment of at most 16, arena_alloc_aligned places a block where "
			        "arena_alloc does, and a block that fits before a chunk's last red zone "
			        "stays in that chunk (chunks of %" PRIu64 " bytes)", w->fit_cmd[0][i],
			        a_in ? "in the current chunk" : "in another chunk", w->fit_cmd[1][i],
			        b_in ? "in the current chunk" : "in another chunk", w->chunk);
			break;
		}
	}
	w->fit_n[0] = w->fit_n[1] = 0;
}

static void pop_seen(struct walk *w, const struct obs *o, size_t at)
{
	uint64_t expect;

	if (w->depth == 0) {
		jg_check("nopop", (int64_t)o->v[0] == -1 && o->v[1] == EINVAL_,
		         "arena_pop with no frame open returned %" PRId64 " with errno %" PRIu64,
		         (int64_t)o->v[0], o->v[1]);
		return;
	}
	w->depth--;
	while (nblocks && blocks[nblocks - 1].depth > w->depth)
		nblocks--;
	while (w->nown && w->own[w->nown - 1].depth > w->depth)
		w->nown--;
	if (w->depth < 64)
		jg_check("release", o->v[2] <= w->push_chunks[w->depth] + 1,
		         "the frame was pushed when the arena held %" PRIu64 " mappings; after its pop "
		         "it holds %" PRIu64 "%s", w->push_chunks[w->depth], o->v[2], jg_seed_note());
	/* what is left: chunks of w->chunk bytes and the older own mappings */
	expect = (o->v[2] - w->nown) * w->chunk + own_bytes(w);
	jg_check("release", o->v[2] >= w->nown && o->v[3] == expect, "after arena_pop (operation "
	         "%zu) arena_info says %" PRIu64 " mappings of %" PRIu64 " bytes in all; %zu of them "
	         "are the own mappings still alive (%" PRIu64 " bytes) and the others chunks of %"
	         PRIu64 " bytes: %" PRIu64 " bytes.  arena_info counts what the arena holds, after "
	         "each munmap too%s%s", at, o->v[2], o->v[3], w->nown, own_bytes(w), w->chunk,
	         o->v[2] >= w->nown ? expect : 0, overwritten(o->v[3]), jg_seed_note());
	if (!strcmp(w->section, "fit-aligned"))
		fit_seen(w);
}

/* huge_seen - in the huge section, an alloc or aligned operation: a
 * request no mapping can hold, or any request in an arena whose chunks no
 * mapping can hold.  false: an ordinary one. */
static bool huge_seen(struct walk *w, const char *cmd, uint64_t size, const struct obs *o)
{
	if (size < (uint64_t)1 << 48 && w->new_size < (uint64_t)1 << 48)
		return false;
	w->huge_seen = true;
	jg_check("enomem", o->n >= 4 && o->v[0] == 0 && o->v[1] == ENOMEM_ && o->v[2] == w->chunks &&
	         o->v[3] == w->mapped, "%s in an arena made by arena_new(%" PRIu64 ") returned %#"
	         PRIx64 " with errno %" PRIu64 ", the arena going from %" PRIu64 " to %" PRIu64
	         " mappings (%" PRIu64 " to %" PRIu64 " bytes): no mapping can hold %s, so memory "
	         "runs out: expected NULL with errno ENOMEM (%d) and the arena unchanged", cmd,
	         w->new_size, o->v[0], o->v[1], w->chunks, o->v[2], w->mapped, o->v[3],
	         size >= (uint64_t)1 << 48 ? "that block" : "one of its chunks", ENOMEM_);
	return true;
}

/* new_seen - arena_new's answer: "new ok", or "new null ERRNO" (only for
 * chunks no mapping can hold). */
static void new_seen(struct walk *w, const char *cmd, const char *line)
{
	char word[16];
	uint64_t err = 0;

	nblocks = 0;
	w->nown = 0;
	w->depth = 0;
	w->chunks = w->mapped = 0;
	w->chunk_seen = false;
	if (sscanf(cmd, "new %" SCNu64, &w->new_size) != 1)
		w->new_size = 0;
	w->chunk = chunk_of(w->new_size, w->page);
	w->arena = jg_word(line, 1, word, sizeof(word)) && !strcmp(word, "ok");
	if (w->arena)
		return;
	if (w->new_size < (uint64_t)1 << 48 || !jg_word(line, 2, word, sizeof(word)) ||
	    !jg_u64(word, &err) || err != ENOMEM_) {
		char quote[80];

		jg_fail(w->new_size < (uint64_t)1 << 48 ? "grow" : "enomem", "arena_new(%" PRIu64
		        ") answered %s: %s", w->new_size, jg_printable(line, quote, sizeof(quote)),
		        w->new_size < (uint64_t)1 << 48 ? "it maps nothing yet, and malloc did not fail" :
		        "expected an arena, or NULL with errno ENOMEM (12)");
	}
}

/* delete_seen - "delete null STILL": *ap set to NULL, and none of the
 * blocks the arena handed out still in a mapping. */
static void delete_seen(struct walk *w, const char *line, size_t at)
{
	char word[16];
	uint64_t still = 1;

	if (!w->arena)
		return;
	w->arena = false;
	jg_check("release", jg_word(line, 1, word, sizeof(word)) && !strcmp(word, "null") &&
	         jg_word(line, 2, word, sizeof(word)) && jg_u64(word, &still) && still == 0,
	         "arena_delete (operation %zu): %s", at, !strcmp(word, "set") ?
	         "*ap was not set to NULL" : "some blocks the arena handed out are still in a "
	         "mapping afterwards: arena_delete unmaps every chunk (the spare and the own mappings "
	         "too)");
}

static void judge_contract(const char *dir)
{
	static const char *const ids[] = { "aligned", "separate", "grow", "own", "reuse",
		"release", "spare", "nopop" };
	static struct walk w;
	struct jg_run r;
	size_t inlen, out = 0, at = 0;
	char *in = jg_slurp(dir, "contract.in", 1 << 22, &inlen), *save = NULL, *cmd;
	char last[64] = "none";
	bool finished = false;

	memset(&w, 0, sizeof(w));
	w.reuse_turn = w.spare_turn = -1;
	w.page = PAGE;
	jg_run_load(&r, dir, "contract", 100000);
	for (cmd = in ? strtok_r(in, "\n", &save) : NULL; cmd; cmd = strtok_r(NULL, "\n", &save)) {
		struct obs o;
		uint64_t size, align = MIN_ALIGN;
		const char *line;

		at++;
		if (out >= r.nlines || !parse(r.lines[out], &o)) {
			for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
				jg_fail(ids[i], "not checked: operation %zu (%s) got no answer: %s (the last "
				        "answered was %s; the subject writes into every block it gets)", at,
				        cmd, out >= r.nlines ? run_stop(&r) : "the subject printed a line it "
				        "should not", last);
			break;
		}
		line = r.lines[out++];
		snprintf(last, sizeof(last), "%zu, %s", at, cmd);
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
		if (sscanf(cmd, "page %" SCNu64, &w.page) == 1)
			continue;
		if (!strncmp(cmd, "new ", 4)) {
			new_seen(&w, cmd, line);
			continue;
		}
		if (!w.arena) {
			/* arena_new said no: the stub has no arena to run it on */
			jg_check(w.new_size < (uint64_t)1 << 48 ? "grow" : "enomem",
			         !strcmp(line, "no arena"), "after arena_new(%" PRIu64 ") returned NULL, "
			         "the subject answered %s: %s", w.new_size, cmd, line);
			continue;
		}
		if (sscanf(cmd, "alloc %" SCNu64, &size) != 1 &&
		    sscanf(cmd, "aligned %" SCNu64 " %" SCNu64, &size, &align) != 2)
			size = 0;
		if (!strncmp(cmd, "al", 2) && !strcmp(w.section, "huge") && huge_seen(&w, cmd, size, &o))
			continue;
		if (!strcmp(cmd, "check")) {
			jg_check("separate", o.v[0] == 0, "at operation %zu, %" PRIu64 " live blocks no "
			         "longer held the bytes written into them%s", at, o.v[0], jg_seed_note());
			continue;
		}
		if (!strcmp(cmd, "delete")) {
			delete_seen(&w, line, at);
			continue;
		}
		if (o.n < 4) {
			jg_fail("grow", "the subject printed a line it should not: %s", line);
			break;
		}
		if (!strncmp(cmd, "al", 2)) {
			alloc_seen(&w, cmd, size, align, &o, at);
		} else if (!strcmp(cmd, "push")) {
			if (o.v[0] != 0) {
				jg_fail("grow", "arena_push (operation %zu) failed with errno %" PRIu64
				        ", and no failure was injected", at, o.v[1]);
			} else {
				/* the record takes a few bytes: at most a new chunk */
				if (o.v[2] == w.chunks + 1)
					w.chunk_seen = true;
				jg_check("grow", (o.v[2] == w.chunks && o.v[3] == w.mapped) ||
				         (o.v[2] == w.chunks + 1 && o.v[3] == w.mapped + w.chunk),
				         "arena_push (operation %zu, arena_new(%" PRIu64 "), pages of %" PRIu64
				         "): the arena went from %" PRIu64 " to %" PRIu64 " mappings and from %"
				         PRIu64 " to %" PRIu64 " bytes mapped; a frame takes a few bytes of the "
				         "arena, at most a new chunk, and a chunk is %" PRIu64 " bytes (%" PRIu64
				         " rounded up to whole pages, at least one)%s", at, w.new_size, w.page,
				         w.chunks, o.v[2], w.mapped, o.v[3], w.chunk, w.new_size,
				         overwritten(o.v[3]));
				if (w.depth < 64)
					w.push_chunks[w.depth] = w.chunks;
				w.depth++;
			}
		} else if (!strcmp(cmd, "pop")) {
			pop_seen(&w, &o, at);
		}
		w.chunks = o.v[2];
		w.mapped = o.v[3];
	}
	if (!finished)
		for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
			jg_fail(ids[i], "not checked: %s", run_stop(&r));
	if (!w.huge_seen)
		jg_fail("enomem", "not checked: the requests no mapping can hold were not reached: %s",
		        run_stop(&r));
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
	bool armed = false, fired_any = false, done = false, frame = false;
	uint64_t chunks = 0;

	jg_run_load(&r, dir, "fault", 10000);
	for (cmd = in ? strtok_r(in, "\n", &save) : NULL; cmd; cmd = strtok_r(NULL, "\n", &save)) {
		struct obs o, f;
		const char *line;

		at++;
		if (!strncmp(cmd, "fail ", 5)) {
			armed = true;
			continue;
		}
		if (out >= r.nlines || !parse(r.lines[out], &o))
			break;
		line = r.lines[out++];
		if (armed) {
			armed = false;
			if (out >= r.nlines || !parse(r.lines[out++], &f) || strcmp(f.op, "fired"))
				break;
			if (f.v[0] && !strncmp(cmd, "new", 3)) {
				fired_any = true;
				jg_check("enomem", !strcmp(line, "new null 12"), "with malloc failing, "
				         "arena_new answered %s: expected NULL with errno ENOMEM (12)", line);
				continue;
			}
			if (f.v[0] && !strcmp(cmd, "push")) {
				/* a frame that needs no chunk may still open */
				fired_any = true;
				frame = o.v[0] == 0;
				jg_check("enomem", o.n >= 4 && (o.v[0] == 0 || ((int64_t)o.v[0] == -1 &&
				         o.v[1] == ENOMEM_ && o.v[2] == chunks)), "with mmap failing, "
				         "arena_push returned %" PRId64 " with errno %" PRIu64 ", the arena "
				         "going from %" PRIu64 " to %" PRIu64 " mappings: expected 0 (a frame "
				         "open), or -1 with errno ENOMEM and the arena unchanged",
				         (int64_t)o.v[0], o.v[1], chunks, o.v[2]);
				if (o.n >= 4)
					chunks = o.v[2];
				continue;
			}
			if (f.v[0]) {
				fired_any = true;
				jg_check("enomem", o.v[0] == 0 && o.v[1] == ENOMEM_ && o.v[2] == chunks,
				         "with mmap failing, %s returned %#" PRIx64 " with errno %" PRIu64
				         ", the arena going from %" PRIu64 " to %" PRIu64 " mappings", cmd,
				         o.v[0], o.v[1], chunks, o.v[2]);
				continue;
			}
		}
		if (!strcmp(cmd, "push"))
			frame = o.v[0] == 0;
		if (!strcmp(cmd, "pop")) {
			jg_check("enomem", frame ? o.v[0] == 0 : (int64_t)o.v[0] == -1 && o.v[1] == EINVAL_,
			         "after arena_push returned %s, arena_pop returned %" PRId64 " with errno %"
			         PRIu64 ": a push that fails opens no frame (the pop is then EINVAL), one "
			         "that returns 0 does", frame ? "0" : "-1", (int64_t)o.v[0], o.v[1]);
			frame = false;
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
	/* Why memcheck's report cannot be used (the grader's sentence), if so:
	 * then no finding is missing, the whole report is. */
	char *why = jg_slurp(dir, "misuse.verdict", 4096, &len);
	static const struct { const char *scenario, *kind, *what; } want[] = {
		{ "scenario_use_after_pop", "InvalidRead", "a read after the frame's pop" },
		{ "scenario_overflow", "InvalidWrite", "a write one byte past the block" },
		{ "scenario_uninit", "UninitCondition", "a decision on an unwritten byte" },
	};
	struct jg_run r;

	if (why)
		why[strcspn(why, "\n")] = '\0';
	/* harness/misuse.c exits with 1 when the arena fails it. */
	jg_check("memcheck-sees", !why || !*why, "memcheck's run of the planted misuses cannot be used: %s",
	         !why ? "" : strcmp(why, "the program exited with status 1") ? why :
	         "arena_new, arena_alloc or arena_push failed in them (the program exited with status 1)");
	free(why);
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
