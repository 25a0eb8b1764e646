/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * driver: runs a fuzz target without libFuzzer.  Every file named on the
 * command line, then random mutations of them (byte flips, cuts, random
 * 32/64-bit values at random offsets) until SECONDS (env FUZZ_SECONDS,
 * default 10) have passed.  Not coverage-guided: a fallback for machines
 * without clang's libFuzzer, so the targets still run in CI.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t *load(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = NULL;
	size_t cap = 0, n = 0, got;

	if (f == NULL)
		return NULL;
	do {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			p = realloc(p, cap);
		}
		got = fread(p + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	fclose(f);
	*size = n;
	return p;
}

int main(int argc, char **argv)
{
	const char *s = getenv("FUZZ_SECONDS");
	time_t end = time(NULL) + (s != NULL ? atol(s) : 10);
	uint8_t *seeds[256], *buf;
	size_t sizes[256];
	int n = 0;
	unsigned long runs = 0;

	for (int i = 1; i < argc && n < 256; i++) {
		seeds[n] = load(argv[i], &sizes[n]);
		if (seeds[n] != NULL) {
			LLVMFuzzerTestOneInput(seeds[n], sizes[n]);
			n++;
		}
	}
	if (n == 0) {
		static uint8_t empty[1];

		seeds[0] = empty;
		sizes[0] = 1;
		n = 1;
	}
	srand((unsigned)time(NULL));
	while (time(NULL) < end) {
		int k = rand() % n;
		size_t size = sizes[k];

		buf = malloc(size + 8);
		memcpy(buf, seeds[k], size);
		for (int m = rand() % 8 + 1; m > 0 && size > 0; m--) {
			size_t at = (size_t)rand() % size;

			switch (rand() % 4) {
			case 0:
				buf[at] ^= (uint8_t)(1u << (rand() % 8));
				break;
			case 1:
				size = at;
				break;
			case 2:
				if (at + 4 <= size) {
					uint32_t v = (uint32_t)rand() * 2654435761u;

					memcpy(buf + at, &v, 4);
				}
				break;
			default:
				if (at + 8 <= size) {
					uint64_t v = ~(uint64_t)0 >> (rand() % 64);

					memcpy(buf + at, &v, 8);
				}
				break;
			}
		}
		LLVMFuzzerTestOneInput(buf, size);
		free(buf);
		runs++;
	}
	printf("%lu runs over %d seeds\n", runs, n);
	return 0;
}
