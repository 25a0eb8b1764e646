/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_symbols_ehframe: function ranges out of .eh_frame.  Hand-built
 * sections cover the encodings (pc-relative and absolute pointers, "zR",
 * "zPLR" and no augmentation, 64-bit lengths, FDEs of discarded code),
 * and a program compiled here with the system cc, then stripped, checks
 * the real thing against two witnesses: the symbol table of the unstripped
 * copy (each function's FDE is [address, address + size)) and the binary
 * search table of .eh_frame_hdr (one FDE per entry, same starts).
 * Truncated, corrupt and random sections must give no range that is not
 * in the section, and must not read past it (run under valgrind or a
 * sanitizer, every buffer is allocated to its exact size).
 */
#include "config.h"

#include "cmocka_main.h"

#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symbols_priv.h"
#include "util.h"

/* ---- building sections by hand ---- */

#define VADDR 0x600000ull

struct sec {
	uint8_t b[1024];
	size_t n;
};

static void put(struct sec *s, uint64_t v, size_t bytes)
{
	assert_true(s->n + bytes <= sizeof s->b);
	for (size_t i = 0; i < bytes; i++)
		s->b[s->n++] = (uint8_t)(v >> (8 * i));
}

static void put_uleb(struct sec *s, uint64_t v)
{
	do {
		uint8_t byte = v & 0x7f;

		v >>= 7;
		put(s, byte | (v != 0 ? 0x80 : 0), 1);
	} while (v != 0);
}

/* Patches the 4-byte length at at to cover up to the end so far. */
static void close_record(struct sec *s, size_t at)
{
	uint32_t len = (uint32_t)(s->n - at - 4);

	memcpy(s->b + at, &len, 4);
}

/* A CIE with augmentation aug ("", "zR", "zPLR"); R gives the FDE pointer
 * encoding.  Returns its offset. */
static size_t cie(struct sec *s, const char *aug, uint8_t enc)
{
	size_t at = s->n;

	put(s, 0, 4); /* length, patched */
	put(s, 0, 4); /* CIE id */
	put(s, 1, 1); /* version */
	for (const char *a = aug;; a++) {
		put(s, (uint8_t)*a, 1);
		if (*a == '\0')
			break;
	}
	put_uleb(s, 1);  /* code alignment */
	put(s, 0x78, 1); /* data alignment -8, sleb */
	put(s, 16, 1);   /* return address register (version 1: a byte) */
	if (strcmp(aug, "zR") == 0) {
		put_uleb(s, 1);
		put(s, enc, 1);
	} else if (strcmp(aug, "zPLR") == 0) {
		put_uleb(s, 7);
		put(s, 0x9b, 1); /* personality: indirect pcrel sdata4 */
		put(s, 0x1234, 4);
		put(s, 0x1b, 1); /* LSDA encoding */
		put(s, enc, 1);
	}
	while ((s->n - at) % 4 != 0)
		put(s, 0, 1); /* DW_CFA_nop */
	close_record(s, at);
	return at;
}

/* An FDE of [begin, begin + range) under the CIE at cie_at, pointers in
 * enc (0x1b: pcrel sdata4, 0x00: absolute 8 bytes); aug: a 'z' CIE. */
static void fde(struct sec *s, size_t cie_at, uint8_t enc, int aug, uint64_t begin, uint64_t range)
{
	size_t at = s->n, ptr;

	put(s, 0, 4);
	ptr = s->n;
	put(s, ptr - cie_at, 4);
	if (enc == 0x1b) {
		put(s, (uint64_t)(int64_t)(begin - (VADDR + s->n)), 4);
		put(s, range, 4);
	} else {
		put(s, begin, 8);
		put(s, range, 8);
	}
	if (aug)
		put_uleb(s, 0);
	while ((s->n - at) % 4 != 0)
		put(s, 0, 1);
	close_record(s, at);
}

/* The ranges of s->b[0..len), given an exact-size copy. */
static struct sym_range *ranges_of(const uint8_t *b, size_t len, int *n)
{
	uint8_t *copy = malloc(len > 0 ? len : 1);
	struct sym_range *r;

	assert_non_null(copy);
	memcpy(copy, b, len);
	r = sym_ehframe_ranges(copy, len, VADDR, n);
	free(copy);
	return r;
}

static int has_range(const struct sym_range *r, int n, uint64_t start, uint64_t end)
{
	for (int i = 0; i < n; i++)
		if (r[i].start == start && r[i].end == end)
			return 1;
	return 0;
}

static void test_encodings(void **state)
{
	struct sec s = {.n = 0};
	size_t c_rel, c_abs, c_plr;
	struct sym_range *r;
	int n;

	(void)state;
	c_rel = cie(&s, "zR", 0x1b);
	fde(&s, c_rel, 0x1b, 1, 0x401000, 0x40);
	fde(&s, c_rel, 0x1b, 1, 0x400800, 0x20);
	c_abs = cie(&s, "", 0);
	fde(&s, c_abs, 0x00, 0, 0x402000, 0x10);
	fde(&s, c_abs, 0x00, 0, 0, 0x10);        /* discarded code: begin 0 */
	fde(&s, c_rel, 0x1b, 1, 0x403000, 0);    /* empty: no range */
	fde(&s, c_rel, 0x1b, 1, 0x5ff000, 0x80); /* after a switch of CIE */
	c_plr = cie(&s, "zPLR", 0x1b);
	/* zPLR FDEs carry 4 bytes of LSDA pointer in their augmentation. */
	{
		size_t at = s.n, ptr;

		put(&s, 0, 4);
		ptr = s.n;
		put(&s, ptr - c_plr, 4);
		put(&s, (uint64_t)(int64_t)(0x404000 - (int64_t)(VADDR + s.n)), 4);
		put(&s, 0x30, 4);
		put_uleb(&s, 4);
		put(&s, 0, 4);
		while ((s.n - at) % 4 != 0)
			put(&s, 0, 1);
		close_record(&s, at);
	}
	put(&s, 0, 4); /* terminator */
	r = ranges_of(s.b, s.n, &n);
	assert_int_equal(n, 5);
	/* Sorted by start. */
	assert_true(r[0].start == 0x400800 && r[0].end == 0x400820);
	assert_true(r[1].start == 0x401000 && r[1].end == 0x401040);
	assert_true(r[2].start == 0x402000 && r[2].end == 0x402010);
	assert_true(r[3].start == 0x404000 && r[3].end == 0x404030);
	assert_true(r[4].start == 0x5ff000 && r[4].end == 0x5ff080);
	free(r);
}

static void test_long_length_and_terminator(void **state)
{
	struct sec s = {.n = 0};
	size_t c, at;
	struct sym_range *r;
	int n;

	(void)state;
	c = cie(&s, "", 0);
	/* A 64-bit length: 0xffffffff, then 8 bytes; the CIE pointer is
	 * measured from its own position as usual. */
	at = s.n;
	put(&s, 0xffffffff, 4);
	put(&s, 4 + 8 + 8, 8);
	put(&s, s.n - c, 4);
	put(&s, 0x410000, 8);
	put(&s, 0x100, 8);
	assert_int_equal(s.n - at, 4 + 8 + 20);
	/* Nothing after a terminator counts. */
	put(&s, 0, 4);
	fde(&s, c, 0x00, 0, 0x420000, 0x10);
	r = ranges_of(s.b, s.n, &n);
	assert_int_equal(n, 1);
	assert_true(r[0].start == 0x410000 && r[0].end == 0x410100);
	free(r);
	/* Empty and shorter than a length field. */
	r = ranges_of(s.b, 0, &n);
	assert_int_equal(n, 0);
	assert_null(r);
	r = ranges_of(s.b, 3, &n);
	assert_int_equal(n, 0);
	free(r);
}

/* Records that must be skipped, and the good FDE after each still read. */
static void test_corrupt_records(void **state)
{
	struct sec s = {.n = 0};
	size_t c_ok, c_bad, c_omit, c_fmt, at;
	struct sym_range *r;
	int n;

	(void)state;
	c_ok = cie(&s, "zR", 0x1b);
	c_bad = cie(&s, "zX", 0x1b);  /* unknown augmentation: layout lost */
	c_omit = cie(&s, "zR", 0xff); /* FDE pointers omitted */
	c_fmt = cie(&s, "zR", 0x15);  /* no such pointer format */
	fde(&s, c_bad, 0x1b, 1, 0x430000, 0x10);
	fde(&s, c_omit, 0x1b, 1, 0x431000, 0x10);
	fde(&s, c_fmt, 0x1b, 1, 0x432000, 0x10);
	/* A CIE pointer before the section's start. */
	at = s.n;
	put(&s, 12, 4);
	put(&s, s.n + 100, 4);
	put(&s, 0, 8);
	close_record(&s, at);
	/* A CIE pointer to an FDE, not a CIE. */
	at = s.n;
	fde(&s, c_ok, 0x1b, 1, 0x433000, 0x10);
	fde(&s, at, 0x1b, 1, 0x434000, 0x10);
	/* A broken CIE between two FDEs of a good one: the second is read
	 * with the good CIE's encoding, not what the broken one left. */
	fde(&s, c_bad, 0x1b, 1, 0x434800, 0x10);
	fde(&s, c_ok, 0x1b, 1, 0x435000, 0x10);
	r = ranges_of(s.b, s.n, &n);
	assert_int_equal(n, 2);
	assert_true(r[0].start == 0x433000 && r[0].end == 0x433010);
	assert_true(r[1].start == 0x435000 && r[1].end == 0x435010);
	free(r);
	/* A length past the end stops the walk: what came before stays. */
	s.n = 0;
	c_ok = cie(&s, "zR", 0x1b);
	fde(&s, c_ok, 0x1b, 1, 0x440000, 0x10);
	put(&s, 0x7ffffff0, 4);
	put(&s, 0, 8);
	r = ranges_of(s.b, s.n, &n);
	assert_int_equal(n, 1);
	assert_true(r[0].start == 0x440000);
	free(r);
	s.n -= 12;
	put(&s, 0xffffffff, 4);
	put(&s, UINT64_MAX - 4, 8);
	r = ranges_of(s.b, s.n, &n);
	assert_int_equal(n, 1);
	free(r);
}

/* Every prefix of a section: only ranges of the whole one, no overread. */
static void check_prefixes(const uint8_t *b, size_t size, uint64_t vaddr)
{
	int nfull, n;
	struct sym_range *full = sym_ehframe_ranges(b, size, vaddr, &nfull), *r;

	for (size_t len = 0; len <= size; len++) {
		uint8_t *copy = malloc(len > 0 ? len : 1);

		assert_non_null(copy);
		memcpy(copy, b, len);
		r = sym_ehframe_ranges(copy, len, vaddr, &n);
		free(copy);
		assert_true(n <= nfull);
		for (int i = 0; i < n; i++)
			if (!has_range(full, nfull, r[i].start, r[i].end))
				fail_msg("prefix %zu: range %#llx-%#llx not in the section", len,
				         (unsigned long long)r[i].start,
				         (unsigned long long)r[i].end);
		free(r);
	}
	free(full);
}

static void test_truncated_hand_built(void **state)
{
	struct sec s = {.n = 0};
	size_t c;

	(void)state;
	c = cie(&s, "zPLR", 0x1b);
	fde(&s, c, 0x1b, 1, 0x450000, 0x10);
	c = cie(&s, "zR", 0x1b);
	fde(&s, c, 0x1b, 1, 0x451000, 0x20);
	put(&s, 0, 4);
	check_prefixes(s.b, s.n, VADDR);
}

/* Random bytes, and a good section with random bytes flipped: whatever
 * comes out is sorted and non-empty, and nothing crashes. */
static void test_garbage(void **state)
{
	uint64_t x = 0x9e3779b97f4a7c15ull;
	struct sec good = {.n = 0};
	size_t c;

	(void)state;
	c = cie(&good, "zR", 0x1b);
	for (int i = 0; i < 8; i++)
		fde(&good, c, 0x1b, 1, 0x460000 + 0x100 * (uint64_t)i, 0x80);
	put(&good, 0, 4);
	for (int round = 0; round < 2000; round++) {
		uint8_t buf[512];
		size_t len;
		struct sym_range *r;
		int n;

		if (round % 2 == 0) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			len = (size_t)(x >> 33) % sizeof buf;
			for (size_t i = 0; i < len; i++) {
				x = x * 6364136223846793005ull + 1442695040888963407ull;
				buf[i] = (uint8_t)(x >> 56);
			}
		} else {
			len = good.n;
			memcpy(buf, good.b, len);
			for (int k = 0; k < 3; k++) {
				x = x * 6364136223846793005ull + 1442695040888963407ull;
				buf[(x >> 33) % len] ^= (uint8_t)(1u << ((x >> 20) % 8));
			}
		}
		r = ranges_of(buf, len, &n);
		assert_true(n >= 0);
		for (int i = 0; i < n; i++) {
			assert_true(r[i].end > r[i].start);
			if (i > 0)
				assert_true(r[i].start >= r[i - 1].start);
		}
		free(r);
	}
}

