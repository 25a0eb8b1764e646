/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * locks_site: the lock table the back ends record into: a lock by its
 * futex word, and the waiting call sites of each (stacks symbolized and
 * classified by their libc frames).  Apart from locks.c so the back ends,
 * which locks.c picks from, do not call back into it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "locks_int.h"
#include "symbols.h"
#include "unwind.h"
#include "util.h"

struct locks_lock *locks_lock_get(struct locks *lk, uint64_t uaddr)
{
	for (int i = 0; i < lk->nlocks; i++)
		if (lk->locks[i].uaddr == uaddr)
			return &lk->locks[i];
	if (lk->nlocks == lk->caplocks) {
		lk->caplocks = lk->caplocks ? lk->caplocks * 2 : 16;
		lk->locks = xrealloc(lk->locks, (size_t)lk->caplocks * sizeof *lk->locks);
	}
	memset(&lk->locks[lk->nlocks], 0, sizeof lk->locks[0]);
	lk->locks[lk->nlocks].uaddr = uaddr;
	return &lk->locks[lk->nlocks++];
}

/* Names of a stack, leaf first: return addresses looked up at ip - 1. */
int locks_names(struct locks *lk, const uint64_t *ips, int n, char (*names)[LOCKS_NAME],
                char (*mods)[64])
{
	struct sym_info si;

	if (n > LOCKS_SITE_FRAMES)
		n = LOCKS_SITE_FRAMES;
	for (int i = 0; i < n; i++) {
		symbols_lookup(lk->sy, i > 0 && ips[i] > 0 ? ips[i] - 1 : ips[i], &si);
		snprintf(names[i], LOCKS_NAME, "%s", si.function);
		snprintf(mods[i], 64, "%s", si.module);
	}
	return n;
}

void locks_add_site(struct locks *lk, uint64_t uaddr, const uint64_t *ips, int n, uint64_t weight)
{
	char names[LOCKS_SITE_FRAMES][LOCKS_NAME], mods[LOCKS_SITE_FRAMES][64];
	const char *np[LOCKS_SITE_FRAMES], *mp[LOCKS_SITE_FRAMES];
	struct locks_lock *k;
	struct locks_site *s = NULL;
	char key[LOCKS_SITE_FRAMES * LOCKS_NAME];
	size_t at = 0;
	enum lk_kind kind;
	int who;

	if (n <= 0)
		return;
	if (symbols_refresh(lk->sy) && lk->unw != NULL)
		unwinder_flush(lk->unw);
	n = locks_names(lk, ips, n, names, mods);
	for (int i = 0; i < n; i++) {
		np[i] = names[i];
		mp[i] = mods[i];
		at +=
		    (size_t)snprintf(key + at, sizeof key - at, "%s%s", i > 0 ? ";" : "", names[i]);
		if (at >= sizeof key)
			break;
	}
	kind = lk_classify(np, mp, n, &who);
	/* A condition variable's two signal words (8-aligned, side by side)
	 * are one lock: waits and sites on either count at the first. */
	if (kind == LK_CONDVAR) {
		uint64_t base = uaddr & ~7ull;

		lk_alias(lk->eng, base + 4, base);
		uaddr = base;
	}
	k = locks_lock_get(lk, uaddr);
	for (int i = 0; i < k->nsites; i++)
		if (strcmp(k->sites[i].key, key) == 0)
			s = &k->sites[i];
	if (s == NULL) {
		k->sites = xrealloc(k->sites, (k->nsites + 1u) * sizeof *k->sites);
		s = &k->sites[k->nsites++];
		memset(s, 0, sizeof *s);
		s->key = xstrdup(key);
		s->function = xstrdup(names[who >= 0 ? who : 0]);
		s->kind = kind;
	}
	s->samples += weight;
	s->interval_samples += weight;
}
