/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_maps: random bytes as /proc/PID/maps text, split into lines as
 * symbols.c does and parsed by sym_maps_line.  A parsed line's path must
 * lie inside the line and its perms be a terminated string of at most 7
 * bytes.  A libFuzzer entry point; tests/fuzz/driver.c runs it without
 * libFuzzer.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "symbols_priv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *save = NULL;

	memcpy(text, data, size);
	text[size] = '\0';
	for (char *line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		struct sym_maps_line ml;
		size_t len = strlen(line);

		if (sym_maps_line(line, &ml) < 0)
			continue;
		if (ml.path == NULL || strnlen(ml.perms, sizeof ml.perms) >= sizeof ml.perms)
			abort();
		if (ml.path[0] != '\0' && (ml.path < line || ml.path > line + len))
			abort();
		if (ml.exec != (strchr(ml.perms, 'x') != NULL))
			abort();
	}
	free(text);
	return 0;
}
