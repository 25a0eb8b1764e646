/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_symbols: the symbolizer on real ELF files and real processes: this
 * test's own functions by name, a stripped copy of the hotprof workload
 * grouped by .eh_frame function ranges (file level and in a running
 * process, with module+0xOFFSET names), the vdso read from memory, and the
 * end-of-function boundary behind the ip-1 rule.
 */
#include "config.h"

#include "cmocka_main.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "demangle.h"
#include "symbols.h"
#include "util.h"

__attribute__((noinline)) int symtest_target_a(int x);
__attribute__((noinline)) int symtest_target_b(int x);

__attribute__((noinline)) int symtest_target_a(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x * 3 + 1;
}

__attribute__((noinline)) int symtest_target_b(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x * 5 + 2;
}

/* Data objects for the data lookup: one in .data, one in .bss. */
int symtest_data[4] = {1, 2, 3, 4};
long symtest_bss[8];

static char tmpdir[64];
static char hotprof[4096];
static char stripped[4200];
static char linked[4200];

/* Builds the stripped copy once; skips the ELF tests without strip. */
static int setup_stripped(void **state)
{
	const char *top = getenv("top_builddir");
	char *cmd;
	int rc;

	(void)state;
	snprintf(hotprof, sizeof hotprof, "%s/tests/workloads/hotprof", top ? top : ".");
	if (access(hotprof, X_OK) != 0)
		return -1;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/test_symbols.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	snprintf(stripped, sizeof stripped, "%s/hotprof-stripped", tmpdir);
	snprintf(linked, sizeof linked, "%s/hotprof-linked", tmpdir);
	/* hotprof-linked: no .symtab, but a .gnu_debuglink to a debug file
	 * beside it that has one. */
	cmd = xasprintf("strip -o '%s' '%s' && cd '%s' && "
	                "objcopy --only-keep-debug '%s' hotprof.debug && "
	                "objcopy --add-gnu-debuglink=hotprof.debug '%s' '%s'",
	                stripped, hotprof, tmpdir, hotprof, stripped, linked);
	rc = system(cmd);
	free(cmd);
	return rc == 0 ? 0 : -1;
}

static int teardown_stripped(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", tmpdir);

	(void)state;
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	free(cmd);
	return 0;
}

/*
 * Refreshes until the maps stop changing: our own maps move as the
 * symbolizer maps the files it reads and as malloc (or a sanitizer's
 * allocator) maps memory.  A refresh of unchanged maps must say 0.
 */
static void settle(struct symbols *sy)
{
	int tries = 0;

	while (symbols_refresh(sy) != 0 && tries < 10)
		tries++;
	assert_true(tries < 10);
}

static void test_self_by_name(void **state)
{
	struct symbols *sy = symbols_new(getpid());
	struct sym_info si;
	uint64_t a = (uint64_t)(uintptr_t)&symtest_target_a;

	(void)state;
	symbols_lookup(sy, a + 1, &si);
	assert_string_equal(si.function, "symtest_target_a");
	assert_string_equal(si.module, program_invocation_short_name);
	assert_int_equal(si.named, 1);
	assert_true(si.start == a);
	assert_true(si.end > a);
	symbols_lookup(sy, (uint64_t)(uintptr_t)&symtest_target_b, &si);
	assert_string_equal(si.function, "symtest_target_b");
	/* A refresh with unchanged maps is a no-op and keeps answers. */
	settle(sy);
	symbols_lookup(sy, a, &si);
	assert_string_equal(si.function, "symtest_target_a");
	symbols_free(sy);
}

/*
 * A return address can be the first byte after its function: the next
 * function owns it, which is why the store looks up ip - 1.
 */
