/*
 * hostile: opens the grader's tests, its pristine copy and /etc/shadow; ends at once if one opens
 * expect: pass
 */
#include <fcntl.h>
#include <unistd.h>
static void __attribute__((constructor)) hostile_read_grader(void)
{
	/* Relative to the lab's scratch folder (labs/NN-slug/ under grade's
	 * scratch): the lab's tests and hidden tests, grade's pristine copy. */
	static const char *const paths[] = {
		"../../grader/04-ownership.bats", "../../grader/04-ownership.hidden.bats",
		"../../grader/lib/memlab.bash", "../../../pristine/grader/grade",
		"../../../pristine/labs/04-ownership/lab.mk", "/etc/shadow",
	};

	for (unsigned i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (open(paths[i], O_RDONLY) >= 0)
			_exit(0);   /* it saw one: the run ends before its verdict, and fails */
}
