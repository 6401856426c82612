/*
 * judge.c - the records, the generator and the run readers every judge
 * shares (see judge.h), and the judge's main().
 */
#define _GNU_SOURCE   /* sigabbrev_np */
#include "judge.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* What the judge has concluded about each property. */
enum state { UNCHECKED, PASSED, FAILED };
struct verdict {
	enum state state;
	char seen[1024];
};
static struct verdict *verdicts;
static uint64_t the_seed;
static char lab_num[8] = "NN";

static size_t index_of(const char *id)
{
	for (size_t i = 0; i < jg_nproperties; i++)
		if (!strcmp(jg_properties[i].id, id))
			return i;
	/* A judge that names a property it did not declare is a grader bug:
	 * say so loudly rather than drop the verdict. */
	fprintf(stderr, "judge: property '%s' is not declared\n", id);
	exit(3);
}

void jg_fail(const char *id, const char *fmt, ...)
{
	struct verdict *v = &verdicts[index_of(id)];
	char raw[1024];
	va_list ap;

	if (v->state == FAILED)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	jg_printable(raw, v->seen, sizeof(v->seen));
	v->state = FAILED;
}

void jg_pass(const char *id)
{
	struct verdict *v = &verdicts[index_of(id)];

	if (v->state == UNCHECKED)
		v->state = PASSED;
}

void jg_check(const char *id, bool ok, const char *fmt, ...)
{
	char raw[1024];
	va_list ap;

	if (ok) {
		jg_pass(id);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	jg_fail(id, "%s", raw);
}

bool jg_failed(const char *id)
{
	return verdicts[index_of(id)].state == FAILED;
}

void jg_wait(const char *id, const char *before)
{
	const struct verdict *b = &verdicts[index_of(before)];

	/* Short: the failing test of that step says the rest. */
	if (b->state != PASSED)
		jg_fail(id, "waiting for step %d to pass (its first failing test says what is wrong)",
			jg_properties[index_of(before)].step);
}

const char *jg_seed_note(void)
{
	static char note[96];

	snprintf(note, sizeof(note), " (seed %" PRIu64 "; replay: make grade LAB=%s SEED=%" PRIu64 ")",
		 the_seed, lab_num, the_seed);
	return note;
}

void jg_rng_seed(struct jg_rng *r, uint64_t seed)
{
	r->s = seed;
}

uint64_t jg_rng_next(struct jg_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

uint64_t jg_rng_below(struct jg_rng *r, uint64_t n)
{
	return jg_rng_next(r) % n;   /* the bias is far below what matters here */
}

FILE *jg_input(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.in", dir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "judge: cannot write %s: %s\n", path, strerror(errno));
		exit(3);
	}
	return f;
}

char *jg_slurp(const char *dir, const char *name, size_t max, size_t *len)
{
	char path[4096];
	FILE *f;
	char *buf;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	buf = malloc(max + 1);
	if (!buf) {
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, max, f);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

const char *jg_printable(const char *s, char *buf, size_t size)
{
	size_t o = 0;

	for (; *s && o + 5 < size; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c < 0x7f)
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
	}
	if (*s && size > 4)
		strcpy(buf + (o < size - 4 ? o : size - 4), "...");
	else
		buf[o] = '\0';
	return buf;
}

void jg_run_load(struct jg_run *r, const char *dir, const char *name, size_t max_lines)
{
	char *status, *out, *err, *p;
	size_t len;

	memset(r, 0, sizeof(*r));
	r->name = name;
	char file[256];

	snprintf(file, sizeof(file), "%s.status", name);
	status = jg_slurp(dir, file, 1024, NULL);
	if (!status)
		return;
	r->present = true;
	r->status = atoi(status);
	p = strchr(status, '\t');
	if (p) {
		p[strcspn(p, "\n")] = '\0';
		jg_printable(p + 1, r->why, sizeof(r->why));
	}
	free(status);

	snprintf(file, sizeof(file), "%s.err", name);
	err = jg_slurp(dir, file, 4096, NULL);
	if (err) {
		err[strcspn(err, "\n")] = '\0';
		jg_printable(err, r->err, sizeof(r->err));
		free(err);
	}

	snprintf(file, sizeof(file), "%s.out", name);
	out = jg_slurp(dir, file, 16u << 20, &len);
	if (!out)
		return;
	r->lines = calloc(max_lines ? max_lines : 1, sizeof(*r->lines));
	for (p = out; r->lines && *p && r->nlines < max_lines;) {
		size_t n = strcspn(p, "\n");

		if (n > 4096)
			n = 4096;
		r->lines[r->nlines] = strndup(p, n);
		if (!r->lines[r->nlines])
			break;
		r->nlines++;
		p += strcspn(p, "\n");
		if (*p == '\n')
			p++;
	}
	free(out);
}

void jg_run_free(struct jg_run *r)
{
	for (size_t i = 0; i < r->nlines; i++)
		free(r->lines[i]);
	free(r->lines);
	r->lines = NULL;
	r->nlines = 0;
}

const char *jg_run_end(const struct jg_run *r)
{
	static char sentence[320];

	if (!r->present)
		return "did not run (an earlier problem stopped the grader)";
	if (r->why[0]) {
		snprintf(sentence, sizeof(sentence), "%s", r->why);
		return sentence;
	}
	if (r->status > 128 && r->status < 128 + 65) {
		snprintf(sentence, sizeof(sentence), "was killed by SIG%s",
			 sigabbrev_np(r->status - 128) ? sigabbrev_np(r->status - 128) : "?");
		return sentence;
	}
	if (r->status != 0) {
		snprintf(sentence, sizeof(sentence), "exited with status %d", r->status);
		return sentence;
	}
	return NULL;
}

bool jg_word(const char *line, unsigned n, char *buf, size_t size)
{
	const char *p = line;

	for (;;) {
		p += strspn(p, " \t");
		if (!*p)
			return false;
		size_t len = strcspn(p, " \t");

		if (n-- == 0) {
			if (len >= size)
				return false;
			memcpy(buf, p, len);
			buf[len] = '\0';
			return true;
		}
		p += len;
	}
}

bool jg_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno == 0 && *end == '\0';
}

