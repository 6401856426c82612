# grader/lib/sandbox.bash - choose how student code is contained.
#
# Sourced by grader/grade and grader/unpack, once per run.  Uses what the
# machine has, best first:
#   bwrap    bubblewrap: PID, network, IPC and UTS namespaces, and a mount
#            namespace that holds only an allow-list (grader/lib/run.bash,
#            memlab_jail_allow): the system folders read-only, a private /dev,
#            /proc and /tmp, the lab read-only, its work folder writable.
#            Needs bubblewrap, and user namespaces when not root.
#   unshare  the same namespaces and the same allow-list, built by root with
#            unshare(1) and grader/tools/jail.c, where bubblewrap cannot start
#            (no pivot_root: the jail enters its allow-list with chroot(2)).
#            Neither starts in a chroot whose / is a plain folder (no mount
#            whose propagation can be made private): grader/minimal-root
#            bind-mounts its root onto itself first, as a container's is.
#   limits   rlimits and timeouts only, in a session of its own: everything
#            the sandbox uid may read by file permissions stays readable
#            (docs/instructors.md, "threat model").
# As root, student code also runs as an unprivileged uid of its own (one
# per parallel job: RLIMIT_NPROC counts per user and is not enforced for
# root), so a fork storm hits its limit and a left-over process can be found.
# Root never runs student code itself: with no free uid, grading stops.

# shellcheck source=grader/lib/run.bash
source "${BASH_SOURCE[0]%/*}/run.bash"   # memlab_uid_pids, memlab_kill_uid

# uids 64000..64199: no user, no file of ours.  (Overridable for the
# self-tests, which prove that no free uid stops the grader.)
: "${MEMLAB_UID_BASE:=64000}" "${MEMLAB_UID_COUNT:=200}"
# Never a system uid: memlab_kill_uid kills every process of the uid it is
# given, and uid 0's are the whole machine's.
if ! [[ $MEMLAB_UID_BASE =~ ^[0-9]+$ && $MEMLAB_UID_COUNT =~ ^[0-9]+$ ]] || ((MEMLAB_UID_BASE < 1000)); then
  echo "grade: MEMLAB_UID_BASE must be a uid of 1000 or more (sandbox uids are never system accounts)" >&2
  exit 2
fi

# memlab_sandbox_pick DIR - set and export MEMLAB_SANDBOX, MEMLAB_UID and
# (in the unshare mode) MEMLAB_JAIL, the jail program built in DIR, a folder
# of the grader's own.  MEMLAB_NO_BWRAP=1 in the environment skips
# bubblewrap, MEMLAB_NO_UNSHARE=1 the unshare mode (to measure what the
# sandbox costs, or to test a weaker mode).  Returns 1, saying why, when
# root finds no free sandbox uid.
memlab_sandbox_pick() {
  local dir=$1 allow=()
  MEMLAB_JAIL=
  if [[ -z ${MEMLAB_NO_BWRAP:-} ]] && command -v bwrap >/dev/null 2>&1 &&
     bwrap --ro-bind / / --dev /dev --proc /proc --unshare-pid --unshare-net \
       --die-with-parent --new-session true >/dev/null 2>&1; then
    MEMLAB_SANDBOX=bwrap
  elif [[ -z ${MEMLAB_NO_UNSHARE:-} ]] && ((EUID == 0)) &&
       gcc -std=gnu11 -O2 -o "$dir/jail" "${BASH_SOURCE[0]%/*}/../tools/jail.c" 2>/dev/null &&
       memlab_jail_allow allow &&
       unshare --mount --pid --net --ipc --uts --fork --kill-child \
         "$dir/jail" "${allow[@]}" -- true 2>/dev/null; then
    MEMLAB_SANDBOX=unshare
    MEMLAB_JAIL=$dir/jail
  else
    MEMLAB_SANDBOX=limits
  fi
  MEMLAB_UID=
  if ((EUID == 0)); then memlab_sandbox_take_uid || return 1; fi
  export MEMLAB_SANDBOX MEMLAB_UID MEMLAB_JAIL
}

# memlab_sandbox_take_uid - claim a free sandbox uid for this process's
# lifetime, with a lock file that concurrent graders respect.
memlab_sandbox_take_uid() {
  local k uid lock
  if ! mkdir -p /run/lock/memlab 2>/dev/null; then
    echo "grade: cannot create /run/lock/memlab to claim a sandbox uid: as root, student code never runs as root" >&2
    return 1
  fi
  for ((k = 0; k < MEMLAB_UID_COUNT; k++)); do
    uid=$((MEMLAB_UID_BASE + k))
    lock=/run/lock/memlab/uid.$uid
    exec {MEMLAB_UID_LOCK_FD}>"$lock" || continue
    if flock -n "$MEMLAB_UID_LOCK_FD"; then
      if ! getent passwd "$uid" >/dev/null && [[ -z $(memlab_uid_pids "$uid") ]]; then
        MEMLAB_UID=$uid
        return 0
      fi
    fi
    eval "exec $MEMLAB_UID_LOCK_FD>&-"
  done
  echo "grade: no free sandbox uid in $MEMLAB_UID_BASE..$((MEMLAB_UID_BASE + MEMLAB_UID_COUNT - 1)) (each is taken by a grader, a user or a process): as root, student code never runs as root; wait for other graders to end, or run as a normal user" >&2
  return 1
}

# memlab_sandbox_reap - kill the processes of every sandbox uid that no
# grader holds any more (its grader was killed before it could clean up);
# as root only.  A uid still locked belongs to a live grader: left alone.
memlab_sandbox_reap() {
  local lock uid fd
  ((EUID == 0)) || return 0
  for lock in /run/lock/memlab/uid.*; do
    [[ -f $lock ]] || continue
    uid=${lock##*.}
    [[ $uid =~ ^[0-9]+$ ]] || continue
    ((uid >= MEMLAB_UID_BASE && uid < MEMLAB_UID_BASE + MEMLAB_UID_COUNT)) || continue
    exec {fd}>>"$lock" || continue
    if flock -n "$fd"; then MEMLAB_UID=$uid memlab_kill_uid; fi
    eval "exec $fd>&-"
  done
}

# memlab_sandbox_describe - one line saying which protections are active.
memlab_sandbox_describe() {
  local s
  if [[ $MEMLAB_SANDBOX == bwrap ]]; then
    s="bubblewrap namespaces (pid, net, ipc, mount): sees only the system, its lab and its work folder"
  elif [[ $MEMLAB_SANDBOX == unshare ]]; then
    s="unshare namespaces (pid, net, ipc, mount): sees only the system, its lab and its work folder"
  elif command -v bwrap >/dev/null 2>&1; then
    s="no namespaces (bubblewrap cannot create them here: user namespaces off?): own session only; it reads what file permissions allow"
  else
    s="no namespaces (install bubblewrap for them): own session only; it reads what file permissions allow"
  fi
  if [[ -n $MEMLAB_UID ]]; then s+="; runs as uid $MEMLAB_UID"
  else s+="; runs as you (uid $EUID)"; fi
  echo "sandbox: $s; limits on CPU, wall time, memory, output, files, processes"
}

# memlab_sandbox_own DIR... - let the sandbox uid write in DIR (as root).
memlab_sandbox_own() {
  [[ -n $MEMLAB_UID ]] || return 0
  chown -R "$MEMLAB_UID:$MEMLAB_UID" "$@"
}
