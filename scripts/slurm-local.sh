#!/usr/bin/env bash
# slurm-local.sh start|stop|status
#
# Runs a real one-node Slurm cluster on this machine, so that job arrays and
# dependencies (crossbar's Slurm submission) can be tried without a cluster.
#
# start   installs Debian's munge, slurmctld, slurmd and slurm-client with
#         apt-get if missing, creates /etc/munge/munge.key if there is none,
#         writes a one-node slurm.conf sized to this machine (CPUs = nproc,
#         RealMemory = MemTotal minus a margin), starts munged, slurmctld and
#         slurmd, and waits until sinfo shows the node idle. If the cluster is
#         already running it says so and changes nothing.
# stop    cancels the jobs still queued or running in this cluster (nothing
#         else would ever run them), stops the three daemons it started, by
#         the process ids recorded at start, and waits for them to exit.
# status  says whether each daemon runs and prints sinfo; exits 0 when all
#         three run, 3 otherwise.
#
# Everything lives in one folder the script owns, STATE below
# (/run/crossbarlab-slurm; override with CROSSBARLAB_SLURM_DIR):
#   slurm.conf     the configuration (daemons and commands read it)
#   munge/         our munged's socket, pid file, seed and log (owner munge)
#   pids/          slurmctld.pid and slurmd.pid
#   log/           slurmctld.log, slurmd.log, jobcomp.log (finished jobs)
#   ctld/ slurmd/  slurmctld's state and slurmd's spool
# /run is chosen because it is root's and (normally a tmpfs) cleared at boot,
# like the daemons themselves; logs are kept until then. A pid file is only
# trusted while its process carries the daemon's name.
#
# Why these settings:
# - ProctrackType=proctrack/linuxproc and TaskPlugin=task/none track a job's
#   processes through /proc and bind nothing, so no cgroup setup is needed:
#   containers and VMs without a writable, delegated cgroup tree work.
# - SelectType=select/cons_tres with CR_Core_Memory, and the node given only
#   by CPUs=<nproc>: Slurm then treats every logical CPU as a core, so each
#   1-CPU array task gets one and as many run at once as there are CPUs.
#   DefMemPerCPU is an even share of RealMemory, so a task without --mem
#   does not claim the whole node's memory.
# - Our own munged on our own socket (AuthInfo=socket=...): it neither needs
#   nor disturbs a system munged; the key is the usual /etc/munge/munge.key.
# - No slurmdbd, hence no sacct. Finished jobs stay visible to
#   `scontrol show job` for MinJobAge (1 h here) and are appended, one line
#   each, to log/jobcomp.log (JobCompType=jobcomp/filetxt).
#
# Where the commands find the configuration (decision): sbatch, squeue, ...
# read /etc/slurm/slurm.conf unless SLURM_CONF says otherwise. If that file
# does not exist, start makes it a symlink to STATE/slurm.conf, so plain
# `sbatch` works, and stop removes the symlink again. An existing
# /etc/slurm/slurm.conf that is not our symlink is never touched; start then
# tells you to `export SLURM_CONF=STATE/slurm.conf`.
#
# Needs root (it re-runs itself with sudo when available); status does not.
# The slurmctld/slurmd ports are Slurm's defaults, 6817 and 6818.
set -euo pipefail

STATE="${CROSSBARLAB_SLURM_DIR:-/run/crossbarlab-slurm}"
CONF="$STATE/slurm.conf"
ETC_CONF=/etc/slurm/slurm.conf
MUNGE_KEY=/etc/munge/munge.key
MUNGE_SOCKET="$STATE/munge/munge.socket"
TIMEOUT="${CROSSBARLAB_SLURM_TIMEOUT:-60}"   # seconds to wait for each step
PACKAGES=(munge slurmctld slurmd slurm-client)

say() { printf '[slurm-local] %s\n' "$*"; }
die() { printf '[slurm-local] error: %s\n' "$*" >&2; exit 1; }

