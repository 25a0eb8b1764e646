/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * jsonp: a recursive descent parser over a buffer.  Arrays and objects
 * grow by doubling; the tree owns every string.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonp.h"
#include "util.h"

#define JV_MAX_DEPTH 64

struct jp {
	const char *s, *end, *p;
	char *err; /* the first error */
};

static int jp_fail(struct jp *j, const char *what)
{
	if (j->err == NULL)
		j->err = xasprintf("%s at byte %ld", what, (long)(j->p - j->s));
	return -1;
}

static void jp_ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int jp_value(struct jp *j, struct jv *v, int depth);

static int jp_hex4(struct jp *j, unsigned *out)
{
	unsigned u = 0;

	if (j->end - j->p < 4)
		return jp_fail(j, "short \\u escape");
	for (int i = 0; i < 4; i++) {
		char c = *j->p++;

		u <<= 4;
		if (c >= '0' && c <= '9')
			u |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			u |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			u |= (unsigned)(c - 'A' + 10);
		else
			return jp_fail(j, "bad \\u escape");
	}
	*out = u;
	return 0;
}

static size_t jp_utf8(unsigned cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A string at j->p (on its opening quote) into a new buffer. */
static char *jp_string(struct jp *j)
{
	const char *q = ++j->p;
	char *out, *o;

	/* The decoded string is never longer than the raw one. */
	while (q < j->end && *q != '"')
		q += *q == '\\' && q + 1 < j->end ? 2 : 1;
	if (q >= j->end) {
		jp_fail(j, "unterminated string");
		return NULL;
	}
	out = o = xmalloc((size_t)(q - j->p) + 1);
	while (*j->p != '"') {
		unsigned char c = (unsigned char)*j->p++;
		unsigned cp, lo;

		if (c < 0x20) {
			jp_fail(j, "control character in string");
			goto bad;
		}
		if (c != '\\') {
			*o++ = (char)c;
			continue;
		}
		switch (*j->p++) {
		case '"':
			*o++ = '"';
			break;
		case '\\':
			*o++ = '\\';
			break;
		case '/':
			*o++ = '/';
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u':
			if (jp_hex4(j, &cp) < 0)
				goto bad;
			if (cp >= 0xd800 && cp < 0xdc00 && j->end - j->p >= 6 && j->p[0] == '\\' &&
			    j->p[1] == 'u') {
				j->p += 2;
				if (jp_hex4(j, &lo) < 0)
					goto bad;
				if (lo >= 0xdc00 && lo < 0xe000)
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			/* \u0000 would cut the C string: keep the rest. */
			if (cp == 0)
				cp = 0xfffd;
			o += jp_utf8(cp, o);
			break;
		default:
			jp_fail(j, "bad escape");
			goto bad;
		}
	}
	j->p++;
	*o = '\0';
	return out;
bad:
	free(out);
	return NULL;
}

static int jp_number(struct jp *j, struct jv *v)
{
	const char *q = j->p;
	char buf[64], *end;
	size_t n;

	if (q < j->end && *q == '-')
		q++;
	if (q >= j->end || !(*q >= '0' && *q <= '9'))
		return jp_fail(j, "unexpected character");
	while (q < j->end && ((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' || *q == 'E' ||
	                      *q == '+' || *q == '-'))
		q++;
	n = (size_t)(q - j->p);
	if (n >= sizeof buf)
		return jp_fail(j, "number too long");
	memcpy(buf, j->p, n);
	buf[n] = '\0';
	v->num = strtod(buf, &end);
	if (*end != '\0')
		return jp_fail(j, "bad number");
	v->type = JV_NUM;
	j->p = q;
	return 0;
}

static int jp_word(struct jp *j, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n) != 0)
		return jp_fail(j, "unexpected word");
	j->p += n;
	return 0;
}

static struct jv *jp_push(struct jv *v, int *cap)
{
	if (v->n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		v->items = xrealloc(v->items, (size_t)*cap * sizeof *v->items);
		if (v->type == JV_OBJ)
			v->keys = xrealloc(v->keys, (size_t)*cap * sizeof *v->keys);
	}
	memset(&v->items[v->n], 0, sizeof v->items[0]);
	return &v->items[v->n++];
}

static int jp_container(struct jp *j, struct jv *v, int depth)
{
	int obj = *j->p == '{', cap = 0;
	char close = obj ? '}' : ']';

	if (depth >= JV_MAX_DEPTH)
		return jp_fail(j, "nested too deep");
	v->type = obj ? JV_OBJ : JV_ARR;
	j->p++;
	jp_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 0;
	}
	for (;;) {
		char *key = NULL;
		struct jv *item;

		jp_ws(j);
		if (obj) {
			if (j->p >= j->end || *j->p != '"')
				return jp_fail(j, "expected a key");
			key = jp_string(j);
			if (key == NULL)
				return -1;
			jp_ws(j);
			if (j->p >= j->end || *j->p != ':') {
				free(key);
				return jp_fail(j, "expected ':'");
			}
			j->p++;
		}
		item = jp_push(v, &cap);
		if (obj)
			v->keys[v->n - 1] = key;
		if (jp_value(j, item, depth + 1) < 0)
			return -1;
		jp_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == close) {
			j->p++;
			return 0;
		}
		return jp_fail(j, obj ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int jp_value(struct jp *j, struct jv *v, int depth)
{
	jp_ws(j);
	if (j->p >= j->end)
		return jp_fail(j, "unexpected end");
	switch (*j->p) {
	case '{':
	case '[':
		return jp_container(j, v, depth);
	case '"':
		v->type = JV_STR;
		v->str = jp_string(j);
		return v->str != NULL ? 0 : -1;
	case 't':
		v->type = JV_BOOL;
		v->num = 1;
		return jp_word(j, "true");
	case 'f':
		v->type = JV_BOOL;
		return jp_word(j, "false");
	case 'n':
		v->type = JV_NULL;
		return jp_word(j, "null");
	default:
		return jp_number(j, v);
	}
}

static void jv_release(struct jv *v)
{
	for (int i = 0; i < v->n; i++) {
		jv_release(&v->items[i]);
		if (v->keys != NULL)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
}

struct jv *jv_parse(const char *text, size_t len, char **cause)
{
	struct jp j = {.s = text, .end = text + len, .p = text};
	struct jv *v = xcalloc(1, sizeof *v);

	if (jp_value(&j, v, 0) == 0) {
		jp_ws(&j);
		if (j.p != j.end)
			jp_fail(&j, "text after the value");
	}
	if (j.err != NULL) {
		if (cause != NULL) {
			free(*cause);
			*cause = j.err;
		} else
			free(j.err);
		jv_free(v);
		return NULL;
	}
	return v;
}

void jv_free(struct jv *v)
{
	if (v == NULL)
		return;
	jv_release(v);
	free(v);
}

const struct jv *jv_get(const struct jv *o, const char *key)
{
	if (o == NULL || o->type != JV_OBJ)
		return NULL;
	for (int i = 0; i < o->n; i++)
		if (strcmp(o->keys[i], key) == 0)
			return &o->items[i];
	return NULL;
}

const struct jv *jv_at(const struct jv *a, int i)
{
	if (a == NULL || a->type != JV_ARR || i < 0 || i >= a->n)
		return NULL;
	return &a->items[i];
}

int jv_len(const struct jv *a)
{
	return a != NULL && (a->type == JV_ARR || a->type == JV_OBJ) ? a->n : 0;
}

double jv_num(const struct jv *v)
{
	return v != NULL && v->type == JV_NUM ? v->num : NAN;
}

const char *jv_str(const struct jv *v)
{
	return v != NULL && v->type == JV_STR ? v->str : NULL;
}

int jv_true(const struct jv *v)
{
	return v != NULL && v->type == JV_BOOL && v->num != 0;
}

double jv_getnum(const struct jv *o, const char *key)
{
	return jv_num(jv_get(o, key));
}

const char *jv_getstr(const struct jv *o, const char *key)
{
	return jv_str(jv_get(o, key));
}
