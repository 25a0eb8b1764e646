/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * offcpu: the wall-clock collector.  With the sampler's on-CPU samples it
 * makes every thread count all the time: the time a thread spends off
 * the CPU goes to where it waits, under a synthetic leaf frame that says
 * why ("[off-cpu: epoll_wait]", class lock, io, poll, sleep, fault, runq),
 * in periods of the sampling rate like the on-CPU samples.
 *
 * Two back ends:
 *  - trace (root, or perf_event_paranoid <= 1 with kernel callchains):
 *    a context-switch software event per thread with PERF_RECORD_SWITCH
 *    records, the user stack of the thread switching out and its kernel
 *    callchain (which names the syscall); durations from switch-out to
 *    switch-in, exact.
 *  - sample (same user, ptrace rights): at the sampling rate, each
 *    thread's schedstat, state and /proc/TID/syscall; off-CPU time is the
 *    wall time not run and not waited for a CPU, measured, and the stack
 *    where it waits is a ptrace copy (sampler_grab_cached) re-used while
 *    the thread has not run since.
 * Threads that have not run for OFFCPU_IDLE_S are folded into one leaf
 * ("[idle threads: futex]") unless OFFCPU_SHOW_IDLE, by both back ends.
 */
#ifndef CTOP_OFFCPU_H
#define CTOP_OFFCPU_H

#include <stdint.h>
#include <sys/types.h>

struct loop;
struct sampler;
struct snap_stacks;

enum offcpu_backend { OFFCPU_AUTO, OFFCPU_TRACE, OFFCPU_SAMPLE };
#define OFFCPU_SHOW_IDLE 1u
#define OFFCPU_IDLE_S 5.0

/* A stretch of off-CPU time: ips[0..n) (leaf first, may be empty) under
 * the leaf frame leaf of class cls, weight periods of the sampling rate. */
typedef void (*offcpu_cb)(void *arg, pid_t tid, const uint64_t *ips, int n, const char *leaf,
                          const char *cls, unsigned weight, double mono);

struct offcpu;

struct offcpu *offcpu_new(struct loop *l, pid_t pid, enum offcpu_backend b, double hz,
                          unsigned flags, struct sampler *sampler, offcpu_cb cb, void *arg,
                          char **cause);
void offcpu_free(struct offcpu *o);
/* New flags (OFFCPU_SHOW_IDLE) from the next look on. */
void offcpu_set_flags(struct offcpu *o, unsigned flags);
void offcpu_update_threads(struct offcpu *o, const pid_t *tids, int n);
/* The sampler's latest on-CPU stack of a thread: where its run-queue
 * wait is put. */
void offcpu_note_stack(struct offcpu *o, pid_t tid, const uint64_t *ips, int n);
/* Once a tick: hands over waits still going on up to now, and fills the
 * wall-clock figures of out (backend, reason, rate, reuse counts). */
void offcpu_collect(struct offcpu *o, struct snap_stacks *out);

#endif