static void test_end_boundary(void **state)
{
	struct symbols *sy = symbols_new(getpid());
	struct sym_info si;
	uint64_t end;

	(void)state;
	symbols_lookup(sy, (uint64_t)(uintptr_t)&symtest_target_a, &si);
	end = si.end;
	assert_true(end != 0);
	symbols_lookup(sy, end - 1, &si);
	assert_string_equal(si.function, "symtest_target_a");
	symbols_lookup(sy, end, &si);
	assert_string_not_equal(si.function, "symtest_target_a");
	symbols_free(sy);
}

/* New code mapped (a dlopen, a JIT) changes the maps: the refresh says so
 * and the new region is known from then on. */
static void test_refresh_new_mapping(void **state)
{
	struct symbols *sy = symbols_new(getpid());
	struct sym_info si;
	uint8_t *p;
	char want[64];

	(void)state;
	settle(sy);
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	symbols_lookup(sy, (uint64_t)(uintptr_t)p + 0x10, &si);
	assert_string_equal(si.function, "[unknown]");
	assert_int_equal(symbols_refresh(sy), 1);
	symbols_lookup(sy, (uint64_t)(uintptr_t)p + 0x10, &si);
	assert_string_equal(si.module, "[anon]");
	snprintf(want, sizeof want, "[anon]+0x10");
	assert_string_equal(si.function, want);
	munmap(p, 4096);
	assert_int_equal(symbols_refresh(sy), 1);
	symbols_lookup(sy, (uint64_t)(uintptr_t)p + 0x10, &si);
	assert_string_equal(si.function, "[unknown]");
	symbols_free(sy);
}

static void test_unknown(void **state)
{
	struct symbols *sy = symbols_new(getpid());
	struct sym_info si;

	(void)state;
	symbols_lookup(sy, 16, &si);
	assert_string_equal(si.function, "[unknown]");
	assert_string_equal(si.module, "[unknown]");
	symbols_free(sy);
}

static void test_elf_stripped_ranges(void **state)
{
	struct sym_elf *full = sym_elf_open(hotprof, NULL);
	struct sym_elf *bare = sym_elf_open(stripped, NULL);
	uint64_t hot, cold, work, start, size;
	const char *name;

	(void)state;
	assert_non_null(full);
	assert_non_null(bare);
	assert_int_equal(sym_elf_address(full, "leaf_hot", &hot), 0);
	assert_int_equal(sym_elf_address(full, "leaf_cold", &cold), 0);
	assert_int_equal(sym_elf_address(full, "work", &work), 0);
	assert_int_equal(sym_elf_lookup(full, hot + 7, &name, &start, &size), SYM_NAMED);
	assert_string_equal(name, "leaf_hot");
	/* The stripped file has no name for them but the same ranges. */
	assert_int_equal(sym_elf_address(bare, "leaf_hot", &start), -1);
	assert_true(sym_elf_nranges(bare) > 3);
	assert_int_equal(sym_elf_lookup(bare, hot + 7, &name, &start, &size), SYM_RANGE);
	assert_null(name);
	assert_true(start == hot);
	assert_int_equal(sym_elf_lookup(bare, hot + size - 1, &name, &start, &size), SYM_RANGE);
	assert_true(start == hot);
	assert_int_equal(sym_elf_lookup(bare, cold + 3, &name, &start, &size), SYM_RANGE);
	assert_true(start == cold);
	assert_int_equal(sym_elf_lookup(bare, work + 1, &name, &start, &size), SYM_RANGE);
	assert_true(start == work);
	sym_elf_free(full);
	sym_elf_free(bare);
}

/* The runtime start and end of the executable mapping of path in pid,
 * and its file offset; -1 when it is not mapped (yet). */
