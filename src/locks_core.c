/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * locks_core: futex op decoding, stack classification, address labels
 * and the wait engine (see locks_core.h).  Plain data structures: a few
 * threads and a few locks are the common case, so lookups are linear
 * with a one-entry cache.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "locks_core.h"
#include "util.h"

/* linux/futex.h, spelled out so the decoding does not depend on headers. */
#define LK_OP_PRIVATE 128
#define LK_OP_CLOCK_REALTIME 256
#define LK_CMD(op) ((op) & ~(long)(LK_OP_PRIVATE | LK_OP_CLOCK_REALTIME))

enum {
	LK_WAIT = 0,
	LK_WAKE = 1,
	LK_REQUEUE = 3,
	LK_CMP_REQUEUE = 4,
	LK_WAKE_OP = 5,
	LK_LOCK_PI = 6,
	LK_UNLOCK_PI = 7,
	LK_TRYLOCK_PI = 8,
	LK_WAIT_BITSET = 9,
	LK_WAKE_BITSET = 10,
	LK_WAIT_REQUEUE_PI = 11,
	LK_CMP_REQUEUE_PI = 12,
	LK_LOCK_PI2 = 13,
};

int lk_futex_is_wait(long op)
{
	switch (LK_CMD(op)) {
	case LK_WAIT:
	case LK_WAIT_BITSET:
	case LK_LOCK_PI:
	case LK_LOCK_PI2:
	case LK_WAIT_REQUEUE_PI:
		return 1;
	default:
		return 0;
	}
}

int lk_futex_is_wake(long op)
{
	switch (LK_CMD(op)) {
	case LK_WAKE:
	case LK_WAKE_BITSET:
	case LK_WAKE_OP:
	case LK_UNLOCK_PI:
	case LK_REQUEUE:
	case LK_CMP_REQUEUE:
	case LK_CMP_REQUEUE_PI:
		return 1;
	default:
		return 0;
	}
}

const char *lk_futex_cmd_name(long op, char *buf, int size)
{
	static const char *const names[] = {
	    "WAIT",           "WAKE",        "FD",          "REQUEUE",
	    "CMP_REQUEUE",    "WAKE_OP",     "LOCK_PI",     "UNLOCK_PI",
	    "TRYLOCK_PI",     "WAIT_BITSET", "WAKE_BITSET", "WAIT_REQUEUE_PI",
	    "CMP_REQUEUE_PI", "LOCK_PI2",
	};
	long cmd = LK_CMD(op);

	if (cmd >= 0 && cmd < (long)CTOP_ARRAY_LEN(names))
		return names[cmd];
	snprintf(buf, (size_t)size, "op %ld", op);
	return buf;
}

const char *lk_kind_name(enum lk_kind k)
{
	switch (k) {
	case LK_MUTEX:
		return "mutex";
	case LK_RWLOCK:
		return "rwlock";
	case LK_CONDVAR:
		return "condvar";
	case LK_SEMAPHORE:
		return "semaphore";
	case LK_JOIN:
		return "join";
	case LK_OTHER:
		return "other";
	case LK_UNKNOWN:
	default:
		return "unknown";
	}
}

int lk_kind_is_lock(enum lk_kind k)
{
	return k == LK_MUTEX || k == LK_RWLOCK;
}

int lk_module_is_libc(const char *module)
{
	if (module == NULL)
		return 0;
	return strncmp(module, "libc.so", 7) == 0 || strncmp(module, "libc-", 5) == 0 ||
	       strncmp(module, "libpthread", 10) == 0 || strncmp(module, "ld-linux", 8) == 0 ||
	       strncmp(module, "ld-musl", 7) == 0 || strcmp(module, "[vdso]") == 0;
}

static int lk_prefix(const char *name, const char *p)
{
	return strncmp(name, p, strlen(p)) == 0;
}

/* The primitive a frame's function implements, or LK_UNKNOWN. */
static enum lk_kind lk_frame_kind(const char *name)
{
	/* Leading underscores are glibc's internal aliases of the same. */
	while (*name == '_')
		name++;
	if (lk_prefix(name, "pthread_mutex_") || lk_prefix(name, "lll_lock_wait") ||
	    lk_prefix(name, "lll_lock") || lk_prefix(name, "pthread_spin_lock"))
		return strstr(name, "unlock") != NULL ? LK_UNKNOWN : LK_MUTEX;
	if (lk_prefix(name, "pthread_rwlock_"))
		return LK_RWLOCK;
	if (lk_prefix(name, "pthread_cond_") && strstr(name, "wait") != NULL)
		return LK_CONDVAR;
	if (lk_prefix(name, "sem_wait") || lk_prefix(name, "sem_timedwait") ||
	    lk_prefix(name, "sem_clockwait") || lk_prefix(name, "new_sem_wait"))
		return LK_SEMAPHORE;
	if (lk_prefix(name, "pthread_join") || lk_prefix(name, "pthread_timedjoin") ||
	    lk_prefix(name, "pthread_clockjoin") || lk_prefix(name, "pthread_tryjoin"))
		return LK_JOIN;
	return LK_UNKNOWN;
}

