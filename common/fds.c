/* fds.c - count open descriptors through /proc/self/fd. */
#include "fds.h"

#include <dirent.h>

int ml_fd_count(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;   /* the directory stream's own descriptor */
}