static int find_mapping_end(pid_t pid, const char *path, uint64_t *start, uint64_t *end,
                            uint64_t *off)
{
	char maps[64], line[4608];
	FILE *f;
	int rc = -1;

	snprintf(maps, sizeof maps, "/proc/%d/maps", (int)pid);
	f = fopen(maps, "r");
	if (f == NULL)
		return -1;
	while (rc < 0 && fgets(line, sizeof line, f) != NULL) {
		char perms[8];

		line[strcspn(line, "\n")] = '\0';
		if (strstr(line, path) != NULL &&
		    sscanf(line, "%" SCNx64 "-%" SCNx64 " %7s %" SCNx64, start, end, perms, off) ==
		        4 &&
		    strchr(perms, 'x') != NULL)
			rc = 0;
	}
	fclose(f);
	return rc;
}

static int find_mapping(pid_t pid, const char *path, uint64_t *start, uint64_t *off)
{
	uint64_t end;

	return find_mapping_end(pid, path, start, &end, off);
}

/* Runs prog, looks up its link-time address vaddr as the running
 * process maps it. */
static void lookup_in_child(const char *prog, const char *module, uint64_t vaddr,
                            struct sym_info *si, uint64_t *bias)
{
	struct sym_elf *e = sym_elf_open(prog, NULL);
	uint64_t mstart = 0, moff = 0;
	char tmp[sizeof si->buf];
	struct symbols *sy;
	pid_t child;
	int tries = 0;

	assert_non_null(e);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		execl(prog, prog, "5", (char *)NULL);
		_exit(127);
	}
	while (find_mapping(child, module, &mstart, &moff) < 0 && tries++ < 200)
		usleep(10000);
	assert_int_equal(sym_elf_bias(e, mstart, moff, bias), 0);
	sy = symbols_new(child);
	symbols_lookup(sy, vaddr + *bias, si);
	/* The strings die with sy: keep copies in si's buffer. */
	snprintf(tmp, sizeof tmp, "%s|%s", si->function, si->module);
	snprintf(si->buf, sizeof si->buf, "%s", tmp);
	si->function = si->buf;
	si->module = strchr(si->buf, '|') + 1;
	*strchr(si->buf, '|') = '\0';
	symbols_free(sy);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	sym_elf_free(e);
}

static void test_process_stripped(void **state)
{
	struct sym_elf *full = sym_elf_open(hotprof, NULL);
	uint64_t hot, cold, bias;
	struct sym_info si;
	char want[64];

	(void)state;
	assert_non_null(full);
	assert_int_equal(sym_elf_address(full, "leaf_hot", &hot), 0);
	assert_int_equal(sym_elf_address(full, "leaf_cold", &cold), 0);
	lookup_in_child(stripped, "hotprof-stripped", hot + 9, &si, &bias);
	snprintf(want, sizeof want, "hotprof-stripped+0x%" PRIx64, hot);
	assert_string_equal(si.function, want);
	assert_string_equal(si.module, "hotprof-stripped");
	assert_int_equal(si.named, 0);
	assert_true(si.start == hot + bias);
	lookup_in_child(stripped, "hotprof-stripped", cold + 2, &si, &bias);
	snprintf(want, sizeof want, "hotprof-stripped+0x%" PRIx64, cold);
	assert_string_equal(si.function, want);
	sym_elf_free(full);
}

/* Symbols from a separate debug file found through .gnu_debuglink, both
 * for the file and for a process mapping it (opened via map_files, whose
 * directory is not the file's). */
static void test_debuglink(void **state)
{
	struct sym_elf *full = sym_elf_open(hotprof, NULL);
	struct sym_elf *e = sym_elf_open(linked, NULL);
	uint64_t hot, start, size, bias;
	const char *name;
	struct sym_info si;

	(void)state;
	assert_non_null(full);
	assert_non_null(e);
	assert_int_equal(sym_elf_address(full, "leaf_hot", &hot), 0);
	assert_int_equal(sym_elf_lookup(e, hot + 3, &name, &start, &size), SYM_NAMED);
	assert_string_equal(name, "leaf_hot");
	lookup_in_child(linked, "hotprof-linked", hot + 3, &si, &bias);
	assert_string_equal(si.function, "leaf_hot");
	assert_string_equal(si.module, "hotprof-linked");
	sym_elf_free(e);
	sym_elf_free(full);
}

