/*
 * subject-quiz.c - declarations whose sections you predict in answers.txt (step 4).
 *
 * Harness: the grader builds this file with the lab's flags (see lab.mk:
 * a position-independent executable, -fno-common) and reads where each
 * quiz_* symbol really landed with readelf.  Predict first, then check:
 *     readelf -sW build/05-static/subject-quiz     (the Ndx column: a section number)
 *     readelf -SW build/05-static/subject-quiz     (which section has that number)
 *
 * main() prints each object's address, which keeps every one of them in
 * the program (an object nobody uses could be dropped at -O2).
 */
#include <stdio.h>

int quiz_zeroed;                          /* no initializer at all */
int quiz_answer = 42;
int quiz_explicit_zero = 0;
int *quiz_null_ptr = NULL;
const int quiz_limit = 1000;
const int quiz_const_zero = 0;
char quiz_greeting[] = "hello";
const char quiz_motto[] = "read, never write";
const char *quiz_motto_ptr = "a pointer to a literal";
const char *const quiz_names[] = { "alpha", "beta", "gamma" };
static int quiz_hits = 3;                 /* static: visible in this file only */
long quiz_scratch[4096];

/* quiz_fn - count its calls in a static local. */
unsigned quiz_fn(void)
{
	static unsigned quiz_calls;

	quiz_hits++;
	return ++quiz_calls;
}

int main(void)
{
	/* The addresses of every quiz object: look them up in /proc/PID/maps,
	 * or compare them with readelf's Value column plus the load base. */
	const struct {
		const char *name;
		const volatile void *addr;
	} objs[] = {
		{ "quiz_zeroed", &quiz_zeroed },
		{ "quiz_answer", &quiz_answer },
		{ "quiz_explicit_zero", &quiz_explicit_zero },
		{ "quiz_null_ptr", &quiz_null_ptr },
		{ "quiz_limit", &quiz_limit },
		{ "quiz_const_zero", &quiz_const_zero },
		{ "quiz_greeting", quiz_greeting },
		{ "quiz_motto", quiz_motto },
		{ "quiz_motto_ptr", &quiz_motto_ptr },
		{ "quiz_names", quiz_names },
		{ "quiz_hits", &quiz_hits },
		{ "quiz_scratch", quiz_scratch },
		{ "quiz_fn", (const void *)quiz_fn },
	};

	printf("quiz_fn() returned %u\n", quiz_fn());
	for (size_t i = 0; i < sizeof(objs) / sizeof(objs[0]); i++)
		printf("%-20s %p\n", objs[i].name, (const void *)objs[i].addr);
	return 0;
}
