/*
 * judge.c - lab 05's judge: writes the questions the subject asks tables.c,
 * then decides from what the grader collected in the sandbox: the
 * subject's answers and report, and what binutils say about the grader's
 * own build (readelf -SsW, readelf --debug-dump=info, size -A, the file's
 * size) and the student's answers.txt (cat), one record per property.
 *
 * Never linked with the student's code (see common/judge/judge.h).
 * Everything read here was produced from untrusted code: parse strictly.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "judge.h"
#include "tables.h"

#define KIB 1024u
#define MIB (1024u * 1024u)
#define CALLS 1000u             /* count_calls() calls the judge asks for */
#define SAMPLES 4000u           /* random n asked of is_prime */

const struct jg_property jg_properties[] = {
	{ "bss", 1, "composite: an array of 1048576 bytes in .bss (readelf -sW build/05-static/subject)",
	  "composite in tables.c: no initializer; set its two entries in sieve_build() (TODO 1)" },
	{ "sizes", 1, ".data below 1 KiB and .bss of at least 1 MiB (size -A build/05-static/subject)",
	  "composite in tables.c (TODO 1)" },
	{ "file", 1, "build/05-static/subject under 256 KiB on disk (.bss costs no file bytes)",
	  "composite in tables.c (TODO 1)" },
	{ "sieve", 1, "is_prime(n) true exactly for the primes below 1048576 (0, 1, 2, 65535, 65537, "
	  "1009^2, 1021^2, 1048573, 1048575 and sampled n)",
	  "sieve_build in tables.c: 0 and 1 are not prime (TODO 1)" },
	{ "banner", 2, "banner: an array of constant chars, declared const, in .rodata",
	  "banner in tables.c (TODO 2)" },
	{ "powers", 2, "powers_of_ten: an array of constants, declared const, in .rodata",
	  "powers_of_ten in tables.c (TODO 2)" },
	{ "names", 2, "digit_names: declared const (the pointers, not only the strings), in .rodata or "
	  ".data.rel.ro (PIE)",
	  "digit_names in tables.c: const char *const (TODO 2)" },
	{ "values", 2, "power_of_ten(k) == 10^k for k in 0..9, 0 beyond; digit_name(d) names digit d, "
	  "\"?\" beyond 9; report_banner() unchanged",
	  "power_of_ten, digit_name, report_banner in tables.c (TODO 2)" },
	{ "bounds", 2, "no read outside a table: AddressSanitizer silent on the same questions (power_of_ten "
	  "and digit_name up to 12 and beyond, the banner, is_prime)",
	  "power_of_ten, digit_name in tables.c: an index checked against the table's own length" },
	{ "static", 3, "calls: a static local of count_calls (symbol calls.N, binding LOCAL, declared "
	  "inside count_calls in the debug information), in .bss or .data",
	  "count_calls in tables.c: `static unsigned calls;` inside the function (TODO 3)" },
	{ "counter", 3, "the k-th call of count_calls() returns k (1000 calls)",
	  "count_calls in tables.c (TODO 3)" },
	{ "report", 3, "build/05-static/subject prints exactly harness/report.expected (the starter's "
	  "report) and exits 0",
	  "tables.c: moving data between sections must not change what the program computes" },
	{ "answers-complete", 4, "one line \"name section\" for each quiz_* object of subject-quiz.c",
	  "answers.txt (TODO 4)" },
	{ "answers-right", 4, "each section as readelf -sW / -SW show it for build/05-static/subject-quiz",
	  "answers.txt (TODO 4)" },
};
const size_t jg_nproperties = sizeof(jg_properties) / sizeof(jg_properties[0]);

static const char expected_report[] =
	"number facts, from a sieve of 1048576 entries\n"
	"primes below 10^1 .. 10^6: 4 25 168 1229 9592 78498\n"
	"primes below 1048576: 82025\n"
	"twin prime pairs below 1048576: 8535\n"
	"the largest is 1048573: one-zero-four-eight-five-seven-three\n"
	"65537 is prime, 65535 is not prime\n";

