# grader/selftests/lib/selftest.bash - what every self-test file loads.
#
# The self-tests prove the grader honest (docs/lab-contract.md): run them
# with grader/selftest (make check), which also starts the grading queue the
# per-lab tests read from.  A static file under grader/selftests/ also runs
# on its own: bats grader/selftests/pack.bats.
#
# From grader/selftest (or set here when a file runs alone):
#   ROOT               the project under test (MEMLAB_PRISTINE points at it,
#                      so that its working tree is graded, not git's HEAD)
#   SELFTEST_TMP       scratch shared by the files of one run
#   SELFTEST_QUEUE     the grading queue's folder (see selftest_result)
#   SELFTEST_LABS      the labs under test, space separated

ROOT=${ROOT:-$(cd "${BASH_SOURCE[0]%/*}/../../.." && pwd)}
export MEMLAB_PRISTINE=$ROOT
SELFTEST_TMP=${SELFTEST_TMP:-${BATS_FILE_TMPDIR:-$(mktemp -d)}}
# shellcheck source=grader/lib/labfile.bash
source "$ROOT/grader/lib/labfile.bash"

# all_labs - every lab of the project, one a line.
all_labs() {
  local f
  for f in "$ROOT"/labs/[0-9][0-9]-*/lab.mk; do [[ -e $f ]] && basename "${f%/lab.mk}"; done
}
# first_lab - the lab the project-wide tests grade (the first one).
first_lab() { all_labs | head -n1; }

# student_files LAB - the files a student of LAB edits, space separated.
student_files() { memlab_student_files "$ROOT/labs/$1/lab.mk" | tr '\n' ' '; }

# fail_with LINE... - print the lines (bats shows them under the test) and fail.
fail_with() {
  printf '%s\n' "$@"
  return 1
}

# overlay LAB [SRC...] - a new submission tree (DIR/LAB/) holding the
# reference solution with each SRC folder's files laid over it; prints DIR.
overlay() {
  local lab=$1 sub src
  shift
  sub=$(mktemp -d "$SELFTEST_TMP/sub.XXXXXX")
  mkdir -p "$sub/$lab"
  cp "$ROOT/solutions/$lab"/* "$sub/$lab/"
  for src in "$@"; do cp "$src"/* "$sub/$lab/"; done
  echo "$sub"
}

# mutant_header FIELD MUTANT - the value of "FIELD: ..." in a mutant's
# header: a NAME.patch's lines before its first "---", or the first comment
# of a NAME/ folder's files.
mutant_header() {
  local field=$1 m=$2
  if [[ -f $m ]]; then
    sed -n '/^---/q; p' "$m" | sed -n "s/^$field:[[:space:]]*//p" | head -n1
  else
    grep -h -m1 "^[ /*#]*$field:" "$m"/* 2>/dev/null | head -n1 | sed "s/^[ \/*#]*$field:[[:space:]]*//"
  fi
}

# mutants LAB - the lab's mutants, one path a line: NAME.patch files and
# (while labs are converted) whole-copy NAME/ folders.
mutants() {
  local m
  for m in "$ROOT/grader/mutants/$1"/*.patch "$ROOT/grader/mutants/$1"/*/; do
    [[ -e $m ]] && echo "${m%/}"
  done
}
# alternatives LAB - the lab's alternative solutions, one path a line:
# NAME.patch files (a variation on the solution) and NAME/ folders (an
# answer written from scratch, its files whole).
alternatives() {
  local m
  for m in "$ROOT/grader/alternatives/$1"/*.patch "$ROOT/grader/alternatives/$1"/*/; do
    [[ -e $m ]] && echo "${m%/}"
  done
}
# mutant_name PATH - a mutant's name (its file or folder name, no .patch).
mutant_name() { local n=${1##*/}; echo "${n%.patch}"; }

# apply_mutant LAB MUTANT - a submission tree with MUTANT (a mutant or an
# alternative, patch or folder) applied to the solution; prints its folder.
# A patch that no longer applies fails, with git apply's own words.
apply_mutant() {
  local lab=$1 m=$2 sub
  if [[ -d $m ]]; then overlay "$lab" "$m"; return; fi
  sub=$(overlay "$lab")
  # git apply (git is a dependency of make check; patch(1) is not): it
  # skips the header, and applies all or nothing.
  # Paths a/NN-slug/FILE (from solutions/) or a/FILE (from the lab's folder).
  local strip=1
  grep -q "^+++ b/$lab/" "$m" && strip=2
  (cd "$sub/$lab" && GIT_CEILING_DIRECTORIES=$sub git apply -p"$strip" "$m") >&2 || return 1
  echo "$sub"
}

# failing_tests - the names of the failed tests in a TAP stream on stdin.
failing_tests() { sed -n 's/^not ok [0-9]* //; T; s/ # in [0-9]* ms$//; p'; }

# selftest_result KEY - wait for the grading queue's job KEY and set `out`
# (what grade printed) and `status` (its exit status; "patch" when the
# mutant did not apply).  The queue (grader/selftest) grades two
# submissions at a time while the tests read the verdicts in order.
# shellcheck disable=SC2034  # out and status are for the caller
selftest_result() {
  local q=${SELFTEST_QUEUE:?the per-lab tests run from grader/selftest}
  while [[ ! -e $q/$1.status ]]; do
    if [[ -e $q/done ]] || ! kill -0 "$(cat "$q/pid" 2>/dev/null || echo 0)" 2>/dev/null; then
      [[ -e $q/$1.status ]] && break
      out="the grading queue ended without grading $1"; status=queue
      return 0
    fi
    sleep 0.2
  done
  out=$(cat "$q/$1.out" 2>/dev/null)
  status=$(cat "$q/$1.status")
}

# tree_digest DIR - a digest of every file under DIR (build/ and .git aside).
tree_digest() {
  (cd "$1" && find . -path ./build -prune -o -path ./.git -prune -o -type f -print0 | sort -z |
    xargs -0 md5sum | md5sum)
}