/*
 * MiniDebugInfo: a stripped copy carrying .gnu_debugdata, an xz-compressed
 * ELF image whose .symtab holds the functions .dynsym lacks (built as
 * distributions do: objcopy, nm, xz).  With liblzma its static functions
 * are named; a .gnu_debugdata of garbage names nothing and breaks nothing.
 */
static void test_minidebuginfo(void **state)
{
	struct sym_elf *full = sym_elf_open(hotprof, NULL), *e, *bad;
	uint64_t hot, start, size;
	const char *name = NULL;
	char *cmd;
	int rc;

	(void)state;
	assert_non_null(full);
	cmd = xasprintf(
	    "cd '%s' && command -v xz >/dev/null && "
	    "nm -D '%s' --format=posix --defined-only | awk '{print $1}' | sort >dyn && "
	    "nm '%s' --format=posix --defined-only | awk '$2 ~ /^[Tt]$/ {print $1}' | "
	    "sort >funcs && comm -13 dyn funcs >keep && "
	    "objcopy --only-keep-debug '%s' mini.full && "
	    "objcopy -S --remove-section .comment --keep-symbols=keep mini.full mini && "
	    "xz -f mini && objcopy --add-section .gnu_debugdata=mini.xz '%s' hotprof-mini && "
	    "head -c 4096 /dev/urandom >junk && "
	    "objcopy --add-section .gnu_debugdata=junk '%s' hotprof-junk",
	    tmpdir, hotprof, hotprof, hotprof, stripped, stripped);
	rc = system(cmd);
	free(cmd);
	if (rc != 0) {
		sym_elf_free(full);
		skip();
	}
	assert_int_equal(sym_elf_address(full, "leaf_hot", &hot), 0);
	cmd = xasprintf("%s/hotprof-mini", tmpdir);
	e = sym_elf_open(cmd, NULL);
	free(cmd);
	cmd = xasprintf("%s/hotprof-junk", tmpdir);
	bad = sym_elf_open(cmd, NULL);
	free(cmd);
	assert_non_null(e);
	assert_non_null(bad);
#ifdef HAVE_LZMA
	assert_int_equal(sym_elf_lookup(e, hot + 3, &name, &start, &size), SYM_NAMED);
	assert_string_equal(name, "leaf_hot");
	assert_true(start == hot);
#else
	assert_int_equal(sym_elf_lookup(e, hot + 3, &name, &start, &size), SYM_RANGE);
#endif
	assert_int_equal(sym_elf_lookup(bad, hot + 3, &name, &start, &size), SYM_RANGE);
	sym_elf_free(bad);
	sym_elf_free(e);
	sym_elf_free(full);
}

/*
 * The target's files are input we do not control: truncated or garbled
 * ELF files must give fewer answers, never a crash or a read past the end.
 */
static void test_corrupt_elf(void **state)
{
	FILE *f = fopen(hotprof, "rb");
	static uint8_t data[1 << 20];
	size_t n, cuts[] = {16, 64, 100, 1000, 5000, 12000, 0, 0};
	uint64_t hot = 0;
	char path[4200];

	(void)state;
	assert_non_null(f);
	n = fread(data, 1, sizeof data, f);
	fclose(f);
	assert_true(n > 14000 && n < sizeof data);
	cuts[6] = n - 300;
	cuts[7] = n;
	{
		struct sym_elf *full = sym_elf_open(hotprof, NULL);

		assert_int_equal(sym_elf_address(full, "leaf_hot", &hot), 0);
		sym_elf_free(full);
	}
	snprintf(path, sizeof path, "%s/corrupt", tmpdir);
	for (int round = 0; round < 2; round++) {
		for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
			struct sym_elf *e;
			const char *name;
			uint64_t start, size;

			f = fopen(path, "wb");
			assert_non_null(f);
			assert_int_equal(fwrite(data, 1, cuts[i], f), cuts[i]);
			fclose(f);
			e = sym_elf_open(path, NULL);
			if (e != NULL) {
				sym_elf_lookup(e, hot + 3, &name, &start, &size);
				sym_elf_free(e);
			}
		}
		/* Second round: the same with the section headers garbled. */
		for (size_t k = 0; k < n; k += 7)
			if (k > 0x40 && (k % 3) == 0)
				data[k] ^= 0x5a;
	}
	unlink(path);
}

