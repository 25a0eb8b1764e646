/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sampler_due: which threads the ptrace back end stops at a tick (see
 * sampler_due.h).  Pure arithmetic; the back end reads schedstat.
 */
#include "config.h"

#include "sampler_due.h"

int sampler_due(struct sampler_due *d, uint64_t oncpu_ns, double hz, unsigned *weight)
{
	int64_t period = hz > 0 ? (int64_t)(1e9 / hz) : 0;

	/* A counter that went backwards (a reused tid) owes nothing. */
	if (oncpu_ns >= d->oncpu_ns)
		d->owed_ns += (int64_t)(oncpu_ns - d->oncpu_ns);
	d->oncpu_ns = oncpu_ns;
	if (period <= 0 || d->owed_ns < period / 2)
		return 0;
	*weight = (unsigned)((d->owed_ns + period / 2) / period);
	d->owed_ns -= (int64_t)*weight * period;
	return 1;
}
