/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * stacks: the sample store.  Stacks arrive from the sampler as arrays of
 * instruction addresses (leaf first); the store symbolizes them (through
 * symbols.c), interns them, and keeps counts in a sliding window (default
 * 10 s) and a cumulative total since attach, per thread.  The hot and flame
 * panels and the folded writer read it; it never draws.
 *
 * OWNER: the symbols/stacks work (issue 4).  Extend freely.
 */
#ifndef CTOP_STACKS_H
#define CTOP_STACKS_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct stacks;
struct snapshot;

struct hot_fig {
	char *function; /* symbol name, or module+0xOFFSET */
	char *module;   /* basename of the ELF file */
	int id;         /* the store's function id, for stacks_neighbours */
	double self_pct;
	double total_pct;
	uint64_t samples; /* self samples */
	uint64_t total_samples;
};

struct sampler_fig {
	const char *backend; /* "perf", "ptrace", or "off" */
	const char *reason;  /* why sampling is off or degraded, or NULL */
	double rate_hz;      /* effective per-thread rate */
	double requested_hz;
	uint64_t samples; /* since attach */
	uint64_t lost;
	double held_us_avg; /* ptrace: time a thread was held, per sample */
	double held_pct;    /* ptrace: share of thread time held */
};

struct stacks_snapshot {
	struct sampler_fig sampler;
	uint64_t interval_samples; /* samples since the previous snapshot */
	int maps_changed;          /* executable mappings changed (dlopen, exec) */
	int nhot;
	struct hot_fig *hot; /* top by self, over the interval */
};

/* Which samples a query counts. */
enum stacks_span {
	STACKS_WINDOW,   /* the last window_s seconds */
	STACKS_TOTAL,    /* everything since attach */
	STACKS_INTERVAL, /* since the previous stacks_collect */
};

enum stacks_sort { STACKS_SORT_SELF, STACKS_SORT_TOTAL };

/* A caller or callee of a function, with the samples it shares with it. */
struct stacks_neighbour {
	const char *function; /* owned by the store */
	const char *module;
	uint64_t samples;
};

struct stacks *stacks_new(pid_t pid, double window_s);
void stacks_free(struct stacks *st);

/* Adds one sample: ips[0] is the interrupted PC, ips[1..] return addresses. */
void stacks_add(struct stacks *st, pid_t tid, const uint64_t *ips, int n, double mono);

/* Adds one sample already symbolized: names[i] in modules[i], leaf first
 * (tests, replays). */
void stacks_add_named(struct stacks *st, pid_t tid, const char *const *names,
                      const char *const *modules, int n, double mono);

/* Fills snap->stacks.hot / interval_samples from the samples since the last
 * call.  The snapshot owns its hot list's strings (see release). */
void stacks_collect(struct stacks *st, struct snapshot *snap);
void stacks_snapshot_release(struct stacks_snapshot *s);

/* Writes the whole run in collapsed form: "root;...;leaf COUNT\n". */
void stacks_write_folded(struct stacks *st, FILE *out);

/*
 * Drops window samples older than now - window_s.  stacks_collect calls it
 * with the snapshot's time; mono times are CLOCK_MONOTONIC seconds.
 */
void stacks_expire(struct stacks *st, double now);

/*
 * The hot functions among the samples of span, of thread tid (0: all),
 * sorted by sort, at most max into out.  Returns how many were written;
 * *nsamples (when not NULL) gets the samples counted.  The strings in out
 * are owned by the store (valid while it lives): do not free them.
 */
int stacks_hot(struct stacks *st, pid_t tid, enum stacks_span span, enum stacks_sort sort,
               struct hot_fig *out, int max, uint64_t *nsamples);

/*
 * The callers and callees of function id (a hot_fig's id) in the same
 * samples, most samples first; each neighbour counted once per stack.
 * Writes at most max of each and returns them in *ncallers, *ncallees.
 */
void stacks_neighbours(struct stacks *st, pid_t tid, enum stacks_span span, int id,
                       struct stacks_neighbour *callers, int *ncallers,
                       struct stacks_neighbour *callees, int *ncallees, int max);

/* Called once per distinct stack: its frames' names, root first (owned by
 * the store), and how many samples had it. */
typedef void (*stacks_visit_fn)(void *arg, const char *const *frames, int n, uint64_t count);

/* Visits the stacks among the samples of span and thread tid (0: all),
 * e.g. to build a flame graph's tree. */
void stacks_foreach(struct stacks *st, pid_t tid, enum stacks_span span, stacks_visit_fn fn,
                    void *arg);

/* The window's length in seconds. */
double stacks_window_s(const struct stacks *st);

/* Samples held: since attach, and in the window. */
uint64_t stacks_total_samples(const struct stacks *st);
uint64_t stacks_window_samples(const struct stacks *st);

#endif
