# grader/lib/labfile.bash - what a lab says about itself in its lab.mk.
#
# Sourced by grader/grade, grader/selftest and grader/pack: the one reader of
# STUDENT_FILES, so that the three agree on which files are the student's.

# memlab_student_files LAB_MK - the student files LAB_MK lists, one a line.
memlab_student_files() {
  sed -n 's/^STUDENT_FILES[[:space:]]*:\{0,1\}=[[:space:]]*//p' "$1" | tr -s ' \t' '\n' | grep .
}
