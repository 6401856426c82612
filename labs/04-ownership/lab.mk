# labs/04-ownership/lab.mk - see docs/lab-contract.md.
STUDENT_FILES    := kv.c kv.h
PROGRAMS         := demo scenarios
demo_SRCS        := demo.c
scenarios_SRCS   := scenarios.c kv.c
# -O0: memcheck's stacks then show every function, and the scenario_* frame
# that each error is charged to is never inlined away.
scenarios_CFLAGS := -O0
