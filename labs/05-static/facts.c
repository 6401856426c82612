/*
 * facts.c - the "number facts" report, and the grader's checks of tables.c.
 *
 * Harness: the grader takes this file from the pristine lab.
 *
 *   facts           print the report (its output must never change, whatever
 *                   section tables.c's data moves to: see facts.expected)
 *   facts --check   check tables.c and say so only through the exit status:
 *                   0 when every property holds, else CHECK_FAILED plus the
 *                   sum of the failed checks' bits, so one run answers for
 *                   all of them and the grader can name each problem:
 *       1  sieve    is_prime() disagrees with a sieve built here
 *       2  powers   power_of_ten() returns a wrong value
 *       4  names    digit_name() returns a wrong name
 *       8  counter  count_calls() forgets earlier calls
 *   A line on stderr, starting with the check's name, says what was seen.
 *   Usage errors exit 2; 3 means the check could not get memory.
 *
 * The reference data below lives on the heap or in this file's code, never
 * in static tables of the same size as the student's: the grader measures
 * the sections of this very program.
 */
#include "done.h"
#include "tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum {
	BAD_USAGE = 2,
	NO_MEMORY = 3,          /* the check itself could not run */
	CHECK_FAILED = 32,      /* 33..47: well away from 1, 2 and 124..255 */
	BAD_SIEVE = 1,
	BAD_POWERS = 2,
	BAD_NAMES = 4,
	BAD_COUNTER = 8,
};

/* How many calls of count_calls() the counter check makes. */
#define COUNTER_CALLS 1000u

/* spell - print n digit by digit with digit_name(), split with power_of_ten(). */
static void spell(unsigned n)
{
	unsigned k = 0;

	while (k < 9 && power_of_ten(k + 1) <= n)
		k++;
	for (;; k--) {
		unsigned p = power_of_ten(k);

		printf("%s%s", digit_name(p ? n / p % 10 : 0), k ? "-" : "");
		if (k == 0)
			break;
	}
}

/* report - the program's real job: a few facts about the primes below 2^20. */
static void report(void)
{
	unsigned count = 0, twins = 0, largest = 0, k = 1;

	sieve_build();
	printf("%s\n", report_banner());
	printf("primes below 10^1 .. 10^6:");
	for (unsigned n = 0; n < SIEVE_LIMIT; n++) {
		if (k <= 6 && n == power_of_ten(k)) {
			printf(" %u", count);
			k++;
		}
		if (!is_prime(n))
			continue;
		count++;
		largest = n;
		if (n >= 2 && is_prime(n - 2))
			twins++;
	}
	printf("\nprimes below %u: %u\n", SIEVE_LIMIT, count);
	printf("twin prime pairs below %u: %u\n", SIEVE_LIMIT, twins);
	printf("the largest is %u: ", largest);
	spell(largest);
	printf("\n65537 is %s, 65535 is %s\n", is_prime(65537) ? "prime" : "not prime",
	       is_prime(65535) ? "prime" : "not prime");
}

/* check_sieve - is_prime() must agree with a sieve built here, for every n.
 * Returns 0 or BAD_SIEVE; exits with NO_MEMORY if it cannot get its own. */
static int check_sieve(void)
{
	unsigned char *ref = calloc(SIEVE_LIMIT, 1);   /* 1: not prime */
	int bad = 0;

	if (!ref) {
		perror("facts: calloc");
		ml_exit(NO_MEMORY);
	}
	ref[0] = ref[1] = 1;
	for (unsigned long p = 2; p * p < SIEVE_LIMIT; p++)
		if (!ref[p])
			for (unsigned long m = p * p; m < SIEVE_LIMIT; m += p)
				ref[m] = 1;
	sieve_build();
	for (unsigned n = 0; n < SIEVE_LIMIT && !bad; n++) {
		if (is_prime(n) != !ref[n]) {
			fprintf(stderr, "sieve: is_prime(%u) returned %s, but %u is %s\n", n,
			        is_prime(n) ? "true" : "false", n, ref[n] ? "not prime" : "prime");
			bad = BAD_SIEVE;
		}
	}
	free(ref);
	return bad;
}

/* check_powers - power_of_ten(k) is 10^k for k in 0..9, 0 beyond.
 * Returns 0 or BAD_POWERS. */
static int check_powers(void)
{
	unsigned want = 1;

	for (unsigned k = 0; k <= 10; k++) {
		unsigned expect = k <= 9 ? want : 0;

		if (power_of_ten(k) != expect) {
			fprintf(stderr, "powers: power_of_ten(%u) returned %u instead of %u\n",
			        k, power_of_ten(k), expect);
			return BAD_POWERS;
		}
		want *= 10;
	}
	return 0;
}

/* check_names - digit_name(d) names the digit, "?" beyond 9.
 * Returns 0 or BAD_NAMES. */
static int check_names(void)
{
	static const char spelled[] = "zero one two three four five six seven eight nine ?";
	const char *at = spelled;

	for (unsigned d = 0; d <= 10; d++) {
		size_t len = strcspn(at, " ");
		const char *got = digit_name(d);

		if (!got || strlen(got) != len || memcmp(got, at, len) != 0) {
			fprintf(stderr, "names: digit_name(%u) returned \"%s\" instead of \"%.*s\"\n",
			        d, got ? got : "(null)", (int)len, at);
			return BAD_NAMES;
		}
		at += len + (at[len] == ' ');
	}
	return 0;
}

/* check_counter - the k-th call of count_calls() returns k.
 * Returns 0 or BAD_COUNTER. */
static int check_counter(void)
{
	for (unsigned k = 1; k <= COUNTER_CALLS; k++) {
		unsigned got = count_calls();

		if (got != k) {
			fprintf(stderr, "counter: call %u of count_calls() returned %u instead of %u\n",
			        k, got, k);
			return BAD_COUNTER;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int bad;

	if (argc == 1) {
		report();
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argc != 2 || strcmp(argv[1], "--check") != 0) {
		fprintf(stderr, "usage: facts [--check]\n");
		return BAD_USAGE;
	}
	bad = check_sieve() | check_powers() | check_names() | check_counter();
	/* ml_exit, not exit: the verdict is this status, and handlers that
	 * tables.c might have registered with atexit() (or as destructors)
	 * must not get a chance to replace it (see done.h). */
	ml_exit(bad ? CHECK_FAILED + bad : 0);
}
