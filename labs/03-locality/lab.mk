# labs/03-locality/lab.mk - locality: the latency curve, loop order, tiling, hot/cold.
#
# The student edits loop_order.c, transpose.c and particles.c (one step
# each); harness/ holds everything else.  latency is the measuring tool
# (full run); the demo runs it quickly and races the student's functions
# against the starter's (harness/baseline.c).
STUDENT_FILES  := loop_order.c transpose.c particles.c
PROGRAMS       := demo latency
demo_SRCS      := demo.c harness/curve.c harness/cgout.c harness/baseline.c \
                  loop_order.c transpose.c particles.c
demo_CFLAGS    := -I$(LAB_DIR)/harness
latency_SRCS   := harness/latency.c harness/curve.c
latency_CFLAGS := -I$(LAB_DIR)/harness
