/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sampler_int: what the sampler's common part (sampler.c) and its two back
 * ends (sampler_perf.c, sampler_ptrace.c) share.  Not for other modules:
 * they use sampler.h.
 */
#ifndef CTOP_SAMPLER_INT_H
#define CTOP_SAMPLER_INT_H

#include "grabcache.h"
#include <stdint.h>
#include <sys/types.h>

#include "sampler.h"
#include "unwind.h"

/* Frames kept per sample; deeper stacks are cut at the root end. */
#define SAMPLER_MAX_FRAMES 128
/* Bytes of user stack copied per sample (perf and ptrace alike). */
#define SAMPLER_STACK_BYTES 16384
/* Budgets: ctop's own CPU for sampling, and (ptrace) the share of a
 * thread's time it may be held, both as fractions. */
#define SAMPLER_CPU_BUDGET 0.02
#define SAMPLER_HELD_BUDGET 0.02
#define SAMPLER_MIN_HZ 1.0
/* One-off work on the sample path (the first load of a big binary's
 * symbols, of /proc/kallsyms) is not a cost of the rate: a sample that
 * costs more CPU than SAMPLER_ONEOFF_NS is left out of the budget, up to
 * SAMPLER_ONEOFF_MAX_NS over the whole session (a steady unwind costs
 * well under a millisecond; past the allowance, it all counts again). */
#define SAMPLER_ONEOFF_NS 10000000ull
#define SAMPLER_ONEOFF_MAX_NS 2000000000ull
/* Samples whose unwind cost is kept for the median and 99th percentile. */
#define SAMPLER_COST_RING 1024

struct sampler;
struct grabcache;

struct sampler_ops {
	const char *name;
	/* Opens the back end for s->pid at s->rate_hz; -1 with a cause. */
	int (*start)(struct sampler *s, char **cause);
	/* Releases everything; no thread left stopped or traced. */
	void (*stop)(struct sampler *s);
	void (*update_threads)(struct sampler *s, const pid_t *tids, int n);
	/* Applies a new s->rate_hz. */
	void (*apply_rate)(struct sampler *s);
	/* Fatal-signal path: lets go of every thread with async-signal-safe
	 * calls only; NULL when the back end never holds a thread. */
	void (*emergency)(void);
	/* One stack of a thread off CPU (sampler_grab); NULL: cannot.  A
	 * stop that comes late is handed over by sampler_grab_late. */
	int (*grab)(struct sampler *s, pid_t tid, uint64_t *ips, int max);
	/* Lets go of every thread and stops sampling (on 1) before ctop
	 * stops itself, or samples again (on 0); NULL: nothing held. */
	void (*suspend)(struct sampler *s, int on);
};

struct sampler {
	const struct sampler_ops *ops;
	void *priv; /* the back end's state */
	struct loop *loop;
	pid_t pid;
	sampler_stack_cb cb;
	void *arg;
	struct unwinder *unw;
	double requested_hz;
	double rate_hz;
	char *reason;              /* a back-end note (owned), or NULL */
	const char *budget_reason; /* static text: why the rate is lower */
	int user_only;             /* SAMPLER_USER_ONLY */
	int kernel;                /* kernel frames are sampled */
	const char *kernel_reason; /* why not (static or kernel_why), or NULL */
	char kernel_why[160];      /* the refusal phrase kernel_reason may point to */
	int kthread;               /* the target is a kernel thread */
	uint64_t vm_reads;         /* process_vm_readv calls of the back end */
	/* Recent unwind + symbolize times per sample, in ns (a ring). */
	uint32_t cost_ns[SAMPLER_COST_RING];
	unsigned ncost, cost_at;
	uint64_t samples;
	uint64_t lost;
	uint64_t held_ns; /* ptrace: total time threads were held */
	uint64_t held_count;
	uint64_t held_max_ns; /* the longest hold */
	/* The current budget window. */
	uint64_t win_start_ns;
	uint64_t win_cost_ns;    /* ctop CPU spent sampling in the window */
	uint64_t win_oneoff_ns;  /* of which in samples over SAMPLER_ONEOFF_NS */
	uint64_t oneoff_left_ns; /* what may still be left out of the budget */
	uint64_t win_held_ns;
	uint64_t win_held_count;
	double held_pct;         /* from the last closed window */
	struct grabcache *grabs; /* copies of blocked threads (sampler_grab) */
	uint64_t grab_wait_ns;   /* how long a grab may wait for its stop */
	uint64_t ips[SAMPLER_MAX_FRAMES];
	uint8_t stack[SAMPLER_STACK_BYTES]; /* ptrace's copy buffer */
};

/* A thread's schedstat run time (ns), or SNAP_UNKNOWN. */
uint64_t sampler_run_ns(const struct sampler *s, pid_t tid);
/* The stack of a thread whose grab gave up before its stop came: kept in
 * the copies as if the grab had returned it, settling on the syscall line
 * the grab was asked with (grabcache_expect). */
void sampler_grab_late(struct sampler *s, pid_t tid, const uint64_t *ips, int n);

extern const struct sampler_ops sampler_perf_ops;
extern const struct sampler_ops sampler_ptrace_ops;

/*
 * The budget policy: the next rate, given this window's cost (fraction of
 * one CPU) and held share (fraction of a thread's time).  Over either
 * budget: half the rate (not under SAMPLER_MIN_HZ) and *why says which.
 * Under the requested rate, both scale with it: when they would still be
 * well under both budgets at the requested rate, straight back to it
 * (*why = NULL); else when they would be at 1.5 times the rate, that.
 * Else the same rate.
 */
double sampler_rate_next(double rate, double requested, double cost, double held, const char **why);
/*
 * The cost of a window of span_ns as a fraction of one CPU: cost_ns less
 * the one-off part oneoff_ns (samples over SAMPLER_ONEOFF_NS), as far as
 * *left_ns allows; what is left out is taken from *left_ns.
 */
double sampler_window_cost(uint64_t cost_ns, uint64_t oneoff_ns, uint64_t span_ns,
                           uint64_t *left_ns);

/* Replaces the back end's note (copied; NULL: none). */
void sampler_set_reason(struct sampler *s, const char *text);

/* The rest is sampler_core.c: what the back ends call. */

/* Hands n addresses (leaf first) to the callback; n <= 0 is no sample. */
void sampler_emit(struct sampler *s, pid_t tid, const uint64_t *ips, int n, unsigned weight,
                  double mono);
/* Unwinds a copy and hands the addresses to the callback; when the
 * unwinder finds no caller, the frame-pointer chain fp_ips[0..nfp) (the
 * kernel's, perf only; NULL and 0 otherwise) is used instead. */
void sampler_deliver(struct sampler *s, const struct stack_copy *c, const uint64_t *fp_ips, int nfp,
                     unsigned weight, double mono);
/* The same with the sample's kernel frames kips[0..nk) (leaf first, perf
 * only) put on top of the user frames. */
void sampler_deliver_k(struct sampler *s, const struct stack_copy *c, const uint64_t *kips, int nk,
                       const uint64_t *fp_ips, int nfp, unsigned weight, double mono);

/* ctop's thread CPU time in ns, for the cost budget. */
uint64_t sampler_cpu_ns(void);
void sampler_account_cost(struct sampler *s, uint64_t ns);
void sampler_account_held(struct sampler *s, uint64_t ns);

#endif
