/*
 * judge.c - lab 02's judge: reads struct conn's layout, as pahole found it
 * in the subject's DWARF and as the subject's own offsetof/sizeof report
 * it, for 64-byte lines and again for 128-byte lines, and decides which
 * properties hold.
 *
 * Never linked with the student's code (see common/judge/judge.h).  The
 * runs it reads (grader/02-cache-lines.bats):
 *   pahole64   pahole --cacheline_size=64 -C conn build/.../subject
 *   pahole128  pahole --cacheline_size=128 -C conn build/.../subject-128
 *   layout     build/.../subject       (conn.h's CONN_LINE_SIZE, 64)
 *   layout128  build/.../subject-128   (-DCONN_LINE_SIZE=128)
 * pahole's exit status means nothing (1.30 exits 1 after a correct
 * layout): only the struct it printed counts.
 *
 *   roles:  hot      read for every packet: must lie in line 0
 *           config   read now and then
 *           counter  written by other threads: lines of their own
 *           padding  char arrays named pad... or _pad..., allowed only
 *                    where they separate the counters from the rest
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"

const struct jg_property jg_properties[] = {
	{ "holes", 1, "no hole in struct conn: each member starts where its alignment allows anyway "
	  "(the one hole allowed is one an alignment attribute forces so that the counters, or what "
	  "follows them, start a cache line)",
	  "conn.h, struct conn: sort the members by falling alignment (8, 4, 2, 1; char name[32] "
	  "counts as 1) (TODO 1)" },
	{ "members", 1, "the starter's 13 members, same names and types, in any order, plus padding "
	  "arrays (char, unsigned char or uint8_t named pad... or _pad...); CONN_LINE_SIZE 64 by default",
	  "conn.h, struct conn: move members, never change or remove one (TODO 1)" },
	{ "aligned", 1, "every member at a multiple of its alignment: a packed struct has no holes only "
	  "because its loads are misaligned",
	  "conn.h: remove __attribute__((packed)) or #pragma pack (TODO 1)" },
	{ "reorder", 1, "holes removed by reordering the members, not filled: no padding member (and no "
	  "forced hole) between two hot or config fields",
	  "conn.h, struct conn: delete the padding arrays between hot and config fields and reorder "
	  "them instead; padding belongs only beside the counters (TODO 1)" },
	{ "hot", 2, "rx_buf, ops, fd, rx_len, flags and state all within bytes 0-63 (cache line 0)",
	  "conn.h, struct conn: the hot fields first, the config after them (TODO 2)" },
	{ "counters", 3, "no hot or config field on a 64-byte line that a counter's bytes use: each "
	  "counter add steals that line from the cores reading it",
	  "conn.h, struct conn: alignas(CONN_LINE_SIZE) on the first counter, or padding up to a line "
	  "boundary before them (TODO 3)" },
	{ "tail", 3, "the size of struct conn a multiple of the line (64), so that in an array no "
	  "neighbouring struct conn shares the counters' line",
	  "conn.h, struct conn: alignas on a counter rounds the size up; with padding members, pad the "
	  "tail after the counters to the line's end (TODO 3)" },
	{ "smallest", 3, "struct conn no bigger than separate lines need: roundup(76 bytes of hot and "
	  "config, 64) + roundup(20 bytes of counters, 64) = 192 bytes",
	  "conn.h, struct conn: one alignment (or padding to the next boundary) is enough; no whole "
	  "line of padding on top (TODO 3)" },
	{ "line128", 3, "built with -DCONN_LINE_SIZE=128 (some arm64 and POWER cores), the layout "
	  "follows: the counters on 128-byte lines of their own, no other hole, a size that is a "
	  "multiple of 128 and at most 256 bytes",
	  "conn.h: write every line-dependent number as CONN_LINE_SIZE (alignas(CONN_LINE_SIZE), "
	  "char _pad[2 * CONN_LINE_SIZE - 76]...), never 64 (TODO 3)" },
};
const size_t jg_nproperties = sizeof(jg_properties) / sizeof(jg_properties[0]);

enum role { HOT, CONFIG, COUNTER, PADDING, UNKNOWN };
static const char *const role_name[] = { "hot", "config", "counter", "padding", "unknown" };

/* The members conn.h must keep: name, role, alignment on LP64 (x86_64 and
 * arm64 alike), and the declaration as pahole prints it, blanks removed. */
