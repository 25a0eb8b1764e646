/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * grabcache: per-thread stack copies valid while the thread has not run
 * (see grabcache.h).  An array sorted by tid: a process has at most a
 * few thousand threads and lookups are a binary search.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "grabcache.h"
#include "tasks.h"
#include "util.h"

struct gc_entry {
	pid_t tid;
	int n;
	int settling; /* fresh: not yet seen with its settled run time */
	uint64_t run_ns;
	char where[GRABCACHE_WHERE];
	uint64_t ips[GRABCACHE_FRAMES];
};

struct grabcache {
	struct gc_entry *e;
	int n, cap;
	uint64_t hits, puts;
};

struct grabcache *grabcache_new(void)
{
	return xcalloc(1, sizeof(struct grabcache));
}

void grabcache_free(struct grabcache *g)
{
	if (g == NULL)
		return;
	free(g->e);
	free(g);
}

/* The index of tid, or of where it would go (*found 0). */
static int gc_find(const struct grabcache *g, pid_t tid, int *found)
{
	int lo = 0, hi = g->n;

	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (g->e[mid].tid < tid)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < g->n && g->e[lo].tid == tid;
	return lo;
}

/* Whether a settling entry's wait is the one seen now at run_ns. */
static int gc_settles(const struct gc_entry *e, uint64_t run_ns, const char *where)
{
	return e->settling && where != NULL && e->where[0] != '\0' &&
	       strcmp(e->where, where) == 0 && run_ns >= e->run_ns &&
	       run_ns - e->run_ns <= GRABCACHE_SETTLE_NS;
}

int grabcache_get(struct grabcache *g, pid_t tid, uint64_t run_ns, const char *where, uint64_t *ips,
                  int max)
{
	struct gc_entry *e;
	int found, i, n;

	if (g == NULL)
		return -1;
	i = gc_find(g, tid, &found);
	if (!found || g->e[i].n <= 0)
		return -1;
	e = &g->e[i];
	if (e->run_ns != run_ns) {
		if (!gc_settles(e, run_ns, where)) {
			e->settling = 0;
			return -1;
		}
		e->run_ns = run_ns;
	}
	e->settling = 0;
	n = e->n < max ? e->n : max;
	memcpy(ips, e->ips, (size_t)n * sizeof *ips);
	g->hits++;
	return n;
}

/* tid's entry, made empty (no copy) when there was none. */
static struct gc_entry *gc_slot(struct grabcache *g, pid_t tid)
{
	int found, i = gc_find(g, tid, &found);

	if (!found) {
		if (g->n == g->cap) {
			g->cap = g->cap ? g->cap * 2 : 16;
			g->e = xrealloc(g->e, (size_t)g->cap * sizeof *g->e);
		}
		memmove(&g->e[i + 1], &g->e[i], (size_t)(g->n - i) * sizeof *g->e);
		g->n++;
		memset(&g->e[i], 0, sizeof g->e[i]);
		g->e[i].tid = tid;
	}
	return &g->e[i];
}

static void gc_set_where(struct gc_entry *e, const char *where)
{
	e->where[0] = '\0';
	if (where != NULL && strlen(where) < sizeof e->where)
		strcpy(e->where, where);
}

void grabcache_expect(struct grabcache *g, pid_t tid, const char *where)
{
	if (g != NULL)
		gc_set_where(gc_slot(g, tid), where);
}

void grabcache_put(struct grabcache *g, pid_t tid, uint64_t run_ns, const char *where,
                   const uint64_t *ips, int n)
{
	struct gc_entry *e;

	if (g == NULL || n <= 0)
		return;
	e = gc_slot(g, tid);
	if (n > GRABCACHE_FRAMES)
		n = GRABCACHE_FRAMES;
	e->n = n;
	e->run_ns = run_ns;
	e->settling = 1;
	if (where != NULL)
		gc_set_where(e, where);
	memcpy(e->ips, ips, (size_t)n * sizeof *ips);
	g->puts++;
}

void grabcache_retain(struct grabcache *g, const pid_t *tids, int n)
{
	struct tidset live;
	int k = 0;

	if (g == NULL || g->n == 0)
		return;
	tidset_init(&live, tids, n);
	for (int i = 0; i < g->n; i++)
		if (tidset_has(&live, g->e[i].tid))
			g->e[k++] = g->e[i];
	g->n = k;
	tidset_free(&live);
}

uint64_t grabcache_hits(const struct grabcache *g)
{
	return g != NULL ? g->hits : 0;
}

uint64_t grabcache_puts(const struct grabcache *g)
{
	return g != NULL ? g->puts : 0;
}
