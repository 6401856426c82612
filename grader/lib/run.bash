# grader/lib/run.bash - the one place that starts student code.
#
# Every build and every run of a student's program goes through memlab_run,
# so the limits and the sandbox are applied in one place.  grader/grade picks
# the sandbox once (grader/lib/sandbox.bash) and exports:
#   MEMLAB_SANDBOX   bwrap or unshare (namespaces and an allow-list of
#                    mounts), or limits (rlimits and timeouts only)
#   MEMLAB_JAIL      in the unshare mode, the jail program (grader/tools/jail.c)
#   MEMLAB_UID       the unprivileged uid student code runs as (when the
#                    grader is root), else empty
#   MEMLAB_ROOT      the scratch project root (labs/, common/, build/ are
#                    visible to student code, read-only; grader/ is not)
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
: "${MEMLAB_RUNS:=0}"        # runs so far in this process (capture file names)

# valgrind keeps the top 12 descriptors below RLIMIT_NOFILE for itself and
# refuses the program's system calls on them: a report written there is out
# of the program's reach (see memlab_memcheck).
MEMLAB_NOFILE=1024
MEMLAB_XML_FD=1020

# memlab_run [--cpu S] [--wall S] [--mem MB|none] [--stack KB] [--data KB]
#            [--rw DIR]... [--xml F] [--in F] [--out F] [--err F]
#            [--whole-out] [--trace F SYSCALLS] [--noexec] -- CMD [ARG...]
# Runs CMD in the sandbox with the limits above: stdin from F (default
# /dev/null), stdout and stderr to files (default: discarded), descriptors
# above 2 closed (bats reads test results on fd 3), a clean environment
# (PATH, HOME=/nonexistent, LANG, TMPDIR=$MEMLAB_WORK), the current folder
# read-only.  It may write in $MEMLAB_WORK and in each --rw DIR only.
# --stack and --data lower the soft RLIMIT_STACK / RLIMIT_DATA only (a hard
# limit, once lowered, cannot be raised again here, even by root).  --xml F
# opens F on descriptor $MEMLAB_XML_FD for valgrind's --xml-fd.  Its exit
# status proves nothing: the judge decides from what the run wrote.
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
  local in=/dev/null out=/dev/null err=/dev/null stack='' data='' xml=''
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
  # Output goes to the grader's own files first, then (head and tail, if
  # it is long) to where the caller asked.  A line that imitates a verdict
  # is harmless: reports are rendered from the grader's data, every quoted
  # string sanitised and indented (grader/lib/results.bash).
  # Within bats, a capture file per run in the grader's private folder (no
  # mktemp: a fork per run adds up); outside it, a folder of its own.
  local cap capdir=''
  if [[ -n ${BATS_FILE_TMPDIR:-} ]]; then
    cap=$BATS_FILE_TMPDIR/run.$BASHPID.$((++MEMLAB_RUNS))
  else
    capdir=$(mktemp -d "${TMPDIR:-/tmp}/run.XXXXXX")
    cap=$capdir/run
  fi
  # All of stdout goes straight to --out F with --whole-out.
  local capout=$cap.out
  ((whole)) && capout=$out
  MEMLAB_STATUS=0
  MEMLAB_WHY=
  local start=$SECONDS
  # The subshell takes the limits and drops every inherited descriptor
  # above 2; `timeout` puts the sandbox in its own process group and kills
  # the whole group at the deadline (the sandbox's PID namespace then takes
  # every process the program started with it).
  (
    umask 022   # what it builds stays readable once given back to root
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
        TMPDIR="${MEMLAB_WORK:-/tmp}" "$@"
  ) <"$in" >"$capout" 2>"$cap.err" || MEMLAB_STATUS=$?
  # grader/bench replays what ran (MEMLAB_TRACE names its log).
  if [[ -n ${MEMLAB_TRACE:-} ]]; then
    { printf '%q ' cd "$PWD"; printf '&&'; printf ' %q' "$@"; echo; } >>"$MEMLAB_TRACE"
  fi
  # Without a PID namespace, a daemon the program left behind is found by
  # its uid (when we have one of our own); with one, it died with PID 1.
  [[ ${MEMLAB_SANDBOX:-} == @(bwrap|unshare) ]] || memlab_kill_uid
  MEMLAB_WHY=
  ((MEMLAB_STATUS == 0)) || MEMLAB_WHY=$(memlab_describe_status "$MEMLAB_STATUS" "$cpu" "$wall")
  # A SIGKILL counts as a hang only when the deadline had passed (it is
  # timeout's second blow); otherwise it may be the program's own doing.
  if [[ -n ${BATS_FILE_TMPDIR:-} ]] && { [[ $MEMLAB_STATUS == @(124|152|153) ]] ||
       { ((MEMLAB_STATUS == 137)) && ((SECONDS - start >= wall)); }; }; then
    echo "$MEMLAB_WHY" >"$hung"
  fi
  if ((!whole)) && [[ $out != /dev/null ]]; then memlab_head_tail "$cap.out" >"$out"; fi
  [[ $err == /dev/null || ! -s $cap.err ]] || memlab_head_tail "$cap.err" >>"$err"
  if [[ -n $capdir ]]; then rm -rf "$capdir"; else rm -f "$cap.out" "$cap.err"; fi
  return 0
}

