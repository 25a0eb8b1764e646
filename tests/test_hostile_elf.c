/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_hostile_elf: the symbolizer on ELF files a hostile target could
 * map: a .gnu_debuglink naming a FIFO (must not block), a mapped path that
 * is a FIFO or a device (never opened), a build-id note whose 32-bit size
 * would wrap (sparse file of more than 2 GiB), and a file truncated after
 * it was indexed (names stay readable: nothing is mapped).  Not a fuzzer:
 * tests/fuzz/ throws random bytes at the same readers.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
/* cmocka.h needs the three above first. */

#include <cmocka.h>

#include <elf.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symbols.h"
#include "symbols_priv.h"
#include "util.h"

static char dir[64];

struct sec {
	const char *name;
	uint32_t type;
	const void *data;
	uint64_t size;   /* bytes of data written */
	uint64_t shsize; /* sh_size claimed (0: size) */
};

/* Writes an ELF file of the given sections (after a null one and the
 * section names); the file is extended to at least min_size (sparse). */
static void write_elf(const char *path, const struct sec *secs, int n, uint64_t min_size)
{
	Elf64_Ehdr eh;
	Elf64_Shdr sh[8];
	char names[256] = "";
	size_t nlen = 1;
	uint64_t off = sizeof eh;
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0 && n + 2 <= 8);
	memset(&eh, 0, sizeof eh);
	memset(sh, 0, sizeof sh);
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_DYN;
	eh.e_machine = EM_X86_64;
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_shentsize = sizeof(Elf64_Shdr);
	eh.e_shnum = (uint16_t)(n + 2);
	eh.e_shstrndx = 1;
	for (int i = 0; i < n; i++) {
		sh[i + 2].sh_name = (uint32_t)nlen;
		strcpy(names + nlen, secs[i].name);
		nlen += strlen(secs[i].name) + 1;
		sh[i + 2].sh_type = secs[i].type;
		sh[i + 2].sh_offset = off;
		sh[i + 2].sh_size = secs[i].shsize ? secs[i].shsize : secs[i].size;
		assert_int_equal(pwrite(fd, secs[i].data, secs[i].size, (off_t)off),
		                 (ssize_t)secs[i].size);
		off += (secs[i].size + 7) & ~7ull;
	}
	sh[1].sh_name = (uint32_t)nlen;
	strcpy(names + nlen, ".shstrtab");
	nlen += sizeof ".shstrtab";
	sh[1].sh_type = SHT_STRTAB;
	sh[1].sh_offset = off;
	sh[1].sh_size = nlen;
	assert_int_equal(pwrite(fd, names, nlen, (off_t)off), (ssize_t)nlen);
	off += (nlen + 7) & ~7ull;
	eh.e_shoff = off;
	assert_int_equal(pwrite(fd, sh, (size_t)(n + 2) * sizeof *sh, (off_t)off),
	                 (ssize_t)((size_t)(n + 2) * sizeof *sh));
	assert_int_equal(pwrite(fd, &eh, sizeof eh, 0), (ssize_t)sizeof eh);
	if (min_size > 0)
		assert_int_equal(ftruncate(fd, (off_t)min_size), 0);
	close(fd);
}

static void on_alarm(int sig)
{
	static const char msg[] = "blocked: a FIFO was opened\n";

	(void)sig;
	(void)!write(2, msg, sizeof msg - 1);
	_exit(1);
}

