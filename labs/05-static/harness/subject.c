/*
 * subject.c - the "number facts" report, and the grader's subject for
 * tables.c (built with the student's tables.c).
 *
 * Harness: the grader takes this file from the pristine lab.  It only
 * reports; the judge (judge.c) chooses the questions and decides.
 *
 *   subject           print the report (its output must never change,
 *                     whatever section tables.c's data moves to: see
 *                     report.expected)
 *   subject --ask     read questions on stdin, one a line, and print each
 *                     answer as it came from tables.c:
 *       prime N    ->  "prime N 0|1"          is_prime(N) (after sieve_build)
 *       power K    ->  "power K V"            power_of_ten(K)
 *       name D     ->  "name D TEXT"          digit_name(D) ("(null)" if NULL)
 *       calls K    ->  "calls I V" for I = 1..K: count_calls()' I-th result
 *       banner     ->  "banner TEXT"          report_banner()
 */
#include "tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ask - answer the judge's questions from stdin (see the top comment). */
static int ask(void)
{
	char line[256], what[16];
	unsigned long v;
	unsigned done = 0;

	sieve_build();
	while (fgets(line, sizeof(line), stdin)) {
		if (sscanf(line, "%15s %lu", what, &v) == 2 && strcmp(what, "prime") == 0) {
			printf("prime %lu %d\n", v, is_prime((unsigned)v) ? 1 : 0);
		} else if (sscanf(line, "%15s %lu", what, &v) == 2 && strcmp(what, "power") == 0) {
			printf("power %lu %u\n", v, power_of_ten((unsigned)v));
		} else if (sscanf(line, "%15s %lu", what, &v) == 2 && strcmp(what, "name") == 0) {
			const char *n = digit_name((unsigned)v);

			printf("name %lu %s\n", v, n ? n : "(null)");
		} else if (sscanf(line, "%15s %lu", what, &v) == 2 && strcmp(what, "calls") == 0) {
			for (unsigned long i = 1; i <= v; i++)
				printf("calls %u %u\n", ++done, count_calls());
		} else if (strncmp(line, "banner", 6) == 0) {
			const char *b = report_banner();

			printf("banner %s\n", b ? b : "(null)");
		}
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--ask") == 0)
		return ask();
	if (argc != 1) {
		fprintf(stderr, "usage: subject [--ask]\n");
		return 2;
	}
	report();
	return fflush(stdout) == 0 ? 0 : 1;
}
