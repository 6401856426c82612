/* cgout.c - a defensive reader of cachegrind's output file (cgout.h). */
#define _GNU_SOURCE
#include "cgout.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CG_LINE_MAX	4096
#define CG_MAX_FNS	200000
#define CG_MAX_EVENTS	32
#define CG_COUNT_MAX	((uint64_t)1 << 60)	/* sums of capped counts never wrap */

/* The event columns this reader needs, by name. */
enum { EV_IR, EV_D1MR, EV_D1MW, EV_DLMR, EV_DLMW, EV_WANTED };
static const char *const ev_name[EV_WANTED] = { "Ir", "D1mr", "D1mw", "DLmr", "DLmw" };

/* parse_counts - the counts after a line number (skip = 1) or after
 * "summary:" (skip = 0) into v[0..nev-1]; false when malformed. */
static bool parse_counts(const char *s, int skip, uint64_t *v, int nev)
{
	char *end;
	int k;

	for (k = 0; k < nev; k++)
		v[k] = 0;
	for (k = -skip; k < nev; k++) {
		while (*s == ' ')
			s++;
		if (*s == '\n' || *s == '\0')
			break;
		if (*s < '0' || *s > '9')
			return false;
		errno = 0;
		unsigned long long x = strtoull(s, &end, 10);
		if (errno || x > CG_COUNT_MAX || (*end != ' ' && *end != '\n' && *end != '\0'))
			return false;
		if (k >= 0)
			v[k] = x;
		s = end;
	}
	while (*s == ' ')
		s++;
	return *s == '\n' || *s == '\0';
}

/* add_to - the counts v (in event order col[]) added to f. */
static void add_to(struct cg_fn *f, const uint64_t *v, const int *col)
{
#define EV(e) (col[e] >= 0 ? v[col[e]] : 0)
	f->ir += EV(EV_IR);
	f->d1 += EV(EV_D1MR) + EV(EV_D1MW);
	f->ll += EV(EV_DLMR) + EV(EV_DLMW);
#undef EV
}

/* fn_get - the entry for name, created if new; NULL when out of room. */
static struct cg_fn *fn_get(struct cg_report *r, const char *name)
{
	for (size_t i = r->nfn; i-- > 0;)	/* recent first: fn= lines repeat */
		if (strcmp(r->fn[i].name, name) == 0)
			return &r->fn[i];
	if (r->nfn == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 64;
		struct cg_fn *fn;

		if (cap > CG_MAX_FNS || !(fn = realloc(r->fn, cap * sizeof(*fn))))
			return NULL;
		r->fn = fn;
		r->cap = cap;
	}
	r->fn[r->nfn] = (struct cg_fn){ .name = strdup(name) };
	if (!r->fn[r->nfn].name)
		return NULL;
	return &r->fn[r->nfn++];
}

int cg_load(const char *path, struct cg_report *r, char *why, size_t whylen)
{
	FILE *f;
	char line[CG_LINE_MAX];
	int col[EV_WANTED], nev = -1;
	uint64_t v[CG_MAX_EVENTS];
	struct cg_fn *cur = NULL;
	bool summary = false;
	size_t lineno = 0;

	memset(r, 0, sizeof(*r));
	f = fopen(path, "r");
	if (!f) {
		snprintf(why, whylen, "no cachegrind report (%s)", strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(why, whylen, "line %zu of the cachegrind report is too long", lineno);
			goto bad;
		}
		if (strncmp(line, "desc: D1 cache:", 15) == 0) {
			snprintf(r->d1_desc, sizeof(r->d1_desc), "%.*s", (int)strcspn(line + 15, "\n"),
				 line + 15 + strspn(line + 15, " "));
		} else if (strncmp(line, "desc: LL cache:", 15) == 0) {
			snprintf(r->ll_desc, sizeof(r->ll_desc), "%.*s", (int)strcspn(line + 15, "\n"),
				 line + 15 + strspn(line + 15, " "));
		} else if (strncmp(line, "events:", 7) == 0) {
			char *save, *tok = strtok_r(line + 7, " \n", &save);

			for (int e = 0; e < EV_WANTED; e++)
				col[e] = -1;
			for (nev = 0; tok && nev < CG_MAX_EVENTS; nev++, tok = strtok_r(NULL, " \n", &save))
				for (int e = 0; e < EV_WANTED; e++)
					if (strcmp(tok, ev_name[e]) == 0)
						col[e] = nev;
			if (col[EV_D1MR] < 0 || col[EV_DLMR] < 0) {
				snprintf(why, whylen, "the cachegrind report has no D1mr/DLmr events "
					 "(was --cache-sim=yes given?)");
				goto bad;
			}
		} else if (strncmp(line, "fn=", 3) == 0) {
			line[strcspn(line, "\n")] = '\0';
			cur = fn_get(r, line + 3);
			if (!cur) {
				snprintf(why, whylen, "too many functions in the cachegrind report");
				goto bad;
			}
		} else if (line[0] >= '0' && line[0] <= '9') {
			if (nev < 0 || !cur || !parse_counts(line, 1, v, nev)) {
				snprintf(why, whylen, "line %zu of the cachegrind report is malformed", lineno);
				goto bad;
			}
			add_to(cur, v, col);
			add_to(&r->sum, v, col);
		} else if (strncmp(line, "summary:", 8) == 0) {
			if (nev < 0 || !parse_counts(line + 8, 0, v, nev)) {
				snprintf(why, whylen, "the summary line of the cachegrind report is malformed");
				goto bad;
			}
			add_to(&r->summary, v, col);
			summary = true;
		}
		/* other lines (version:, creator:, pid:, cmd:, fl=, fi=, fe=) are not needed */
	}
	fclose(f);
	if (!summary) {
		snprintf(why, whylen, "the cachegrind report has no summary (cut short?)");
		cg_wipe(r);
		return -1;
	}
	if (r->sum.ir != r->summary.ir || r->sum.d1 != r->summary.d1 || r->sum.ll != r->summary.ll) {
		snprintf(why, whylen, "the cachegrind report's functions do not add up to its summary");
		cg_wipe(r);
		return -1;
	}
	return 0;
bad:
	fclose(f);
	cg_wipe(r);
	return -1;
}

const struct cg_fn *cg_find(const struct cg_report *r, const char *name)
{
	for (size_t i = 0; i < r->nfn; i++)
		if (strcmp(r->fn[i].name, name) == 0)
			return &r->fn[i];
	return NULL;
}

void cg_wipe(struct cg_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nfn; i++)
		free(r->fn[i].name);
	free(r->fn);
	memset(r, 0, sizeof(*r));
}