/* ---- a real program, compiled and stripped here ---- */

static char tmpdir[64];
static char prog[128], bare[128];
static int have_prog;

static const char prog_src[] = "__attribute__((noinline)) int ctop_eh_one(int x)\n"
			       "{\n"
			       "	__asm__ volatile(\"\" : \"+r\"(x));\n"
			       "	return x * 3 + 1;\n"
			       "}\n"
			       "__attribute__((noinline)) int ctop_eh_two(int x)\n"
			       "{\n"
			       "	int s = 0;\n"
			       "	for (int i = 0; i < x; i++) {\n"
			       "		__asm__ volatile(\"\" : : \"r\"(i));\n"
			       "		s += i * x;\n"
			       "	}\n"
			       "	return s;\n"
			       "}\n"
			       "int main(int argc, char **argv)\n"
			       "{\n"
			       "	(void)argv;\n"
			       "	return ctop_eh_one(argc) + ctop_eh_two(argc);\n"
			       "}\n";

static int setup_prog(void **state)
{
	char src[128], *cmd;
	FILE *f;

	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_ehframe.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(src, sizeof src, "%s/prog.c", tmpdir);
	snprintf(prog, sizeof prog, "%s/prog", tmpdir);
	snprintf(bare, sizeof bare, "%s/prog-stripped", tmpdir);
	f = fopen(src, "w");
	if (f == NULL)
		return -1;
	fputs(prog_src, f);
	fclose(f);
	/* No compiler or binutils here: the tests on it skip. */
	cmd = xasprintf("cc -O1 -fasynchronous-unwind-tables -o '%s' '%s' 2>/dev/null && "
	                "strip -o '%s' '%s'",
	                prog, src, bare, prog);
	have_prog = system(cmd) == 0;
	free(cmd);
	return 0;
}

