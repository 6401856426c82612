# labs/10-arena/lab.mk - an arena allocator of your own, and the tools told.
STUDENT_FILES := arena.c
PROGRAMS      := demo bench subject subject-misuse subject-misuse-plain subject-misuse-asan
demo_SRCS     := demo.c
# The sequence measured against glibc: client requests compiled out, as in
# a production build (valgrind.h's NVALGRIND).
bench_SRCS    := harness/bench.c arena.c
bench_CFLAGS  := -DNVALGRIND
# The subject: arena.c and the stub that runs the judge's operations; mmap
# can be made to fail (common/probe/fault.h).
subject_SRCS    := harness/subject.c arena.c harness/tools.c
subject_COMMON  := probe/fault.c
subject_LDFLAGS := $(PROBE_LDFLAGS)
# The planted misuses: with the student's client requests, without them
# (the demo's comparison), and under AddressSanitizer.
subject-misuse_SRCS         := harness/misuse.c arena.c harness/tools.c
subject-misuse-plain_SRCS   := harness/misuse.c arena.c harness/tools.c
subject-misuse-plain_CFLAGS := -DNVALGRIND
subject-misuse-asan_SRCS    := harness/misuse.c arena.c harness/tools.c
subject-misuse-asan_CFLAGS  := -fsanitize=address -fno-omit-frame-pointer
subject-misuse-asan_LDFLAGS := -fsanitize=address
JUDGE_SRCS    := harness/judge.c
# The programs' client requests are harness/tools.c's (mempool requests and
# MAKE_MEM_NOACCESS only): the grader scans the student's object instead,
# which may make none (grader/lib/memcheck.bash).
CLIENT_REQUESTS := harness
# What arena.c may call beyond the C library's basics: mappings, the page
# size, and the tools' functions of harness/tools.c (the only client
# requests: arena.c may make none of its own).
ALLOWED_SYMBOLS := mmap munmap ml_page_size tool_pool_create tool_pool_alloc \
	tool_pool_trim tool_pool_destroy tool_noaccess tool_unmapping
