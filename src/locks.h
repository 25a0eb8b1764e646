/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * locks: the lock contention collector.  It measures the futex waits of
 * every thread of the target and sums them per lock word, names each
 * lock by the data symbol that holds it, finds the call sites that wait
 * and the thread that holds a glibc mutex, and fills snap->locks.
 *
 * Two back ends, chosen like the sampler's:
 *  - trace: syscalls:sys_enter_futex / sys_exit_futex per thread through
 *    perf_event_open (root, or perf_event_paranoid -1 and tracefs
 *    readable): every wait counted and timed exactly by records with no
 *    stack; call sites from a third event on wait ops only, with user
 *    stack, every LOCKS_STACK_PERIOD-th wait.
 *  - sample: /proc/PID/task/TID/syscall and schedstat of each thread at
 *    the sampling rate (same user, ptrace rights): a thread blocked in a
 *    futex wait is waiting on that word; wait time is samples x period,
 *    an estimate; call sites from the ptrace sampler's copy of the
 *    waiting thread, taken once per wait and re-used while it has not run.
 *
 * It is not a lock profiler for kernel locks, and it sees futex waits
 * only (not spinning, not futex_waitv).
 */
#ifndef CTOP_LOCKS_H
#define CTOP_LOCKS_H

#include <stdint.h>
#include <sys/types.h>

struct loop;
struct locks;
struct sampler;
struct snapshot;

enum locks_backend { LOCKS_AUTO, LOCKS_TRACE, LOCKS_SAMPLE, LOCKS_OFF };

/* Waits between two stack records of the trace back end. */
#define LOCKS_STACK_PERIOD 128

/*
 * Starts watching pid's futex waits.  hz: the sample back end's rate;
 * window_s: the longer span figures cover; sampler (may be NULL): where
 * the sample back end takes stacks of waiting threads from.  NULL with a
 * cause when the chosen back end cannot work (LOCKS_AUTO tries trace,
 * then sample, and says why in the snapshot).
 */
struct locks *locks_new(struct loop *l, pid_t pid, enum locks_backend b, double hz, double window_s,
                        struct sampler *sampler, char **cause);
void locks_free(struct locks *lk);
/* Follows thread churn; called once a tick with the current thread ids. */
void locks_update_threads(struct locks *lk, const pid_t *tids, int n);
/* The sampler's latest on-CPU stack of a thread: where holders hold. */
void locks_note_stack(struct locks *lk, pid_t tid, const uint64_t *ips, int n);
/* Ends the interval at snap->mono and fills snap->locks. */
void locks_collect(struct locks *lk, struct snapshot *snap);

#endif