static int teardown_prog(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	free(cmd);
	return 0;
}

struct elf_file {
	uint8_t *data;
	size_t size;
};

static void elf_load(struct elf_file *e, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct stat st;

	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &st), 0);
	e->size = (size_t)st.st_size;
	e->data = xmalloc(e->size);
	assert_int_equal(fread(e->data, 1, e->size, f), e->size);
	fclose(f);
	assert_true(e->size > sizeof(Elf64_Ehdr));
	assert_int_equal(memcmp(e->data, ELFMAG, SELFMAG), 0);
	assert_int_equal(e->data[EI_CLASS], ELFCLASS64);
}

static const Elf64_Shdr *elf_section(const struct elf_file *e, const char *name)
{
	const Elf64_Ehdr *eh = (const void *)e->data;
	const Elf64_Shdr *sh = (const void *)(e->data + eh->e_shoff);
	const char *names = (const char *)e->data + sh[eh->e_shstrndx].sh_offset;

	for (int i = 0; i < eh->e_shnum; i++)
		if (strcmp(names + sh[i].sh_name, name) == 0)
			return &sh[i];
	return NULL;
}

/* Address and size of a function, from nm -S on the unstripped copy. */
static void func_of(const char *name, uint64_t *addr, uint64_t *size)
{
	char *cmd = xasprintf("nm -S '%s'", prog), line[256], sym[128], type[4];
	unsigned long long a, sz;
	FILE *p = popen(cmd, "r");
	int found = 0;

	free(cmd);
	assert_non_null(p);
	while (fgets(line, sizeof line, p) != NULL)
		if (sscanf(line, "%llx %llx %3s %127s", &a, &sz, type, sym) == 4 &&
		    strcmp(sym, name) == 0) {
			*addr = a;
			*size = sz;
			found = 1;
		}
	pclose(p);
	if (!found)
		fail_msg("nm: no %s in %s", name, prog);
}

