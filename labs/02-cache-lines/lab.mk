# labs/02-cache-lines/lab.mk - cache lines, struct layout, false sharing.
#
# The student edits conn.h (the layout of struct conn) and nothing else.
# The subject includes it and reports the layout the compiler chose;
# pahole reads the same struct from the subject's DWARF, which exists
# only with -g (labs/lab.mk's default) and, for a type a program might not
# use in full, -fno-eliminate-unused-debug-types.  subject-128 is the same
# program built for 128-byte lines: conn.h must follow CONN_LINE_SIZE.
STUDENT_FILES      := conn.h
PROGRAMS           := demo subject subject-128
demo_SRCS          := demo.c harness/bench.c harness/conn_race.c
demo_CFLAGS        := -fno-eliminate-unused-debug-types
demo_LDLIBS        := -pthread
subject_SRCS       := harness/subject.c
subject_CFLAGS     := -fno-eliminate-unused-debug-types
subject-128_SRCS   := harness/subject.c
subject-128_CFLAGS := -fno-eliminate-unused-debug-types -DCONN_LINE_SIZE=128
JUDGE_SRCS         := harness/judge.c
# conn.h is a header: the student has no object of their own to list.
ALLOWED_SYMBOLS    :=
