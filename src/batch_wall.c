/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch_wall: the wall-clock part of a JSON line: "hot_wall" (the same
 * shape as "hot": the window's functions by self share, where off-CPU
 * time shows as "[off-cpu: why]" leaves) and "wall" (the back end, how it
 * works, rate and stack copies re-used), and a text line.  Written only
 * while wall-clock mode is on (--wall).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "json.h"
#include "profile.h"
#include "snapshot.h"

#define BATCH_WALL_ROWS 50

void batch_json_wall(FILE *f, const struct snapshot *s)
{
	static struct profile_hot hot[BATCH_WALL_ROWS];
	const struct profile *p = s->stacks.wall;
	int first = 1, n = 0, span;
	uint64_t nwin = 0;

	if (s->stacks.wall_backend == NULL)
		return;
	fputs(",\"wall\":{", f);
	json_kv_str(f, "backend", s->stacks.wall_backend, &first);
	json_kv_str(f, "reason", s->stacks.wall_reason, &first);
	json_kv_num(f, "rate_hz", s->stacks.wall_rate_hz, &first);
	json_kv_u64(f, "stacks_reused", s->stacks.wall_reused, &first);
	json_kv_u64(f, "stacks_copied", s->stacks.wall_grabs, &first);
	fputc('}', f);
	if (p == NULL)
		return;
	span = s->stacks.window_s > 0 ? profile_span_find(p, s->stacks.window_s) : -1;
	if (span >= 0)
		n = profile_hot(p, 0, span, PROFILE_SORT_SELF, hot, BATCH_WALL_ROWS, &nwin);
	fputs(",\"hot_wall\":[", f);
	for (int i = 0; i < n; i++) {
		int k = 1;

		fputs(i > 0 ? ",{" : "{", f);
		json_kv_str(f, "function", hot[i].function, &k);
		json_kv_str(f, "module", hot[i].module, &k);
		json_kv_num(f, "self_pct", hot[i].self_pct, &k);
		json_kv_num(f, "total_pct", hot[i].total_pct, &k);
		json_kv_u64(f, "samples", hot[i].samples, &k);
		fputc('}', f);
	}
	fprintf(f, "],\"hot_wall_samples\":%llu", (unsigned long long)nwin);
}

void batch_text_wall(FILE *f, const struct snapshot *s)
{
	struct profile_hot hot[10];
	const struct profile *p = s->stacks.wall;
	uint64_t nwin = 0;
	int n = 0, span;

	if (s->stacks.wall_backend == NULL)
		return;
	if (p == NULL) {
		fprintf(f, "Wall: n/a (%s)\n",
		        s->stacks.wall_reason != NULL ? s->stacks.wall_reason : "off");
		return;
	}
	span = s->stacks.window_s > 0 ? profile_span_find(p, s->stacks.window_s) : -1;
	if (span >= 0)
		n = profile_hot(p, 0, span, PROFILE_SORT_SELF, hot, 10, &nwin);
	fprintf(f, "Wall (last %.0f s, %s): %llu samples\n", s->stacks.window_s,
	        s->stacks.wall_backend, (unsigned long long)nwin);
	for (int i = 0; i < n; i++)
		fprintf(f, "%6.1f %6.1f  %-40s %s\n", hot[i].self_pct, hot[i].total_pct,
		        hot[i].function, hot[i].module);
}
