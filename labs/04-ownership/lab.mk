# labs/04-ownership/lab.mk - ownership and lifetime: a key/value store.
STUDENT_FILES   := kv.c
PROGRAMS        := demo subject subject-asan
demo_SRCS       := demo.c
# The subject: kv.c and the stub that runs the judge's operations.  -O0:
# memcheck's and ASan's stacks then show every function, and the
# scenario_* frame each error is charged to is never inlined away.
subject_SRCS    := harness/subject.c kv.c
subject_COMMON  := probe/fault.c
subject_LDFLAGS := $(PROBE_LDFLAGS)
subject_CFLAGS  := -O0
# The same, under AddressSanitizer and LeakSanitizer: the second observer
# of every memory property (memcheck is the first).
subject-asan_SRCS    := harness/subject.c kv.c
subject-asan_COMMON  := probe/fault.c
subject-asan_LDFLAGS := $(PROBE_LDFLAGS)
subject-asan_CFLAGS  := -O0 -fsanitize=address -fno-omit-frame-pointer
JUDGE_SRCS      := harness/judge.c
# kv.c needs the C library's basics only (malloc, free, strlen, memcpy,
# strcmp...: labs/lab.mk's BASE_SYMBOLS), and strdup for a store that copies
# with it (the fault injection of common/probe/fault.c makes it fail too).
ALLOWED_SYMBOLS := strdup
