/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_elf: random bytes as an ELF file the target maps.  Feeds the
 * symbol reader (headers, sections, .symtab/.dynsym, notes, .eh_frame
 * ranges), the unwinder's header and .eh_frame_hdr checks, and the
 * build-id note reader.  A libFuzzer entry point; tests/fuzz/driver.c
 * runs it without libFuzzer.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "symbols.h"
#include "symbols_priv.h"
#include "unwind_elf.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct uw_elf_buf b = {data, size};
	struct uw_elf_tables t;
	struct sym_range *r;
	struct sym_elf *e;
	char hex[128];
	uint8_t *copy;
	int n;

	copy = xmalloc(size + 1);
	memcpy(copy, data, size);
	e = sym_elf_from_mem(copy, size, NULL);
	if (e != NULL) {
		const char *name;
		uint64_t start, len, bias;

		for (uint64_t a = 0; a < 0x3000; a += 0x101) {
			sym_elf_lookup(e, a, &name, &start, &len);
			sym_elf_lookup_data(e, a, &name, &start, &len);
			sym_elf_loaded(e, a);
		}
		sym_elf_bias(e, 0x400000, 0, &bias);
		sym_elf_free(e);
	}
	if (uw_elf_tables(uw_elf_read_buf, &b, size, &t) == 0)
		uw_elf_tables_free(&t);
	sym_build_id_hex(data, size, hex, sizeof hex);
	r = sym_ehframe_ranges(data, size, 0x1000, &n);
	free(r);
	return 0;
}
