/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stacks: the sample store.  Stacks arrive from the sampler as arrays of
 * instruction addresses (leaf first); the store symbolizes them (through
 * symbols.c), interns them in a dictionary (dict.h), and keeps the recent
 * samples (twice the longest window, for the differential view) and a
 * cumulative count per (thread, stack) since attach.  At each tick it
 * builds an immutable profile (profile.h) for the snapshot; everything
 * that reads samples reads that profile, never the store.
 */
#ifndef CTOP_STACKS_H
#define CTOP_STACKS_H

#include <stdint.h>
#include <sys/types.h>

struct stacks;
struct snapshot;
struct profile;

/* window_s: the default window (--window); the profile also carries
 * 5 s, 10 s and 30 s windows and since attach. */
struct stacks *stacks_new(pid_t pid, double window_s);
void stacks_free(struct stacks *st);

/* Adds one sample: ips[0] is the interrupted PC, ips[1..] return addresses. */
void stacks_add(struct stacks *st, pid_t tid, const uint64_t *ips, int n, double mono);
/* The same sample counted weight times (weight 0: nothing): a ptrace
 * sample stands for the thread's on-CPU time since its previous one, in
 * periods of the requested rate.  Every count in the profile is in these
 * units, so shares are shares of on-CPU time. */
void stacks_add_weighted(struct stacks *st, pid_t tid, const uint64_t *ips, int n, unsigned weight,
                         double mono);

/* The same with a synthetic leaf frame (leaf in module) on top of
 * ips[0..n) (n may be 0: the leaf alone): where a thread waits off the
 * CPU, e.g. "[off-cpu: epoll_wait]" over the stack that called it. */
void stacks_add_leaf(struct stacks *st, pid_t tid, const uint64_t *ips, int n, const char *leaf,
                     const char *module, unsigned weight, double mono);

/* Adds one sample already symbolized: names[i] in modules[i], leaf first
 * (tests, replays). */
void stacks_add_named(struct stacks *st, pid_t tid, const char *const *names,
                      const char *const *modules, int n, double mono);

/*
 * Once a tick, at the snapshot's time snap->mono: re-reads the target's
 * maps when they changed, drops samples too old for any window, and
 * puts the profile of now in snap->stacks (with the interval's sample
 * count), which starts a new interval.  Returns 1 when the executable
 * mappings changed (dlopen, exec: the unwinder's caches are stale).
 */
int stacks_collect(struct stacks *st, struct snapshot *snap);

/* Since-attach counts of threads that ended (not among snap's threads)
 * are folded under STACKS_ENDED_TID, one entry per stack, so a target
 * that starts and ends threads all the time does not grow the store or
 * each tick's profile.  The process-wide views (thread 0: all) count
 * them as before; a live thread's own view never did.  stacks_collect
 * does it; a second store calls it before stacks_next_profile.  A
 * snapshot without threads (unknown) folds nothing. */
#define STACKS_ENDED_TID ((pid_t)-1)
void stacks_fold_ended(struct stacks *st, const struct snapshot *snap);

/* For a second store (wall-clock stacks): the profile as of now, which
 * ends the interval, after refreshing symbols and dropping old samples. */
struct profile *stacks_next_profile(struct stacks *st, double now);

/* The profile as of now without ending the interval (tests).  The
 * caller drops it with profile_unref. */
struct profile *stacks_profile(const struct stacks *st, double now);

/* Drops samples that no window as of now can count. */
void stacks_expire(struct stacks *st, double now);

/* The default window's length in seconds. */
double stacks_window_s(const struct stacks *st);
/* Samples since attach, and in the default window as of the latest
 * sample or expire. */
uint64_t stacks_total_samples(const struct stacks *st);
uint64_t stacks_window_samples(const struct stacks *st);

/* The store's memory bounds and how often they were reached. */
struct stacks_stats {
	size_t addr_cached, addr_max; /* address cache entries, bound */
	uint64_t addr_flushes;        /* times it was full and started over */
	size_t dict_bytes, dict_max;  /* dictionary bytes, bound */
	uint64_t overflow_samples;    /* counted as "[stack table full]" */
};
void stacks_stats(const struct stacks *st, struct stacks_stats *out);
/* Other bounds than the defaults (tests); 0 keeps a default. */
void stacks_set_bounds(struct stacks *st, size_t addr_cache_max, size_t dict_max_bytes);

#endif
