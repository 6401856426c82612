/*
 * proto.h - what the subject (harness/subject.c, linked with the student's
 * files) and the judge (harness/judge.c, never linked with them) agree on:
 * the operations of a script, and the inputs both compute from a seed.
 *
 * The judge writes a script; the subject runs it under cachegrind and
 * prints one observation per operation; the judge checks each against its
 * own model and reads cachegrind's counts.
 *
 *   script line                 observation line(s) printed by the subject
 *   -------------------------   ----------------------------------------------
 *   sums R C SEED               sums R C  then C lines: "s J %a" (sums[J])
 *   transpose R C SEED          transpose R C  then C lines: "r J DIGEST" (dst
 *     probe J I  (0 or more)      row J), then per probe: "p J I %a"
 *   pnew N                      pnew ok | pnew null
 *   pfill SEED                  pfill N            (particle i = particle_of(SEED, i))
 *   pget I                      pget I MASS P0 P1 P2 V0 V1 V2 ID NAMEHEX
 *   ptotal                      ptotal %a | ptotal none (no store)
 *   pdelete                     pdelete null | pdelete kept   (then twice more:
 *                                 on the NULL it left, and on a NULL pointer)
 *   pfault K N                  pfault K ok|null fired|unfired [leak]
 *                                 (particles_new(N) with its K-th malloc, calloc
 *                                 or realloc failing, then particles_delete; fired:
 *                                 that failure was reached; leak: LeakSanitizer
 *                                 found blocks lost by these two calls, told only
 *                                 by the AddressSanitizer build, for the run's
 *                                 first leak)
 *   zeronull 1 | zeronull 0     the same line      (from now on, or no longer,
 *                                 malloc(0) and calloc of 0 return NULL, as C
 *                                 allows: ml_zero_null, common/probe/fault.h)
 *   step N                      step N             (the operations that follow are
 *                                 step N's: a run that stops says whose they were)
 *   end                         end                (the script was read to its end)
 * A line the subject cannot parse makes it print "bad LINE" and stop.
 * Matrices are allocated by the subject on a 64 KiB boundary, so that the
 * cache sets they touch are the same in every run, and exactly as long as
 * they are, so that AddressSanitizer sees a step past their end.
 */
#ifndef PROTO_H
#define PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "locality.h"

/* Bounds the judge never exceeds and the subject refuses beyond. */
#define PROTO_MAX_ELEMS		((size_t)4 << 20)	/* doubles in one matrix */
#define PROTO_MAX_PARTICLES	((size_t)1 << 20)

/* proto_mix - a 64-bit hash of (seed, i): splitmix64's finaliser. */
static inline uint64_t proto_mix(uint64_t seed, uint64_t i)
{
	uint64_t z = seed * 0x9E3779B97F4A7C15ULL + i * 0xBF58476D1CE4E5B9ULL + 1;

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/*
 * proto_value - element i of the matrix made from seed: an integer of up
 * to 20 bits, signed, times 2^e with e in [-30, 30].  Sums of such numbers
 * need more than a double's 53 bits, so they round, and an order of
 * additions other than the contract's gives other bits.
 */
static inline double proto_value(uint64_t seed, uint64_t i)
{
	uint64_t h = proto_mix(seed, i);
	uint64_t bits = (uint64_t)(1023 + (int)((h >> 32) % 61) - 30) << 52;
	double scale;

	memcpy(&scale, &bits, sizeof(scale));	/* 2^e, exactly */
	return (double)((int64_t)(h % 2000001) - 1000000) * scale;
}

/* proto_particle - particle i of the store made from seed. */
static inline void proto_particle(uint64_t seed, uint64_t i, struct particle *p)
{
	uint64_t h = proto_mix(seed ^ 0x5EED, i);

	p->mass = proto_value(seed, 7 * i);
	for (int k = 0; k < 3; k++) {
		p->pos[k] = proto_value(seed, 7 * i + 1 + k);
		p->vel[k] = proto_value(seed, 7 * i + 4 + k);
	}
	p->id = (uint32_t)h;
	/* 20 bytes, not always a C string: the store copies bytes, not text. */
	for (int k = 0; k < 20; k++)
		p->name[k] = (char)('a' + proto_mix(h, (uint64_t)k) % 26);
	if (h % 3)
		p->name[h % 20] = '\0';
}

/* proto_digest - a 64-bit digest of n doubles (their bits, in order): one
 * row of dst, so that the judge can say which row differs. */
static inline uint64_t proto_digest(const double *v, size_t n)
{
	uint64_t d = 0xCBF29CE484222325ULL;

	for (size_t k = 0; k < n; k++) {
		uint64_t b;

		memcpy(&b, &v[k], sizeof(b));
		d = (d ^ b) * 0x100000001B3ULL;
		d ^= d >> 29;
	}
	return d;
}

#endif
