# labs/02-cache-lines/lab.mk - cache lines, struct layout, false sharing.
#
# The student edits conn.h (the layout of struct conn) and nothing else.
# conn_bench includes it: pahole reads struct conn from conn_bench's DWARF,
# which exists only with -g (lab.mk's default) and, for a type the program
# might not use in full, -fno-eliminate-unused-debug-types.
STUDENT_FILES      := conn.h
PROGRAMS           := demo conn_bench
demo_SRCS          := demo.c bench.c
demo_CFLAGS        := -fno-eliminate-unused-debug-types
demo_LDLIBS        := -pthread
conn_bench_SRCS    := conn_bench.c bench.c
conn_bench_CFLAGS  := -fno-eliminate-unused-debug-types
conn_bench_LDLIBS  := -pthread
