/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * locks_core: the pure part of the lock collector, with no kernel access
 * so that it is unit-tested on made-up events.  Decoding futex ops,
 * classifying a waiting stack by its libc frames, labelling an address
 * by the mapping that holds it, and the wait engine: futex enters and
 * exits (exact, from the trace back end, or inferred from samples) are
 * paired per thread into waits, and each interval's waits are summed
 * per lock word.
 *
 * Idle is told from contention by behaviour: a wait of LK_PARK_NS or
 * longer is a park (waiting for work, for a thread to end) unless its
 * stack says mutex or rwlock, which nobody waits on for work; shorter
 * waits are contention whatever the primitive.  A wait still under
 * LK_PARK_NS at a tick is not counted yet: its time is reported whole in
 * the interval where it ends or turns long, so figures trail by at most
 * LK_PARK_NS and a park never shows as contention first.
 *
 * It is not the collector: no perf, no /proc, no ptrace (locks.c).
 */
#ifndef CTOP_LOCKS_CORE_H
#define CTOP_LOCKS_CORE_H

#include <stdint.h>
#include <sys/types.h>

/* The futex syscall number on x86-64. */
#define LK_FUTEX_NR 202
/* Waits this long or longer are parks unless the primitive is a lock. */
#define LK_PARK_NS 500000000ull
/* Threads remembered per lock and interval ("who waited"). */
#define LK_TIDS 16

/* 1 when a futex op (with its flags) blocks the caller until woken. */
int lk_futex_is_wait(long op);
/* 1 when it wakes or unlocks others. */
int lk_futex_is_wake(long op);
/* "WAIT", "WAIT_BITSET", "LOCK_PI", "WAKE", ... or "op N". */
const char *lk_futex_cmd_name(long op, char *buf, int size);

enum lk_kind { LK_UNKNOWN, LK_MUTEX, LK_RWLOCK, LK_CONDVAR, LK_SEMAPHORE, LK_JOIN, LK_OTHER };
const char *lk_kind_name(enum lk_kind k);
/* Locks proper: a long wait on them is still contention. */
int lk_kind_is_lock(enum lk_kind k);

/*
 * Classifies a waiting stack (names[i] in modules[i], leaf first) by the
 * first frame that names a primitive.  *caller (may be NULL) gets the
 * index of the frame that asked for it: the first frame above the
 * primitive outside the C library and the dynamic loader (the first such
 * frame of the stack when no primitive is named), or -1.
 */
enum lk_kind lk_classify(const char *const *names, const char *const *modules, int n, int *caller);
/* 1 when a module name is the C library or the dynamic loader. */
int lk_module_is_libc(const char *module);

/*
 * Labels an address by the line of /proc/PID/maps text that holds it:
 * "heap" ([heap]), "stack" ([stack]), "anon" (other anonymous memory),
 * the file's base name, or "unmapped".  buf gets the label.
 */
const char *lk_region_label(const char *maps, uint64_t addr, char *buf, int size);

/* One lock word's figures over an interval. */
struct lk_stat {
	uint64_t uaddr;
	uint64_t short_ns; /* wait time in the interval of waits under LK_PARK_NS */
	uint64_t long_ns;  /* ... of waits at or over it, and of parked waits */
	uint64_t waits;    /* waits ended in the interval, short ones */
	uint64_t long_waits;
	uint64_t sum_ns; /* total length of the short waits ended */
	uint64_t max_ns; /* longest wait ended (exact only when both ends seen) */
	int waiters_now; /* threads waiting at the end of the interval */
	int waiters_max; /* most at once in the interval */
	int ntids;
	pid_t tids[LK_TIDS]; /* threads that waited, by wait time */
	uint64_t tid_ns[LK_TIDS];
};

struct lk_engine;

struct lk_engine *lk_engine_new(uint64_t now_ns);
void lk_engine_free(struct lk_engine *e);
/* A futex call began; non-wait ops end nothing and start nothing, but a
 * thread that enters again has lost its exit: its pending wait is
 * dropped uncounted. */
void lk_enter(struct lk_engine *e, pid_t tid, uint64_t ns, uint64_t uaddr, long op);
/* A futex call returned: ends the thread's pending wait, if any.  An
 * exit with nothing pending is a wait that began before we looked and
 * whose address we never learnt: counted in lk_engine_orphans. */
void lk_exit(struct lk_engine *e, pid_t tid, uint64_t ns);
/* The thread was found waiting when we began to look: a wait whose
 * start is unknown, counted from ns on, and never in max or mean. */
void lk_seed(struct lk_engine *e, pid_t tid, uint64_t ns, uint64_t uaddr, long op);
/* The thread ended (or stopped being watched): its pending wait ends at
 * ns without counting as a wait that ended. */
void lk_gone(struct lk_engine *e, pid_t tid, uint64_t ns);
/* The address the thread waits on now, or 0. */
uint64_t lk_pending(const struct lk_engine *e, pid_t tid);
/*
 * Waits on futex word from now on count for the lock at key.  A glibc
 * condition variable has two futex words side by side (its two signal
 * groups); waiters alternate between them, so both are one lock.
 */
void lk_alias(struct lk_engine *e, uint64_t word, uint64_t key);
uint64_t lk_engine_orphans(const struct lk_engine *e);

/*
 * Ends the interval at now_ns: ongoing waits count up to now and go on.
 * Returns the locks with any wait in the interval (or a waiter now) in a
 * malloc'd array (NULL when none), their number in *n.
 */
struct lk_stat *lk_tick(struct lk_engine *e, uint64_t now_ns, int *n);

#endif
