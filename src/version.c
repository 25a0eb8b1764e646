/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * version: the --version text.  libproc2 and libunwind have no run-time
 * version query, so their lines say the version the build was made
 * against; ncurses and libpfm4 answer at run time.
 */
#include "config.h"

#include <curses.h>
#include <perfmon/pfmlib.h>
#include <stdio.h>

#include "version.h"

void version_print(FILE *out)
{
	int pfm = pfm_get_version();

	fprintf(out, "ctop %s\n", PACKAGE_VERSION);
	fprintf(out, "  ncurses   %s\n", curses_version());
	if (pfm >= 0)
		fprintf(out, "  libpfm4   interface %d.%d\n", PFM_MAJ_VERSION(pfm),
		        PFM_MIN_VERSION(pfm));
	else
		fprintf(out, "  libpfm4   n/a\n");
	fprintf(out, "  libproc2  %s (built against)\n", CTOP_PROC2_VERSION);
	fprintf(out, "  libunwind %s (built against)\n", CTOP_UNWIND_VERSION);
	fprintf(out, "License GPL-2.0-or-later: this is free software, with NO WARRANTY.\n");
}