static const char *const digits[] = {
	"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
};

/* The numbers asked of is_prime: the boundaries, then sampled ones. */
static void prime_questions(uint64_t seed, void (*each)(unsigned n, void *), void *arg)
{
	/* 1018081 = 1009^2 and 1042441 = 1021^2: composites whose smallest
	 * factor is a prime near the square root, the last ones the sieve marks. */
	static const unsigned fixed[] = { 0, 1, 2, 3, 4, 5, 9, 65535, 65536, 65537,
		1018081, 1042441, 1048573, 1048574, 1048575 };
	struct jg_rng r;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		each(fixed[i], arg);
	jg_rng_seed(&r, seed);
	for (unsigned i = 0; i < SAMPLES; i++)
		each((unsigned)jg_rng_below(&r, SIEVE_LIMIT), arg);
}

static void ask_prime(unsigned n, void *f) { fprintf(f, "prime %u\n", n); }

void judge_inputs(uint64_t seed, const char *dir)
{
	/* The same questions natively (ask) and under AddressSanitizer (asan). */
	for (int run = 0; run < 2; run++) {
		FILE *f = jg_input(dir, run ? "asan" : "ask");

		prime_questions(seed, ask_prime, f);
		for (unsigned k = 0; k <= 12; k++)
			fprintf(f, "power %u\n", k);
		fprintf(f, "power 100\npower 4294967295\n");
		for (unsigned d = 0; d <= 12; d++)
			fprintf(f, "name %u\n", d);
		fprintf(f, "name 4294967295\nbanner\ncalls %u\n", CALLS);
		if (fclose(f) != 0)
			exit(1);
	}
}

/* ---- readelf -SsW: "name section size bind" per symbol, per file ---- */

struct sym {
	char name[128], sect[64], bind[16];
	uint64_t size;
	int file;                       /* 0: subject, 1: subject-quiz */
};
static struct sym *syms;
static size_t nsyms;

static void load_symbols(const char *dir)
{
	char *text = jg_slurp(dir, "readelf.out", 64u * MIB, NULL), *line, *save = NULL;
	char secname[256][64];
	int file = -1;

	memset(secname, 0, sizeof(secname));
	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char w[8][128];
		unsigned n = 0, idx;
		const char *p;

		if (strncmp(line, "File: ", 6) == 0) {
			size_t len = strlen(line);
			file = len >= 13 && strcmp(line + len - 13, "/subject-quiz") == 0 ? 1 : 0;
			memset(secname, 0, sizeof(secname));
			continue;
		}
		if (file < 0)
			continue;
		p = line + strspn(line, " ");
		if (*p == '[') {                        /* "  [26] .bss NOBITS ..." */
			p++;
			if (sscanf(p, "%u] %63s", &idx, w[0]) == 2 && idx > 0 && idx < 256)
				snprintf(secname[idx], sizeof(secname[idx]), "%s", w[0]);
			continue;
		}
		while (n < 8 && jg_word(line, n, w[n], sizeof(w[n])))
			n++;
		if (n < 8 || !strchr(w[0], ':') || w[0][strlen(w[0]) - 1] != ':')
			continue;
		uint64_t size, sec;
		if (!jg_u64(w[2], &size) || !jg_u64(w[6], &sec) || sec == 0 || sec >= 256 || !secname[sec][0])
			continue;
		struct sym *s = realloc(syms, (nsyms + 1) * sizeof(*s));
		if (!s)
			exit(1);
		syms = s;
		s += nsyms++;
		snprintf(s->name, sizeof(s->name), "%.127s", w[7]);
		snprintf(s->sect, sizeof(s->sect), "%.63s", secname[sec]);
		snprintf(s->bind, sizeof(s->bind), "%.15s", w[4]);
		s->size = size;
		s->file = file;
	}
	free(text);
}

