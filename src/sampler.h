/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sampler: periodic stack samples of every thread of the target, behind one
 * interface with two back ends: perf (sampling event per thread, user stack
 * and registers copied by the kernel into an mmap ring) and ptrace
 * (PTRACE_SEIZE + PTRACE_INTERRUPT one thread at a time, copy registers and
 * the top of the stack, let go).  Both hand the copy to the one offline
 * unwinder (unwind.c) and deliver instruction addresses to a callback.
 */
#ifndef CTOP_SAMPLER_H
#define CTOP_SAMPLER_H

#include <stdint.h>
#include <sys/types.h>

struct loop;
struct sampler;
struct snap_sampler;
struct snapshot;

enum sampler_backend { SAMPLER_AUTO, SAMPLER_PERF, SAMPLER_PTRACE };
/* sampler_new flags: no kernel frames even where allowed (--user-only). */
#define SAMPLER_USER_ONLY 1u

/* ips[0] is the interrupted PC, ips[1..n-1] are return addresses.  weight
 * is how many samples at the requested rate this one stands for: 1 for
 * perf; for ptrace the thread's on-CPU time since its previous sample in
 * periods of the requested rate (rounded, the remainder carried). */
typedef void (*sampler_stack_cb)(void *arg, pid_t tid, const uint64_t *ips, int n, unsigned weight,
                                 double mono);

/*
 * Starts sampling pid at hz per thread (hz > 0) and registers its fds with
 * the loop.  Returns NULL with a cause when the chosen back end cannot
 * work (SAMPLER_AUTO falls back from perf to ptrace first).
 *
 * The ptrace back end needs SIGCHLD blocked (main does) and watches it
 * with a signalfd of its own that it never reads, only to wake the moment
 * a tracee stops; the caller must read SIGCHLD from its own signalfd on
 * the same loop (the session does), or that fd stays readable.  When pid
 * is our own child, the caller must not waitpid() it before it has exited
 * (peek with waitid WNOWAIT first): such a wait would take ptrace stops.
 *
 * The perf back end samples kernel frames too (on top of the user frames
 * of the same sample) where perf_event_paranoid or capabilities allow
 * and SAMPLER_USER_ONLY is not given; sampler_stats says whether, and
 * why not.
 *
 * The rate is lowered (halved, down to 1 Hz) while sampling costs ctop
 * more than 2 % of one CPU, or (ptrace) holds a thread more than 2 % of
 * its time, and climbs back when well under; sampler_fig says why.
 */
struct sampler *sampler_new(struct loop *l, pid_t pid, enum sampler_backend b, double hz,
                            unsigned flags, sampler_stack_cb cb, void *arg, char **cause);

/*
 * Stops sampling and releases every thread: no thread is left stopped or
 * traced.  Safe to call more than once and from an atexit handler.
 */
void sampler_free(struct sampler *s);

/* Follows thread churn; called once a tick with the current thread ids. */
void sampler_update_threads(struct sampler *s, const pid_t *tids, int n);

/* The target's executable mappings changed (dlopen, exec): drops the
 * unwinder's cached unwind tables. */
void sampler_maps_changed(struct sampler *s);

/*
 * Fills the sampler figures (backend, effective rate, counts, hold time).
 * held_us_avg (ptrace only, else NAN) runs from the interrupt request to
 * the release; for a thread that was waiting for a CPU and stopped late,
 * from the SIGCHLD of its stop (or the last look that found it not yet
 * stopped) to the release, which leaves out ctop's own wake-up latency.
 * held_pct is the
 * share of a sampled thread's time held over the last second (the
 * average hold times the rate).
 */
void sampler_stats(const struct sampler *s, struct snap_sampler *out);

/*
 * One stack of a thread that is blocked (in a futex wait, say), which
 * ordinary sampling never takes: the ptrace back end interrupts it (the
 * syscall restarts), copies and lets go, as for a sample, and unwinds
 * into ips (leaf first).  The stack is not counted as a sample.  Returns
 * the number of frames, or -1 when the back end cannot (perf) or the
 * thread did not stop in time.
 */
int sampler_grab(struct sampler *s, pid_t tid, uint64_t *ips, int max);
/*
 * The same, given the thread's schedstat run time just read (run_ns;
 * SNAP_UNKNOWN when unread).  Every copy is kept with the run time after
 * it; while the thread's run time is unchanged it has not run, so it is
 * in the same wait and the copy is returned without stopping it again.
 * where is the thread's /proc/TID/syscall line read with run_ns (or
 * NULL): it lets a fresh copy settle past the run time its own stop
 * added (grabcache.h).  sampler_grab reads the run time itself and shares
 * the same copies.
 */
int sampler_grab_cached(struct sampler *s, pid_t tid, uint64_t run_ns, const char *where,
                        uint64_t *ips, int max);
/* Copies handed out again without stopping a thread, and copies taken. */
void sampler_grab_stats(const struct sampler *s, uint64_t *reused, uint64_t *taken);
/* The rate one unit of a sample's weight stands for (1/Hz seconds). */
double sampler_weight_hz(const struct sampler *s);
/*
 * Before ctop stops (Ctrl-Z): lets go of every thread, so that a stopped
 * ctop holds none (on = 1); after it continues, samples again (on = 0),
 * threads being taken back at the next sampler_update_threads.
 */
void sampler_suspend(struct sampler *s, int on);
/* Coverage needs this much CPU in the interval (seconds, and sample
 * periods) to be a figure; under SAMPLER_COVER_LOW_PCT with at least
 * SAMPLER_COVER_BUSY of a CPU, the snapshot says what was missed. */
#define SAMPLER_COVER_MIN_CPU_S 0.05
#define SAMPLER_COVER_MIN_PERIODS 5.0
#define SAMPLER_COVER_LOW_PCT 60.0
#define SAMPLER_COVER_BUSY 0.10

/*
 * Sets snap->stacks.sampler's coverage_pct and coverage_reason from the
 * snapshot's figures: the interval's samples (weights at weight_hz, in
 * seconds) over the process's CPU time in the interval from /proc, which
 * includes threads that have exited; user time only when user_time_only
 * (perf without kernel mode drops samples taken in the kernel).  The
 * back ends follow threads once a tick, so a thread that starts and ends
 * between two ticks is never sampled: when coverage is low and threads
 * that ended within the interval (the process's CPU time less that of
 * the threads listed) explain most of what is missing, the reason says
 * so with their share.  Pure arithmetic on the snapshot.
 */
void sampler_coverage(struct snapshot *snap, double weight_hz, int user_time_only);

/* The back end's name ("perf", "ptrace"). */
const char *sampler_backend_name(const struct sampler *s);

/*
 * Emergency release for fatal-signal paths: detaches every traced thread
 * using only async-signal-safe calls.
 */
void sampler_emergency_release(void);

#endif
