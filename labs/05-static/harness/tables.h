/*
 * tables.h - what the report (harness/subject.c) asks of tables.c.
 *
 * Harness: the grader takes this file from the pristine lab, so edit only
 * tables.c.  The interface is functions only, so that tables.c is free to
 * make its data static, const, or both.
 */
#ifndef TABLES_H
#define TABLES_H

#include <stdbool.h>

/* The sieve covers 0 .. SIEVE_LIMIT - 1: one byte per number, 1 MiB. */
#define SIEVE_LIMIT (1u << 20)

/* sieve_build - fill the sieve; call once, before is_prime(). */
void sieve_build(void);

/* is_prime - whether n is prime; n < SIEVE_LIMIT, after sieve_build(). */
bool is_prime(unsigned n);

/* power_of_ten - 10 to the k, for k in 0..9; returns 0 for a larger k. */
unsigned power_of_ten(unsigned k);

/* digit_name - the English name of digit d ("zero".."nine"), or "?". */
const char *digit_name(unsigned d);

/* report_banner - the report's first line, without the newline. */
const char *report_banner(void);

/* count_calls - how many times it has been called, this call included:
 * 1 on the first call, then 2, 3, ... for the life of the program. */
unsigned count_calls(void);

#endif
