/*
 * tables.c - the static data behind the "number facts" report.
 *
 * What you will learn: where the compiler and the linker put each kind of
 * static object (.data, .bss, .rodata, .data.rel.ro), what that costs in the
 * executable file and in memory, and how to check it yourself with size(1),
 * readelf(1) and nm(1) instead of guessing.
 *
 * You edit this file (TODO 1 to 3) and answers.txt (TODO 4).  The report
 * itself (harness/subject.c) and the interface (harness/tables.h) are the
 * grader's.  Every change you make here must leave the report's output
 * exactly as it is now (harness/report.expected): compare with
 *     make build LAB=05 && build/05-static/subject | diff - labs/05-static/harness/report.expected
 *
 * How to check: make grade LAB=05
 * Man pages: elf(5), readelf(1), size(1), nm(1), gcc(1) (-fzero-initialized-in-bss).
 *
 * As shipped, this program works but is bloated: its executable is over
 * 1 MiB, almost all of it zero bytes, and every table in it is writable.
 */
#include "tables.h"

/*
 * composite[n] is 1 when n is known not to be prime.
 * No initializer: static storage starts as zero, so the compiler puts the
 * table in .bss, which takes no room in the file (only its size is
 * recorded); the loader hands out zero pages.  The two entries that must
 * be non-zero are set at run time by sieve_build().
 */
static unsigned char composite[SIEVE_LIMIT];

/*
 * Read-only data.  banner and powers_of_ten are const arrays of constants:
 * .rodata.  digit_names is const twice: the strings it points to are
 * constant (const char) and so are its own pointers (*const).  In a
 * position-independent executable those pointers hold addresses known only
 * at load time, so the linker puts the table in .data.rel.ro: the loader
 * relocates it, then makes it read-only (RELRO).
 */
static const char banner[] = "number facts, from a sieve of 1048576 entries";

static const unsigned powers_of_ten[] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000,
};

static const char *const digit_names[] = {
	"zero", "one", "two", "three", "four",
	"five", "six", "seven", "eight", "nine",
};

/* sieve_build - Eratosthenes: mark every multiple of each prime. */
void sieve_build(void)
{
	composite[0] = composite[1] = 1;   /* neither 0 nor 1 is prime */
	for (unsigned p = 2; p * p < SIEVE_LIMIT; p++) {
		if (composite[p])
			continue;
		for (unsigned m = p * p; m < SIEVE_LIMIT; m += p)
			composite[m] = 1;
	}
}

/* is_prime - the sieve's answer for n (n < SIEVE_LIMIT). */
bool is_prime(unsigned n)
{
	return n < SIEVE_LIMIT && !composite[n];
}

/* power_of_ten - 10^k for k in 0..9, else 0. */
unsigned power_of_ten(unsigned k)
{
	return k < sizeof(powers_of_ten) / sizeof(powers_of_ten[0]) ? powers_of_ten[k] : 0;
}

/* digit_name - "zero".."nine" for 0..9, else "?". */
const char *digit_name(unsigned d)
{
	return d < sizeof(digit_names) / sizeof(digit_names[0]) ? digit_names[d] : "?";
}

/* report_banner - the report's title line. */
const char *report_banner(void)
{
	return banner;
}

/*
 * count_calls - how many times it has been called, this call included.
 * calls is static: one object for the whole run (in .bss, since it starts
 * at zero), initialized once before main(), not on every call; declared in
 * the function, so no other code can touch it.
 */
unsigned count_calls(void)
{
	static unsigned calls;

	return ++calls;
}
