/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * batch_locks: the lock section of the batch writers: the "locks" array
 * and "locks_backend" object of a JSON line, and a short Locks table in
 * text.  Plain functions of a snapshot's snap_locks.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "batch.h"
#include "fmt.h"
#include "json.h"
#include "snapshot.h"

#define BATCH_LOCKS_TEXT_ROWS 8
#define BATCH_LOCKS_JSON_SITES 8

void batch_json_locks(FILE *f, const struct snapshot *s)
{
	const struct snap_locks *l = &s->locks;
	int first = 1;

	fputs(",\"locks\":[", f);
	for (int i = 0; i < l->nlocks; i++) {
		const struct snap_lock *k = &l->locks[i];
		char addr[32];
		int m = 1, h = 1;

		snprintf(addr, sizeof addr, "0x%llx", (unsigned long long)k->address);
		fputs(i > 0 ? ",{" : "{", f);
		json_kv_str(f, "lock", k->name, &m);
		json_kv_str(f, "address", addr, &m);
		json_kv_str(f, "kind", k->kind, &m);
		json_key(f, "idle", &m);
		fputs(k->idle ? "true" : "false", f);
		json_kv_num(f, "wait_ms_per_s", k->wait_ms_per_s, &m);
		json_kv_num(f, "window_wait_ms_per_s", k->window_wait_ms_per_s, &m);
		json_kv_num(f, "idle_ms_per_s", k->idle_ms_per_s, &m);
		json_kv_num(f, "contentions_per_s", k->contentions_per_s, &m);
		json_kv_u64(f, "waiters_now", (uint64_t)k->waiters_now, &m);
		json_kv_u64(f, "waiters_max", (uint64_t)k->waiters_max, &m);
		json_kv_num(f, "mean_wait_us", k->mean_wait_us, &m);
		json_kv_num(f, "max_wait_us", k->max_wait_us, &m);
		json_key(f, "estimated", &m);
		fputs(k->estimated ? "true" : "false", f);
		json_key(f, "holder", &m);
		if (k->holder_tid > 0) {
			fputc('{', f);
			json_kv_u64(f, "tid", (uint64_t)k->holder_tid, &h);
			json_kv_str(f, "function", k->holder_function, &h);
			fputs(",\"sampled\":true}", f);
		} else
			fputs("null", f);
		json_key(f, "sites", &m);
		fputc('[', f);
		for (int j = 0; j < k->nsites && j < BATCH_LOCKS_JSON_SITES; j++) {
			const struct snap_lock_site *st = &k->sites[j];
			const char *p = st->stack;
			int sf = 1, fr = 1;

			fputs(j > 0 ? ",{" : "{", f);
			json_kv_str(f, "function", st->function, &sf);
			json_key(f, "stack", &sf);
			fputc('[', f);
			while (p != NULL && *p != '\0') {
				const char *semi = p;
				char name[256];
				size_t n;

				while (*semi != '\0' && *semi != ';')
					semi++;
				n = (size_t)(semi - p) < sizeof name - 1 ? (size_t)(semi - p)
				                                         : sizeof name - 1;
				snprintf(name, n + 1, "%s", p);
				if (!fr)
					fputc(',', f);
				fr = 0;
				json_str(f, name);
				p = *semi == ';' ? semi + 1 : semi;
			}
			fputc(']', f);
			json_kv_num(f, "wait_ms_per_s", st->wait_ms_per_s, &sf);
			json_kv_u64(f, "samples", st->samples, &sf);
			fputc('}', f);
		}
		fputc(']', f);
		json_key(f, "waiters", &m);
		fputc('[', f);
		for (int j = 0; j < k->nwaiters; j++) {
			int wf = 1;

			fputs(j > 0 ? ",{" : "{", f);
			json_kv_u64(f, "tid", (uint64_t)k->waiters[j].tid, &wf);
			json_kv_num(f, "wait_ms_per_s", k->waiters[j].wait_ms_per_s, &wf);
			fputc('}', f);
		}
		fputs("]}", f);
	}
	fputs("],\"locks_backend\":{", f);
	json_kv_str(f, "backend", l->backend, &first);
	json_kv_str(f, "reason", l->reason, &first);
	json_kv_str(f, "note", l->note, &first);
	json_key(f, "estimated", &first);
	fputs(l->estimated ? "true" : "false", f);
	json_kv_num(f, "rate_hz", l->rate_hz, &first);
	json_kv_u64(f, "events", l->events, &first);
	json_kv_u64(f, "lost", l->lost, &first);
	json_kv_num(f, "window_s", l->window_s, &first);
	fputc('}', f);
}

void batch_text_locks(FILE *f, const struct snapshot *s)
{
	const struct snap_locks *l = &s->locks;
	int shown = 0;

	if (l->backend == NULL || l->backend[0] == 'o') {
		fprintf(f, "Locks: n/a (%s)\n", l->reason != NULL ? l->reason : "off");
		return;
	}
	fprintf(f, "Locks: %s back end%s (%s)\n", l->backend, l->estimated ? ", estimated" : "",
	        l->reason != NULL ? l->reason : "");
	fprintf(f, "  %-40s %-9s %10s %9s %7s %10s  %s\n", "LOCK", "KIND", "WAIT ms/s", "CONT/s",
	        "WAITERS", "MAX us", "TOP SITE");
	for (int i = 0; i < l->nlocks && shown < BATCH_LOCKS_TEXT_ROWS; i++) {
		const struct snap_lock *k = &l->locks[i];
		char name[41], maxus[16];

		if (k->idle)
			continue;
		fmt_trunc_middle(name, sizeof name, k->name, 40);
		if (isnan(k->max_wait_us))
			snprintf(maxus, sizeof maxus, "n/a");
		else
			snprintf(maxus, sizeof maxus, "%.0f", k->max_wait_us);
		fprintf(f, "  %-40s %-9s %10.1f %9.1f %3d/%-3d %10s  %s\n", name, k->kind,
		        k->wait_ms_per_s, k->contentions_per_s, k->waiters_now, k->waiters_max,
		        maxus, k->nsites > 0 ? k->sites[0].function : "-");
		shown++;
	}
	if (shown == 0)
		fprintf(f, "  no contention this interval\n");
	for (int i = 0; i < l->nlocks; i++)
		if (l->locks[i].idle)
			fprintf(f, "  idle: %s (%s, %.0f ms/s parked)\n", l->locks[i].name,
			        l->locks[i].kind, l->locks[i].idle_ms_per_s);
}
