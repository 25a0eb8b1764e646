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

#define SNAP_UNKNOWN UINT64_MAX

struct profile;

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

/* IO rates, of the process or of one thread. */
struct snap_io {
	double rchar_per_s;
	double wchar_per_s;
	double syscr_per_s;
	double syscw_per_s;
	double read_bytes_per_s;
	double write_bytes_per_s;
	const char *reason; /* why the above are NAN, or NULL */
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
	/* Per-thread IO; NAN with snapshot.io.reason when unreadable (the
	 * thread's own io.reason stays NULL). */
	struct snap_io io;
	/* Scheduling (sched.c fills these): time runnable but waiting for a
	 * CPU (schedstat), as % of wall time and ms/s; CPU migrations;
	 * nice, priority (as in stat), policy (SCHED_* number, -1 unknown);
	 * the allowed CPUs as a list when not all CPUs, else "". */
	double runq_wait_pct;
	double runq_wait_ms_per_s;
	double migrations_per_s;
	int nice;
	int prio;
	int policy;
	char cpus_allowed[32];
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
	/* Sums over threads, like cpu_pct (200 = two threads waiting all
	 * the time); sched.c fills them. */
	double runq_wait_pct;
	double runq_wait_ms_per_s;
	/* Of the time the threads wanted a CPU (ran or waited), the share
	 * spent waiting; NAN when they wanted none. */
	double runq_wait_share_pct;
	double migrations_per_s;
	char cpus_allowed[64]; /* the main thread's, "" when all CPUs */
};

/* Pressure stall information of one resource: share of wall time some
 * (or all, full) runnable tasks were stalled, averaged over 10 s. */
struct snap_psi {
	double some_avg10; /* NAN when unknown */
	double full_avg10;
};

/*
 * The target's control group (cgroup.c fills these).  Limits are the
 * tightest among the cgroup and its ancestors.  version 0: not found
 * (reason says why) and every figure unknown.
 */
struct snap_cgroup {
	int version;        /* 1, 2, or 0 unknown */
	char path[256];     /* in the CPU controller's hierarchy (v1), or the v2 path */
	const char *reason; /* static text: why figures are unknown, or NULL */
	int limited;        /* a CPU or memory limit applies */
	double cpu_max;     /* tightest CPU limit in CPUs (0.2 = 20 % of one), NAN none */
	double cpu_quota_us, cpu_period_us; /* behind cpu_max, NAN none */
	char cpu_max_path[256];             /* the cgroup that sets it */
	double throttled_pct;               /* periods throttled in the interval, NAN none */
	double throttled_ms_per_s;
	double periods_per_s;
	uint64_t memory_max_bytes; /* tightest; SNAP_UNKNOWN: no limit or unknown */
	uint64_t memory_current_bytes;
	uint64_t oom_events; /* since the cgroup was made; SNAP_UNKNOWN unknown */
	uint64_t oom_kills;
	const char *psi_scope; /* "cgroup", "system" (no cgroup files) or NULL */
	struct snap_psi psi_cpu, psi_memory, psi_io;
};

/* Scheduling hints in plain words, already debounced (sched.c). */
struct snap_sched {
	int nhints;
	char hints[2][128];
	const char *hint_rules; /* for help screens (static text) */
};