static void test_compiled_stripped(void **state)
{
	static const char *const funcs[] = {"ctop_eh_one", "ctop_eh_two", "main"};
	struct elf_file e;
	const Elf64_Shdr *eh, *hdr;
	struct sym_range *r;
	const uint8_t *h;
	uint64_t table_vaddr;
	uint32_t count;
	int n;

	(void)state;
	if (!have_prog) {
		print_message("no cc or strip here\n");
		skip();
	}
	elf_load(&e, bare);
	assert_null(elf_section(&e, ".symtab"));
	eh = elf_section(&e, ".eh_frame");
	hdr = elf_section(&e, ".eh_frame_hdr");
	assert_non_null(eh);
	assert_non_null(hdr);
	assert_true(eh->sh_offset + eh->sh_size <= e.size);
	r = sym_ehframe_ranges(e.data + eh->sh_offset, eh->sh_size, eh->sh_addr, &n);
	assert_true(n >= 3);
	/* Witness 1: each function's FDE is exactly its symbol's extent. */
	for (size_t i = 0; i < CTOP_ARRAY_LEN(funcs); i++) {
		uint64_t a, sz;

		func_of(funcs[i], &a, &sz);
		if (!has_range(r, n, a, a + sz))
			fail_msg("%s [%#llx, %#llx) has no FDE", funcs[i], (unsigned long long)a,
			         (unsigned long long)(a + sz));
	}
	/* Witness 2: .eh_frame_hdr lists one entry per FDE, sorted by start:
	 * version 1, then eh_frame_ptr (pcrel sdata4), fde_count (udata4),
	 * and a table of (start, fde) pairs in datarel sdata4. */
	h = e.data + hdr->sh_offset;
	assert_int_equal(h[0], 1);
	assert_int_equal(h[1], 0x1b);
	assert_int_equal(h[2], 0x03);
	assert_int_equal(h[3], 0x3b);
	memcpy(&count, h + 8, 4);
	assert_int_equal(count, (uint32_t)n);
	table_vaddr = hdr->sh_addr;
	for (uint32_t i = 0; i < count; i++) {
		int32_t rel;

		memcpy(&rel, h + 12 + 8 * i, 4);
		if ((uint64_t)((int64_t)table_vaddr + rel) != r[i].start)
			fail_msg("entry %u: .eh_frame_hdr says %#llx, .eh_frame %#llx", i,
			         (unsigned long long)((int64_t)table_vaddr + rel),
			         (unsigned long long)r[i].start);
	}
	free(r);
	free(e.data);
}

static void test_compiled_truncated(void **state)
{
	struct elf_file e;
	const Elf64_Shdr *eh;

	(void)state;
	if (!have_prog) {
		print_message("no cc or strip here\n");
		skip();
	}
	elf_load(&e, bare);
	eh = elf_section(&e, ".eh_frame");
	assert_non_null(eh);
	check_prefixes(e.data + eh->sh_offset, eh->sh_size, eh->sh_addr);
	free(e.data);
}

int main(void)
{
	const struct CMUnitTest built[] = {
	    cmocka_unit_test(test_encodings),
	    cmocka_unit_test(test_long_length_and_terminator),
	    cmocka_unit_test(test_corrupt_records),
	    cmocka_unit_test(test_truncated_hand_built),
	    cmocka_unit_test(test_garbage),
	};
	const struct CMUnitTest compiled[] = {
	    cmocka_unit_test(test_compiled_stripped),
	    cmocka_unit_test(test_compiled_truncated),
	};
	int rc = cmocka_run_group_tests(built, NULL, NULL);

	rc |= cmocka_run_group_tests(compiled, setup_prog, teardown_prog);
	return ctop_status(rc);
}
