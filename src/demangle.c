/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * demangle: Itanium C++ ABI names to "ns::Class::function" for display.
 * It reads the <name> part of an <encoding> (nested names, std::,
 * constructors and destructors, operators, ABI tags), shows template arguments as "<...>" and
 * ignores the parameter types.  Clone suffixes (".cold", ".isra.0") are kept.
 *
 * It is not a full demangler: local names, lambdas and anything else it
 * does not know make it give up (the caller keeps the mangled name), so a
 * wrong name is never shown.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "demangle.h"

struct dm {
	const char *p;
	const char *end;
	char *out;
	size_t size;
	size_t len;
	int bad;
	/* Where the last component starts, for constructor names. */
	size_t last_start, last_len;
};

static void dm_put(struct dm *d, const char *s, size_t n)
{
	if (d->len + n + 1 > d->size) {
		d->bad = 1;
		return;
	}
	memcpy(d->out + d->len, s, n);
	d->len += n;
	d->out[d->len] = '\0';
}

static void dm_puts(struct dm *d, const char *s)
{
	dm_put(d, s, strlen(s));
}

/* <source-name> ::= <length> <identifier> */
static int dm_source_name(struct dm *d, int emit)
{
	unsigned long n = 0;

	if (d->p >= d->end || !isdigit((unsigned char)*d->p))
		return -1;
	while (d->p < d->end && isdigit((unsigned char)*d->p))
		n = n * 10 + (unsigned long)(*d->p++ - '0');
	if (n == 0 || n > (unsigned long)(d->end - d->p))
		return -1;
	if (emit) {
		d->last_start = d->len;
		d->last_len = n;
		/* GCC names anonymous namespaces _GLOBAL__N_1. */
		if (n > 10 && strncmp(d->p, "_GLOBAL__N", 10) == 0)
			dm_puts(d, "(anonymous namespace)");
		else
			dm_put(d, d->p, n);
	}
	d->p += n;
	return 0;
}

/*
 * Skips balanced template arguments "I ... E": source names are skipped by
 * their length so that an 'E' inside an identifier does not end them.
 */
static int dm_skip_args(struct dm *d)
{
	int depth = 0;

	do {
		if (d->p >= d->end)
			return -1;
		if (isdigit((unsigned char)*d->p)) {
			if (dm_source_name(d, 0) < 0)
				return -1;
			continue;
		}
		if (strchr("INLXJF", *d->p) != NULL)
			depth++;
		else if (*d->p == 'E')
			depth--;
		d->p++;
	} while (depth > 0);
	dm_puts(d, "<...>");
	return 0;
}

static const char *const dm_ops[][2] = {
    {"nw", "new"}, {"na", "new[]"}, {"dl", "delete"}, {"da", "delete[]"}, {"ps", "+"},
    {"ng", "-"},   {"ad", "&"},     {"de", "*"},      {"co", "~"},        {"pl", "+"},
    {"mi", "-"},   {"ml", "*"},     {"dv", "/"},      {"rm", "%"},        {"an", "&"},
    {"or", "|"},   {"eo", "^"},     {"aS", "="},      {"pL", "+="},       {"mI", "-="},
    {"mL", "*="},  {"dV", "/="},    {"rM", "%="},     {"aN", "&="},       {"oR", "|="},
    {"eO", "^="},  {"ls", "<<"},    {"rs", ">>"},     {"lS", "<<="},      {"rS", ">>="},
    {"eq", "=="},  {"ne", "!="},    {"lt", "<"},      {"gt", ">"},        {"le", "<="},
    {"ge", ">="},  {"ss", "<=>"},   {"nt", "!"},      {"aa", "&&"},       {"oo", "||"},
    {"pp", "++"},  {"mm", "--"},    {"cm", ","},      {"pm", "->*"},      {"pt", "->"},
    {"cl", "()"},  {"ix", "[]"},    {"qu", "?"},
};

