/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * offcpu_int: what the off-CPU front (offcpu.c) and its trace back end
 * (offcpu_trace.c) share.  Not for other modules.
 */
#ifndef CTOP_OFFCPU_INT_H
#define CTOP_OFFCPU_INT_H

#include <stdint.h>
#include <sys/types.h>

#include "offcpu.h"
#include "offcpu_core.h"

#define OFFCPU_MAX_FRAMES 128

struct offcpu {
	struct loop *loop;
	pid_t pid;
	double hz;      /* requested rate */
	double rate_hz; /* the look rate now (sample back end) */
	/* The period one unit of weight stands for, in ns (the sampler's
	 * weight rate), refreshed at every tick. */
	double period_ns;
	unsigned flags;
	struct sampler *sampler;
	offcpu_cb cb;
	void *arg;
	const char *backend; /* "trace" or "sample" */
	char *reason;        /* how, or why this back end */
	void *priv;
	/* Last on-CPU stack per thread (for run-queue waits). */
	struct oc_last {
		pid_t tid;
		int n;
		uint64_t ips[OFFCPU_MAX_FRAMES];
	} * last;
	int nlast, caplast;
	uint64_t grabs, reused, looks;
	uint64_t events, lost;
};

int offcpu_trace_start(struct offcpu *o, char **cause);
void offcpu_trace_stop(struct offcpu *o);
void offcpu_trace_update(struct offcpu *o, const pid_t *tids, int n);
void offcpu_trace_flush(struct offcpu *o);

#endif
