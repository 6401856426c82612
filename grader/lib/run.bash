# grader/lib/run.bash - the one place that starts student code.
#
# Every build and every run of a student's program goes through memlab_run,
# so the limits and the sandbox are applied in one place.  grader/grade picks
# the sandbox once (grader/lib/sandbox.bash) and exports:
#   MEMLAB_SANDBOX   bwrap (namespaces) or limits (rlimits and timeouts only)
#   MEMLAB_UID       the unprivileged uid student code runs as (when the
#                    grader is root), else empty
#   MEMLAB_HIDE      folders student code must not see (the project tree,
#                    hidden tests, the grader's scratch), colon separated
#   MEMLAB_WORK      the one folder student code may write in
# MEMLAB_STATUS and MEMLAB_WHY are memlab_run's results, read by the callers.
# shellcheck disable=SC2034

# Defaults, overridable per call.  CPU seconds are at least 10x what the
# reference solutions need; the wall-clock backstop is wider still, because
# the machine is shared and a correct program must never fail for being slow.
: "${MEMLAB_CPU:=10}"        # seconds of CPU time
: "${MEMLAB_WALL:=30}"       # seconds of wall-clock time
: "${MEMLAB_MEM_MB:=2048}"   # address space, MiB (RLIMIT_AS)
: "${MEMLAB_OUT_MB:=16}"     # largest file the program may write, MiB
: "${MEMLAB_NPROC:=128}"     # processes and threads of the sandbox uid

# valgrind keeps the top 12 descriptors below RLIMIT_NOFILE for itself and
# refuses the program's system calls on them: a report written there is out
# of the program's reach (see memlab_memcheck).
MEMLAB_NOFILE=1024
MEMLAB_XML_FD=1020

