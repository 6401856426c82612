# labs/06-stack/lab.mk - the stack.  The student edits walk.c only.
STUDENT_FILES      := walk.c
PROGRAMS           := demo subject subject-asan
demo_SRCS          := demo.c harness/stackinfo.c
demo_LDLIBS        := -pthread
# The subject: walk.c and the stub that runs the judge's operations, run
# natively under a 256 KiB RLIMIT_STACK and under memcheck.
subject_SRCS       := harness/subject.c harness/stackinfo.c walk.c
subject_COMMON     := probe/fault.c
ATTR_WRAP          := -Wl,--wrap=pthread_attr_init,--wrap=pthread_attr_setstacksize,--wrap=pthread_attr_setstack
subject_LDFLAGS    := $(PROBE_LDFLAGS) $(ATTR_WRAP)
subject_LDLIBS     := -pthread
# The same under AddressSanitizer (stack-use-after-return, leaks): its
# reports go to stderr, which the grader keeps.
subject-asan_SRCS    := harness/subject.c harness/stackinfo.c walk.c
subject-asan_COMMON  := probe/fault.c
subject-asan_CFLAGS  := -O1 -fsanitize=address -fno-omit-frame-pointer
subject-asan_LDFLAGS := $(PROBE_LDFLAGS) $(ATTR_WRAP) -fsanitize=address
subject-asan_LDLIBS  := -pthread
JUDGE_SRCS         := harness/judge.c
# What walk.c may call beyond the C library's basics: its topic's calls
# (threads and their attributes, a stack of its own with its guard), the
# string helpers of the reference and the alternatives (nm -u on them), the
# __sysconf that PTHREAD_STACK_MIN becomes under _GNU_SOURCE, and strnlen,
# which gcc emits for a bounded snprintf("%s").
ALLOWED_SYMBOLS    := strdup asprintf strcasecmp strnlen __ctype_tolower_loc \
	pthread_attr_init pthread_attr_destroy pthread_attr_setstacksize pthread_attr_setstack \
	pthread_create pthread_join mmap munmap mprotect sysconf __sysconf
