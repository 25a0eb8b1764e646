/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * snapshot: everything ctop knows about the target at one tick.  A snapshot
 * is filled by the collectors (proc, pmu, sampler/stacks) and then never
 * changed: panels and batch writers only read it.
 *
 * Every figure carries its truth.  A double that could not be measured is
 * NAN (test with isnan, print as n/a) and the section's *_reason says why
 * in a few words; an integer figure that could not be measured is
 * SNAP_UNKNOWN.  Zero always means a measured zero.
 *
 * Rates are per second of wall time between the two samples actually
 * taken (interval_s), not the nominal interval.
 */
#ifndef CTOP_SNAPSHOT_H
#define CTOP_SNAPSHOT_H

#include <stdint.h>
#include <sys/types.h>

#include "pmu.h"
#include "stacks.h"

#define SNAP_UNKNOWN UINT64_MAX

struct snap_cpu {
	int cpu;         /* -1 for the all-CPU line */
	double user_pct; /* user + nice */
	double sys_pct;  /* system + irq + softirq */
	double iowait_pct;
	double steal_pct;
	double idle_pct;
};

struct snap_disk {
	char name[32];
	double read_bytes_per_s;
	double write_bytes_per_s;
	double reads_per_s;
	double writes_per_s;
	double util_pct; /* time busy doing IO, % of wall time */
};

struct snap_thread {
	pid_t tid;
	char comm[64];
	char state;     /* R S D T t Z X I, '?' unknown */
	double cpu_pct; /* of one CPU: 100 = one core busy */
	double user_pct;
	double sys_pct;
	int processor; /* CPU last run on, -1 unknown */
	double ctxsw_voluntary_per_s;
	double ctxsw_involuntary_per_s;
	double minflt_per_s;
	double majflt_per_s;
	/* Per-thread IO; NAN with snapshot.io.reason when unreadable. */
	double rchar_per_s;
	double wchar_per_s;
	double syscr_per_s;
	double syscw_per_s;
	double read_bytes_per_s;
	double write_bytes_per_s;
};

struct snap_process {
	pid_t pid;
	char comm[64];
	char cmdline[256];
	char state;
	int threads;
	double uptime_s; /* since the process started */
	double cpu_pct;  /* sum over threads: 200 = two cores busy */
	double user_pct;
	double sys_pct;
	uint64_t rss_bytes;
	uint64_t rss_anon_bytes;
	uint64_t rss_file_bytes;
	uint64_t rss_shmem_bytes;
	uint64_t swap_bytes;
	uint64_t vsz_bytes;
	double minflt_per_s;
	double majflt_per_s;
	double ctxsw_voluntary_per_s;
	double ctxsw_involuntary_per_s;
	int processor;
};

struct snap_memory {
	uint64_t rss_bytes;
	/* Least-squares slope of RSS over the last growth_window_s seconds. */
	double rss_growth_bytes_per_s;
	double growth_window_s;
};

struct snap_io {
	double rchar_per_s;
	double wchar_per_s;
	double syscr_per_s;
	double syscw_per_s;
	double read_bytes_per_s;
	double write_bytes_per_s;
	const char *reason; /* why the above are NAN, or NULL */
};

struct snap_system {
	int ncpus;
	struct snap_cpu total;
	struct snap_cpu *cpus; /* ncpus entries */
	uint64_t mem_total_bytes;
	uint64_t mem_available_bytes;
	uint64_t swap_total_bytes;
	uint64_t swap_free_bytes;
	double load1, load5, load15;
	int ndisks;
	struct snap_disk *disks;
};

struct snapshot {
	unsigned long seq; /* 0 for the first snapshot after attach */
	double ts;         /* unix time, seconds */
	double mono;       /* CLOCK_MONOTONIC seconds, for rates */
	double interval_s; /* measured time since the previous snapshot */
	int first;         /* 1: no previous sample, rates are NAN */
	struct snap_process process;
	struct snap_memory memory;
	struct snap_io io;
	struct snap_system system;
	int nthreads;
	struct snap_thread *threads;   /* sorted by cpu_pct, descending */
	struct pmu_snapshot counters;  /* filled by pmu.c */
	struct stacks_snapshot stacks; /* filled by stacks.c / sampler.c */
};

struct snapshot *snapshot_new(void);
void snapshot_free(struct snapshot *s);

/* Finds a thread by tid, or NULL. */
const struct snap_thread *snapshot_thread(const struct snapshot *s, pid_t tid);

/*
 * Rate of a monotonic counter between two samples: (now - prev) / dt.
 * NAN when dt <= 0, when either sample is SNAP_UNKNOWN, or when the
 * counter went backwards (a reused id, a reset): unknown, not negative.
 */
double snapshot_rate(uint64_t prev, uint64_t now, double dt);

#endif