static const struct expect {
	const char *name;
	enum role role;
	unsigned align;
	const char *decl;
	const char *pretty;
} expected[] = {
	{ "rx_buf", HOT, 8, "uint8_t*rx_buf", "uint8_t *rx_buf" },
	{ "ops", HOT, 8, "conststructconn_ops*ops", "const struct conn_ops *ops" },
	{ "fd", HOT, 4, "intfd", "int fd" },
	{ "rx_len", HOT, 4, "uint32_trx_len", "uint32_t rx_len" },
	{ "flags", HOT, 1, "uint8_tflags", "uint8_t flags" },
	{ "state", HOT, 1, "uint8_tstate", "uint8_t state" },
	{ "name", CONFIG, 1, "charname[32]", "char name[32]" },
	{ "created_ns", CONFIG, 8, "uint64_tcreated_ns", "uint64_t created_ns" },
	{ "idle_timeout_ns", CONFIG, 8, "uint64_tidle_timeout_ns", "uint64_t idle_timeout_ns" },
	{ "port", CONFIG, 2, "uint16_tport", "uint16_t port" },
	{ "rx_packets", COUNTER, 8, "uint64_trx_packets", "uint64_t rx_packets" },
	{ "rx_bytes", COUNTER, 8, "uint64_trx_bytes", "uint64_t rx_bytes" },
	{ "drops", COUNTER, 4, "uint32_tdrops", "uint32_t drops" },
};
#define NEXPECTED (sizeof(expected) / sizeof(expected[0]))
#define HOT_CONFIG_BYTES 76
#define COUNTER_BYTES 20

#define MAXM 64

struct member {
	char name[64];
	char decl[200];      /* pahole's declaration, blanks squeezed */
	char bare[200];      /* the same without blanks, for comparing */
	uint64_t off, size;
	bool forced;         /* it carries an alignment attribute */
	enum role role;
	int want;            /* index in expected[], or -1 */
};

struct hole {
	uint64_t off, bytes;
	bool forced;         /* opened by the alignment of the member after it */
	size_t next;         /* index of the member after it */
};

/* One build's layout: pahole's reading and the subject's report. */
struct layout {
	const char *tag;     /* "" or " (CONN_LINE_SIZE=128)" */
	uint64_t line;       /* the line the build was made for */
	bool found;          /* pahole printed struct conn */
	char why[300];       /* why not */
	struct member m[MAXM];
	size_t nm;
	struct hole h[MAXM];
	size_t nh;
	uint64_t size;
	bool subject_ok;     /* the subject reported all 13 members */
	char subject_why[600];
	uint64_t s_line, s_size, s_off[NEXPECTED], s_msize[NEXPECTED];
};

/* ---- reading pahole ---------------------------------------------------- */

/* squeeze - copy src into dst (size n) with runs of blanks made one space,
 * none at the ends; with nospace, no blanks at all. */
static void squeeze(char *dst, size_t n, const char *src, bool nospace)
{
	size_t o = 0;
	bool blank = false;

	for (; *src && o + 1 < n; src++) {
		if (*src == ' ' || *src == '\t') {
			blank = o > 0;
			continue;
		}
		if (blank && !nospace && o + 2 < n)
			dst[o++] = ' ';
		blank = false;
		dst[o++] = *src;
	}
	dst[o] = '\0';
}

/* strip_aligned - remove "__attribute__((__aligned__(N)))" from s; true if
 * there was one. */
static bool strip_aligned(char *s)
{
	char *a = strstr(s, "__attribute__((__aligned__(");
	char *e;

	if (!a)
		return false;
	e = strstr(a, ")))");
	if (!e)
		return false;
	memmove(a, e + 3, strlen(e + 3) + 1);
	return true;
}

/* member_name - the declared name in decl: "(*name)" for a function
 * pointer, else the last identifier before any [N]. */
static void member_name(const char *decl, char *name, size_t n)
{
	const char *fp = strstr(decl, "(*"), *end, *start;

	if (fp) {
		start = fp + 2;
		end = start + strcspn(start, ")");
	} else {
		end = decl + strcspn(decl, "[");
		while (end > decl && end[-1] == ' ')
			end--;
		start = end;
		while (start > decl && (start[-1] == '_' || (start[-1] >= '0' && start[-1] <= '9') ||
					(start[-1] >= 'a' && start[-1] <= 'z') ||
					(start[-1] >= 'A' && start[-1] <= 'Z')))
			start--;
	}
	snprintf(name, n, "%.*s", (int)(end - start), start);
}

