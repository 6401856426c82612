# grader/lib/run.bash - the one place that starts student code.
#
# Every build and every run of a student's program goes through memlab_run,
# so the limits (and, later, any sandbox) are applied in one place.
# MEMLAB_STATUS and MEMLAB_WHY are its results, read by the callers.
# shellcheck disable=SC2034

# Defaults, overridable per call.  CPU seconds are at least 10x what the
# reference solutions need; the wall-clock backstop is wider still, because
# the machine is shared and a correct program must never fail for being slow.
: "${MEMLAB_CPU:=20}"        # seconds of CPU time
: "${MEMLAB_WALL:=60}"       # seconds of wall-clock time
: "${MEMLAB_MEM_MB:=2048}"   # address space, MiB (RLIMIT_AS)
: "${MEMLAB_OUT_MB:=16}"     # largest file the program may write, MiB

# memlab_run [--cpu S] [--wall S] [--mem MB|none] [--stack KB] [--data KB]
#            [--in F] [--out F] [--err F] -- CMD [ARG...]
# Runs CMD with the limits above, stdin from F (default /dev/null), stdout
# and stderr to files (default: discarded), and no descriptor but 0-2 open
# (bats reads test results on fd 3: a program must not write there).
# Sets MEMLAB_STATUS (the exit status, 128+N for signal N) and MEMLAB_WHY
# (empty, or a sentence: "killed by SIGSEGV", "ran out of CPU time (20 s)").
# --stack and --data lower the soft RLIMIT_STACK / RLIMIT_DATA only (a hard
# limit, once lowered, cannot be raised again here, even by root).
# Always returns 0: the caller decides what the status means.
memlab_run() {
  local cpu=$MEMLAB_CPU wall=$MEMLAB_WALL mem=$MEMLAB_MEM_MB
  local in=/dev/null out=/dev/null err=/dev/null stack='' data=''
  while (($#)); do
    case $1 in
      --cpu) cpu=$2; shift 2 ;;
      --wall) wall=$2; shift 2 ;;
      --mem) mem=$2; shift 2 ;;
      --stack) stack=$2; shift 2 ;;
      --data) data=$2; shift 2 ;;
      --in) in=$2; shift 2 ;;
      --out) out=$2; shift 2 ;;
      --err) err=$2; shift 2 ;;
      --) shift; break ;;
      *) echo "memlab_run: unknown option $1" >&2; return 2 ;;
    esac
  done
  MEMLAB_STATUS=0
  MEMLAB_WHY=
  # The subshell takes the limits and drops every inherited descriptor
  # above 2; `timeout` puts the program in its own process group and kills
  # the whole group at the deadline.
  (
    ulimit -S -t "$cpu"
    [[ $mem == none ]] || ulimit -v $((mem * 1024))
    ulimit -f $((MEMLAB_OUT_MB * 1024))
    ulimit -c 0
    [[ -z $stack ]] || ulimit -S -s "$stack"
    [[ -z $data ]] || ulimit -S -d "$data"
    memlab_close_fds
    exec timeout --kill-after=2 "$wall" "$@"
  ) <"$in" >"$out" 2>>"$err" || MEMLAB_STATUS=$?
  MEMLAB_WHY=$(memlab_describe_status "$MEMLAB_STATUS" "$cpu" "$wall")
  return 0
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
    12[5-7]) echo "could not be started (status $status)" ;;
    *)
      if ((status > 128 && status < 128 + 65)); then
        sig=$(kill -l $((status - 128)) 2>/dev/null)
        echo "was killed by SIG${sig:-$((status - 128))}"
      fi ;;
  esac
}