/* One component of a name: a source name, an operator, a ctor/dtor. */
static int dm_component(struct dm *d)
{
	if (d->end - d->p >= 2 && (d->p[0] == 'C' || d->p[0] == 'D') &&
	    strchr("012345I", d->p[1]) != NULL && d->last_len > 0) {
		char name[256];

		if (d->last_len >= sizeof name)
			return -1;
		memcpy(name, d->out + d->last_start, d->last_len);
		name[d->last_len] = '\0';
		if (d->p[0] == 'D')
			dm_puts(d, "~");
		dm_puts(d, name);
		d->p += d->p[1] == 'I' ? 3 : 2;
		return 0;
	}
	if (isdigit((unsigned char)*d->p))
		return dm_source_name(d, 1);
	if (d->end - d->p >= 2 && islower((unsigned char)d->p[0])) {
		if (strncmp(d->p, "cv", 2) == 0) {
			/* A conversion: its type would need a type printer. */
			return -1;
		}
		for (size_t i = 0; i < sizeof dm_ops / sizeof dm_ops[0]; i++) {
			if (strncmp(d->p, dm_ops[i][0], 2) == 0) {
				dm_puts(d, "operator");
				dm_puts(d, dm_ops[i][1]);
				d->p += 2;
				return 0;
			}
		}
	}
	return -1;
}

/*
 * The abbreviations for std names.  Numbered substitutions (S_, S0_) can
 * only refer to something earlier in the encoding, and at the start of a
 * function's name there is nothing earlier: they only occur in the
 * parameter types, which are not shown.
 */
static int dm_abbreviation(struct dm *d)
{
	static const char *const abbr[][2] = {
	    {"St", "std"},           {"Sa", "std::allocator"}, {"Sb", "std::basic_string"},
	    {"Ss", "std::string"},   {"Si", "std::istream"},   {"So", "std::ostream"},
	    {"Sd", "std::iostream"},
	};

	for (size_t i = 0; i < sizeof abbr / sizeof abbr[0]; i++) {
		if (strncmp(d->p, abbr[i][0], 2) == 0) {
			dm_puts(d, abbr[i][1]);
			d->p += 2;
			return 0;
		}
	}
	return -1;
}

/* N [K|V|r]* [R|O] <prefix components> E */
static int dm_nested(struct dm *d)
{
	int n = 0;

	d->p++;
	while (d->p < d->end && strchr("KVrRO", *d->p) != NULL)
		d->p++;
	while (d->p < d->end && *d->p != 'E') {
		if (*d->p == 'I') {
			if (n == 0 || dm_skip_args(d) < 0)
				return -1;
			continue;
		}
		if (*d->p == 'B') { /* an ABI tag: not part of the name */
			d->p++;
			if (dm_source_name(d, 0) < 0)
				return -1;
			continue;
		}
		if (n > 0)
			dm_puts(d, "::");
		if (*d->p == 'S') {
			if (n > 0 || dm_abbreviation(d) < 0)
				return -1;
		} else if (dm_component(d) < 0)
			return -1;
		n++;
	}
	if (d->p >= d->end || n == 0)
		return -1;
	d->p++;
	return 0;
}

char *demangle(const char *mangled, char *buf, size_t size)
{
	struct dm d = {.out = buf, .size = size};
	const char *dot;

	if (mangled == NULL || strncmp(mangled, "_Z", 2) != 0 || size == 0)
		return NULL;
	buf[0] = '\0';
	/* GCC clones: "_Z3foov.cold" is foo's cold part. */
	dot = strchr(mangled, '.');
	d.p = mangled + 2;
	d.end = dot != NULL ? dot : mangled + strlen(mangled);
	if (d.p >= d.end)
		return NULL;
	if (*d.p == 'N') {
		if (dm_nested(&d) < 0)
			return NULL;
	} else if (strncmp(d.p, "St", 2) == 0) {
		dm_puts(&d, "std::");
		d.p += 2;
		if (dm_component(&d) < 0)
			return NULL;
	} else if (dm_component(&d) < 0)
		return NULL;
	while (!d.bad && d.p < d.end && *d.p == 'B') {
		d.p++;
		if (dm_source_name(&d, 0) < 0)
			return NULL;
	}
	if (!d.bad && d.p < d.end && *d.p == 'I' && dm_skip_args(&d) < 0)
		return NULL;
	if (dot != NULL)
		dm_puts(&d, dot);
	return d.bad ? NULL : buf;
}