# memlab_run [--cpu S] [--wall S] [--mem MB|none] [--stack KB] [--data KB]
#            [--rw DIR]... [--xml F] [--exit-ok CODE] [--in F] [--out F] [--err F]
#            [--whole-out] [--trace F SYSCALLS] [--noexec] -- CMD [ARG...]
# Runs CMD in the sandbox with the limits above: stdin from F (default
# /dev/null), stdout and stderr to files (default: discarded), descriptors
# above 2 closed (bats reads test results on fd 3), a clean environment
# (PATH, HOME=/nonexistent, LANG, TMPDIR=$MEMLAB_WORK), the current folder
# read-only.  It may write in $MEMLAB_WORK and in each --rw DIR only.
# --stack and --data lower the soft RLIMIT_STACK / RLIMIT_DATA only (a hard
# limit, once lowered, cannot be raised again here, even by root).  --xml F
# opens F on descriptor $MEMLAB_XML_FD for valgrind's --xml-fd.  A lab's
# program that ends without reaching its verdict (common/done.h) fails with
# status 125, unless it ends with --exit-ok CODE (a tool's own status, such
# as AddressSanitizer's exitcode after a report).
# --whole-out keeps all of stdout in --out F (a subject's observations, up
# to the output limit) instead of its first and last 32 KiB.  --trace F
# SYSCALLS runs strace as the grader, outside the sandbox and around it,
# writing to F (a file in the grader's private folder): student code can
# neither see nor rewrite that log.  --noexec starts the sandbox under the
# judge's launcher (common/judge/noexec.c): no code made at run time (for
# the native AddressSanitizer runs; valgrind itself needs it).
# Sets MEMLAB_STATUS (the exit status, 128+N for signal N) and MEMLAB_WHY
# (empty, or a sentence: "was killed by SIGSEGV", "used more than 20 s of
# CPU time").  Always returns 0: the caller decides what the status means.
memlab_run() {
  local cpu=$MEMLAB_CPU wall=$MEMLAB_WALL mem=$MEMLAB_MEM_MB
  local in=/dev/null out=/dev/null err=/dev/null stack='' data='' xml='' exit_ok=-1
  local rw=() whole=0 tracer=() noexec=()
  while (($#)); do
    case $1 in
      --cpu) cpu=$2; shift 2 ;;
      --wall) wall=$2; shift 2 ;;
      --mem) mem=$2; shift 2 ;;
      --stack) stack=$2; shift 2 ;;
      --data) data=$2; shift 2 ;;
      --rw) rw+=("$2"); shift 2 ;;
      --xml) xml=$2; shift 2 ;;
      --exit-ok) exit_ok=$2; shift 2 ;;
      --in) in=$2; shift 2 ;;
      --out) out=$2; shift 2 ;;
      --err) err=$2; shift 2 ;;
      --whole-out) whole=1; shift ;;
      --noexec) noexec=("${JUDGE%/*}/noexec"); shift ;;
      --trace) tracer=(strace -f -qq -o "$2" -e "trace=$3,execve" --); shift 3 ;;
      --) shift; break ;;
      *) echo "memlab_run: unknown option $1" >&2; return 2 ;;
    esac
  done
  # Once a program hung or was killed for its limits, every later run in
  # this lab is skipped: the verdict is already a failure, and a grader that
  # waits out a timeout per test would take minutes to say so.
  local hung=${BATS_FILE_TMPDIR:-/nonexistent}/memlab.hung
  if [[ -s $hung ]]; then
    MEMLAB_STATUS=124
    MEMLAB_WHY="was not run: an earlier run $(cat "$hung")"
    return 0
  fi
  local jail=()
  memlab_jail_argv jail "${rw[@]}"
  # A harness program proves it reached its verdict by creating this file
  # (common/done.h); it is required when one of our programs runs.
  local done='' envdone=()
  if [[ -n ${MEMLAB_WORK:-} ]] && memlab_runs_harness "$@"; then
    done=$MEMLAB_WORK/.memlab-done.$RANDOM$RANDOM
    rm -f "$done"
    envdone=("MEMLAB_DONE=$done")
  fi
  # Output goes to the grader's own files first, to be searched for lines
  # that imitate the grader, then to where the caller asked.
  local cap
  cap=$(mktemp -d "${BATS_FILE_TMPDIR:-${TMPDIR:-/tmp}}/run.XXXXXX")
  MEMLAB_STATUS=0
  MEMLAB_WHY=
  local start=$SECONDS
  # The subshell takes the limits and drops every inherited descriptor
  # above 2; `timeout` puts the sandbox in its own process group and kills
  # the whole group at the deadline (the sandbox's PID namespace then takes
  # every process the program started with it).
  (
    ulimit -S -t "$cpu"
    [[ $mem == none ]] || ulimit -v $((mem * 1024))
    ulimit -f $((MEMLAB_OUT_MB * 1024))
    ulimit -c 0
    ulimit -n "$MEMLAB_NOFILE"
    [[ -z ${MEMLAB_UID:-} ]] || ulimit -u "$MEMLAB_NPROC"
    [[ -z $stack ]] || ulimit -S -s "$stack"
    [[ -z $data ]] || ulimit -S -d "$data"
    memlab_close_fds
    if [[ -n $xml ]]; then eval "exec $MEMLAB_XML_FD>\"\$xml\""; fi
    exec timeout --kill-after=2 "$wall" "${tracer[@]}" "${noexec[@]}" "${jail[@]}" \
      env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/nonexistent LANG=C.UTF-8 \
        TMPDIR="${MEMLAB_WORK:-/tmp}" "${envdone[@]}" "$@"
  ) <"$in" >"$cap/out" 2>"$cap/err" || MEMLAB_STATUS=$?
  # grader/bench replays what ran (MEMLAB_TRACE names its log).
  if [[ -n ${MEMLAB_TRACE:-} ]]; then
    { printf '%q ' cd "$PWD"; printf '&&'; printf ' %q' "$@"; echo; } >>"$MEMLAB_TRACE"
  fi
  # Without a PID namespace, a daemon the program left behind is found by
  # its uid (when we have one of our own).
  [[ ${MEMLAB_SANDBOX:-} == bwrap ]] || memlab_kill_uid
  MEMLAB_WHY=$(memlab_describe_status "$MEMLAB_STATUS" "$cpu" "$wall")
  # A SIGKILL counts as a hang only when the deadline had passed (it is
  # timeout's second blow); otherwise it may be the program's own doing.
  if [[ -n ${BATS_FILE_TMPDIR:-} ]] && { [[ $MEMLAB_STATUS == @(124|152|153) ]] ||
       { ((MEMLAB_STATUS == 137)) && ((SECONDS - start >= wall)); }; }; then
    echo "$MEMLAB_WHY" >"$hung"
  fi
  if [[ -n $done ]]; then
    if [[ ! -e $done ]] && ((MEMLAB_STATUS < 124 && MEMLAB_STATUS != exit_ok)); then
      MEMLAB_WHY="ended (status $MEMLAB_STATUS) before the harness reached its verdict: does the student code call exit()?"
      MEMLAB_STATUS=125
    fi
    rm -f "$done"
  fi
  local forged
  if forged=$(memlab_forged_line "$cap/out" "$cap/err"); then
    MEMLAB_STATUS=125
    MEMLAB_WHY="printed a line that imitates a grader's verdict ($forged): a program must not"
  fi
  if ((whole)); then mv "$cap/out" "$out"
  elif [[ $out != /dev/null ]]; then memlab_head_tail "$cap/out" >"$out"; fi
  [[ $err == /dev/null ]] || memlab_head_tail "$cap/err" >>"$err"
  rm -rf "$cap"
  return 0
}

