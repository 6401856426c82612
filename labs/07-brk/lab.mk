# labs/07-brk/lab.mk - a bump allocator on the program break.
STUDENT_FILES   := bump.c
PROGRAMS        := demo subject
demo_SRCS       := demo.c
# The subject: bump.c and the stub that runs the judge's operations.
subject_SRCS    := harness/subject.c bump.c
subject_COMMON  := probe/fault.c
subject_LDFLAGS := $(PROBE_LDFLAGS)
JUDGE_SRCS      := harness/judge.c
# What bump.c may call beyond the C library's basics: the break itself.
ALLOWED_SYMBOLS := sbrk brk sysconf getpagesize ml_page_size
