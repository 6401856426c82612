# labs/08-mmap/lab.mk - mmap: a file in memory, SIGBUS, a guard page.
STUDENT_FILES   := mapfile.c
PROGRAMS        := demo subject subject-asan
demo_SRCS       := demo.c
# The subject: mapfile.c and the stub that runs the judge's operations,
# with fault injection and pretended page sizes (common/probe/fault.h).
subject_SRCS    := harness/subject.c mapfile.c
subject_COMMON  := probe/fault.c
subject_LDFLAGS := $(PROBE_LDFLAGS)
# The same under AddressSanitizer/LeakSanitizer: memcheck's second opinion.
subject-asan_SRCS    := $(subject_SRCS)
subject-asan_COMMON  := $(subject_COMMON)
subject-asan_CFLAGS  := -fsanitize=address -fsanitize-recover=address -fno-omit-frame-pointer
subject-asan_LDFLAGS := $(PROBE_LDFLAGS) -fsanitize=address
JUDGE_SRCS      := harness/judge.c
# What mapfile.c may call beyond the C library's basics: what the solution
# and the alternatives use (nm -u), plus sysconf and getpagesize (the other
# ways to read the page size; both answer the pretended one) and read,
# signal, setjmp and longjmp: wrong means the judge names better than the
# allow-list would ("read it with mmap", "SIGBUS stays blocked").
ALLOWED_SYMBOLS := open close fstat lseek mmap munmap mprotect \
	sigaction sigemptyset __sigsetjmp siglongjmp ml_page_size sysconf getpagesize \
	read signal _setjmp longjmp