/* is_padding - a char array named pad..., _pad..., __pad... */
static bool is_padding(const struct member *m)
{
	const char *n = m->name;
	static const char *const types[] = { "char", "unsignedchar", "signedchar", "uint8_t", "int8_t" };

	while (*n == '_')
		n++;
	if (strncmp(n, "pad", 3) || !strchr(m->bare, '['))
		return false;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t k = strlen(types[i]);

		if (!strncmp(m->bare, types[i], k) && !strncmp(m->bare + k, m->name, strlen(m->name)))
			return true;
	}
	return false;
}

/* parse_member - one pahole member line "decl; /\* off size *\/"; false if
 * the line is not one. */
static bool parse_member(const char *line, struct member *m)
{
	const char *semi = strchr(line, ';'), *c;
	char raw[200], *end;
	uint64_t off, size;

	if (!semi || !(c = strstr(semi, "/*")))
		return false;
	off = strtoull(c + 2, &end, 10);
	if (end == c + 2)
		return false;
	size = strtoull(end, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (strncmp(end, "*/", 2))
		return false;
	memset(m, 0, sizeof(*m));
	snprintf(raw, sizeof(raw), "%.*s", (int)(semi - line), line);
	m->forced = strip_aligned(raw);
	squeeze(m->decl, sizeof(m->decl), raw, false);
	squeeze(m->bare, sizeof(m->bare), raw, true);
	member_name(m->decl, m->name, sizeof(m->name));
	m->off = off;
	m->size = size;
	m->want = -1;
	m->role = UNKNOWN;
	for (size_t i = 0; i < NEXPECTED; i++)
		if (!strcmp(m->name, expected[i].name)) {
			m->want = (int)i;
			m->role = expected[i].role;
		}
	if (m->want < 0 && is_padding(m))
		m->role = PADDING;
	return true;
}

static void load_pahole(struct layout *l, const char *dir, const char *name)
{
	struct jg_run r;
	bool in = false;
	uint64_t pending = 0;

	jg_run_load(&r, dir, name, 400);
	for (size_t i = 0; i < r.nlines; i++) {
		const char *s = r.lines[i], *x;

		if (!in) {
			in = !strncmp(s, "struct conn {", 13);
			continue;
		}
		if (!strncmp(s, "};", 2) || !strncmp(s, "} __attribute__", 15)) {
			l->found = l->size > 0;
			break;
		}
		if ((x = strstr(s, "XXX ")) && strstr(x, "bytes hole")) {
			pending = strtoull(x + 4, NULL, 10);
			continue;
		}
		if ((x = strstr(s, "/* size: "))) {
			l->size = strtoull(x + 9, NULL, 10);
			continue;
		}
		if (l->nm < MAXM && parse_member(s, &l->m[l->nm])) {
			if (pending && l->nh < MAXM) {
				struct member *m = &l->m[l->nm];

				l->h[l->nh++] = (struct hole){ m->off >= pending ? m->off - pending : 0, pending,
							      m->forced, l->nm };
			}
			pending = 0;
			l->nm++;
		}
	}
	if (!l->found) {
		const char *end = jg_run_end(&r);

		if (!r.present)
			snprintf(l->why, sizeof(l->why), "pahole did not run (%s)", end ? end : "?");
		else
			snprintf(l->why, sizeof(l->why), "pahole printed no struct conn%s%s%s",
				 r.err[0] ? " (stderr: " : "", r.err, r.err[0] ? ")" : "");
	}
	jg_run_free(&r);
}

static void load_subject(struct layout *l, const char *dir, const char *name)
{
	struct jg_run r;
	char w[64];
	bool seen[NEXPECTED] = { false }, ended = false, have_size = false;
	size_t count = 0;

	jg_run_load(&r, dir, name, 64);
	for (size_t i = 0; i < r.nlines; i++) {
		uint64_t a, b;

		if (!jg_word(r.lines[i], 0, w, sizeof(w)))
			continue;
		if (!strcmp(w, "line") && jg_word(r.lines[i], 1, w, sizeof(w)) && jg_u64(w, &a)) {
			l->s_line = a;
		} else if (!strcmp(w, "size") && jg_word(r.lines[i], 1, w, sizeof(w)) && jg_u64(w, &a)) {
			l->s_size = a;
			have_size = true;
		} else if (!strcmp(w, "member")) {
			char n[64];

			if (!jg_word(r.lines[i], 1, n, sizeof(n)) || !jg_word(r.lines[i], 2, w, sizeof(w)) ||
			    !jg_u64(w, &a) || !jg_word(r.lines[i], 3, w, sizeof(w)) || !jg_u64(w, &b))
				continue;
			for (size_t k = 0; k < NEXPECTED; k++)
				if (!strcmp(n, expected[k].name) && !seen[k]) {
					seen[k] = true;
					l->s_off[k] = a;
					l->s_msize[k] = b;
					count++;
				}
		} else if (!strcmp(w, "end")) {
			ended = true;
		}
	}
	l->subject_ok = ended && have_size && count == NEXPECTED;
	if (!l->subject_ok) {
		const char *end = jg_run_end(&r);

		snprintf(l->subject_why, sizeof(l->subject_why), "the subject %s%s%s%s",
			 end ? end : "did not report the whole layout", r.err[0] ? " (stderr: " : "", r.err,
			 r.err[0] ? ")" : "");
	}
	jg_run_free(&r);
}

/* ---- the checks ---------------------------------------------------------- */

/* find - the index of the member named name in l, or -1. */
static int find(const struct layout *l, const char *name)
{
	for (size_t i = 0; i < l->nm; i++)
		if (!strcmp(l->m[i].name, name))
			return (int)i;
	return -1;
}

/* span - "bytes A-B (line N)" for a member, with lines of `line` bytes. */
static const char *span(const struct member *m, uint64_t line, char *buf, size_t n)
{
	uint64_t a = m->off, b = m->off + (m->size ? m->size - 1 : 0);

	if (a / line == b / line)
		snprintf(buf, n, "bytes %" PRIu64 "-%" PRIu64 " (line %" PRIu64 ")", a, b, a / line);
	else
		snprintf(buf, n, "bytes %" PRIu64 "-%" PRIu64 " (lines %" PRIu64 "-%" PRIu64 ")", a, b,
			 a / line, b / line);
	return buf;
}

/* neighbour - the nearest member before (dir -1) or after (+1) member i
 * that is not padding, or NULL. */
static const struct member *neighbour(const struct layout *l, size_t i, int dir)
{
	for (long k = (long)i + dir; k >= 0 && k < (long)l->nm; k += dir)
		if (l->m[k].role != PADDING)
			return &l->m[k];
	return NULL;
}

static bool is_hc(const struct member *m)
{
	return m && (m->role == HOT || m->role == CONFIG);
}

/* present - fail id when the build's layout is unknown; true if known. */
static bool present(const char *id, const struct layout *l)
{
	if (l->found)
		return true;
	jg_fail(id, "%s%s", l->why, l->tag);
	return false;
}

static void check_members(const char *id, const struct layout *l, uint64_t want_line)
{
	if (!present(id, l))
		return;
	for (size_t k = 0; k < NEXPECTED; k++) {
		int i = find(l, expected[k].name);

		if (i < 0)
			jg_fail(id, "member '%s' is gone%s", expected[k].pretty, l->tag);
		else if (strcmp(l->m[i].bare, expected[k].decl))
			jg_fail(id, "'%s' where the starter has '%s'%s", l->m[i].decl, expected[k].pretty, l->tag);
	}
	for (size_t i = 0; i < l->nm; i++) {
		if (l->m[i].role == UNKNOWN)
			jg_fail(id, "an extra member '%s' (padding must be a char array named pad... or "
				"_pad...)%s", l->m[i].decl, l->tag);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(l->m[i].name, l->m[j].name))
				jg_fail(id, "two members named '%s'%s", l->m[i].name, l->tag);
	}
	if (!l->subject_ok) {
		jg_fail(id, "%s%s", l->subject_why, l->tag);
		return;
	}
	if (l->s_line != want_line)
		jg_fail(id, "CONN_LINE_SIZE is %" PRIu64 " in this build, not %" PRIu64 "%s", l->s_line,
			want_line, want_line == 64 ? " (keep #define CONN_LINE_SIZE 64 inside #ifndef)" :
			" (conn.h must not redefine it when the compiler already did)");
	/* The second observer: what the compiled code uses is what pahole read. */
	if (l->s_size != l->size)
		jg_fail(id, "sizeof(struct conn) is %" PRIu64 " but pahole read %" PRIu64 " bytes%s",
			l->s_size, l->size, l->tag);
	for (size_t k = 0; k < NEXPECTED; k++) {
		int i = find(l, expected[k].name);

		if (i >= 0 && (l->m[i].off != l->s_off[k] || l->m[i].size != l->s_msize[k]))
			jg_fail(id, "the compiler puts %s at offset %" PRIu64 " (%" PRIu64 " bytes), pahole "
				"read offset %" PRIu64 " (%" PRIu64 " bytes)%s", expected[k].name, l->s_off[k],
				l->s_msize[k], l->m[i].off, l->m[i].size, l->tag);
	}
}