/* The vdso has no file: it is read from the target's memory. */
static void test_vdso(void **state)
{
	uint64_t base = getauxval(AT_SYSINFO_EHDR), vstart = 0, vend = 0, voff = 0, bias, fn;
	struct sym_elf *e;
	struct symbols *sy;
	struct sym_info si;
	void *copy;

	(void)state;
	if (base == 0)
		skip();
	assert_int_equal(find_mapping_end(getpid(), "[vdso]", &vstart, &vend, &voff), 0);
	assert_true(vstart == base);
	copy = xmalloc(vend - vstart);
	memcpy(copy, (void *)(uintptr_t)base, vend - vstart);
	e = sym_elf_from_mem(copy, vend - vstart, NULL);
	assert_non_null(e);
	assert_int_equal(sym_elf_address(e, "__vdso_clock_gettime", &fn), 0);
	assert_int_equal(sym_elf_bias(e, vstart, voff, &bias), 0);
	sy = symbols_new(getpid());
	symbols_lookup(sy, fn + bias + 1, &si);
	assert_string_equal(si.module, "[vdso]");
	assert_string_equal(si.function, "__vdso_clock_gettime");
	symbols_free(sy);
	sym_elf_free(e);
}

static void test_demangle(void **state)
{
	static const char *const cases[][2] = {
	    {"_ZN10hash_tableI11spec_hasherLb0E11xcallocatorE14find_with_hashERKP10spec_entryj",
	     "hash_table<spec_hasher, false, xcallocator>::find_with_hash(spec_entry* const&, "
	     "unsigned int)"},
	    {"_Z3foov", "foo()"},
	    {"_ZNK3foo3barEv", "foo::bar() const"},
	    {"_ZN3FooD1Ev", "Foo::~Foo()"},
	    {"_ZNSt6vectorIiSaIiEE9push_backERKi",
	     "std::vector<int, std::allocator<int> >::push_back(int const&)"},
	    {"_ZSt4sortIPiEvT_S1_", "void std::sort<int*>(int*, int*)"},
	    {"_ZNKSt8functionIFviEEclEi", "std::function<void (int)>::operator()(int) const"},
	    /* lambdas */
	    {"_ZZ4mainENKUlvE_clEv", "main::{lambda()#1}::operator()() const"},
	    {"_ZZN3app3runEvENKUliE_clEi", "app::run()::{lambda(int)#1}::operator()(int) const"},
	    /* operators and conversions */
	    {"_ZN3fooplERKS_", "foo::operator+(foo const&)"},
	    {"_ZN3fooixEm", "foo::operator[](unsigned long)"},
	    {"_ZN3Foocv3BarEv", "Foo::operator Bar()"},
	    /* overloads stay apart: the parameters are part of the name */
	    {"_ZN3foo3barEi", "foo::bar(int)"},
	    {"_ZN3foo3barEd", "foo::bar(double)"},
	    {"_Z3foov.cold", "foo() [clone .cold]"},
	    {"_ZN12_GLOBAL__N_14workEv", "(anonymous namespace)::work()"},
	    {"_ZN3FooB5cxx113getEv", "Foo[abi:cxx11]::get()"},
	};
	static const char *const refused[] = {"main", "_Z", "_ZN3foo", "_ZNE", "_Z99foo", NULL};
	char buf[1024], small[12];
	char deep[4096];
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = demangle(cases[i][0], buf, sizeof buf);

		if (got == NULL || strcmp(got, cases[i][1]) != 0)
			fail_msg("%s: got %s, want %s", cases[i][0], got ? got : "NULL",
			         cases[i][1]);
	}
	for (size_t i = 0; refused[i] != NULL; i++)
		if (demangle(refused[i], buf, sizeof buf) != NULL)
			fail_msg("%s: demangled to %s, want refused", refused[i], buf);
	/* Too long for the buffer: cut, and said with "...". */
	assert_non_null(demangle("_ZN3foo3barEi", small, sizeof small));
	assert_string_equal(small, "foo::bar...");
	/* A hostile name nested thousands deep fails cleanly (the library's
	 * recursion limit), it does not crash. */
	n = 0;
	n += (size_t)snprintf(deep + n, sizeof deep - n, "_Z1f");
	while (n + 8 < sizeof deep)
		deep[n++] = 'P';
	memcpy(deep + n, "iE", 3);
	(void)demangle(deep, buf, sizeof buf);
}

