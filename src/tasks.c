/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tasks: reads /proc/PID/task.  Entries that are not thread ids ("." and
 * "..") are skipped.
 */
#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

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
