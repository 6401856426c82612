/*
 * tables.c - the static data behind the "number facts" report.
 *
 * What you will learn: where the compiler and the linker put each kind of
 * static object (.data, .bss, .rodata, .data.rel.ro), what that costs in the
 * executable file and in memory, and how to check it yourself with size(1),
 * readelf(1) and nm(1) instead of guessing.
 *
 * You edit this file (TODO 1 to 3) and answers.txt (TODO 4).  The
 * report itself (facts.c) and the interface (tables.h) are harness.  Every
 * change you make here must leave the report's output exactly as it is now:
 * run it before you start and keep a copy:
 *     make build LAB=05 && build/05-static/facts > /tmp/facts.before
 *
 * How to check: make grade LAB=05
 * Man pages: elf(5), readelf(1), size(1), nm(1), gcc(1) (-fzero-initialized-in-bss).
 *
 * As shipped, this program works but is bloated: its executable is over
 * 1 MiB, almost all of it zero bytes, and every table in it is writable.
 */
#include "tables.h"

/*
 * composite[n] is 1 when n is known not to be prime.  0 and 1 are not
 * prime, and the two non-zero entries below say so.
 *
 * TODO 1: move this table from .data to .bss.  Because its initializer has
 * two non-zero entries, the compiler must store all 1 MiB of it (zeros
 * included) in .data, and so in the executable file.  Give the table no
 * initializer at all (static storage starts as zero) and set the two entries
 * at run time in sieve_build() instead.  Keep its name and size.
 * When it works: `size -A build/05-static/facts` shows .data below 1 KiB and
 * .bss above 1 MiB; `ls -l build/05-static/facts` drops from about 1 MiB to
 * a few tens of KiB; the report prints the same thing.
 */
unsigned char composite[SIEVE_LIMIT] = { [0] = 1, [1] = 1 };

/*
 * TODO 2: these tables and this string never change, but nothing tells the
 * compiler so: they sit in .data, writable.  Make each one read-only with
 * `const`, in the right place, so that:
 *   - banner and powers_of_ten land in .rodata;
 *   - digit_names lands in a read-only section: .rodata, or .data.rel.ro in
 *     a position-independent executable (its pointers must be relocated at
 *     load time, before the section is made read-only).
 * Keep the three names (the grader looks them up).  When it works, readelf
 * -sW build/05-static/facts shows each of them in a read-only section
 * (readelf -SW tells you which section number is which).
 */
char banner[] = "number facts, from a sieve of 1048576 entries";

unsigned powers_of_ten[] = {
	1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000,
	1000000000,
};

char *digit_names[] = {
	"zero", "one", "two", "three", "four",
	"five", "six", "seven", "eight", "nine",
};

/* sieve_build - Eratosthenes: mark every multiple of each prime. */
void sieve_build(void)
{
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
 *
 * TODO 3: it returns 1 on every call, because calls is an automatic
 * variable: it lives in this call's frame (or a register) and starts again
 * at 0 each time.  Give it static storage duration without making it
 * visible outside this function, so that it lives as long as the program
 * and counts every call.  Keep its name.
 * When it works: the tenth call returns 10, and readelf -sW
 * build/05-static/facts lists a symbol calls.0 (gcc adds the suffix to a
 * static local) in .bss.
 */
unsigned count_calls(void)
{
	unsigned calls = 0;

	calls++;
	return calls;
}
