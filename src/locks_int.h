/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * locks_int: what the lock collector's common part (locks.c) and its two
 * back ends (locks_trace.c, locks_sample.c) share.  Not for other
 * modules: they use locks.h.
 */
#ifndef CTOP_LOCKS_INT_H
#define CTOP_LOCKS_INT_H

#include <stdint.h>
#include <sys/types.h>

#include "locks.h"
#include "locks_core.h"

#define LOCKS_MAX_FRAMES 64
/* Ticks of per-lock history kept for the window figures and the graph. */
#define LOCKS_RING 64

struct locks;

struct locks_ops {
	const char *name;
	/* Opens the back end; -1 with a cause. */
	int (*start)(struct locks *lk, char **cause);
	void (*stop)(struct locks *lk);
	void (*update_threads)(struct locks *lk, const pid_t *tids, int n);
	/* Reads what is pending before a tick (trace: the rings). */
	void (*drain)(struct locks *lk);
};

struct locks_site {
	char *key; /* the stack string */
	char *function;
	enum lk_kind kind;
	uint64_t samples;
	uint64_t interval_samples;
};

struct locks_lock {
	uint64_t uaddr;
	char *name; /* NULL until named */
	int named_by_symbol;
	struct locks_site *sites;
	int nsites;
	pid_t holder;
	uint64_t holder_seen; /* tick of the last holder read */
	/* Contention ms/s and interval length per tick, for the window. */
	double ring_ms[LOCKS_RING];
	double ring_dt[LOCKS_RING];
	int ring_n, ring_at;
	int quiet; /* ticks with nothing */
};

struct locks_last {
	pid_t tid;
	int n;
	uint64_t ips[LOCKS_MAX_FRAMES];
};

struct locks {
	const struct locks_ops *ops;
	void *priv;
	struct loop *loop;
	pid_t pid;
	struct sampler *sampler;
	double hz;
	double window_s;
	struct lk_engine *eng;
	struct symbols *sy;
	struct unwinder *unw; /* trace: for the stack records */
	char *reason;         /* why this back end */
	char *note;           /* how call sites are found */
	int estimated;
	uint64_t events, lost;
	uint64_t last_tick_ns;
	struct locks_lock *locks;
	int nlocks, caplocks;
	struct locks_last *last; /* latest on-CPU stack per thread */
	int nlast, caplast;
	uint64_t ips[LOCKS_MAX_FRAMES];
};

extern const struct locks_ops locks_trace_ops;
extern const struct locks_ops locks_sample_ops;

/* The lock of a futex word, made on first sight. */
/* Frames kept in a site's stack string; the longest name kept. */
#define LOCKS_SITE_FRAMES 24
#define LOCKS_NAME 128

struct locks_lock *locks_lock_get(struct locks *lk, uint64_t uaddr);
/* Names of ips[0..n) (at most LOCKS_SITE_FRAMES), leaf first; returns
 * how many. */
int locks_names(struct locks *lk, const uint64_t *ips, int n, char (*names)[LOCKS_NAME],
                char (*mods)[64]);
/* A waiting stack (leaf first) of a wait on uaddr, weight samples. */
void locks_add_site(struct locks *lk, uint64_t uaddr, const uint64_t *ips, int n, uint64_t weight);
/* Reads the owner of a glibc mutex at uaddr: its tid, or 0. */
pid_t locks_read_owner(struct locks *lk, uint64_t uaddr);

#endif