/* A library without .symtab whose debuglink names a FIFO beside it. */
static void test_debuglink_fifo(void **state)
{
	static const char link[] = "libhostile.debug\0\0\0\0\0\0\0";
	struct sec s = {".gnu_debuglink", SHT_PROGBITS, link, sizeof link, 0};
	char *lib = xasprintf("%s/libhostile.so", dir),
	     *fifo = xasprintf("%s/libhostile.debug", dir);
	struct sym_elf *e;
	char *cause = NULL;

	(void)state;
	write_elf(lib, &s, 1, 0);
	assert_int_equal(mkfifo(fifo, 0644), 0);
	signal(SIGALRM, on_alarm);
	alarm(10);
	e = sym_elf_open(lib, &cause);
	assert_non_null(e);
	assert_int_equal(sym_elf_nsyms(e), 0);
	sym_elf_free(e);
	/* The FIFO itself, as a mapped path: refused, not opened. */
	assert_null(sym_elf_open(fifo, &cause));
	assert_non_null(strstr(cause, "not a regular file"));
	free(cause);
	cause = NULL;
	assert_null(sym_elf_open("/dev/zero", &cause));
	free(cause);
	alarm(0);
	unlink(fifo);
	unlink(lib);
	free(lib);
	free(fifo);
}

/* A build-id note of descsz 0x8000003F in a note section over 2 GiB:
 * descsz * 2 + 1 wraps to 127 in 32 bits. */
static void test_build_id_wrap(void **state)
{
	uint8_t note[64];
	Elf64_Nhdr nh = {.n_namesz = 4, .n_descsz = 0x8000003Fu, .n_type = NT_GNU_BUILD_ID};
	struct sec s = {".note.gnu.build-id", SHT_NOTE, note, sizeof note, 0x80000100ull};
	char *lib = xasprintf("%s/libbuildid.so", dir);
	struct sym_elf *e;
	char hex[128];

	(void)state;
	memset(note, 0xab, sizeof note);
	memcpy(note, &nh, sizeof nh);
	memcpy(note + sizeof nh, "GNU", 4);
	write_elf(lib, &s, 1, 0x80000100ull + 4096);
	e = sym_elf_open(lib, NULL);
	assert_non_null(e);
	sym_elf_free(e);
	unlink(lib);
	free(lib);
	/* The note reader itself, with a buffer that claims the size. */
	sym_build_id_hex(note, sizeof note, hex, sizeof hex);
	assert_string_equal(hex, "");
	nh.n_descsz = 4;
	memcpy(note, &nh, sizeof nh);
	memcpy(note + sizeof nh + 4, "\x01\x23\xab\xcd", 4);
	sym_build_id_hex(note, sizeof nh + 8, hex, sizeof hex);
	assert_string_equal(hex, "0123abcd");
	/* Does not fit: nothing written past the buffer. */
	sym_build_id_hex(note, sizeof nh + 8, hex, 8);
	assert_string_equal(hex, "");
}

/* Names stay readable after the file is truncated under ctop. */
static void test_truncated_after_index(void **state)
{
	const char *top = getenv("top_builddir");
	char *src = xasprintf("%s/tests/workloads/hotprof", top ? top : "."),
	     *copy = xasprintf("%s/hotprof.copy", dir), *cmd;
	struct sym_elf *e;
	const char *name;
	uint64_t start, size, hot;

	(void)state;
	cmd = xasprintf("cp '%s' '%s'", src, copy);
	if (system(cmd) != 0) {
		free(cmd);
		skip();
	}
	free(cmd);
	e = sym_elf_open(copy, NULL);
	assert_non_null(e);
	assert_int_equal(truncate(copy, 0), 0);
	assert_int_equal(sym_elf_address(e, "leaf_hot", &hot), 0);
	assert_int_equal(sym_elf_lookup(e, hot + 1, &name, &start, &size), SYM_NAMED);
	assert_string_equal(name, "leaf_hot");
	sym_elf_free(e);
	/* Opened truncated: no symbols, no fault. */
	assert_null(sym_elf_open(copy, NULL));
	unlink(copy);
	free(copy);
	free(src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_debuglink_fifo),
	    cmocka_unit_test(test_build_id_wrap),
	    cmocka_unit_test(test_truncated_after_index),
	};
	int rc;

	snprintf(dir, sizeof dir, "/tmp/ctop-hostile.XXXXXX");
	if (mkdtemp(dir) == NULL)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	rmdir(dir);
	return rc;
}
