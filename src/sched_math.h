/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sched_math: the pure parts of the scheduling and cgroup collectors:
 * parsing /proc schedstat and sched lines, /proc/PID/cgroup, cgroup
 * limit, stat and pressure files; CPU lists; and a debounced hint (the
 * same hysteresis as the counter hints in pmu_math.h).  No file is read
 * here: callers hand in the text, so the tests feed every format.
 */
#ifndef CTOP_SCHED_MATH_H
#define CTOP_SCHED_MATH_H

#include <stddef.h>
#include <stdint.h>

/* /proc/.../schedstat: "run_ns wait_ns timeslices".  -1 when malformed. */
int sched_parse_schedstat(const char *buf, uint64_t *run_ns, uint64_t *wait_ns, uint64_t *slices);

/* "key   :   value" in /proc/.../sched (e.g. se.nr_migrations). */
int sched_parse_sched_field(const char *buf, const char *key, uint64_t *out);

/* Formats the set bits of mask[0..nbits) as "0-3,6"; "" for none. */
char *sched_cpu_list(char *buf, size_t size, const unsigned long *mask, int nbits);

/*
 * The path of the cgroup in the hierarchy that has controller
 * (v1 line "N:a,b,controller:/path"), or of the v2 line ("0::/path")
 * when controller is NULL.  Returns 0, or -1 when no line matches.
 */
int cg_parse_proc_cgroup(const char *buf, const char *controller, char *path, size_t size);

/* cpu.max "max 100000" / "20000 100000": *quota_us < 0 for max. */
int cg_parse_cpu_max(const char *buf, double *quota_us, double *period_us);

/* A "key value" line of a flat-keyed file (cpu.stat, memory.events,
 * memory.stat, memory.oom_control). */
int cg_parse_key(const char *buf, const char *key, uint64_t *out);

/* A limit in bytes: "max" (v2) or a huge v1 value (>= 2^62) is no
 * limit: SNAP_UNKNOWN.  -1 when malformed. */
int cg_parse_limit(const char *buf, uint64_t *out);

/* A pressure file: avg10 of its "some" and "full" lines (NAN absent). */
int cg_parse_psi(const char *buf, double *some_avg10, double *full_avg10);

/* The parent of a cgroup path ("/a/b" -> "/a", "/a" -> "/"); 0, or -1
 * at the root. */
int cg_parent(char *path);

/*
 * A hint that appears only after its rule held SCHED_HINT_HOLD ticks in a
 * row and goes only after it failed as many: a figure hovering at the
 * threshold does not make the line flicker.
 */
#define SCHED_HINT_HOLD 3
struct hint_hold {
	int on;
	int streak; /* ticks in a row the rule disagreed with on */
};
/* Feeds one tick (holds: the rule holds now); returns 1 while shown. */
int hint_hold_update(struct hint_hold *h, int holds);

/* Run-queue wait of a process above this share of its wanted CPU time. */
#define SCHED_HINT_RUNQ_PCT 20.0
/* Throttled in more than this share of its cgroup's periods. */
#define SCHED_HINT_THROTTLE_PCT 10.0

#endif
