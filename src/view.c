/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * view: the helpers every panel may use on a view; see view.h.
 */
#include "config.h"

#include "profile.h"
#include "snapshot.h"
#include "view.h"

const struct profile *view_profile(const struct view *v)
{
	return v->ui->wall ? v->snap->stacks.wall : v->snap->stacks.profile;
}

int view_span(const struct view *v)
{
	const struct profile *p = view_profile(v);
	int i;

	if (p == NULL || p->nspans < 2)
		return -1;
	i = profile_span_find(p, v->ui->span_s);
	/* Not one of this profile's lengths: its longest window. */
	return i > 0 ? i : p->nspans - 2;
}