usage() {
  cat <<EOF
usage: $0 start|stop|status
  start   install if needed, configure and start a one-node Slurm cluster
  stop    cancel its jobs and stop the daemons that start started
  status  show which daemons run, and sinfo
state, logs and configuration: $STATE
EOF
}

need_root() {
  [ "$(id -u)" = 0 ] && return
  command -v sudo >/dev/null || die "'$1' needs root (or sudo)"
  exec sudo CROSSBARLAB_SLURM_DIR="$STATE" \
    CROSSBARLAB_SLURM_TIMEOUT="$TIMEOUT" "$0" "$@"
}

# ---- process bookkeeping -------------------------------------------------

pidfile() {
  case "$1" in
    munged) echo "$STATE/munge/munged.pid" ;;
    *) echo "$STATE/pids/$1.pid" ;;
  esac
}

# The pid recorded for daemon $1 if that process still runs and is that
# daemon (its name is checked, so a recycled pid is never taken for ours).
live_pid() {
  local f pid comm
  f="$(pidfile "$1")"
  [ -r "$f" ] || return 1
  pid="$(tr -dc '0-9' <"$f")"
  [ -n "$pid" ] || return 1
  comm="$(cat "/proc/$pid/comm" 2>/dev/null)" || return 1
  ! gone "$pid" || return 1
  # Debian installs the binaries as slurmd-wlm etc. behind alternatives.
  case "$comm" in "$1" | "$1-wlm") echo "$pid" ;; *) return 1 ;; esac
}

running() { live_pid "$1" >/dev/null; }

