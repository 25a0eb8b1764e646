/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sampler_due: the ptrace back end's rule for which threads to stop, as
 * pure arithmetic on on-CPU nanoseconds (schedstat), so it can be tested
 * without a tracee.  A thread is sampled only when it ran at least half a
 * sampling period since its last sample; a parked thread is never
 * stopped.  It reads nothing itself.
 */
#ifndef CTOP_SAMPLER_DUE_H
#define CTOP_SAMPLER_DUE_H

#include <stdint.h>

struct sampler_due {
	uint64_t oncpu_ns; /* on-CPU time at the last look */
	int64_t owed_ns;   /* on-CPU time not yet given to a sample */
};

/*
 * At a sampling tick for a thread whose on-CPU time is now oncpu_ns:
 * returns 1 and the sample's weight (periods of 1/hz it stands for, the
 * rounding carried to the next) when it is due, 0 when it did not run
 * enough since its last sample.
 */
int sampler_due(struct sampler_due *d, uint64_t oncpu_ns, double hz, unsigned *weight);

#endif
