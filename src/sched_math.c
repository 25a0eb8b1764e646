/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * sched_math: parsing and hysteresis for the scheduling and cgroup
 * collectors (see sched_math.h).  Pure functions of the text handed in.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched_math.h"
#include "snapshot.h"

int sched_parse_schedstat(const char *buf, uint64_t *run_ns, uint64_t *wait_ns, uint64_t *slices)
{
	uint64_t a, b, c;

	if (buf == NULL || sscanf(buf, "%" SCNu64 " %" SCNu64 " %" SCNu64, &a, &b, &c) != 3)
		return -1;
	*run_ns = a;
	*wait_ns = b;
	if (slices != NULL)
		*slices = c;
	return 0;
}

/* The start of the line that begins with key followed by a blank or ':'. */
static const char *line_with(const char *buf, const char *key)
{
	size_t klen = strlen(key);

	for (const char *s = buf; s != NULL && *s != '\0';) {
		if (strncmp(s, key, klen) == 0 &&
		    (s[klen] == ' ' || s[klen] == ':' || s[klen] == '\t'))
			return s + klen;
		s = strchr(s, '\n');
		if (s != NULL)
			s++;
	}
	return NULL;
}

int sched_parse_sched_field(const char *buf, const char *key, uint64_t *out)
{
	const char *s = buf != NULL ? line_with(buf, key) : NULL;
	char *end;

	if (s == NULL)
		return -1;
	while (*s == ' ' || *s == '\t' || *s == ':')
		s++;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return end == s || errno != 0 ? -1 : 0;
}

char *sched_cpu_list(char *buf, size_t size, const unsigned long *mask, int nbits)
{
	size_t len = 0;
	const int bpl = (int)(8 * sizeof(unsigned long));

	if (size == 0)
		return buf;
	buf[0] = '\0';
	for (int i = 0; i < nbits;) {
		int j;

		if (!(mask[i / bpl] >> (i % bpl) & 1ul)) {
			i++;
			continue;
		}
		for (j = i; j + 1 < nbits && (mask[(j + 1) / bpl] >> ((j + 1) % bpl) & 1ul); j++)
			;
		if (len < size)
			len += (size_t)snprintf(buf + len, size - len, j > i ? "%s%d-%d" : "%s%d",
			                        len > 0 ? "," : "", i, j);
		i = j + 1;
	}
	if (len >= size && size > 4)
		memcpy(buf + size - 4, "...", 4);
	return buf;
}

int cg_parse_proc_cgroup(const char *buf, const char *controller, char *path, size_t size)
{
	for (const char *s = buf; s != NULL && *s != '\0';) {
		const char *nl = strchr(s, '\n');
		size_t llen = nl != NULL ? (size_t)(nl - s) : strlen(s);
		const char *c1 = memchr(s, ':', llen);
		const char *c2 =
		    c1 != NULL ? memchr(c1 + 1, ':', llen - (size_t)(c1 + 1 - s)) : NULL;
		int match = 0;

		if (c2 != NULL) {
			if (controller == NULL) {
				match = c2 == c1 + 1 && strncmp(s, "0:", 2) == 0;
			} else {
				/* The controllers are a comma list between the colons. */
				size_t clen = strlen(controller);

				for (const char *p = c1 + 1; p < c2;) {
					const char *comma = memchr(p, ',', (size_t)(c2 - p));
					const char *e = comma != NULL ? comma : c2;

					if ((size_t)(e - p) == clen &&
					    strncmp(p, controller, clen) == 0)
						match = 1;
					p = e + 1;
				}
			}
			if (match) {
				size_t plen = llen - (size_t)(c2 + 1 - s);

				if (plen >= size)
					plen = size - 1;
				memcpy(path, c2 + 1, plen);
				path[plen] = '\0';
				return 0;
			}
		}
		s = nl != NULL ? nl + 1 : NULL;
	}
	return -1;
}

int cg_parse_cpu_max(const char *buf, double *quota_us, double *period_us)
{
	char q[32];
	double p;

	if (buf == NULL || sscanf(buf, "%31s %lf", q, &p) != 2 || !(p > 0))
		return -1;
	if (strcmp(q, "max") == 0)
		*quota_us = -1;
	else {
		char *end;

		*quota_us = strtod(q, &end);
		if (end == q)
			return -1;
	}
	*period_us = p;
	return 0;
}

int cg_parse_key(const char *buf, const char *key, uint64_t *out)
{
	const char *s = buf != NULL ? line_with(buf, key) : NULL;
	char *end;

	if (s == NULL)
		return -1;
	*out = strtoull(s, &end, 10);
	return end == s ? -1 : 0;
}

int cg_parse_limit(const char *buf, uint64_t *out)
{
	char *end;
	uint64_t v;

	if (buf == NULL)
		return -1;
	while (*buf == ' ')
		buf++;
	if (strncmp(buf, "max", 3) == 0) {
		*out = SNAP_UNKNOWN;
		return 0;
	}
	errno = 0;
	v = strtoull(buf, &end, 10);
	if (end == buf || errno != 0)
		return -1;
	/* v1 writes "no limit" as the largest page-aligned long. */
	*out = v >= (1ull << 62) ? SNAP_UNKNOWN : v;
	return 0;
}

int cg_parse_psi(const char *buf, double *some_avg10, double *full_avg10)
{
	const char *s;
	int found = 0;

	*some_avg10 = *full_avg10 = NAN;
	if (buf == NULL)
		return -1;
	s = line_with(buf, "some");
	if (s != NULL && sscanf(s, " avg10=%lf", some_avg10) == 1)
		found = 1;
	s = line_with(buf, "full");
	if (s != NULL && sscanf(s, " avg10=%lf", full_avg10) == 1)
		found = 1;
	return found ? 0 : -1;
}

int cg_parent(char *path)
{
	char *slash;
	size_t len = strlen(path);

	while (len > 1 && path[len - 1] == '/')
		path[--len] = '\0';
	if (len <= 1)
		return -1;
	slash = strrchr(path, '/');
	if (slash == NULL)
		return -1;
	if (slash == path)
		path[1] = '\0';
	else
		*slash = '\0';
	return 0;
}

int hint_hold_update(struct hint_hold *h, int holds)
{
	holds = holds != 0;
	if (holds == h->on)
		h->streak = 0;
	else if (++h->streak >= SCHED_HINT_HOLD) {
		h->on = holds;
		h->streak = 0;
	}
	return h->on;
}