# memlab_read_work FILE MAXBYTES - print the first MAXBYTES of FILE, a file
# under $MEMLAB_WORK, where student code may have planted anything: a link
# to a secret, a FIFO that never ends, a link to /dev/zero.  The grader (root)
# reads such a file only through this.  It refuses (status 1, one line on
# stderr) anything but a regular file reached without a link in the path
# below $MEMLAB_WORK; it opens the file with O_NOFOLLOW and O_NONBLOCK (dd),
# so a file swapped for a link or a FIFO after the check yields an error or
# nothing, never a block or another file; it reads at most MAXBYTES.
#   e.g.  memlab_read_work "$MEMLAB_WORK/probe.strace" 1048576 >"$BATS_FILE_TMPDIR/probe.strace"
#         for f in "$MEMLAB_WORK"/asan.*; do memlab_read_work "$f" 65536; done >"$log"
# Sandboxed processes are dead by the time memlab_run returns (their PID
# namespace, or the uid's kill), so nothing races the check but that case.
memlab_read_work() {
  local file=$1 max=$2 work dir
  if [[ -z ${MEMLAB_WORK:-} || ! $max =~ ^[0-9]+$ ]]; then
    echo "memlab_read_work: usage: memlab_read_work FILE MAXBYTES (with MEMLAB_WORK set)" >&2
    return 2
  fi
  work=$(realpath -e -- "$MEMLAB_WORK") || return 1
  dir=$(realpath -e -- "$(dirname -- "$file")" 2>/dev/null) || dir=
  if [[ $dir != "$work" && $dir != "$work"/* ]]; then
    echo "memlab_read_work: ${file##*/} is not in the work folder (or a link leads out of it): not read" >&2
    return 1
  fi
  if [[ -L $file || ! -f $file ]]; then
    echo "memlab_read_work: ${file##*/} is not a regular file (a link, a FIFO, a device or nothing): not read" >&2
    return 1
  fi
  dd if="$file" iflag=nofollow,nonblock,count_bytes count="$max" status=none 2>/dev/null || {
    echo "memlab_read_work: ${file##*/} could not be read as a regular file: not read" >&2
    return 1
  }
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

# memlab_kill_uid - kill every process of the sandbox uid (it is ours alone
# while this grader runs), again until none is left: a process that was
# forking when the first signal went out leaves a child behind it.  The
# signal is kill(-1) sent as that uid (it reaches that uid's processes and
# no other); needs no procps.
memlab_kill_uid() {
  local i
  [[ -n ${MEMLAB_UID:-} ]] || return 0
  # kill(-1) as uid 0 would end every process of the machine: only a uid
  # that no account owns (the sandbox's range) is ever swept.
  [[ $MEMLAB_UID =~ ^[0-9]+$ ]] && ((MEMLAB_UID >= 1000)) || return 0
  ! getent passwd "$MEMLAB_UID" >/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    [[ -n $(memlab_uid_pids "$MEMLAB_UID") ]] || return 0
    setpriv --reuid="$MEMLAB_UID" --regid="$MEMLAB_UID" --clear-groups \
      bash -c 'kill -s KILL -- -1' 2>/dev/null
    sleep 0.05
  done
}

# memlab_uid_pids UID - the /proc/PID/status files of UID's processes (by
# real uid, which a process cannot change back), one a line; nothing when
# none.  Needs nothing but grep (procps is missing on minimal systems).
memlab_uid_pids() {
  grep -l -s -E "^Uid:[[:space:]]+$1[[:space:]]" /proc/[0-9]*/status || true
}

# memlab_descendants PID - the pids of PID's live descendants (zombies
# aside), parents first, on one line (from /proc: procps may be missing).  Processes in a sandbox's
# PID namespace are descendants too (by their pids out here).
memlab_descendants() {
  local f st pid ppid c queue=("$1") found=()
  local -A kids=()
  # A trap may run us in the middle of `IFS= read`: split on blanks again.
  local IFS=$' \t\n'
  for f in /proc/[0-9]*/stat; do
    { read -r st <"$f"; } 2>/dev/null || continue
    pid=${st%% *}
    st=${st##*) }          # after the command name, which may hold spaces
    # A zombie is dead already (it waits for its parent to reap it).
    [[ $st == Z* ]] && continue
    read -r _ ppid _ <<<"$st"
    [[ $pid =~ ^[0-9]+$ && $ppid =~ ^[0-9]+$ ]] || continue
    # Not ourselves: called as $(memlab_descendants $$), we are a child of
    # the tree we list, and memlab_kill_tree would never see it empty.
    [[ $pid == "$BASHPID" ]] && continue
    kids[$ppid]+=" $pid"
  done
  while ((${#queue[@]})); do
    for c in ${kids[${queue[0]}]:-}; do found+=("$c"); queue+=("$c"); done
    queue=("${queue[@]:1}")
  done
  echo "${found[*]}"
}

# memlab_kill_tree PID - stop, then kill, every descendant of PID (bats,
# timeouts, the sandboxes and what runs in them, valgrind...), again until
# none is left.  What left the tree (a daemon without a PID namespace) is
# found by its uid: memlab_kill_uid.
memlab_kill_tree() {
  local round pids IFS=$' \t\n'
  for ((round = 0; round < 20; round++)); do
    pids=$(memlab_descendants "$1")
    [[ -n $pids ]] || return 0
    # shellcheck disable=SC2086  # a list of pids
    { kill -STOP $pids || true; kill -KILL $pids || true; } 2>/dev/null
    sleep 0.05
  done
}

# memlab_jail_argv ARRAY [RW_DIR...] - the command prefix that puts a
# program in the sandbox: namespaces and the allow-list of memlab_jail_allow
# (bubblewrap, or unshare and grader/tools/jail.c built as $MEMLAB_JAIL),
# then the switch to the sandbox uid (when root).
memlab_jail_argv() {
  local -n argv=$1
  shift
  argv=()
  case ${MEMLAB_SANDBOX:-} in
    bwrap)
      argv=(bwrap --unshare-pid --unshare-net --unshare-ipc --unshare-uts
            --die-with-parent --new-session) ;;
    unshare)
      argv=(unshare --mount --pid --net --ipc --uts --fork --kill-child --
            "${MEMLAB_JAIL:?memlab_sandbox_pick builds the jail}") ;;
  esac
  if ((${#argv[@]})); then
    memlab_jail_allow argv "$@"
    argv+=(--chdir "$PWD" --)
  fi
  if [[ -n ${MEMLAB_UID:-} ]]; then
    argv+=(setpriv --reuid="$MEMLAB_UID" --regid="$MEMLAB_UID" --clear-groups
           --no-new-privs --inh-caps=-all --bounding-set=-all --)
  elif [[ -z ${MEMLAB_SANDBOX:-} || $MEMLAB_SANDBOX == limits ]]; then
    # Without a PID namespace, at least give the program its own session,
    # so that kill(0, ...) cannot reach the grader.
    argv+=(setsid --wait)
  fi
}

# The system folders of the allow-list, worked out once per process
# (readlink for each merged-/usr link costs a fork per run otherwise).
MEMLAB_SYSTEM_MOUNTS=()

# memlab_jail_allow ARRAY [RW_DIR...] - append to ARRAY the mounts of the
# sandbox's allow-list (bubblewrap's options; grader/tools/jail.c reads them too):
#   /usr /etc /bin /sbin /lib* read-only (a merged-/usr link stays a link;
#                 of /usr/lib/debug, ld.so's file only: memlab_debug_mounts):
#                 the compiler, make, valgrind, strace, ld.so and their
#                 configuration (/etc/alternatives names cc)
#   /dev /proc    of its own (a few device nodes; its own PID namespace)
#   /tmp          an empty tmpfs of its own
#   $MEMLAB_ROOT/{labs,common,build}  read-only (the scratch lab, never
#                 $MEMLAB_ROOT/grader: the tests and hidden tests)
#   $MEMLAB_WORK and each RW_DIR      writable
# Nothing else exists in there: the project, the submissions, --out,
# --hidden, the grader's scratch and other jobs are not hidden, but absent.
memlab_jail_allow() {
  local -n args=$1
  shift
  local d
  if ((${#MEMLAB_SYSTEM_MOUNTS[@]} == 0)); then
    for d in /usr /etc /bin /sbin /lib /lib32 /lib64 /libx32; do
      if [[ -L $d ]]; then MEMLAB_SYSTEM_MOUNTS+=(--symlink "$(readlink "$d")" "$d")
      elif [[ -d $d ]]; then MEMLAB_SYSTEM_MOUNTS+=(--ro-bind "$d" "$d"); fi
    done
    memlab_debug_mounts
  fi
  args+=("${MEMLAB_SYSTEM_MOUNTS[@]}")
  args+=(--dev /dev --proc /proc --perms 1777 --tmpfs /tmp)
  if [[ -n ${MEMLAB_ROOT:-} ]]; then
    for d in labs common build; do
      [[ -d $MEMLAB_ROOT/$d ]] || continue
      memlab_jail_parents args "$MEMLAB_ROOT/$d"
      args+=(--ro-bind "$MEMLAB_ROOT/$d" "$MEMLAB_ROOT/$d")
    done
  fi
  for d in "${MEMLAB_WORK:-}" "$@"; do
    [[ -n $d && -d $d ]] || continue
    memlab_jail_parents args "$d"
    args+=(--bind "$d" "$d")
  done
}

# memlab_debug_mounts - of the detached debug symbols (libc6-dbg, which
# Debian's valgrind depends on), the sandbox sees the dynamic linker's
# only: valgrind needs them to redirect ld.so's strlen, and cannot start
# without.  Reading libc's cost every valgrind run a fifth of a second,
# and a report quoting libc's own source lines would depend on what the
# machine has installed.  When ld.so's are not found by build-id, the
# folder stays as it is.
memlab_debug_mounts() {
  local interp id file
  [[ -d /usr/lib/debug/.build-id ]] || return 0
  interp=$(readelf -lW /bin/true 2>/dev/null | sed -n 's/.*interpreter: \(.*\)]$/\1/p')
  [[ -n $interp ]] || return 0
  id=$(readelf -nW "$interp" 2>/dev/null | sed -n 's/.*Build ID: \([0-9a-f]\{3,\}\).*/\1/p' | head -n 1)
  file=/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug
  [[ -n $id && -f $file ]] || return 0
  MEMLAB_SYSTEM_MOUNTS+=(--tmpfs /usr/lib/debug --perms 0755 --dir /usr/lib/debug/.build-id
    --perms 0755 --dir "${file%/*}" --ro-bind "$file" "$file")
}

# memlab_jail_parents ARRAY DIR - make DIR's parents searchable folders
# (bubblewrap creates a bind mount's missing parents mode 0700, which
# would lock the sandbox uid out of a folder under the private /tmp).
memlab_jail_parents() {
  local -n parents_of=$1
  local p=${2%/*}
  local parents=()
  while [[ -n $p ]]; do parents=("$p" "${parents[@]}"); p=${p%/*}; done
  for p in "${parents[@]}"; do parents_of+=(--perms 0755 --dir "$p"); done
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