/* sym - the object NAME (or NAME.N, a static local) of file, or NULL. */
static const struct sym *sym(const char *name, int file, bool *suffixed)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < nsyms; i++) {
		const char *n = syms[i].name;

		if (syms[i].file != file || strncmp(n, name, len) != 0)
			continue;
		if (n[len] == '\0' || (n[len] == '.' && n[len + 1] && strspn(n + len + 1, "0123456789") == strlen(n + len + 1))) {
			if (suffixed)
				*suffixed = n[len] == '.';
			return &syms[i];
		}
	}
	return NULL;
}

/* ---- readelf --debug-dump=info: tags, types, names, nesting ---- */

struct die {
	uint64_t off, type;
	int depth;
	char tag[40], name[64];
	uint64_t parent_fn;             /* index+1 of the enclosing subprogram */
};
static struct die *dies;
static size_t ndies;

static void load_dwarf(const char *dir)
{
	char *text = jg_slurp(dir, "dwarf.out", 256u * MIB, NULL), *line, *save = NULL;
	size_t fn_at[64] = { 0 };       /* per depth: index+1 of a subprogram DIE */

	if (!text)
		return;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *p = line + strspn(line, " ");
		unsigned depth;
		char off[32], *tag;

		if (sscanf(p, "<%u><%31[0-9a-f]>: Abbrev Number:", &depth, off) == 2 && depth < 64) {
			struct die *d = realloc(dies, (ndies + 1) * sizeof(*d));
			if (!d)
				exit(1);
			dies = d;
			d += ndies++;
			memset(d, 0, sizeof(*d));
			d->off = strtoull(off, NULL, 16);
			d->depth = (int)depth;
			tag = strchr(p, '(');
			if (tag)
				snprintf(d->tag, sizeof(d->tag), "%.*s", (int)strcspn(tag + 1, ")"), tag + 1);
			for (unsigned k = depth; k < 64; k++)
				fn_at[k] = 0;
			for (unsigned k = depth; k-- > 0;)
				if (fn_at[k]) {
					d->parent_fn = fn_at[k];
					break;
				}
			if (strcmp(d->tag, "DW_TAG_subprogram") == 0)
				fn_at[depth] = ndies;
			continue;
		}
		if (!ndies)
			continue;
		struct die *d = &dies[ndies - 1];
		const char *a = strstr(p, "DW_AT_name"), *t = strstr(p, "DW_AT_type");
		if (a) {
			const char *v = strrchr(line, ':');
			if (v)
				snprintf(d->name, sizeof(d->name), "%s", v + 1 + strspn(v + 1, " "));
		} else if (t) {
			const char *v = strstr(t, "<0x");
			if (v)
				d->type = strtoull(v + 3, NULL, 16);
		}
	}
	free(text);
}

