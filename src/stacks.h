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
	char *function;      /* demangled name, or module+0xOFFSET */
	char *module;        /* basename of the ELF file */
	double self_pct;
	double total_pct;
	uint64_t samples;    /* self samples */
	uint64_t total_samples;
};

struct sampler_fig {
	const char *backend;     /* "perf", "ptrace", or "off" */
	const char *reason;      /* why sampling is off or degraded, or NULL */
	double rate_hz;          /* effective per-thread rate */
	double requested_hz;
	uint64_t samples;        /* since attach */
	uint64_t lost;
	double held_us_avg;      /* ptrace: time a thread was held, per sample */
	double held_pct;         /* ptrace: share of thread time held */
};

struct stacks_snapshot {
	struct sampler_fig sampler;
	uint64_t interval_samples;   /* samples since the previous snapshot */
	int nhot;
	struct hot_fig *hot;         /* top by self, over the interval */
};

struct stacks *stacks_new(pid_t pid, double window_s);
void stacks_free(struct stacks *st);

/* Adds one sample: ips[0] is the interrupted PC, ips[1..] return addresses. */
void stacks_add(struct stacks *st, pid_t tid, const uint64_t *ips, int n,
		double mono);

/* Fills snap->stacks.hot / interval_samples from the samples since the last
 * call. */
void stacks_collect(struct stacks *st, struct snapshot *snap);
void stacks_snapshot_release(struct stacks_snapshot *s);

/* Writes the whole run in collapsed form: "root;...;leaf COUNT\n". */
void stacks_write_folded(struct stacks *st, FILE *out);

#endif