# True once process $1 has exited (a zombie counts as exited).
gone() {
  [ ! -e "/proc/$1" ] && return 0
  grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

log_tail() {
  local f
  for f in "$@"; do
    [ -s "$f" ] || continue
    printf -- '--- last lines of %s\n' "$f" >&2
    tail -n 25 "$f" >&2
  done
}

# Waits up to TIMEOUT seconds for the command "$@" to succeed.
wait_for() {
  local end=$((SECONDS + TIMEOUT))
  while ((SECONDS < end)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  return 1
}

# Why daemon $1 is not ready: it has exited, or it does not answer.
not_ready() {
  if running "$1"; then echo "$1 does not answer after ${TIMEOUT}s"
  else echo "$1 has exited (see its log)"; fi
}

# ---- start ---------------------------------------------------------------

installed() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
      return 1
  done
}

install_packages() {
  installed "${PACKAGES[@]}" && return
  say "installing ${PACKAGES[*]} with apt-get"
  # The packages' maintainer scripts would start the daemons with the
  # system's defaults; a policy-rc.d that says 101 (action forbidden)
  # keeps them from starting: this script starts its own instances.
  local policy=/usr/sbin/policy-rc.d made=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy"
    made=1
  fi
  local rc=0 log
  log="$(mktemp)"
  { apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends "${PACKAGES[@]}"; } >"$log" 2>&1 || rc=$?
  [ -z "$made" ] || rm -f "$policy"
  [ "$rc" = 0 ] || { cat "$log" >&2; rm -f "$log"; die "apt-get failed"; }
  rm -f "$log"
}

make_munge_key() {
  [ -s "$MUNGE_KEY" ] && return
  say "creating $MUNGE_KEY"
  install -d -o munge -g munge -m 0700 "$(dirname "$MUNGE_KEY")"
  runuser -u munge -- mungekey --create --keyfile="$MUNGE_KEY"
  chmod 0400 "$MUNGE_KEY"
}

make_dirs() {
  install -d -m 0755 "$STATE" "$STATE/pids" "$STATE/log"
  install -d -m 0700 "$STATE/ctld" "$STATE/slurmd"
  # munged refuses directories that others may write to; clients need
  # only to reach the socket, hence 0755 and owner munge.
  install -d -o munge -g munge -m 0755 "$STATE/munge"
}

write_conf() {
  local host cpus mem_kb mem_mb margin real
  host="$(hostname -s)"
  cpus="$(nproc)"
  mem_kb="$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)"
  mem_mb=$((mem_kb / 1024))
  # Leave the system 10 % (at least 512 MiB): slurmd drains a node whose
  # RealMemory exceeds what it measures, and the OS needs some anyway.
  margin=$((mem_mb / 10 > 512 ? mem_mb / 10 : 512))
  real=$((mem_mb - margin))
  [ "$real" -gt 0 ] || die "too little memory for a node ($mem_mb MiB)"
  cat >"$CONF.part" <<EOF
# Written by scripts/slurm-local.sh (CrossbarLab): a one-node local cluster.
# Rewritten on every start; edit the script, not this file.
ClusterName=crossbarlab
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET

StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/slurmd
SlurmctldPidFile=$(pidfile slurmctld)
SlurmdPidFile=$(pidfile slurmd)
SlurmctldLogFile=$STATE/log/slurmctld.log
SlurmdLogFile=$STATE/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
# No mail on this machine (the default /bin/mail is missing and logged).
MailProg=/bin/true

# No cgroups: processes are tracked through /proc, tasks are not bound.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none

# One task per logical CPU; memory is a consumable resource too.
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=$((real / cpus))
# Start queued jobs as soon as CPUs free up: the default waits up to 3 s
# between scheduling passes, which dominates short test jobs.
SchedulerParameters=batch_sched_delay=0

# No slurmdbd: finished jobs go to a text file and stay in the
# controller for an hour (scontrol show job).
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$STATE/log/jobcomp.log
MinJobAge=3600

# A node that was down (e.g. after stop) returns when slurmd registers.
ReturnToService=2

NodeName=$host CPUs=$cpus RealMemory=$real State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  mv "$CONF.part" "$CONF"
  chmod 0644 "$CONF"
  say "configuration: $host, $cpus CPUs, RealMemory=$real MiB -> $CONF"
}

link_etc_conf() {
  if [ -L "$ETC_CONF" ] && [ "$(readlink "$ETC_CONF")" = "$CONF" ]; then
    return
  fi
  if [ -e "$ETC_CONF" ] || [ -L "$ETC_CONF" ]; then
    say "$ETC_CONF exists and is not ours: left as it is"
    return
  fi
  install -d -m 0755 "$(dirname "$ETC_CONF")"
  ln -s "$CONF" "$ETC_CONF"
}

munge_works() {
  munge -n -S "$MUNGE_SOCKET" | unmunge -S "$MUNGE_SOCKET"
}

start_munged() {
  running munged && return
  rm -f "$MUNGE_SOCKET" "$(pidfile munged)"
  say "starting munged"
  runuser -u munge -- munged --socket="$MUNGE_SOCKET" \
    --key-file="$MUNGE_KEY" --pid-file="$(pidfile munged)" \
    --seed-file="$STATE/munge/munged.seed" \
    --log-file="$STATE/munge/munged.log" ||
    { log_tail "$STATE/munge/munged.log"; die "munged did not start"; }
  wait_for munge_works ||
    { log_tail "$STATE/munge/munged.log"; die "munged does not answer"; }
}

# slurmctld and slurmd daemonize and write their pid files themselves.
start_slurm() {
  local name="$1"
  running "$name" && return
  rm -f "$(pidfile "$name")"
  say "starting $name"
  SLURM_CONF="$CONF" "$name" -f "$CONF" ||
    { log_tail "$STATE/log/$name.log"; die "$name did not start"; }
  wait_for running "$name" ||
    { log_tail "$STATE/log/$name.log"; die "$name exited at start"; }
}

node_state() { SLURM_CONF="$CONF" sinfo -h -N -o '%T' 2>/dev/null; }

# True when the slurmd started at or after epoch $1 has registered and the
# node is idle. The controller restores the node's last state from its
# state folder, so "idle" alone may be a leftover of the previous run.
node_ready() {
  local t
  t="$(SLURM_CONF="$CONF" scontrol -o show node "$(hostname -s)" |
    grep -oE 'SlurmdStartTime=[^ ]+' | cut -d= -f2)"
  t="$(date -d "$t" +%s 2>/dev/null)" || return 1
  [ "$t" -ge "$1" ] && [ "$(node_state)" = idle ]
}

