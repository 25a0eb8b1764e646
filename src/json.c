/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json: string escaping and numbers for the JSON Lines writer.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>

#include "json.h"
#include "snapshot.h"

void json_str(FILE *f, const char *s)
{
	if (s == NULL) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void json_num(FILE *f, double v)
{
	if (isnan(v) || isinf(v))
		fputs("null", f);
	else if (v == floor(v) && fabs(v) < 1e15)
		fprintf(f, "%.0f", v);
	else
		fprintf(f, "%.6g", v);
}

void json_u64(FILE *f, uint64_t v)
{
	if (v == SNAP_UNKNOWN)
		fputs("null", f);
	else
		fprintf(f, "%llu", (unsigned long long)v);
}

void json_key(FILE *f, const char *key, int *first)
{
	if (!*first)
		fputc(',', f);
	*first = 0;
	json_str(f, key);
	fputc(':', f);
}

void json_kv_num(FILE *f, const char *key, double v, int *first)
{
	json_key(f, key, first);
	json_num(f, v);
}

void json_kv_u64(FILE *f, const char *key, uint64_t v, int *first)
{
	json_key(f, key, first);
	json_u64(f, v);
}

void json_kv_str(FILE *f, const char *key, const char *s, int *first)
{
	json_key(f, key, first);
	json_str(f, s);
}