static const struct die *die_at(uint64_t off)
{
	size_t lo = 0, hi = ndies;

	while (lo < hi) {               /* DIEs come in increasing offsets */
		size_t mid = (lo + hi) / 2;
		if (dies[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ndies && dies[lo].off == off ? &dies[lo] : NULL;
}

/* var - the first DW_TAG_variable named name (with a type), or NULL. */
static const struct die *var(const char *name)
{
	for (size_t i = 0; i < ndies; i++)
		if (strcmp(dies[i].tag, "DW_TAG_variable") == 0 && strcmp(dies[i].name, name) == 0 &&
		    dies[i].type)
			return &dies[i];
	return NULL;
}

/* is_const - the variable's type is const (an array of const counts). */
static bool is_const(const struct die *v)
{
	const struct die *d = die_at(v->type);

	for (int hops = 0; d && hops < 16; hops++) {
		if (strcmp(d->tag, "DW_TAG_const_type") == 0)
			return true;
		if (strcmp(d->tag, "DW_TAG_array_type") && strcmp(d->tag, "DW_TAG_typedef") &&
		    strcmp(d->tag, "DW_TAG_volatile_type"))
			return false;
		d = die_at(d->type);
	}
	return false;
}

/* ---- helpers ---- */

static uint64_t section_size(const char *text, const char *name)
{
	char buf[64];
	uint64_t v;

	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (jg_word(l, 0, buf, sizeof(buf)) && strcmp(buf, name) == 0 &&
		    jg_word(l, 1, buf, sizeof(buf)) && jg_u64(buf, &v))
			return v;
	}
	return 0;
}

static const char *seen_sym(const struct sym *s, char *buf, size_t size, const char *name)
{
	if (!s)
		snprintf(buf, size, "no object named %s in build/05-static/subject", name);
	else
		snprintf(buf, size, "%s: %" PRIu64 " bytes in %s", s->name, s->size, s->sect);
	return buf;
}

/* read_only - a step 2 table: in one of the sections, and const in DWARF. */
static void read_only(const char *id, const char *name, const char *s1, const char *s2)
{
	const struct sym *s = sym(name, 0, NULL);
	const struct die *v = var(name);
	char buf[256];

	if (!s || (strcmp(s->sect, s1) && (!s2 || strcmp(s->sect, s2)))) {
		jg_fail(id, "%s%s", seen_sym(s, buf, sizeof(buf), name),
		        s && !strcmp(s->sect, ".data") && s->size == 8 && !strcmp(name, "banner") ?
		        " (a pointer to the string, and the pointer itself is writable)" :
		        s && !strcmp(s->sect, ".data") && !strcmp(name, "digit_names") ?
		        " (the table of pointers itself must be const, not only the strings)" :
		        s && !strcmp(s->sect, ".data") ? " (writable: nothing declares the object const)" : "");
		return;
	}
	if (!v)
		jg_fail(id, "no variable %s in the debug information", name);
	else
		jg_check(id, is_const(v), "%s is declared without const: gcc -O2 moved a table nobody "
		         "writes to a read-only section by itself, but nothing stops code from writing it", name);
}

/* ---- the answers ---- */

static void judge_answers(const char *dir)
{
	char *text = jg_slurp(dir, "answers.out", MIB, NULL), *line, *save = NULL;
	const char *given[64] = { 0 };
	unsigned count[64] = { 0 }, lineno = 0, nobj = 0, wrong = 0, answered = 0, problems = 0;
	const struct sym *obj[64];
	char prob[512] = "", bad[512] = "";

	for (size_t i = 0; i < nsyms && nobj < 64; i++)
		if (syms[i].file == 1 && strncmp(syms[i].name, "quiz_", 5) == 0) {
			size_t j;
			for (j = 0; j < nobj; j++)
				if (!strcmp(obj[j]->name, syms[i].name))
					break;
			if (j == nobj)
				obj[nobj++] = &syms[i];
		}
	if (!text || !nobj) {
		jg_fail("answers-complete", "%s", !text ? "answers.txt could not be read" :
		        "the grader found no quiz_* object in build/05-static/subject-quiz");
		jg_wait("answers-right", "answers-complete");
		free(text);
		return;
	}
	char *copy = text;
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[128], sect[64], *hash = strchr(line, '#');
		size_t j, len;

		lineno++;
		if (hash)
			*hash = '\0';
		for (char *cr = strchr(line, '\r'); cr; cr = strchr(cr, '\r'))
			*cr = ' ';              /* a file saved with CRLF line ends */
		if (!jg_word(line, 0, name, sizeof(name)))
			continue;
		for (j = 0; j < nobj; j++) {
			len = strcspn(obj[j]->name, ".");
			if (strlen(name) == len && !strncmp(obj[j]->name, name, len))
				break;
		}
		if (j == nobj) {
			if (!problems++)
				snprintf(prob, sizeof(prob), "line %u: subject-quiz.c has no object named %.60s",
				         lineno, name);
			continue;
		}
		if (!jg_word(line, 1, sect, sizeof(sect)))
			snprintf(sect, sizeof(sect), "?");
		count[j]++;
		given[j] = strdup(sect);
	}
	for (size_t j = 0; j < nobj; j++) {
		char want[80], got[80];
		int len = (int)strcspn(obj[j]->name, ".");

		if (!given[j] || count[j] > 1 || !strcmp(given[j], "?")) {
			if (!problems++)
				snprintf(prob, sizeof(prob), "%.*s %s", len, obj[j]->name,
				         !given[j] ? "has no line" : count[j] > 1 ? "has several lines" : "is still ?");
			continue;
		}
		answered++;
		snprintf(got, sizeof(got), "%s%s", given[j][0] == '.' ? "" : ".", given[j]);
		snprintf(want, sizeof(want), "%s", obj[j]->sect);
		if (strcmp(got, want) && wrong++ < 4) {
			size_t at = strlen(bad);
			snprintf(bad + at, sizeof(bad) - at, "%s%.*s (you wrote %s)", at ? "; " : "",
			         len, obj[j]->name, given[j]);
		}
	}
	if (problems)
		jg_fail("answers-complete", "%u problem(s), first: %s", problems, prob);
	else
		jg_pass("answers-complete");
	if (!answered)
		jg_fail("answers-right", "no answer yet (every line is ?)");
	else
		jg_check("answers-right", wrong == 0, "%u of %u answers differ from the build: %s%s",
		         wrong, answered, bad, wrong > 4 ? "; ..." : "");
	free(text);
}

/* ---- AddressSanitizer ---- */

/* judge_bounds - the first AddressSanitizer report of the asan run, with
 * its first frame in tables.c; the run must also have answered every
 * question (its last line is the last call of count_calls). */
static void judge_bounds(const char *dir)
{
	struct jg_run r;
	size_t len = 0;
	char *err = jg_slurp(dir, "asan.err", 1u << 20, &len);
	const char *e = err ? strstr(err, "ERROR: AddressSanitizer: ") : NULL;
	char last[64];

	jg_run_load(&r, dir, "asan", SAMPLES + 2 * CALLS + 200);
	if (e) {
		char head[160] = "", where[160] = "";
		const char *f = strstr(e, "tables.c:"), *b = f, *in;

		snprintf(head, sizeof(head), "%.*s", (int)strcspn(e + 7, "\n"), e + 7);
		while (b && b > err && b[-1] != '\n')
			b--;
		in = b ? strstr(b, " in ") : NULL;
		if (f && in && in < f)
			snprintf(where, sizeof(where), " in %.*s (%.*s)", (int)strcspn(in + 4, " "), in + 4,
			         (int)strcspn(f, "\n "), f);
		jg_fail("bounds", "AddressSanitizer: %s%s", head, where);
	} else if (r.status != 0 || r.nlines == 0) {
		const char *end = jg_run_end(&r);
		jg_fail("bounds", "the AddressSanitizer run %s%s%s", end ? end : "failed",
		        r.err[0] ? "; stderr: " : "", r.err);
	} else {
		snprintf(last, sizeof(last), "calls %u %u", CALLS, CALLS);
		jg_check("bounds", strcmp(r.lines[r.nlines - 1], last) == 0 || jg_failed("counter"),
		         "the AddressSanitizer run stopped before its last question");
	}
	free(err);
	jg_run_free(&r);
}

/* ---- the verdict ---- */

struct prime_check {
	const unsigned char *ref;
	struct jg_run *run;
	size_t at;
	bool bad;
};

static void check_prime(unsigned n, void *arg)
{
	struct prime_check *c = arg;
	char w[3][32];
	uint64_t got_n, got;

	if (c->bad)
		return;
	if (c->at >= c->run->nlines || !jg_word(c->run->lines[c->at], 0, w[0], 32) ||
	    strcmp(w[0], "prime") || !jg_word(c->run->lines[c->at], 1, w[1], 32) ||
	    !jg_word(c->run->lines[c->at], 2, w[2], 32) || !jg_u64(w[1], &got_n) || got_n != n ||
	    !jg_u64(w[2], &got)) {
		const char *end = jg_run_end(c->run);
		jg_fail("sieve", "no answer for is_prime(%u)%s%s", n, end ? ": the subject " : "", end ? end : "");
		c->bad = true;
		return;
	}
	c->at++;
	if ((got != 0) != !c->ref[n]) {
		jg_fail("sieve", "is_prime(%u) returned %s, but %u is %s%s", n, got ? "true" : "false", n,
		        c->ref[n] ? "not prime" : "prime", jg_seed_note());
		c->bad = true;
	}
}

void judge_verdict(uint64_t seed, const char *dir)
{
	struct jg_run ask, report;
	char buf[256];
	const struct sym *s;
	bool suffixed = false;

	load_symbols(dir);
	load_dwarf(dir);

	/* step 1: composite in .bss, the sections' sizes, the file's size */
	s = sym("composite", 0, NULL);
	if (!s || strcmp(s->sect, ".bss") || s->size < SIEVE_LIMIT)
		jg_fail("bss", "%s%s", seen_sym(s, buf, sizeof(buf), "composite"),
		        s && !strcmp(s->sect, ".data") ? " (a non-zero initializer puts the whole table, "
		        "zeros included, in .data and in the file)" :
		        s && s->size < SIEVE_LIMIT ? " (too small for the table: a pointer? the array "
		        "itself must be the static object)" : "");
	else
		jg_pass("bss");
	char *size = jg_slurp(dir, "size.out", MIB, NULL);
	if (!size) {
		jg_fail("sizes", "size -A gave no output");
	} else {
		uint64_t data = section_size(size, ".data"), bss = section_size(size, ".bss");
		jg_check("sizes", data < KIB && bss >= MIB, ".data %" PRIu64 " bytes, .bss %" PRIu64 " bytes",
		         data, bss);
		char *bytes = jg_slurp(dir, "bytes.out", 4096, NULL);
		uint64_t n = 0;
		if (bytes)
			bytes[strcspn(bytes, "\n")] = '\0';
		if (!bytes || !jg_u64(bytes, &n))
			jg_fail("file", "the file's size could not be read");
		else
			jg_check("file", n < 256 * KIB, "%" PRIu64 " KiB on disk; .data holds %" PRIu64 " KiB of it",
			         n / KIB, data / KIB);
		free(bytes);
		free(size);
	}

	/* the subject's answers */
	jg_run_load(&ask, dir, "ask", SAMPLES + 2 * CALLS + 200);
	unsigned char *ref = calloc(SIEVE_LIMIT, 1);
	if (!ref)
		exit(1);
	ref[0] = ref[1] = 1;
	for (unsigned long p = 2; p * p < SIEVE_LIMIT; p++)
		if (!ref[p])
			for (unsigned long m = p * p; m < SIEVE_LIMIT; m += p)
				ref[m] = 1;
	struct prime_check pc = { ref, &ask, 0, false };
	prime_questions(seed, check_prime, &pc);
	if (!pc.bad)
		jg_pass("sieve");
	jg_wait("sieve", "bss");
	free(ref);

	/* step 2 */
	read_only("banner", "banner", ".rodata", NULL);
	read_only("powers", "powers_of_ten", ".rodata", NULL);
	read_only("names", "digit_names", ".rodata", ".data.rel.ro");
	uint64_t calls_seen = 0;
	bool values_bad = false;
	for (size_t i = pc.at; i < ask.nlines; i++) {
		char w[3][64], rest[200];
		uint64_t a, v;
		const char *line = ask.lines[i];

		if (!jg_word(line, 0, w[0], 64))
			continue;
		if (!strcmp(w[0], "power") && jg_word(line, 1, w[1], 64) && jg_word(line, 2, w[2], 64) &&
		    jg_u64(w[1], &a) && jg_u64(w[2], &v)) {
			uint64_t expect = 1;
			for (uint64_t k = 0; k < a && k < 10; k++)
				expect *= 10;
			if (a > 9)
				expect = 0;
			if (v != expect && !values_bad) {
				jg_fail("values", "power_of_ten(%" PRIu64 ") returned %" PRIu64 " instead of %" PRIu64,
				        a, v, expect);
				values_bad = true;
			}
		} else if (!strcmp(w[0], "name") && jg_word(line, 1, w[1], 64) && jg_u64(w[1], &a)) {
			const char *text = strchr(line + 5, ' ');
			const char *expect = a <= 9 ? digits[a] : "?";
			text = text ? text + 1 : "";
			if (strcmp(text, expect) && !values_bad) {
				jg_fail("values", "digit_name(%" PRIu64 ") returned \"%s\" instead of \"%s\"", a,
				        jg_printable(text, rest, sizeof(rest)), expect);
				values_bad = true;
			}
		} else if (!strcmp(w[0], "banner")) {
			if (strcmp(line, "banner number facts, from a sieve of 1048576 entries") && !values_bad) {
				jg_fail("values", "report_banner() returned \"%s\"",
				        jg_printable(line + 7, rest, sizeof(rest)));
				values_bad = true;
			}
		} else if (!strcmp(w[0], "calls") && jg_word(line, 1, w[1], 64) && jg_word(line, 2, w[2], 64) &&
		           jg_u64(w[1], &a) && jg_u64(w[2], &v)) {
			if (a != ++calls_seen || (v != a && !jg_failed("counter")))
				jg_fail("counter", "call %" PRIu64 " of count_calls() returned %" PRIu64 " instead of %"
				        PRIu64, a, v, a);
		}
	}
	if (!values_bad)
		jg_pass("values");
	jg_wait("values", "banner");
	jg_wait("values", "powers");
	jg_wait("values", "names");
	judge_bounds(dir);
	jg_wait("bounds", "bss");

	/* step 3 */
	s = sym("calls", 0, &suffixed);
	if (!s) {
		jg_fail("static", "no object named calls in build/05-static/subject: it is an automatic "
		        "variable, made anew by every call");
	} else if (strcmp(s->sect, ".bss") && strcmp(s->sect, ".data")) {
		jg_fail("static", "calls in %s: %s", s->sect, !strncmp(s->sect, ".tbss", 5) ||
		        !strncmp(s->sect, ".tdata", 6) ? "thread-local, one copy per thread, not the "
		        "program's one static object" : "not a writable static object");
	} else {
		const struct die *v = var("calls");
		const char *fn = v && v->parent_fn ? dies[v->parent_fn - 1].name : "";
		jg_check("static", strcmp(s->bind, "LOCAL") == 0 && suffixed && strcmp(fn, "count_calls") == 0,
		         "%s in %s, binding %s, declared %s%s: right count, wrong means (a static local "
		         "keeps the counter out of every other function's reach)", s->name, s->sect, s->bind,
		         fn[0] ? "in " : "at file scope", fn);
	}
	if (calls_seen < CALLS && !jg_failed("counter")) {
		const char *end = jg_run_end(&ask);
		jg_fail("counter", "only %" PRIu64 " of %u calls answered%s%s", calls_seen, CALLS,
		        end ? ": the subject " : "", end ? end : "");
	}
	jg_pass("counter");

	/* the report */
	jg_run_load(&report, dir, "report", 64);
	size_t len = 0;
	char *out = jg_slurp(dir, "report.out", 64 * KIB, &len);
	if (report.status != 0 || !out) {
		const char *end = jg_run_end(&report);
		jg_fail("report", "it %s%s%s", end ? end : "exited with an error", report.err[0] ? ": " : "",
		        report.err);
	} else if (strcmp(out, expected_report)) {
		const char *w = expected_report, *g = out;
		unsigned line = 1;
		while (*w && *w == *g) {
			if (*w == '\n')
				line++;
			w++, g++;
		}
		while (g > out && g[-1] != '\n')
			g--;
		while (w > expected_report && w[-1] != '\n')
			w--;
		char gb[160], wb[160];
		snprintf(gb, sizeof(gb), "%.*s", (int)strcspn(g, "\n"), g);
		snprintf(wb, sizeof(wb), "%.*s", (int)strcspn(w, "\n"), w);
		jg_fail("report", "line %u: \"%s\" instead of \"%s\"", line,
		        jg_printable(gb, buf, sizeof(buf)), wb);
	} else {
		jg_pass("report");
	}
	free(out);
	jg_wait("report", "bss");
	jg_run_free(&report);
	jg_run_free(&ask);

	/* step 4 */
	judge_answers(dir);
}