# memlab_head_tail FILE - FILE, or its first and last 32 KiB with a line
# saying how much was cut: what a flood of output leaves for the report.
memlab_head_tail() {
  local size keep=32768
  size=$(stat -c %s "$1")
  if ((size <= 2 * keep)); then cat "$1"; return; fi
  head -c "$keep" "$1"
  printf '\n[... %d bytes of output cut ...]\n' $((size - 2 * keep))
  tail -c "$keep" "$1"
}

# memlab_forged_line FILE... - print the first line that imitates a verdict
# (TAP's "ok N", valgrind's "0 errors" summary, PASS, a score) and succeed;
# fail when there is none.  Such lines never decide a verdict here, but a
# program that prints them is trying to fool some grader: it fails.
memlab_forged_line() {
  LC_ALL=C grep -a -m1 -h -o -E \
    '^(not )?ok [0-9]+.{0,40}|^1\.\.[0-9]+$|ERROR SUMMARY: 0 errors|(^|[^A-Za-z])PASS(ED)?([^A-Za-z]|$)|labs passed: ?[0-9]|"score" *:|\[pass\]' \
    "$@" 2>/dev/null | head -n1 | tr -cd '[:print:]' | grep .
}

# memlab_kill_uid - kill every process of the sandbox uid (it is ours alone
# while this grader runs), again until none is left: a process that was
# forking when the first signal went out leaves a child behind it.
memlab_kill_uid() {
  local i
  [[ -n ${MEMLAB_UID:-} ]] || return 0
  for ((i = 0; i < 50; i++)); do
    pkill -KILL -U "$MEMLAB_UID" 2>/dev/null || return 0
    sleep 0.05
  done
}

