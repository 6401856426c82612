# grader/02-cache-lines.bats - lab 02: the layout of struct conn.
#
# No student code runs here: conn.h is a layout.  The lab builds the
# subject (harness/subject.c + conn.h) twice, for conn.h's own 64-byte
# lines and with -DCONN_LINE_SIZE=128.  Two observers read each build:
# pahole (in the sandbox, on the subject's DWARF; judged by what it
# printed, never by its exit status, which pahole 1.30 sets to 1 after a
# correct layout) and the subject itself (offsetof and sizeof as
# compiled).  The judge (labs/02-cache-lines/harness/judge.c) decides;
# the student's own static_asserts count for nothing.
#
# Map of conn.h's promises to the tests below:
#   "Keep every member, with its name and its type"     step 1: 13 members
#   "add padding members (char arrays ... pad/_pad)"    step 1: 13 members
#   TODO 1 "Remove every hole ... Reorder them"          step 1: no holes; reordered
#   "packed" is not a way to remove holes (handout)      step 1: nothing packed
#   TODO 2 "every hot field in cache line 0"             step 2: hot fields
#   TODO 3 "no hot or config field on the counters' line" step 3: counters' line
#   TODO 3 "nothing after them on their line, not even
#           the next struct conn of an array"            step 3: no neighbour
#   TODO 3 "waste no more than that needs"               step 3: smallest
#   "Write every size that depends on the line as
#    CONN_LINE_SIZE" (the 128-byte build)                step 3: 128-byte lines

load lib/memlab

setup_file() {
  memlab_setup_lab "$BUILD/subject" "$BUILD/subject-128"
  memlab_ready || return 0
  memlab_inputs
  memlab_lane memlab_observe pahole64 --cpu 20 --wall 60 -- pahole --cacheline_size=64 -C conn "$BUILD/subject"
  memlab_lane memlab_observe pahole128 --cpu 20 --wall 60 -- pahole --cacheline_size=128 -C conn "$BUILD/subject-128"
  memlab_lane memlab_observe layout -- "$BUILD/subject"
  memlab_lane memlab_observe layout128 -- "$BUILD/subject-128"
  memlab_verdict
}

setup() { memlab_require_build; }

@test "step 1: struct conn has no holes between its members" {
  memlab_property holes
}

@test "step 1: struct conn keeps its 13 members, with the same types" {
  memlab_property members
}

@test "step 1: every member starts at an offset its alignment allows (nothing packed)" {
  memlab_property aligned
}

@test "step 1: the holes are gone by reordering, not filled with padding members" {
  memlab_property reorder
}

@test "step 2: every hot field lies in cache line 0 (bytes 0-63)" {
  memlab_property hot
}

@test "step 3: the counters' cache line holds only counters and padding" {
  memlab_property counters
}

@test "step 3: struct conn ends on a line boundary (no neighbour on the counters' line)" {
  memlab_property tail
}

@test "step 3: struct conn is no bigger than separate lines for the counters require" {
  memlab_property smallest
}

@test "step 3: with 128-byte lines (CONN_LINE_SIZE=128) the layout follows the line" {
  memlab_property line128
}
