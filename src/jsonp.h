/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * jsonp: a small strict JSON parser into a tree, for reading ctop's own
 * JSON Lines back (replay).  Numbers are doubles, strings are UTF-8 with
 * the escapes decoded; lookups by key are linear (objects are small).
 * It is not a general JSON library: no streaming, no writing, no
 * comments, nesting limited to 64 levels.
 */
#ifndef CTOP_JSONP_H
#define CTOP_JSONP_H

#include <stddef.h>

enum jv_type { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ };

struct jv {
	enum jv_type type;
	double num; /* JV_NUM; JV_BOOL: 0 or 1 */
	char *str;  /* JV_STR */
	int n;      /* JV_ARR, JV_OBJ: members */
	struct jv *items;
	char **keys; /* JV_OBJ */
};

/* Parses text[0..len) (one value, white space around it allowed).  NULL
 * with a cause naming the offset on an error. */
struct jv *jv_parse(const char *text, size_t len, char **cause);
void jv_free(struct jv *v);

/* Member key of object o, or NULL (also when o is NULL or no object). */
const struct jv *jv_get(const struct jv *o, const char *key);
/* Item i of array a, or NULL. */
const struct jv *jv_at(const struct jv *a, int i);
/* Items of an array or members of an object; 0 for anything else. */
int jv_len(const struct jv *a);
/* The number, or NAN for null, a missing value or another type. */
double jv_num(const struct jv *v);
/* The string, or NULL. */
const char *jv_str(const struct jv *v);
/* 1 for true, 0 for anything else. */
int jv_true(const struct jv *v);

/* Shorthands: jv_num(jv_get(o, key)) and friends. */
double jv_getnum(const struct jv *o, const char *key);
const char *jv_getstr(const struct jv *o, const char *key);

#endif
