/*
 * judge.h - what every lab's judge is made of (prefix jg_).
 *
 * A lab's judge (labs/NN-slug/harness/judge.c) is the grader's own program:
 * it is never linked with, nor compiled with, the student's code.  The
 * student's code runs in another process, the subject, which only reports
 * what happened; the judge chose the inputs and decides.
 *
 *   judge inputs SEED DIR    writes DIR/NAME.in, the input of each run
 *   judge verdict SEED DIR   reads DIR/NAME.{in,out,err,status} and the
 *                            tools' reports, prints one JSON record per
 *                            property on stdout
 *
 *   grader (bats)                   sandbox
 *   -------------                   -------
 *   judge inputs  -> NAME.in  ----> subject (student code + stub)
 *                    NAME.out <---- one line of observation per operation
 *                    NAME.status    (written by the grader: exit, signal)
 *   judge verdict -> records.jsonl -> @test "step 1: ..." { memlab_property align; }
 *
 * A property passes only when the judge says so with jg_pass and never
 * said jg_fail: a property nobody looked at, or one whose run crashed
 * before it, fails ("not checked"), so the untouched starter passes nothing.
 * Everything read from a run was written by untrusted code: lines are
 * bounded, numbers are parsed strictly, and text quoted in a record is
 * made printable (jg_fail does it).
 */
#ifndef JG_JUDGE_H
#define JG_JUDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One property of the lab: its id (what @test asks for), its step in the
 * handout, what is expected and where to look.  The message is written
 * once, here, beside the check. */
struct jg_property {
	const char *id;
	int step;
	const char *expected;
	const char *where;
};

/* What a lab's judge.c defines. */
extern const struct jg_property jg_properties[];
extern const size_t jg_nproperties;
/* judge_inputs - write the runs' inputs into dir (jg_input opens them). */
void judge_inputs(uint64_t seed, const char *dir);
/* judge_verdict - read the runs and call jg_pass / jg_fail / jg_wait. */
void judge_verdict(uint64_t seed, const char *dir);

/* jg_fail - property id is broken; seen is printf-like.  The first
 * failure of a property is the one reported (later calls are ignored). */
__attribute__((format(printf, 2, 3)))
void jg_fail(const char *id, const char *fmt, ...);
/* jg_pass - property id was checked and held (unless it failed). */
void jg_pass(const char *id);
/* jg_check - jg_pass when ok, else jg_fail with the message. */
__attribute__((format(printf, 3, 4)))
void jg_check(const char *id, bool ok, const char *fmt, ...);
/* jg_failed - true once property id has failed. */
bool jg_failed(const char *id);
/* jg_wait - property id cannot be judged before `before` holds: if
 * `before` failed, id fails with "waiting for step N: ...". */
void jg_wait(const char *id, const char *before);
/* jg_seed_note - " (seed S; replay: make grade LAB=NN SEED=S)", for
 * messages about sampled inputs. */
const char *jg_seed_note(void);

/* A seeded generator (splitmix64): the same seed, the same inputs. */
struct jg_rng {
	uint64_t s;
};
void jg_rng_seed(struct jg_rng *r, uint64_t seed);
uint64_t jg_rng_next(struct jg_rng *r);
/* jg_rng_below - uniform in [0, n), n > 0. */
uint64_t jg_rng_below(struct jg_rng *r, uint64_t n);

/* jg_input - DIR/NAME.in, opened for writing; exits on failure. */
FILE *jg_input(const char *dir, const char *name);

/* One run of the subject, as the grader recorded it. */
struct jg_run {
	const char *name;
	bool present;        /* the grader ran it (NAME.status exists) */
	int status;          /* exit status; 128 + N for signal N */
	char why[256];       /* the grader's sentence for an abnormal end, or "" */
	char **lines;        /* stdout, one string a line, NUL-free */
	size_t nlines;
	char err[256];       /* stderr's first line, printable, for quoting */
};
/* jg_run_load - read DIR/NAME.{status,out,err}; at most max_lines lines of
 * at most 4096 bytes each are kept.  Never fails: a missing run has
 * present == false. */
void jg_run_load(struct jg_run *r, const char *dir, const char *name, size_t max_lines);
void jg_run_free(struct jg_run *r);
/* jg_run_end - a sentence on how the run ended when that explains missing
 * output ("was killed by SIGSEGV", "did not run"), else NULL. */
const char *jg_run_end(const struct jg_run *r);
/* jg_slurp - DIR/NAME whole (NUL-terminated, at most max bytes), or NULL. */
char *jg_slurp(const char *dir, const char *name, size_t max, size_t *len);

/* jg_word - the n-th (from 0) space-separated word of line, copied into
 * buf; false if there is none. */
bool jg_word(const char *line, unsigned n, char *buf, size_t size);
/* jg_u64 - parse a whole decimal or 0x-hex number; false if it is not one. */
bool jg_u64(const char *s, uint64_t *v);
/* jg_printable - copy s into buf with every byte outside printable ASCII
 * shown as \xNN, cut to fit (with "..."). */
const char *jg_printable(const char *s, char *buf, size_t size);

#endif
