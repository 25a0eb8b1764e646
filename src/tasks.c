/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tasks: reads /proc/PID/task.  Entries that are not thread ids ("." and
 * "..") are skipped.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tasks.h"
#include "util.h"

pid_t *tasks_list(pid_t pid, int *n)
{
	char path[64];
	DIR *d;
	struct dirent *e;
	pid_t *tids = NULL;
	int cap = 0;

	*n = 0;
	snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
	d = opendir(path);
	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		long tid = strtol(e->d_name, NULL, 10);

		if (tid <= 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			tids = xrealloc(tids, (size_t)cap * sizeof *tids);
		}
		tids[(*n)++] = (pid_t)tid;
	}
	closedir(d);
	return tids;
}

static int tidset_cmp(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

void tidset_init(struct tidset *s, const pid_t *tids, int n)
{
	s->n = n > 0 ? n : 0;
	s->v = xmalloc((size_t)(s->n + 1) * sizeof *s->v);
	if (s->n > 0)
		memcpy(s->v, tids, (size_t)s->n * sizeof *s->v);
	qsort(s->v, (size_t)s->n, sizeof *s->v, tidset_cmp);
}

void tidset_init_from(struct tidset *s, const pid_t *first, int n, size_t stride)
{
	s->n = n > 0 ? n : 0;
	s->v = xmalloc((size_t)(s->n + 1) * sizeof *s->v);
	for (int i = 0; i < s->n; i++)
		memcpy(&s->v[i], (const char *)first + (size_t)i * stride, sizeof *s->v);
	qsort(s->v, (size_t)s->n, sizeof *s->v, tidset_cmp);
}

int tidset_has(const struct tidset *s, pid_t tid)
{
	return s->n > 0 && bsearch(&tid, s->v, (size_t)s->n, sizeof *s->v, tidset_cmp) != NULL;
}

void tidset_free(struct tidset *s)
{
	free(s->v);
	s->v = NULL;
	s->n = 0;
}