enum lk_kind lk_classify(const char *const *names, const char *const *modules, int n, int *caller)
{
	enum lk_kind k = LK_UNKNOWN;
	int at = -1, who = -1;

	for (int i = 0; i < n && at < 0; i++) {
		if (names[i] == NULL)
			continue;
		k = lk_frame_kind(names[i]);
		if (k != LK_UNKNOWN)
			at = i;
	}
	for (int i = at + 1; i < n; i++) {
		if (!lk_module_is_libc(modules != NULL ? modules[i] : NULL)) {
			who = i;
			break;
		}
	}
	if (caller != NULL)
		*caller = who;
	if (at < 0)
		return n > 0 ? LK_OTHER : LK_UNKNOWN;
	return k;
}

const char *lk_region_label(const char *maps, uint64_t addr, char *buf, int size)
{
	const char *line = maps;

	while (line != NULL && *line != '\0') {
		const char *nl = strchr(line, '\n');
		uint64_t lo, hi;
		int pos = 0;

		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %*s %*s %*s %n", &lo, &hi, &pos) >=
		        2 &&
		    addr >= lo && addr < hi) {
			const char *path = pos > 0 ? line + pos : "";
			int len = nl != NULL ? (int)(nl - path) : (int)strlen(path);

			if (pos == 0 || len <= 0 || path > (nl != NULL ? nl : path + strlen(path)))
				snprintf(buf, (size_t)size, "anon");
			else if (strncmp(path, "[heap]", 6) == 0)
				snprintf(buf, (size_t)size, "heap");
			else if (strncmp(path, "[stack", 6) == 0)
				snprintf(buf, (size_t)size, "stack");
			else if (path[0] == '/') {
				const char *base = path;

				for (const char *p = path; p < path + len; p++)
					if (*p == '/')
						base = p + 1;
				snprintf(buf, (size_t)size, "%.*s", (int)(path + len - base), base);
			} else
				snprintf(buf, (size_t)size, "%.*s", len, path);
			return buf;
		}
		line = nl != NULL ? nl + 1 : NULL;
	}
	snprintf(buf, (size_t)size, "unmapped");
	return buf;
}

/* The wait engine. */

struct lk_thread {
	pid_t tid;
	uint64_t uaddr; /* 0: not waiting */
	uint64_t start_ns;
	uint64_t key;     /* the lock it counts for (see lk_alias) */
	uint64_t acct_ns; /* the wait's time is accounted up to here */
	int seeded;       /* start unknown: found waiting when we began */
};

struct lk_lock {
	struct lk_stat st;
	int waiters; /* pending now */
	int idle_ticks;
};

struct lk_engine {
	struct lk_thread *th;
	int nth, capth;
	int last; /* cache: index of the last thread looked up */
	struct lk_lock *locks;
	int nlocks, caplocks;
	uint64_t interval_start;
	uint64_t orphans;
	/* Futex words that count as another word's lock (lk_alias). */
	struct lk_alias_pair {
		uint64_t word, key;
	} * alias;
	int nalias, capalias;
};

/* The lock a futex word counts for: itself unless aliased. */
static uint64_t lk_key(const struct lk_engine *e, uint64_t uaddr)
{
	for (int i = 0; i < e->nalias; i++)
		if (e->alias[i].word == uaddr)
			return e->alias[i].key;
	return uaddr;
}

void lk_alias(struct lk_engine *e, uint64_t word, uint64_t key)
{
	if (word == key || lk_key(e, word) == key)
		return;
	for (int i = 0; i < e->nalias; i++)
		if (e->alias[i].word == word) {
			e->alias[i].key = key;
			return;
		}
	if (e->nalias == e->capalias) {
		e->capalias = e->capalias ? 2 * e->capalias : 8;
		e->alias = xrealloc(e->alias, (size_t)e->capalias * sizeof *e->alias);
	}
	e->alias[e->nalias].word = word;
	e->alias[e->nalias++].key = key;
}

