/*
 * fds.h - count this process's open descriptors.
 *
 * valgrind 3.19 does not put descriptor leaks in its XML report, so a
 * harness that must prove "no descriptor left open" counts /proc/self/fd
 * before and after the student's code runs.
 */
#ifndef ML_FDS_H
#define ML_FDS_H

/* ml_fd_count - number of open descriptors, or -1 if /proc is unreadable.
 * The descriptor used to read /proc/self/fd is not counted. */
int ml_fd_count(void);

#endif