/* print_json - s as a JSON string (s is printable ASCII already). */
static void print_json(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

int main(int argc, char **argv)
{
	uint64_t seed;

	if (argc != 4 || !jg_u64(argv[2], &seed) ||
	    (strcmp(argv[1], "inputs") && strcmp(argv[1], "verdict"))) {
		fprintf(stderr, "usage: judge inputs|verdict SEED DIR\n");
		return 2;
	}
	the_seed = seed;
	/* The lab's number, for the replay hint: the folder the judge was
	 * built for is not known here, so the grader passes it. */
	const char *lab = getenv("MEMLAB_LAB");

	if (lab && lab[0] >= '0' && lab[0] <= '9' && lab[1] >= '0' && lab[1] <= '9')
		snprintf(lab_num, sizeof(lab_num), "%.2s", lab);
	if (!strcmp(argv[1], "inputs")) {
		judge_inputs(seed, argv[3]);
		return 0;
	}
	verdicts = calloc(jg_nproperties, sizeof(*verdicts));
	if (!verdicts)
		return 3;
	judge_verdict(seed, argv[3]);
	for (size_t i = 0; i < jg_nproperties; i++) {
		const struct jg_property *p = &jg_properties[i];
		const struct verdict *v = &verdicts[i];
		char where[512], expected[512];

		fputs("{\"id\":", stdout);
		print_json(p->id);
		printf(",\"step\":%d,\"ok\":%s,\"expected\":", p->step,
		       v->state == PASSED ? "true" : "false");
		print_json(jg_printable(p->expected, expected, sizeof(expected)));
		fputs(",\"seen\":", stdout);
		print_json(v->state == UNCHECKED ? "not checked: no observation of it reached the judge" : v->seen);
		fputs(",\"where\":", stdout);
		print_json(jg_printable(p->where, where, sizeof(where)));
		puts("}");
	}
	return fflush(stdout) == 0 ? 0 : 3;
}
