/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * json_path: finds one value in a JSON text by its path, for tests that
 * check a key in its own section: "io.reason" is the member "reason" of
 * the top-level member "io", "hot.0.function" the member "function" of
 * the first element of "hot".  A key found in some other section does
 * not count.  The value comes back as its JSON text (a string with its
 * quotes and escapes, null, a number as written, an object or array
 * whole), so a test compares exactly what a reader would parse.
 *
 * It walks strict JSON (no trailing commas, no NaN, escapes checked) and
 * gives up on anything else; it is a test helper, not a JSON library.
 */
#ifndef CTOP_TESTS_JSON_PATH_H
#define CTOP_TESTS_JSON_PATH_H

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static inline const char *jp_value_end(const char *s);

static inline const char *jp_ws(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	return s;
}

static inline const char *jp_string_end(const char *s)
{
	if (*s++ != '"')
		return NULL;
	while (*s != '"') {
		if ((unsigned char)*s < 0x20)
			return NULL; /* the end of the text too */
		if (*s == '\\') {
			s++;
			if (*s == 'u') {
				for (int i = 1; i <= 4; i++)
					if (!isxdigit((unsigned char)s[i]))
						return NULL;
				s += 4;
			} else if (*s == '\0' || strchr("\"\\/bfnrt", *s) == NULL)
				return NULL;
		}
		s++;
	}
	return s + 1;
}

static inline const char *jp_number_end(const char *s)
{
	const char *p = s;
	char *end;

	if (*p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return NULL;
	strtod(s, &end);
	return end > s ? end : NULL;
}

/* Past the object or array at s (its opening bracket), or NULL. */
static inline const char *jp_seq_end(const char *s)
{
	char close = *s == '{' ? '}' : ']';

	s = jp_ws(s + 1);
	if (*s == close)
		return s + 1;
	for (;;) {
		if (close == '}') {
			s = jp_string_end(jp_ws(s));
			if (s == NULL)
				return NULL;
			s = jp_ws(s);
			if (*s++ != ':')
				return NULL;
		}
		s = jp_value_end(s);
		if (s == NULL)
			return NULL;
		s = jp_ws(s);
		if (*s == close)
			return s + 1;
		if (*s++ != ',')
			return NULL;
	}
}

/* Past the value at s (after white space), or NULL when malformed. */
static inline const char *jp_value_end(const char *s)
{
	s = jp_ws(s);
	switch (*s) {
	case '{':
	case '[':
		return jp_seq_end(s);
	case '"':
		return jp_string_end(s);
	case 't':
		return strncmp(s, "true", 4) == 0 ? s + 4 : NULL;
	case 'f':
		return strncmp(s, "false", 5) == 0 ? s + 5 : NULL;
	case 'n':
		return strncmp(s, "null", 4) == 0 ? s + 4 : NULL;
	default:
		return jp_number_end(s);
	}
}

/* 1 when s is exactly one JSON value (white space around allowed). */
static inline int jp_valid(const char *s)
{
	const char *end = jp_value_end(s);

	return end != NULL && *jp_ws(end) == '\0';
}

/* The member key (len bytes, no escapes) of the object at s, or NULL. */
static inline const char *jp_member(const char *s, const char *key, size_t len)
{
	s = jp_ws(s + 1);
	if (*s == '}')
		return NULL;
	for (;;) {
		const char *k = jp_ws(s), *kend = jp_string_end(k);

		if (kend == NULL)
			return NULL;
		s = jp_ws(kend);
		if (*s++ != ':')
			return NULL;
		s = jp_ws(s);
		if ((size_t)(kend - k) == len + 2 && strncmp(k + 1, key, len) == 0)
			return s;
		s = jp_value_end(s);
		if (s == NULL)
			return NULL;
		s = jp_ws(s);
		if (*s++ != ',')
			return NULL;
	}
}

/* Element i of the array at s, or NULL. */
static inline const char *jp_element(const char *s, long i)
{
	s = jp_ws(s + 1);
	if (*s == ']')
		return NULL;
	for (;; i--) {
		s = jp_ws(s);
		if (i == 0)
			return s;
		s = jp_value_end(s);
		if (s == NULL)
			return NULL;
		s = jp_ws(s);
		if (*s++ != ',')
			return NULL;
	}
}

/*
 * The value at path in json: its first byte, and its length in *len.
 * NULL when some step of the path is not there (or the text around it
 * is malformed).
 */
static inline const char *jp_find(const char *json, const char *path, size_t *len)
{
	const char *s = jp_ws(json), *end;

	while (*path != '\0') {
		size_t n = strcspn(path, ".");

		if (*s == '{')
			s = jp_member(s, path, n);
		else if (*s == '[' && isdigit((unsigned char)*path))
			s = jp_element(s, strtol(path, NULL, 10));
		else
			return NULL;
		if (s == NULL)
			return NULL;
		path += n;
		if (*path == '.')
			path++;
	}
	end = jp_value_end(s);
	if (end == NULL)
		return NULL;
	*len = (size_t)(end - s);
	return s;
}

/* 1 when the value at path is written exactly as want. */
static inline int jp_is(const char *json, const char *path, const char *want)
{
	size_t len;
	const char *v = jp_find(json, path, &len);

	return v != NULL && len == strlen(want) && strncmp(v, want, len) == 0;
}

/* The value at path as malloc'd text, "(absent)" when not there. */
static inline char *jp_text(const char *json, const char *path)
{
	size_t len;
	const char *v = jp_find(json, path, &len);

	return v != NULL ? strndup(v, len) : strdup("(absent)");
}

/* Fails the cmocka test (included before this header) unless the value
 * at path is written exactly as want. */
#define assert_json(json, path, want)                                                              \
	do {                                                                                       \
		char *jp_got_ = jp_text((json), (path));                                           \
		if (strcmp(jp_got_, (want)) != 0)                                                  \
			fail_msg("%s: got %s, want %s", (path), jp_got_, (want));                  \
		free(jp_got_);                                                                     \
	} while (0)

#endif
