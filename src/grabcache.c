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
#include "util.h"

struct gc_entry {
	pid_t tid;
	int n;
	uint64_t run_ns;
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

int grabcache_get(struct grabcache *g, pid_t tid, uint64_t run_ns, uint64_t *ips, int max)
{
	int found, i, n;

	if (g == NULL)
		return -1;
	i = gc_find(g, tid, &found);
	if (!found || g->e[i].run_ns != run_ns || g->e[i].n <= 0)
		return -1;
	n = g->e[i].n < max ? g->e[i].n : max;
	memcpy(ips, g->e[i].ips, (size_t)n * sizeof *ips);
	g->hits++;
	return n;
}

void grabcache_put(struct grabcache *g, pid_t tid, uint64_t run_ns, const uint64_t *ips, int n)
{
	int found, i;

	if (g == NULL || n <= 0)
		return;
	i = gc_find(g, tid, &found);
	if (!found) {
		if (g->n == g->cap) {
			g->cap = g->cap ? g->cap * 2 : 16;
			g->e = xrealloc(g->e, (size_t)g->cap * sizeof *g->e);
		}
		memmove(&g->e[i + 1], &g->e[i], (size_t)(g->n - i) * sizeof *g->e);
		g->n++;
		g->e[i].tid = tid;
	}
	if (n > GRABCACHE_FRAMES)
		n = GRABCACHE_FRAMES;
	g->e[i].n = n;
	g->e[i].run_ns = run_ns;
	memcpy(g->e[i].ips, ips, (size_t)n * sizeof *ips);
	g->puts++;
}

void grabcache_retain(struct grabcache *g, const pid_t *tids, int n)
{
	int k = 0;

	if (g == NULL)
		return;
	for (int i = 0; i < g->n; i++) {
		int keep = 0;

		for (int j = 0; j < n && !keep; j++)
			keep = tids[j] == g->e[i].tid;
		if (keep)
			g->e[k++] = g->e[i];
	}
	g->n = k;
}

uint64_t grabcache_hits(const struct grabcache *g)
{
	return g != NULL ? g->hits : 0;
}

uint64_t grabcache_puts(const struct grabcache *g)
{
	return g != NULL ? g->puts : 0;
}
