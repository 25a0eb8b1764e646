/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * listcur: the cursor arithmetic of scrolling lists; see listcur.h.
 */
#include "config.h"

#include <curses.h>

#include "listcur.h"

static int clamp(int v, int lo, int hi)
{
	if (v > hi)
		v = hi;
	return v < lo ? lo : v;
}

void listcur_fit(struct listcur *c, int n, int page)
{
	c->n = n > 0 ? n : 0;
	c->page = page > 0 ? page : 1;
	if (c->scroll_only) {
		c->top = clamp(c->top, 0, c->n - c->page);
		c->sel = c->top;
		return;
	}
	c->sel = clamp(c->sel, 0, c->n - 1);
	if (c->sel < c->top)
		c->top = c->sel;
	if (c->sel >= c->top + c->page)
		c->top = c->sel - c->page + 1;
	c->top = clamp(c->top, 0, c->n - c->page);
}

void listcur_select(struct listcur *c, int i)
{
	c->sel = i;
	listcur_fit(c, c->n, c->page);
}

int listcur_key(struct listcur *c, int key)
{
	int step, *v = c->scroll_only ? &c->top : &c->sel;

	switch (key) {
	case KEY_UP:
	case 'k':
		step = -1;
		break;
	case KEY_DOWN:
	case 'j':
		step = 1;
		break;
	case KEY_PPAGE:
		step = -(c->page > 1 ? c->page - 1 : 1);
		break;
	case KEY_NPAGE:
		step = c->page > 1 ? c->page - 1 : 1;
		break;
	case KEY_HOME:
		step = -*v - 1;
		break;
	case KEY_END:
		step = c->n - *v;
		break;
	default:
		return 0;
	}
	*v += step;
	if (c->scroll_only) {
		c->top = clamp(c->top, 0, c->n - c->page);
		c->sel = c->top;
	} else
		listcur_fit(c, c->n, c->page);
	return 1;
}