static void check_aligned(const char *id, const struct layout *l)
{
	if (!present(id, l))
		return;
	for (size_t k = 0; k < NEXPECTED; k++) {
		int i = find(l, expected[k].name);

		if (i >= 0 && l->m[i].off % expected[k].align)
			jg_fail(id, "%s at offset %" PRIu64 ", not a multiple of %u: the struct is packed%s",
				expected[k].pretty, l->m[i].off, expected[k].align, l->tag);
	}
}

/* check_holes - no hole but a forced one that ends on a line boundary
 * next to a counter. */
static void check_holes(const char *id, const struct layout *l, uint64_t line)
{
	uint64_t total = 0;
	size_t bad = 0, first = 0;

	if (!present(id, l))
		return;
	for (size_t i = 0; i < l->nh; i++) {
		const struct hole *h = &l->h[i];
		const struct member *before = neighbour(l, h->next, -1), *after = &l->m[h->next];

		if (h->forced && (h->off + h->bytes) % line == 0 &&
		    ((before && before->role == COUNTER) || after->role == COUNTER))
			continue;
		if (!bad++)
			first = i;
		total += h->bytes;
	}
	if (bad) {
		const struct hole *h = &l->h[first];
		const struct member *after = &l->m[h->next];

		jg_fail(id, "%" PRIu64 " bytes hole at offset %" PRIu64 "%s%s%s before '%s'%s; %zu hole(s), "
			"%" PRIu64 " bytes in all%s (pahole: /* XXX %" PRIu64 " bytes hole */)", h->bytes, h->off,
			h->next ? ", after '" : "", h->next ? l->m[h->next - 1].decl : "", h->next ? "' and" : "",
			after->decl, h->forced ? " (an alignment attribute opened it, but not to put the "
			"counters on a line of their own)" : "", bad, total, l->tag, h->bytes);
	}
}

