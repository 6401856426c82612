# grader/lib/sandbox.bash - choose how student code is contained.
#
# Sourced by grader/grade, once per run.  Uses what the machine has:
#   bubblewrap  PID, network, IPC and UTS namespaces; a read-only system;
#               a private /tmp; the project, the grader's scratch and hidden
#               tests invisible; a small init as PID 1 and the program in
#               its own session under it.  Needs bubblewrap, and user
#               namespaces when not root.
#   limits      rlimits and timeouts only (own session, no namespaces).
# As root, student code also runs as an unprivileged uid of its own (one
# per parallel job: RLIMIT_NPROC counts per user and is not enforced for
# root), so a fork storm hits its limit and a left-over process can be found.

MEMLAB_UID_BASE=64000   # uids 64000..64199: no user, no file of ours

# memlab_sandbox_pick - set and export MEMLAB_SANDBOX and MEMLAB_UID.
# MEMLAB_NO_BWRAP=1 in the environment forces the weaker mode (to measure
# what the sandbox costs, or to test that mode).
memlab_sandbox_pick() {
  if [[ -z ${MEMLAB_NO_BWRAP:-} ]] && command -v bwrap >/dev/null 2>&1 &&
     bwrap --ro-bind / / --dev /dev --proc /proc --unshare-pid --unshare-net \
       --die-with-parent --new-session true >/dev/null 2>&1; then
    MEMLAB_SANDBOX=bwrap
  else
    MEMLAB_SANDBOX=limits
  fi
  MEMLAB_UID=
  ((EUID == 0)) && memlab_sandbox_take_uid
  export MEMLAB_SANDBOX MEMLAB_UID
}

# memlab_sandbox_take_uid - claim a free sandbox uid for this process's
# lifetime, with a lock file that concurrent graders respect.
memlab_sandbox_take_uid() {
  local k uid lock
  mkdir -p /run/lock/memlab 2>/dev/null || return 0
  for ((k = 0; k < 200; k++)); do
    uid=$((MEMLAB_UID_BASE + k))
    lock=/run/lock/memlab/uid.$uid
    exec {MEMLAB_UID_LOCK_FD}>"$lock" || continue
    if flock -n "$MEMLAB_UID_LOCK_FD"; then
      if ! getent passwd "$uid" >/dev/null && ! pgrep -U "$uid" >/dev/null; then
        MEMLAB_UID=$uid
        return 0
      fi
    fi
    eval "exec $MEMLAB_UID_LOCK_FD>&-"
  done
  echo "grade: no free sandbox uid in $MEMLAB_UID_BASE..$((MEMLAB_UID_BASE + 199)); running student code as root" >&2
}

# memlab_sandbox_describe - one line saying which protections are active.
memlab_sandbox_describe() {
  local s
  if [[ $MEMLAB_SANDBOX == bwrap ]]; then
    s="bubblewrap namespaces (pid, net, ipc), read-only system, private /tmp, project hidden"
  elif command -v bwrap >/dev/null 2>&1; then
    s="no namespaces (bubblewrap cannot create them here: user namespaces off?): own session only"
  else
    s="no namespaces (install bubblewrap for them): own session only"
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
