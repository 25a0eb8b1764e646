/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * symbols_maps: one line of /proc/PID/maps, parsed.  The text is the
 * kernel's, but the paths in it are the target's (any byte but a newline,
 * " (deleted)" included), so the parser is pure and fuzzed
 * (tests/fuzz/fuzz_maps.c).  It opens nothing; symbols.c does that.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "symbols_priv.h"

int sym_maps_line(const char *line, struct sym_maps_line *out)
{
	int pathpos = 0;

	memset(out, 0, sizeof *out);
	if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64 " %*s %*s %n", &out->start,
	           &out->end, out->perms, &out->off, &pathpos) < 4)
		return -1;
	out->exec = strchr(out->perms, 'x') != NULL;
	out->path = pathpos > 0 && (size_t)pathpos <= strlen(line) ? line + pathpos : "";
	return 0;
}
