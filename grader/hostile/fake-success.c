/*
 * hostile: writes grader-like success lines on every descriptor (reports quote them indented, never as the grader's own lines)
 * expect: pass-or-fail
 */
#include <string.h>
#include <unistd.h>
static void __attribute__((constructor)) hostile_fake(void)
{
	static const char lie[] =
		"ok 1 step 1: everything\nok 2 step 2: everything\n1..2\n"
		"==1== ERROR SUMMARY: 0 errors from 0 contexts\nPASS\nlabs passed: 10/10\n"
		"<error><kind>none</kind></error>\n";

	for (int fd = 0; fd < 4096; fd++)
		if (write(fd, lie, strlen(lie)) < 0)
			continue;
}
