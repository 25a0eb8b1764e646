/*
 * batch_hot: the hot-functions section of the batch writers: the "hot"
 * array and "sampler" object of a JSON line, and a short top-10 table in
 * text.  Plain functions of a snapshot (its hot list covers the interval
 * since the previous snapshot).  The folded writer is stacks.c's
 * stacks_write_folded: it needs the whole run, not one snapshot.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "batch.h"
#include "fmt.h"
#include "json.h"
#include "snapshot.h"

#define BATCH_HOT_TEXT_ROWS 10

void batch_json_stacks(FILE *f, const struct snapshot *s)
{
	const struct sampler_fig *sf = &s->stacks.sampler;
	int first = 1;

	fputs(",\"hot\":[", f);
	for (int i = 0; i < s->stacks.nhot; i++) {
		const struct hot_fig *h = &s->stacks.hot[i];
		int k = 1;

		fputs(i > 0 ? ",{" : "{", f);
		json_key(f, "function", &k);
		json_str(f, h->function);
		json_key(f, "module", &k);
		json_str(f, h->module);
		json_key(f, "self_pct", &k);
		json_num(f, h->self_pct);
		json_key(f, "total_pct", &k);
		json_num(f, h->total_pct);
		json_key(f, "samples", &k);
		json_u64(f, h->samples);
		fputc('}', f);
	}
	fputs("],\"sampler\":{", f);
	json_key(f, "backend", &first);
	json_str(f, sf->backend);
	json_key(f, "rate_hz", &first);
	json_num(f, sf->rate_hz);
	json_key(f, "samples", &first);
	json_u64(f, sf->samples);
	json_key(f, "lost", &first);
	json_u64(f, sf->lost);
	json_key(f, "requested_hz", &first);
	json_num(f, sf->requested_hz);
	json_key(f, "held_us_avg", &first);
	json_num(f, sf->held_us_avg);
	json_key(f, "held_pct", &first);
	json_num(f, sf->held_pct);
	json_key(f, "interval_samples", &first);
	json_u64(f, s->stacks.interval_samples);
	json_key(f, "reason", &first);
	json_str(f, sf->reason);
	fputc('}', f);
}

void batch_text_stacks(FILE *f, const struct snapshot *s)
{
	const struct sampler_fig *sf = &s->stacks.sampler;
	char rate[32], name[48];
	int n = s->stacks.nhot < BATCH_HOT_TEXT_ROWS ? s->stacks.nhot : BATCH_HOT_TEXT_ROWS;

	if (sf->reason != NULL && (sf->backend == NULL || s->stacks.interval_samples == 0)) {
		fprintf(f, "Hot: sampling n/a (%s)\n", sf->reason);
		return;
	}
	fmt_count(rate, sizeof rate, sf->rate_hz);
	fprintf(f, "Hot: %s, %s Hz, %llu samples this interval, %llu lost\n",
		sf->backend != NULL ? sf->backend : "n/a", rate,
		(unsigned long long)s->stacks.interval_samples, (unsigned long long)sf->lost);
	if (n == 0)
		return;
	fprintf(f, "%6s %6s %8s  %-40s %s\n", "SELF%", "TOTAL%", "SAMPLES", "FUNCTION", "MODULE");
	for (int i = 0; i < n; i++) {
		const struct hot_fig *h = &s->stacks.hot[i];

		fmt_trunc_middle(name, sizeof name, h->function, 40);
		fprintf(f, "%6.1f %6.1f %8llu  %-40s %s\n", h->self_pct, h->total_pct,
			(unsigned long long)h->samples, name, h->module);
	}
}
