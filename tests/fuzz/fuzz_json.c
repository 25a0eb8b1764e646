/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_json: random bytes as a string the JSON writer escapes (a thread's
 * name, a command line, a symbol: all chosen by the target).  The output
 * must be one JSON string: quoted, no raw control byte, every backslash
 * starting a valid escape.  A libFuzzer entry point; tests/fuzz/driver.c
 * runs it without libFuzzer.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = malloc(size + 1), *out = NULL;
	size_t len = 0;
	FILE *f;

	memcpy(in, data, size);
	in[size] = '\0';
	f = open_memstream(&out, &len);
	json_str(f, in);
	fclose(f);
	if (len < 2 || out[0] != '"' || out[len - 1] != '"')
		abort();
	for (size_t i = 1; i + 1 < len; i++) {
		unsigned char c = (unsigned char)out[i];

		if (c < 0x20 || c == '"')
			abort();
		if (c == '\\') {
			c = (unsigned char)out[++i];
			if (c == 'u') {
				if (i + 4 >= len - 1 + 1)
					abort();
				i += 4;
			} else if (strchr("\"\\/bfnrt", c) == NULL || c == '\0')
				abort();
		}
	}
	free(out);
	free(in);
	return 0;
}