/* check_reorder - padding members only beside the counters. */
static void check_reorder(const char *id, const struct layout *l)
{
	if (!present(id, l))
		return;
	for (size_t i = 0; i < l->nm; i++) {
		const struct member *b, *a;

		if (l->m[i].role != PADDING)
			continue;
		b = neighbour(l, i, -1);
		a = neighbour(l, i, +1);
		if (is_hc(a) && (!b || is_hc(b)))
			jg_fail(id, "padding '%s' (%" PRIu64 " bytes at offset %" PRIu64 ") fills a hole %s '%s': "
				"pahole shows no hole, but the bytes are as wasted as before%s", l->m[i].decl,
				l->m[i].size, l->m[i].off, b ? "between" : "before", b ? b->decl : a->decl,
				l->tag);
	}
}

static void check_hot(const char *id, const struct layout *l, uint64_t line)
{
	char buf[80];

	if (!present(id, l))
		return;
	for (size_t i = 0; i < l->nm; i++)
		if (l->m[i].role == HOT && l->m[i].off + l->m[i].size > line)
			jg_fail(id, "hot field '%s' at %s: every packet then touches two lines (pahole: "
				"%s; /* %" PRIu64 " %" PRIu64 " */)%s", l->m[i].decl,
				span(&l->m[i], line, buf, sizeof(buf)), l->m[i].decl, l->m[i].off, l->m[i].size,
				l->tag);
}