struct lk_engine *lk_engine_new(uint64_t now_ns)
{
	struct lk_engine *e = xcalloc(1, sizeof *e);

	e->interval_start = now_ns;
	return e;
}

void lk_engine_free(struct lk_engine *e)
{
	if (e == NULL)
		return;
	free(e->th);
	free(e->locks);
	free(e->alias);
	free(e);
}

static struct lk_thread *lk_thread_get(struct lk_engine *e, pid_t tid, int add)
{
	if (e->last < e->nth && e->th[e->last].tid == tid)
		return &e->th[e->last];
	for (int i = 0; i < e->nth; i++) {
		if (e->th[i].tid == tid) {
			e->last = i;
			return &e->th[i];
		}
	}
	if (!add)
		return NULL;
	if (e->nth == e->capth) {
		e->capth = e->capth ? e->capth * 2 : 16;
		e->th = xrealloc(e->th, (size_t)e->capth * sizeof *e->th);
	}
	memset(&e->th[e->nth], 0, sizeof e->th[0]);
	e->th[e->nth].tid = tid;
	e->last = e->nth;
	return &e->th[e->nth++];
}

static struct lk_lock *lk_lock_get(struct lk_engine *e, uint64_t uaddr)
{
	for (int i = 0; i < e->nlocks; i++)
		if (e->locks[i].st.uaddr == uaddr)
			return &e->locks[i];
	if (e->nlocks == e->caplocks) {
		e->caplocks = e->caplocks ? e->caplocks * 2 : 16;
		e->locks = xrealloc(e->locks, (size_t)e->caplocks * sizeof *e->locks);
	}
	memset(&e->locks[e->nlocks], 0, sizeof e->locks[0]);
	e->locks[e->nlocks].st.uaddr = uaddr;
	return &e->locks[e->nlocks++];
}

/* Adds ns of waiting by tid to a lock's interval, short or long. */
static void lk_account(struct lk_lock *l, pid_t tid, uint64_t ns, int is_long)
{
	struct lk_stat *st = &l->st;
	int i;

	if (is_long)
		st->long_ns += ns;
	else
		st->short_ns += ns;
	for (i = 0; i < st->ntids; i++)
		if (st->tids[i] == tid)
			break;
	if (i == st->ntids) {
		if (st->ntids == LK_TIDS)
			return;
		st->tids[st->ntids] = tid;
		st->tid_ns[st->ntids++] = 0;
	}
	st->tid_ns[i] += ns;
}

static void lk_start(struct lk_engine *e, struct lk_thread *t, uint64_t ns, uint64_t uaddr,
                     int seeded)
{
	struct lk_lock *l = lk_lock_get(e, lk_key(e, uaddr));

	t->uaddr = uaddr;
	t->key = lk_key(e, uaddr);
	t->start_ns = ns;
	t->acct_ns = ns > e->interval_start ? ns : e->interval_start;
	t->seeded = seeded;
	l->waiters++;
	if (l->waiters > l->st.waiters_max)
		l->st.waiters_max = l->waiters;
}

/*
 * Ends t's pending wait at ns.  ended: a futex exit was seen (a wait that
 * really ended, counted in waits, mean and max); else the thread went
 * away or lost its exit record.
 */
static void lk_end(struct lk_engine *e, struct lk_thread *t, uint64_t ns, int ended)
{
	struct lk_lock *l = lk_lock_get(e, t->key);
	uint64_t from = t->acct_ns;
	uint64_t len = ns > t->start_ns ? ns - t->start_ns : 0;
	int is_long = len >= LK_PARK_NS;

	if (ns > from)
		lk_account(l, t->tid, ns - from, is_long);
	if (ended) {
		if (is_long)
			l->st.long_waits++;
		else {
			l->st.waits++;
			if (!t->seeded)
				l->st.sum_ns += len;
		}
		if (!t->seeded && len > l->st.max_ns)
			l->st.max_ns = len;
	}
	if (l->waiters > 0)
		l->waiters--;
	t->uaddr = 0;
}

void lk_enter(struct lk_engine *e, pid_t tid, uint64_t ns, uint64_t uaddr, long op)
{
	struct lk_thread *t;
	int wait = lk_futex_is_wait(op) && uaddr != 0;

	t = lk_thread_get(e, tid, wait);
	if (t == NULL)
		return;
	/* An enter while a wait is pending: its exit was lost, or this is
	 * the seeded wait seen again; either way the old one ends here. */
	if (t->uaddr != 0)
		lk_end(e, t, ns, 0);
	if (wait)
		lk_start(e, t, ns, uaddr, 0);
}

