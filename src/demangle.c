/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * demangle: a thin wrapper over libiberty's cplus_demangle with the
 * options binutils uses for display (parameters, ANSI qualifiers) and
 * its default recursion limit.  It is not a demangler of its own.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <libiberty/demangle.h>

#include "demangle.h"

char *demangle(const char *mangled, char *buf, size_t size)
{
	char *full;
	size_t n;

	if (mangled == NULL || buf == NULL || size < 4 || strncmp(mangled, "_Z", 2) != 0)
		return NULL;
	/* No DMGL_NO_RECURSE_LIMIT: a hostile name fails instead of
	 * exhausting the stack. */
	full = cplus_demangle(mangled, DMGL_PARAMS | DMGL_ANSI);
	if (full == NULL)
		return NULL;
	n = strlen(full);
	if (n < size) {
		memcpy(buf, full, n + 1);
	} else {
		memcpy(buf, full, size - 4);
		memcpy(buf + size - 4, "...", 4);
	}
	free(full);
	return buf;
}
