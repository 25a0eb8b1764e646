/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ksyms: /proc/kallsyms as a sorted array of text symbols (address, name,
 * module) searched by binary search.  A function ends where the next
 * symbol starts.  It keeps no cache of its own: the stack store caches
 * addresses to function ids.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksyms.h"
#include "util.h"

struct ksym {
	uint64_t addr;
	uint32_t name;   /* offset in text */
	uint32_t module; /* offset in text */
};

struct ksyms {
	struct ksym *syms;
	size_t n, cap;
	char *text;
	size_t len, tcap;
	const char *hidden;
};

static uint32_t ks_str(struct ksyms *k, const char *s, size_t n)
{
	uint32_t at = (uint32_t)k->len;

	if (k->len + n + 1 > k->tcap) {
		k->tcap = (k->len + n + 1) * 2;
		k->text = xrealloc(k->text, k->tcap);
	}
	memcpy(k->text + k->len, s, n);
	k->text[k->len + n] = '\0';
	k->len += n + 1;
	return at;
}

static int ks_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct ksyms *ksyms_load(void)
{
	struct ksyms *k = xcalloc(1, sizeof *k);
	FILE *f = fopen("/proc/kallsyms", "re");
	char line[512];
	uint32_t core, last_mod;
	char last_name[128] = "";
	int nonzero = 0;

	core = ks_str(k, "[kernel]", 8);
	last_mod = core;
	if (f == NULL) {
		k->hidden = "kernel names n/a: /proc/kallsyms unreadable";
		return k;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		char *end, *name, *mod, *nl;
		uint64_t addr = strtoull(line, &end, 16);
		char type;
		struct ksym s;

		if (end == line || end[0] != ' ' || end[1] == '\0')
			continue;
		type = end[1];
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		nonzero |= addr != 0;
		name = end + 3;
		nl = strchr(name, '\n');
		if (nl != NULL)
			*nl = '\0';
		mod = strchr(name, '\t');
		if (mod != NULL)
			*mod++ = '\0';
		s.addr = addr;
		s.name = ks_str(k, name, strlen(name));
		if (mod == NULL) {
			s.module = core;
		} else {
			/* Lines of one module come together: intern once. */
			if (strcmp(mod, last_name) != 0) {
				/* kallsyms writes it in brackets: "[ext4]". */
				snprintf(last_name, sizeof last_name, "%s", mod);
				last_mod = ks_str(k, mod, strlen(mod));
			}
			s.module = last_mod;
		}
		if (k->n == k->cap) {
			k->cap = k->cap ? k->cap * 2 : 65536;
			k->syms = xrealloc(k->syms, k->cap * sizeof *k->syms);
		}
		k->syms[k->n++] = s;
	}
	fclose(f);
	if (!nonzero) {
		/* kptr_restrict: the file is there, every address is 0.
		 * At 1 CAP_SYSLOG shows them; at 2 nothing does. */
		FILE *kr = fopen("/proc/sys/kernel/kptr_restrict", "re");
		int level = -1;

		if (kr != NULL) {
			if (fscanf(kr, "%d", &level) != 1)
				level = -1;
			fclose(kr);
		}
		k->n = 0;
		k->hidden =
		    level >= 2 ? "kernel names hidden: kptr_restrict is 2 (needs 0, or 1 "
				 "with CAP_SYSLOG)"
		    : level == 1
			? "kernel names hidden: kptr_restrict is 1 and ctop lacks CAP_SYSLOG"
			: "kernel names hidden: kptr_restrict needs 0, or CAP_SYSLOG";
		return k;
	}
	qsort(k->syms, k->n, sizeof *k->syms, ks_cmp);
	return k;
}

void ksyms_free(struct ksyms *k)
{
	if (k == NULL)
		return;
	free(k->syms);
	free(k->text);
	free(k);
}

uint64_t ksyms_lookup(const struct ksyms *k, uint64_t addr, const char **name, const char **module)
{
	size_t lo = 0, hi = k->n;

	*name = "[kernel]";
	*module = "[kernel]";
	/* The last symbol with addr >= its start. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->syms[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0;
	*name = k->text + k->syms[lo - 1].name;
	*module = k->text + k->syms[lo - 1].module;
	return k->syms[lo - 1].addr;
}

const char *ksyms_hidden(const struct ksyms *k)
{
	return k->hidden;
}