void lk_exit(struct lk_engine *e, pid_t tid, uint64_t ns)
{
	struct lk_thread *t = lk_thread_get(e, tid, 0);

	if (t == NULL || t->uaddr == 0) {
		/* Most exits end non-wait calls; those are not orphans,
		 * but we cannot tell them apart here, so only threads we
		 * have never seen enter count. */
		if (t == NULL)
			e->orphans++;
		return;
	}
	lk_end(e, t, ns, 1);
}

void lk_seed(struct lk_engine *e, pid_t tid, uint64_t ns, uint64_t uaddr, long op)
{
	struct lk_thread *t;

	if (!lk_futex_is_wait(op) || uaddr == 0)
		return;
	t = lk_thread_get(e, tid, 1);
	if (t->uaddr != 0)
		return; /* already seen entering: that is better */
	lk_start(e, t, ns, uaddr, 1);
}

void lk_gone(struct lk_engine *e, pid_t tid, uint64_t ns)
{
	struct lk_thread *t = lk_thread_get(e, tid, 0);

	if (t == NULL)
		return;
	if (t->uaddr != 0)
		lk_end(e, t, ns, 0);
	*t = e->th[--e->nth];
	e->last = 0;
}

uint64_t lk_pending(const struct lk_engine *e, pid_t tid)
{
	for (int i = 0; i < e->nth; i++)
		if (e->th[i].tid == tid)
			return e->th[i].uaddr;
	return 0;
}

uint64_t lk_engine_orphans(const struct lk_engine *e)
{
	return e->orphans;
}

/* Sorts a lock's threads by wait time, most first (insertion: <= 16). */
static void lk_sort_tids(struct lk_stat *st)
{
	for (int i = 1; i < st->ntids; i++) {
		for (int j = i; j > 0 && st->tid_ns[j] > st->tid_ns[j - 1]; j--) {
			uint64_t ns = st->tid_ns[j];
			pid_t tid = st->tids[j];

			st->tid_ns[j] = st->tid_ns[j - 1];
			st->tids[j] = st->tids[j - 1];
			st->tid_ns[j - 1] = ns;
			st->tids[j - 1] = tid;
		}
	}
}

struct lk_stat *lk_tick(struct lk_engine *e, uint64_t now_ns, int *n)
{
	struct lk_stat *out = NULL;
	int nout = 0, w = 0;

	/*
	 * Ongoing waits that have lasted LK_PARK_NS are long: their time
	 * counts up to now.  A younger one is not known yet to be short or
	 * long, so its time waits, unaccounted, for its end or for the tick
	 * after it turns long: then all of it lands on the right side (a
	 * parked thread's first half second is not contention).
	 */
	for (int i = 0; i < e->nth; i++) {
		struct lk_thread *t = &e->th[i];

		if (t->uaddr == 0 || now_ns - t->start_ns < LK_PARK_NS)
			continue;
		if (now_ns > t->acct_ns)
			lk_account(lk_lock_get(e, t->key), t->tid, now_ns - t->acct_ns, 1);
		t->acct_ns = now_ns;
	}
	if (e->nlocks > 0)
		out = xcalloc((size_t)e->nlocks, sizeof *out);
	for (int i = 0; i < e->nlocks; i++) {
		struct lk_lock *l = &e->locks[i];
		uint64_t uaddr = l->st.uaddr;

		l->st.waiters_now = l->waiters;
		if (l->waiters > l->st.waiters_max)
			l->st.waiters_max = l->waiters;
		if (l->st.short_ns + l->st.long_ns > 0 || l->waiters > 0) {
			lk_sort_tids(&l->st);
			out[nout++] = l->st;
			l->idle_ticks = 0;
		} else
			l->idle_ticks++;
		memset(&l->st, 0, sizeof l->st);
		l->st.uaddr = uaddr;
	}
	/* Forget locks quiet for a minute of ticks with nobody waiting. */
	for (int i = 0; i < e->nlocks; i++)
		if (e->locks[i].waiters > 0 || e->locks[i].idle_ticks < 60)
			e->locks[w++] = e->locks[i];
	e->nlocks = w;
	e->interval_start = now_ns;
	*n = nout;
	if (nout == 0) {
		free(out);
		out = NULL;
	}
	return out;
}