cmd_start() {
  if running munged && running slurmctld && running slurmd; then
    say "already running (state in $STATE)"
    SLURM_CONF="$CONF" sinfo
    return
  fi
  local t0=$SECONDS
  install_packages
  make_munge_key
  make_dirs
  # A running controller or slurmd keeps the file it read; rewrite it only
  # when neither runs (the usual case: all stopped).
  if ! running slurmctld && ! running slurmd; then write_conf; fi
  link_etc_conf
  start_munged
  start_slurm slurmctld
  wait_for env SLURM_CONF="$CONF" scontrol ping || {
    log_tail "$STATE/log/slurmctld.log"
    die "$(not_ready slurmctld)"
  }
  # A slurmd that already runs has registered before: accept any time.
  local since=0
  running slurmd || since="$(date +%s)"
  start_slurm slurmd
  if ! wait_for node_ready "$since"; then
    log_tail "$STATE/log/slurmctld.log" "$STATE/log/slurmd.log"
    running slurmd || die "$(not_ready slurmd)"
    die "node not idle after ${TIMEOUT}s (state: $(node_state || true))"
  fi
  say "running after $((SECONDS - t0)) s:"
  SLURM_CONF="$CONF" sinfo
  if [ -L "$ETC_CONF" ] && [ "$(readlink "$ETC_CONF")" = "$CONF" ]; then
    say "sbatch, squeue, ... find it through $ETC_CONF"
  else
    say "before using it: export SLURM_CONF=$CONF"
  fi
}

# ---- stop ----------------------------------------------------------------

# Sends SIGTERM to daemon $1, waits for it to exit, SIGKILL after TIMEOUT.
stop_daemon() {
  local name="$1" pid
  pid="$(live_pid "$name")" || { rm -f "$(pidfile "$name")"; return 0; }
  say "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_for gone "$pid"; then
    say "$name (pid $pid) still there after ${TIMEOUT}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    wait_for gone "$pid" || die "$name (pid $pid) will not exit"
  fi
  rm -f "$(pidfile "$name")"
}

no_jobs() { [ -z "$(SLURM_CONF="$CONF" squeue -h -o %i)" ]; }

# Jobs of this cluster would otherwise keep their slurmstepd processes
# after slurmd has gone, and be recovered at the next start.
cancel_jobs() {
  running slurmctld || return 0
  local jobs
  jobs="$(SLURM_CONF="$CONF" squeue -h -o %i 2>/dev/null | tr '\n' ' ')"
  [ -n "${jobs// /}" ] || return 0
  say "cancelling jobs still queued or running: $jobs"
  # shellcheck disable=SC2086  # one argument per job id
  SLURM_CONF="$CONF" scancel $jobs || true
  # Only slurmd can end a running job and report it gone.
  if ! running slurmd; then
    say "slurmd is not running: processes of running jobs may remain"
    return 0
  fi
  wait_for no_jobs || say "jobs still listed after ${TIMEOUT}s: $(
    SLURM_CONF="$CONF" squeue -h -o '%i %T' | tr '\n' ' ')"
}

cmd_stop() {
  if ! running munged && ! running slurmctld && ! running slurmd; then
    say "not running"
  else
    cancel_jobs
    stop_daemon slurmd
    stop_daemon slurmctld
    stop_daemon munged
    say "stopped"
  fi
  if [ -L "$ETC_CONF" ] && [ "$(readlink "$ETC_CONF")" = "$CONF" ]; then
    rm -f "$ETC_CONF"
  fi
}

# ---- status --------------------------------------------------------------

cmd_status() {
  local name pid all=0
  for name in munged slurmctld slurmd; do
    if pid="$(live_pid "$name")"; then
      say "$name: running (pid $pid)"
    else
      say "$name: not running"
      all=3
    fi
  done
  say "configuration: $CONF"
  if running slurmctld; then SLURM_CONF="$CONF" sinfo || all=3; fi
  return "$all"
}

case "${1:-}" in
  start) need_root "$@"; cmd_start ;;
  stop) need_root "$@"; cmd_stop ;;
  status) cmd_status ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