# memlab_runs_harness CMD... - succeed if CMD runs one of the lab's own
# programs (an executable under $BUILD linked with common/done.c): as the
# command itself, or through a runner (valgrind, strace, env, ...).  A tool
# that only reads the program (pahole, readelf) does not run it.
memlab_runs_harness() {
  local a
  case ${1##*/} in
    valgrind|strace|ltrace|env|setarch|taskset|nice|stdbuf|timeout) ;;
    *) set -- "$1" ;;
  esac
  for a in "$@"; do
    [[ -n ${BUILD:-} && $a == "$BUILD"/* && -f $a && -x $a ]] || continue
    LC_ALL=C grep -qa __wrap_main "$a" && return 0
  done
  return 1
}

# memlab_jail_argv ARRAY [RW_DIR...] - the command prefix that puts a
# program in the sandbox: bubblewrap's namespaces and mounts (when
# available), then the switch to the sandbox uid (when root).
memlab_jail_argv() {
  local -n argv=$1
  shift
  local dir
  argv=()
  if [[ ${MEMLAB_SANDBOX:-} == bwrap ]]; then
    # Read-only system, private /tmp, the scratch root read-only, the
    # grader's own files (and hidden tests, and the project) invisible.
    argv=(bwrap --ro-bind / / --dev /dev --proc /proc --tmpfs /tmp
          --unshare-pid --unshare-net --unshare-ipc --unshare-uts
          --die-with-parent --new-session)
    local IFS=:
    for dir in ${MEMLAB_HIDE:-}; do
      [[ -d $dir ]] && argv+=(--tmpfs "$dir")
    done
    unset IFS
    if [[ -n ${MEMLAB_ROOT:-} ]]; then
      memlab_jail_parents argv "$MEMLAB_ROOT"
      argv+=(--ro-bind "$MEMLAB_ROOT" "$MEMLAB_ROOT")
      [[ ! -d $MEMLAB_ROOT/grader ]] || argv+=(--tmpfs "$MEMLAB_ROOT/grader")
    fi
    for dir in "${MEMLAB_WORK:-}" "$@"; do
      [[ -n $dir && -d $dir ]] || continue
      memlab_jail_parents argv "$dir"
      argv+=(--bind "$dir" "$dir")
    done
    argv+=(--chdir "$PWD" --)
  fi
  if [[ -n ${MEMLAB_UID:-} ]]; then
    argv+=(setpriv --reuid="$MEMLAB_UID" --regid="$MEMLAB_UID" --clear-groups
           --no-new-privs --inh-caps=-all --bounding-set=-all --)
  elif [[ ${MEMLAB_SANDBOX:-} != bwrap ]]; then
    # Without a PID namespace, at least give the program its own session,
    # so that kill(0, ...) cannot reach the grader.
    argv+=(setsid --wait)
  fi
}

# memlab_jail_parents ARRAY DIR - have bubblewrap make DIR's parents
# searchable (it creates a bind mount's missing parents mode 0700, which
# would lock the sandbox uid out of a folder under the private /tmp).
memlab_jail_parents() {
  local -n args=$1
  local p=${2%/*}
  local parents=()
  while [[ -n $p ]]; do parents=("$p" "${parents[@]}"); p=${p%/*}; done
  for p in "${parents[@]}"; do args+=(--perms 0755 --dir "$p"); done
}

# memlab_close_fds - close every descriptor above 2 in this (sub)shell.
memlab_close_fds() {
  local fd
  for fd in "/proc/$BASHPID/fd"/*; do
    fd=${fd##*/}
    ((fd > 2)) && eval "exec $fd>&-" 2>/dev/null
  done
  return 0
}

# memlab_describe_status STATUS CPU WALL - a sentence for an abnormal status.
memlab_describe_status() {
  local status=$1 sig
  case $status in
    124) echo "did not finish within $3 s (wall clock) and was stopped" ;;
    137) echo "was killed (SIGKILL): it ran past its time limit, or out of memory" ;;
    152) echo "used more than $2 s of CPU time (SIGXCPU) and was stopped" ;;
    153) echo "wrote more than $MEMLAB_OUT_MB MiB of output (SIGXFSZ) and was stopped" ;;
    126|127) echo "could not be started (status $status)" ;;
    *)
      if ((status > 128 && status < 128 + 65)); then
        sig=$(kill -l $((status - 128)) 2>/dev/null)
        echo "was killed by SIG${sig:-$((status - 128))}"
      fi ;;
  esac
}