/*
 * A data address names the object that holds it: this program's own
 * globals (.symtab, in .data and .bss), a libc object known from .dynsym
 * only (Debian strips libc), and nothing for heap memory.
 */
static void test_data_lookup(void **state)
{
	struct symbols *sy = symbols_new(getpid());
	struct sym_info si;
	void *heap = malloc(64);

	(void)state;
	assert_int_equal(symbols_lookup_data(sy, (uint64_t)(uintptr_t)&symtest_data[0], &si), 1);
	assert_string_equal(si.function, "symtest_data");
	assert_string_equal(si.module, program_invocation_short_name);
	assert_true(si.start == (uint64_t)(uintptr_t)symtest_data);
	assert_int_equal(symbols_lookup_data(sy, (uint64_t)(uintptr_t)&symtest_data[2], &si), 1);
	assert_string_equal(si.function, "symtest_data+0x8");
	assert_int_equal(symbols_lookup_data(sy, (uint64_t)(uintptr_t)&symtest_bss[7], &si), 1);
	assert_string_equal(si.function, "symtest_bss+0x38");
	/* stdout points at libc's _IO_2_1_stdout_, a .dynsym object. */
	assert_int_equal(symbols_lookup_data(sy, (uint64_t)(uintptr_t)stdout, &si), 1);
	assert_string_equal(si.function, "_IO_2_1_stdout_");
	assert_non_null(strstr(si.module, "libc"));
	assert_int_equal(symbols_lookup_data(sy, (uint64_t)(uintptr_t)heap, &si), -1);
	/* Code is loaded too, but it is no data object: module+offset. */
	assert_int_equal(symbols_lookup_data(sy, (uint64_t)(uintptr_t)&symtest_target_a + 1, &si),
	                 0);
	assert_non_null(strstr(si.function, "+0x"));
	free(heap);
	symbols_free(sy);
}

int main(void)
{
	const struct CMUnitTest self[] = {
	    cmocka_unit_test(test_self_by_name), cmocka_unit_test(test_end_boundary),
	    cmocka_unit_test(test_unknown),      cmocka_unit_test(test_refresh_new_mapping),
	    cmocka_unit_test(test_vdso),         cmocka_unit_test(test_demangle),
	    cmocka_unit_test(test_data_lookup),
	};
	const struct CMUnitTest elf[] = {
	    cmocka_unit_test(test_elf_stripped_ranges), cmocka_unit_test(test_process_stripped),
	    cmocka_unit_test(test_debuglink),           cmocka_unit_test(test_minidebuginfo),
	    cmocka_unit_test(test_corrupt_elf),
	};
	int rc = cmocka_run_group_tests(self, NULL, NULL);

	rc |= cmocka_run_group_tests(elf, setup_stripped, teardown_stripped);
	return ctop_status(rc);
}