struct snap_memory {
	uint64_t rss_bytes;
	/* Least-squares slope of RSS over the last growth_window_s seconds. */
	double rss_growth_bytes_per_s;
	double growth_window_s;
	const char *reason; /* why the figures are unknown (static), or NULL */
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

/* Hardware and software counters (pmu.c fills these). */
struct snap_counter_event {
	char name[96];
	double value; /* scaled count over the interval, NAN unknown */
	double per_s;
	double running_pct; /* share of the interval the event was counted */
	int user;           /* 1: asked for with -e; 0: the default set */
	char reason[128];   /* why value is NAN, "" when counted */
};

struct snap_counter_thread {
	pid_t tid;
	double ipc, cache_miss_pct, branch_miss_pct, mpki;
};

struct snap_counters {
	int available;      /* hardware counters counted this tick */
	const char *reason; /* why not, in a short phrase; NULL if available */
	double ipc;         /* NAN when unknown */
	double cache_miss_pct;
	double branch_miss_pct;
	double mpki;
	int scaled;    /* multiplexed: figures extrapolated */
	int hw_groups; /* groups the default set is opened as: 0 none, 1, 2 */
	double running_pct;
	int nevents;
	struct snap_counter_event *events;
	int nthreads; /* threads with counters (threads[] entries) */
	struct snap_counter_thread *threads;
	int threads_total; /* threads of the target this tick */
	int thread_cap;    /* most threads given counters (fd budget) */
	/* Hints in plain words, already debounced; NULL when none. */
	const char *hints[4];
	int nhints;
	char *owned_reason; /* storage behind reason, owned */
	/* The rules behind the hints, for help screens (static text). */
	const char *hint_rules;
};

/* The stack sampler (sampler.c fills these). */
struct snap_sampler {
	const char *backend; /* "perf", "ptrace", or "off" */
	const char *reason;  /* why sampling is off or degraded, or NULL */
	char *owned_reason;  /* reason when the snapshot owns it, else NULL */
	double rate_hz;      /* effective per-thread rate */
	double requested_hz;
	uint64_t samples; /* since attach */
	uint64_t lost;
	double held_us_avg;        /* ptrace: time a thread was held, per sample */
	double held_pct;           /* ptrace: share of thread time held */
	double held_us_max;        /* ptrace: the longest hold since attach */
	int kernel;                /* kernel frames are sampled */
	const char *kernel_reason; /* why not (static text), or NULL */
	uint64_t vm_reads;         /* process_vm_readv calls since attach */
	double unwind_us_median;   /* unwind + symbolize per sample, recent */
	double unwind_us_p99;
	/* The interval's CPU time the samples stand for, in % of what /proc
	 * counted (exited threads included); NAN when unknown or too little
	 * CPU to tell.  The reason says what was missed when it is low. */
	double coverage_pct;
	char coverage_reason[96];
};

/* The sampled stacks (stacks.c fills these). */
struct snap_stacks {
	struct snap_sampler sampler;
	uint64_t interval_samples; /* samples since the previous snapshot */
	double window_s;           /* the default window (--window), seconds */
	/* Share of the process's CPU time that was system time over that
	 * window (what user-only samples cannot see); NAN when unknown. */
	double window_sys_pct;
	/* Why kernel frames have no names (static text), or NULL. */
	const char *kernel_names_note;
	/* Every span's counts per (thread, stack); shared, immutable;
	 * NULL when sampling is off. */
	struct profile *profile;
	/* Wall-clock stacks (offcpu.c): the on-CPU samples and, for the time
	 * off the CPU, where each thread waits under a "[off-cpu: why]" leaf;
	 * same units.  NULL while wall-clock mode is off. */
	struct profile *wall;
	const char *wall_backend; /* "trace", "sample" or "off" */
	const char *wall_reason;  /* how it works, or why it is off */
	double wall_rate_hz;      /* sample back end: looks per second per thread */
	uint64_t wall_reused;     /* stack copies re-used (thread had not run) */
	uint64_t wall_grabs;      /* stack copies taken */
	/* The store's bounded memory: dictionary bytes, address cache
	 * flushes and samples past the dictionary's bound, since attach. */
	size_t dict_bytes;
	uint64_t addr_cache_flushes, overflow_samples;
};

/* One call site that waited for a lock (locks.c fills these). */
struct snap_lock_site {
	char *function; /* the caller of the locking primitive */
	char *stack;    /* function names, leaf first, ';' between */
	double wait_ms_per_s;
	uint64_t samples; /* stacks seen at this site, since attach */
};

/* A thread that waited for a lock in the interval. */
struct snap_lock_waiter {
	pid_t tid;
	double wait_ms_per_s;
};

/*
 * One lock word (a futex address).  wait_ms_per_s sums over threads: 1000
 * is one thread blocked all the time.  Idle waits (parks: waiting for
 * work, for a thread to end) are in idle_ms_per_s, not in the wait.
 */
struct snap_lock {
	char *name;                  /* data symbol ("contended_lock", "_PyRuntime+0x10"), or
	                                "heap 0x... (site)" */
	uint64_t address;            /* the futex word */
	const char *kind;            /* mutex rwlock condvar semaphore join other unknown */
	int idle;                    /* 1: only parked waits (shown apart) */
	double wait_ms_per_s;        /* contention, interval */
	double window_wait_ms_per_s; /* contention, the window */
	double idle_ms_per_s;
	double contentions_per_s; /* waits ended, interval */
	int waiters_now;
	int waiters_max;
	double mean_wait_us; /* NAN when estimated (sample back end) */
	double max_wait_us;
	int estimated;         /* figures from samples, not from every wait */
	pid_t holder_tid;      /* 0: unknown (not a glibc mutex, or unread) */
	char *holder_function; /* where the holder was last sampled, or NULL */
	int nsites;
	struct snap_lock_site *sites; /* by wait, most first */
	int nwaiters;
	struct snap_lock_waiter *waiters;
};

#define SNAP_LOCK_HIST 60

/* Lock contention (locks.c fills these). */
struct snap_locks {
	const char *backend; /* "trace", "sample" or "off" */
	char *reason;        /* why this back end (or why off), owned */
	char *note;          /* how call sites are found, owned, or NULL */
	int estimated;       /* wait times are samples x period */
	double rate_hz;      /* sample back end: reads per second per thread */
	uint64_t events;     /* trace: futex records read since attach */
	uint64_t lost;       /* records the kernel dropped */
	double window_s;
	int nlocks;
	struct snap_lock *locks; /* contended by wait first, then idle ones */
	/* The top lock's contention, oldest first, last = this interval. */
	int nhist;
	double hist[SNAP_LOCK_HIST];
};

struct snapshot {
	unsigned long seq; /* 0 for the first snapshot after attach */
	double ts;         /* unix time, seconds */
	double mono;       /* CLOCK_MONOTONIC seconds, for rates */
	double interval_s; /* measured time since the previous snapshot */
	int first;         /* 1: no previous sample, rates are NAN */
	double collect_s;  /* how long collecting this snapshot took */
	/* 1: ctop cannot keep the interval asked for (collecting takes
	 * longer, or the snapshot came half an interval late or more). */
	int behind;
	struct snap_process process;
	struct snap_memory memory;
	struct snap_io io;
	struct snap_system system;
	int nthreads;
	struct snap_thread *threads; /* sorted by cpu_pct, descending */
	struct snap_counters counters;
	struct snap_stacks stacks;
	struct snap_locks locks;
	struct snap_cgroup cgroup;
	struct snap_sched sched;
};

struct snapshot *snapshot_new(void);
void snapshot_free(struct snapshot *s);
/* Frees what a lock section owns and zeroes it. */
void snapshot_locks_clear(struct snap_locks *l);

/* Finds a thread by tid, or NULL. */
const struct snap_thread *snapshot_thread(const struct snapshot *s, pid_t tid);

/*
 * Rate of a monotonic counter between two samples: (now - prev) / dt.
 * NAN when dt <= 0, when either sample is SNAP_UNKNOWN, or when the
 * counter went backwards (a reused id, a reset): unknown, not negative.
 */
double snapshot_rate(uint64_t prev, uint64_t now, double dt);

#endif
