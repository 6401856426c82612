# grader/lib/memcheck.bash - run a program under memcheck, judge by its XML.
#
# One memcheck run costs about half a second before the program even starts,
# so a lab runs all its scenarios in one process and the tests then pick
# the errors that belong to them: a harness scenario is a function named
# scenario_*, and each error is attributed to the scenario_* frame on its
# stack (for a leak: the stack that allocated the block).

# memlab_memcheck NAME LEAK_KINDS [memlab_run options] -- CMD [ARG...]
# LEAK_KINDS is valgrind's --errors-for-leak-kinds (e.g. all, definite,possible).
# Writes in $BATS_FILE_TMPDIR:
#   NAME.xml      valgrind's report
#   NAME.verdict  empty when the report can be trusted, else why not
#   NAME.errors   one line per error: counted<TAB>kind<TAB>scenario<TAB>where<TAB>what
# Never fails: tests read the verdict with memlab_assert_memcheck_clean.
memlab_memcheck() {
  local name=$1 kinds=$2
  shift 2
  local opts=()
  while (($#)) && [[ $1 != -- ]]; do opts+=("$1"); shift; done
  shift
  local dir=$BATS_FILE_TMPDIR xml=$BATS_FILE_TMPDIR/$name.xml
  # The report goes to a descriptor valgrind reserves for itself: the
  # program cannot write into it (a file would be inherited writable), and
  # it lives in the grader's private folder.  Every option is on the command
  # line; the judge checks valgrind saw no other (VALGRIND_OPTS, .valgrindrc).
  local vargs=(--tool=memcheck --xml=yes "--xml-fd=$MEMLAB_XML_FD"
    --leak-check=full --show-leak-kinds=all "--errors-for-leak-kinds=$kinds"
    --error-exitcode=99 --child-silent-after-fork=yes --num-callers=40)
  printf '%s\n' "${vargs[@]}" >"$dir/$name.vargs"
  rm -f "$xml"
  memlab_run --cpu 20 --wall 40 "${opts[@]}" --xml "$xml" -- valgrind "${vargs[@]}" "$@"
  {
    memlab_refuse_client_requests "$@" ||
      memlab_memcheck_judge "$xml" "$kinds" "$MEMLAB_STATUS" "$MEMLAB_WHY" "$dir/$name.vargs"
  } >"$dir/$name.verdict" 3>"$dir/$name.errors"
}

# memlab_refuse_client_requests FILE... - print why and succeed if a program
# among FILE contains valgrind's client-request preamble (the code
# valgrind.h's macros expand to: it can turn error reporting off).
# The one allowance: a lab whose own harness makes the requests (lab.mk:
# `CLIENT_REQUESTS := harness`; lab 10's harness/tools.c, valgrind's
# mempool requests and MAKE_MEM_NOACCESS and nothing else) has the
# student's objects scanned instead of its programs: the student's code
# may still make no request of its own.
memlab_refuse_client_requests() {
  local f files=("$@") programs=1
  if grep -qE '^CLIENT_REQUESTS[[:space:]]*:?=[[:space:]]*harness[[:space:]]*$' \
    "$MEMLAB_LAB_DIR/lab.mk" 2>/dev/null; then
    files=("$BUILD"/student/*.o)
    programs=0
  fi
  for f in "${files[@]}"; do
    [[ -f $f ]] || continue
    ((programs == 0)) || [[ -x $f ]] || continue
    # amd64: rol $3,$13,$61,$51 of %rdi; arm64: ror x12 by 3, 13, 51, 61.
    if LC_ALL=C grep -qaP '\x48\xc1\xc7\x03\x48\xc1\xc7\x0d\x48\xc1\xc7\x3d\x48\xc1\xc7\x33|\x8c\x0d\xcc\x93\x8c\x35\xcc\x93\x8c\xcd\xcc\x93\x8c\xf5\xcc\x93' "$f"; then
      echo "${f##*/} uses valgrind client requests (valgrind.h): they can hide errors from memcheck, so this lab refuses them"
      return 0
    fi
  done
  return 1
}

# memlab_memcheck_judge XML KINDS STATUS WHY VARGS - print why the report
# cannot be trusted (nothing if it can), and write the error table on fd 3.
# VARGS holds the options valgrind was given, one a line.
memlab_memcheck_judge() {
  local xml=$1 kinds=$2 status=$3 why=$4 vfile=$5 counted signal
  if [[ ! -s $xml ]]; then
    echo "valgrind wrote no report${why:+ (the run $why)}"; return
  fi
  # A limit the run hit explains a signal better than the signal does.
  case $status in
    124|137|152|153) echo "the run $why"; return ;;
  esac
  if ! xmllint --noout "$xml" 2>/dev/null; then
    echo "valgrind's report is cut short or malformed${why:+ (the run $why)}: did the program exec another program, or get killed?"
    return
  fi
  if [[ $(memlab_memcheck_vargv "$xml") != "$(cat "$vfile")" ]]; then
    echo "valgrind ran with options the grader did not give it (VALGRIND_OPTS or a .valgrindrc?)"
    return
  fi
  local table
  table=$(memlab_memcheck_table "$xml" "$kinds")
  [[ -z $table ]] || printf '%s\n' "$table" >&3
  signal=$(memlab_memcheck_signal "$xml")
  if [[ -n $signal ]]; then
    echo "the program was killed by $signal"; return
  fi
  if [[ -n $why && $status != 99 ]]; then
    echo "the run $why"; return
  fi
  if ! grep -q '<state>FINISHED</state>' "$xml"; then
    echo "valgrind's report does not say the run finished"; return
  fi
  counted=$(awk -F'\t' '$1 == 1' <<<"$table" | grep -c .) || true
  if { ((counted > 0)) && [[ $status != 99 ]]; } || { ((counted == 0)) && [[ $status == 99 ]]; }; then
    echo "valgrind's report ($counted errors) disagrees with its exit status ($status)"; return
  fi
  if ((counted == 0 && status != 0)); then
    echo "the program exited with status $status"
  fi
}

# memlab_memcheck_vargv XML - valgrind's own options, as its report lists them.
memlab_memcheck_vargv() {
  awk '/<vargv>/ { on = 1; next } /<\/vargv>/ { exit }
       on && /<arg>/ { gsub(/^[ \t]*<arg>|<\/arg>[ \t]*$/, ""); print }' "$1" |
    sed 's/&lt;/</g; s/&gt;/>/g; s/&amp;/\&/g'
}

# memlab_memcheck_signal XML - "SIGSEGV at fn (file:line)" if the run died.
memlab_memcheck_signal() {
  awk -v students="$MEMLAB_STUDENT_FILES" '
    /<fatal_signal>/ { in_sig = 1 }
    in_sig && /<signame>/ { gsub(/.*<signame>|<\/signame>.*/, ""); name = $0 }
    in_sig && /<fn>/ { gsub(/.*<fn>|<\/fn>.*/, ""); fn = $0 }
    in_sig && /<file>/ { gsub(/.*<file>|<\/file>.*/, ""); file = $0 }
    in_sig && /<line>/ { gsub(/.*<line>|<\/line>.*/, "");
      if (where == "" && index(" " students " ", " " file " ")) where = fn " (" file ":" $0 ")" }
    in_sig && /<\/frame>/ { if (first == "") first = fn; fn = file = "" }
    /<\/fatal_signal>/ { in_sig = 0 }
    END { if (name != "") print name " at " (where != "" ? where : first) }
  ' "$1"
}

# memlab_memcheck_table XML KINDS - one line per error, see memlab_memcheck.
memlab_memcheck_table() {
  awk -v kinds="$2" -v students="$MEMLAB_STUDENT_FILES" -v root="${MEMLAB_ROOT:-}" '
    function counts(kind) {
      if (kind !~ /^Leak_/ || kinds == "all") return 1
      if (kind == "Leak_DefinitelyLost") k = "definite"
      else if (kind == "Leak_IndirectlyLost") k = "indirect"
      else if (kind == "Leak_PossiblyLost") k = "possible"
      else k = "reachable"
      return index("," kinds ",", "," k ",") > 0
    }
    function text(s) { gsub(/^[ \t]*<[a-z]+>|<\/[a-z]+>[ \t]*$/, "", s); return s }
    /^<error>/ { in_err = 1; stacks = 0; kind = what = aux = scen = where = any = other = ""; nwhere = 0; next }
    !in_err { next }
    /<kind>/ { kind = text($0) }
    /<what>/ && what == "" { what = text($0) }
    /<text>/ && what == "" { what = text($0) }
    /<auxwhat>/ && aux == "" { aux = text($0) }
    /<stack>/ { stacks++ }
    /<fn>/ { fn = text($0); file = "" }
    stacks == 1 && /<fn>/ { if (scen == "" && fn ~ /^scenario_/) scen = fn }
    /<file>/ { file = text($0) }
    /<line>/ {
      loc = fn " (" file ":" text($0) ")"
      student = index(" " students " ", " " file " ") > 0
      if (stacks == 1) {
        if (any == "") any = loc
        # The chain of student frames, innermost first: where to look.
        if (student && nwhere < 3) where = where (nwhere++ ? " < " : "") loc
      } else if (stacks == 2 && student && other == "") other = loc
    }
    /^<\/error>/ {
      in_err = 0
      # valgrind explains the address (e.g. "inside a block ... free'\''d"),
      # and the second stack says where that happened.
      if (aux != "") what = what "; " aux (other != "" ? ", at " other : "")
      if (root != "") gsub(root "/", "", what)
      printf "%d\t%s\t%s\t%s\t%s\n", counts(kind), kind, scen, (where != "" ? where : any), what
    }
  ' "$1"
}

# memlab_assert_memcheck_clean NAME [SCENARIO] [WHAT] - fail unless run NAME
# could be trusted and had no counted error (in SCENARIO, if given).  WHAT
# says what the scenario exercises, for the message.
memlab_assert_memcheck_clean() {
  local name=$1 scen=${2:-} what=${3:-the program} verdict errors first n
  verdict=$(cat "$BATS_FILE_TMPDIR/$name.verdict" 2>/dev/null || echo "memcheck did not run")
  if [[ -n $verdict ]]; then
    memlab_fail "$what runs to the end under memcheck" "$verdict" \
      "$(memlab_memcheck_first_where "$name" "$scen")"
    return
  fi
  errors=$(awk -F'\t' -v s="$scen" '$1 == 1 && (s == "" || $3 == s)' "$BATS_FILE_TMPDIR/$name.errors")
  [[ -z $errors ]] && return 0
  n=$(wc -l <<<"$errors")
  first=$(head -n1 <<<"$errors")
  memlab_fail "no memcheck error in $what" \
    "$n error(s); the first is $(cut -f2 <<<"$first"): $(cut -f5 <<<"$first")" \
    "$(cut -f4 <<<"$first")"
}

# memlab_memcheck_first_where NAME [SCENARIO] - where the first error was.
memlab_memcheck_first_where() {
  awk -F'\t' -v s="${2:-}" '$1 == 1 && (s == "" || $3 == s) { print $2 " at " $4; exit }' \
    "$BATS_FILE_TMPDIR/$1.errors" 2>/dev/null
}