static void check_counters(const char *id, const struct layout *l, uint64_t line)
{
	char b1[80], b2[80];

	if (!present(id, l))
		return;
	for (size_t c = 0; c < l->nm; c++) {
		if (l->m[c].role != COUNTER)
			continue;
		for (size_t i = 0; i < l->nm; i++) {
			const struct member *m = &l->m[i], *k = &l->m[c];

			if (!is_hc(m) || !m->size || !k->size)
				continue;
			if (m->off / line <= (k->off + k->size - 1) / line &&
			    k->off / line <= (m->off + m->size - 1) / line)
				jg_fail(id, "%s field '%s' at %s shares a %" PRIu64 "-byte line with counter "
					"'%s' at %s%s", role_name[m->role], m->decl, span(m, line, b1, sizeof(b1)),
					line, k->decl, span(k, line, b2, sizeof(b2)), l->tag);
		}
	}
}

static void check_tail(const char *id, const struct layout *l, uint64_t line)
{
	if (!present(id, l))
		return;
	if (l->size % line)
		jg_fail(id, "struct conn is %" PRIu64 " bytes, not a multiple of %" PRIu64 ": in an array "
			"the next struct conn begins %" PRIu64 " bytes into a line, beside this one's last "
			"fields%s", l->size, line, l->size % line, l->tag);
}

static void check_smallest(const char *id, const struct layout *l, uint64_t line)
{
	uint64_t bound = (HOT_CONFIG_BYTES + line - 1) / line * line +
			 (COUNTER_BYTES + line - 1) / line * line;
	const struct member *pad = NULL;

	if (!present(id, l))
		return;
	if (l->size <= bound)
		return;
	for (size_t i = 0; i < l->nm; i++)
		if (l->m[i].role == PADDING && (!pad || l->m[i].size > pad->size))
			pad = &l->m[i];
	jg_fail(id, "struct conn is %" PRIu64 " bytes, more than the %" PRIu64 " that separate "
		"%" PRIu64 "-byte lines need%s%s%s%s", l->size, bound, line,
		pad ? "; the biggest padding is '" : "", pad ? pad->decl : "", pad ? "'" : "", l->tag);
}

void judge_inputs(uint64_t seed, const char *dir)
{
	/* Nothing to choose: the layout is what is judged, for two line
	 * sizes fixed by the builds.  The subject reads no input. */
	(void)seed;
	(void)dir;
}

void judge_verdict(uint64_t seed, const char *dir)
{
	static struct layout l64 = { .tag = "", .line = 64 };
	static struct layout l128 = { .tag = " (built with CONN_LINE_SIZE=128)", .line = 128 };
	static const char *const step1[] = { "members", "aligned", "reorder" };

	(void)seed;
	load_pahole(&l64, dir, "pahole64");
	load_subject(&l64, dir, "layout");
	load_pahole(&l128, dir, "pahole128");
	load_subject(&l128, dir, "layout128");

	/* Each check first, then what it waits for: a real failure is the
	 * better message, and only the first failure of a property counts. */
	check_holes("holes", &l64, 64);
	jg_pass("holes");
	check_members("members", &l64, 64);
	check_aligned("aligned", &l64);
	check_reorder("reorder", &l64);
	for (size_t i = 0; i < sizeof(step1) / sizeof(step1[0]); i++) {
		/* The untouched starter keeps its members and packs nothing:
		 * those pass only once its holes are gone. */
		jg_wait(step1[i], "holes");
		jg_pass(step1[i]);
	}

	/* A later step waits first: "waiting for step 1" is what a student
	 * with holes left should read, not a second report on them. */
	for (size_t i = 0; i < sizeof(step1) / sizeof(step1[0]); i++)
		jg_wait("hot", step1[i]);
	jg_wait("hot", "holes");
	check_hot("hot", &l64, 64);
	jg_pass("hot");

	jg_wait("counters", "hot");
	check_counters("counters", &l64, 64);
	jg_pass("counters");
	jg_wait("tail", "hot");
	check_tail("tail", &l64, 64);
	jg_pass("tail");
	check_smallest("smallest", &l64, 64);
	jg_wait("smallest", "counters");
	jg_wait("smallest", "tail");
	jg_pass("smallest");

	/* The same rules on 128-byte lines: a 64 written by hand fails here. */
	check_members("line128", &l128, 128);
	check_aligned("line128", &l128);
	check_holes("line128", &l128, 128);
	check_reorder("line128", &l128);
	check_hot("line128", &l128, 128);
	check_counters("line128", &l128, 128);
	check_tail("line128", &l128, 128);
	check_smallest("line128", &l128, 128);
	jg_wait("line128", "smallest");
	jg_pass("line128");
}
