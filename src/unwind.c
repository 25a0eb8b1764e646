/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unwind: the one offline unwinder.  Both sampler back ends hand it a copy
 * of a thread's registers and of the top of its stack, taken while the
 * thread was held (ptrace) or by the kernel at the sample (perf).  The
 * unwinding itself happens afterwards, with the thread running again.
 *
 * It is a libunwind remote address space: registers come from the copy,
 * memory from the copy when the address falls inside it, else from the
 * module's ELF file mapped once into ctop (code and .eh_frame are
 * read-only, so the file holds what the target has), or for the vdso,
 * which has no file, from one copy of its image read from the target's
 * memory; only what none of these holds (the stack beyond the copy) is
 * read with process_vm_readv, a page at a time.  Unwind tables are found
 * through each module's .eh_frame_hdr (libunwind's binary search over
 * the mapped table), so the vdso unwinds like any module; code without
 * one falls back to libunwind-ptrace's _UPT_* lookups.  libunwind's
 * per-IP register-state cache is enlarged so that the hot addresses of a
 * big program stay memoized.  It does not symbolize: it returns
 * addresses (symbols.c turns them into names).
 *
 * Tail calls leave no frame: when f tail-calls g, a stack taken in g goes
 * straight from g to f's caller.  Nothing can recover f; the hot panel
 * simply shows g under f's caller.
 *
 * Not reentrant: libunwind calls our accessors with the _UPT context as
 * argument when it searches unwind tables, so the copy being unwound is
 * found through one module-level pointer.  ctop has one thread.
 */
#include "config.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <libunwind-ptrace.h>
#include <libunwind.h>

#include "unwind.h"
#include "util.h"

/* libunwind's per-IP register-state cache (a power of two). */
#define UNWIND_RS_CACHE 4096
/* Target pages of stack beyond the copy kept during one unwind. */
#define UNWIND_PAGES 4
#define UNWIND_PAGE 4096u

/* A module's image: its ELF file mapped read-only, or the vdso's copy. */
struct uw_mod {
	dev_t dev;
	ino_t ino;
	uint8_t *img;
	size_t size;
	int is_copy; /* malloc'd (the vdso), not mmap'd */
	/* .eh_frame_hdr's binary-search table, if usable. */
	int has_table;
	uint64_t hdr_vaddr, table_vaddr, fde_count;
	uint64_t lo_vaddr, hi_vaddr; /* the PT_LOAD range */
	const Elf64_Phdr *phdr;
	int phnum;
};

struct uw_map {
	uint64_t start, end, off;
	int mod; /* index in mods, or -1 */
	int readonly;
	int64_t bias; /* runtime - ELF vaddr, when mod >= 0 */
};

struct uw_page {
	uint64_t addr; /* page start, 0: empty */
	uint8_t data[UNWIND_PAGE];
};

struct unwinder {
	pid_t pid;
	uint64_t vm_reads;
	unw_addr_space_t as;
	void *upt; /* _UPT_create(pid): tables of code without .eh_frame_hdr */
	struct uw_map *maps;
	int nmaps;
	struct uw_mod *mods;
	int nmods;
	uint64_t maps_read_ns; /* when maps were last read */
	struct uw_page pages[UNWIND_PAGES];
	int next_page;
};

/* Exported by libunwind (its _UPT functions use it) but not declared. */
extern int _Ux86_64_dwarf_search_unwind_table(unw_addr_space_t as, unw_word_t ip,
                                              unw_dyn_info_t *di, unw_proc_info_t *pi,
                                              int need_unwind_info, void *arg);

/* The unwind in progress (see the note at the top). */
static const struct stack_copy *unwind_copy;
static struct unwinder *unwind_cur;

/* libunwind's x86-64 register numbers → perf's PERF_REG_X86_* order. */
static int unwind_perf_index(unw_regnum_t reg)
{
	switch (reg) {
	case UNW_X86_64_RAX:
		return PERF_REG_X86_AX;
	case UNW_X86_64_RBX:
		return PERF_REG_X86_BX;
	case UNW_X86_64_RCX:
		return PERF_REG_X86_CX;
	case UNW_X86_64_RDX:
		return PERF_REG_X86_DX;
	case UNW_X86_64_RSI:
		return PERF_REG_X86_SI;
	case UNW_X86_64_RDI:
		return PERF_REG_X86_DI;
	case UNW_X86_64_RBP:
		return PERF_REG_X86_BP;
	case UNW_X86_64_RSP:
		return PERF_REG_X86_SP;
	case UNW_X86_64_RIP:
		return PERF_REG_X86_IP;
	default:
		if (reg >= UNW_X86_64_R8 && reg <= UNW_X86_64_R15)
			return PERF_REG_X86_R8 + (reg - UNW_X86_64_R8);
		return -1;
	}
}

static int unwind_read_target(pid_t pid, unw_word_t addr, unw_word_t *val)
{
	struct iovec local = {.iov_base = val, .iov_len = sizeof *val};
	struct iovec remote = {.iov_base = (void *)(uintptr_t)addr, .iov_len = sizeof *val};

	if (process_vm_readv(pid, &local, 1, &remote, 1, 0) != (ssize_t)sizeof *val)
		return -UNW_EINVAL;
	return 0;
}

/* The mapping holding addr, or NULL. */
static const struct uw_map *uw_find_map(const struct unwinder *u, uint64_t addr)
{
	int lo = 0, hi = u->nmaps - 1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (addr < u->maps[mid].start)
			hi = mid - 1;
		else if (addr >= u->maps[mid].end)
			lo = mid + 1;
		else
			return &u->maps[mid];
	}
	return NULL;
}

/* 8 bytes at addr from a module's image (read-only mappings only). */
static int uw_read_image(const struct unwinder *u, uint64_t addr, unw_word_t *val)
{
	const struct uw_map *m = uw_find_map(u, addr);
	const struct uw_mod *mod;
	uint64_t at;

	if (m == NULL || m->mod < 0 || !m->readonly)
		return -1;
	mod = &u->mods[m->mod];
	at = addr - m->start + m->off;
	if (at + sizeof *val > mod->size || addr + sizeof *val > m->end)
		return -1;
	memcpy(val, mod->img + at, sizeof *val);
	return 0;
}

/* 8 bytes at addr through the page cache: one process_vm_readv per page
 * per unwind, not one per word. */
static int uw_read_paged(struct unwinder *u, uint64_t addr, unw_word_t *val)
{
	uint64_t page = addr & ~(uint64_t)(UNWIND_PAGE - 1);
	struct uw_page *p;
	struct iovec local, remote;

	if (addr - page + sizeof *val > UNWIND_PAGE)
		return -1;
	for (int i = 0; i < UNWIND_PAGES; i++)
		if (u->pages[i].addr == page) {
			memcpy(val, u->pages[i].data + (addr - page), sizeof *val);
			return 0;
		}
	p = &u->pages[u->next_page];
	u->next_page = (u->next_page + 1) % UNWIND_PAGES;
	local.iov_base = p->data;
	local.iov_len = UNWIND_PAGE;
	remote.iov_base = (void *)(uintptr_t)page;
	remote.iov_len = UNWIND_PAGE;
	u->vm_reads++;
	if (process_vm_readv(u->pid, &local, 1, &remote, 1, 0) != (ssize_t)UNWIND_PAGE) {
		p->addr = 0;
		return -1;
	}
	p->addr = page;
	memcpy(val, p->data + (addr - page), sizeof *val);
	return 0;
}

static int unwind_access_mem(unw_addr_space_t as, unw_word_t addr, unw_word_t *val, int write,
                             void *arg)
{
	const struct stack_copy *c = unwind_copy;

	(void)as;
	(void)arg;
	if (write || unwind_cur == NULL)
		return -UNW_EINVAL;
	if (c != NULL && addr >= c->sp && addr - c->sp + sizeof *val <= c->len) {
		memcpy(val, c->stack + (addr - c->sp), sizeof *val);
		return 0;
	}
	if (uw_read_image(unwind_cur, addr, val) == 0)
		return 0;
	if (uw_read_paged(unwind_cur, addr, val) == 0)
		return 0;
	unwind_cur->vm_reads++;
	return unwind_read_target(unwind_cur->pid, addr, val);
}

static int unwind_access_reg(unw_addr_space_t as, unw_regnum_t reg, unw_word_t *val, int write,
                             void *arg)
{
	int i = unwind_perf_index(reg);

	(void)as;
	(void)arg;
	if (write || i < 0 || unwind_copy == NULL)
		return -UNW_EBADREG;
	*val = unwind_copy->regs[i];
	return 0;
}

static int unwind_access_fpreg(unw_addr_space_t as, unw_regnum_t reg, unw_fpreg_t *val, int write,
                               void *arg)
{
	(void)as;
	(void)reg;
	(void)val;
	(void)write;
	(void)arg;
	return -UNW_EBADREG;
}

static int unwind_resume(unw_addr_space_t as, unw_cursor_t *cur, void *arg)
{
	(void)as;
	(void)cur;
	(void)arg;
	return -UNW_EINVAL;
}

static int unwind_get_proc_name(unw_addr_space_t as, unw_word_t addr, char *buf, size_t len,
                                unw_word_t *off, void *arg)
{
	(void)as;
	(void)addr;
	(void)buf;
	(void)len;
	(void)off;
	(void)arg;
	return -UNW_ENOINFO;
}

/* Finds the .eh_frame_hdr binary-search table of an ELF image.  Only
 * the encodings every toolchain writes are taken (4-byte entries
 * relative to the header); others leave the module to _UPT. */
static void uw_mod_tables(struct uw_mod *mod)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)mod->img;
	const uint8_t *h;
	uint64_t lo = UINT64_MAX, hi = 0, hdr_off = 0, hdr_vaddr = 0;
	uint32_t count;
	int have_hdr = 0;

	if (mod->size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_phentsize != sizeof(Elf64_Phdr) ||
	    eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > mod->size)
		return;
	mod->phdr = (const Elf64_Phdr *)(mod->img + eh->e_phoff);
	mod->phnum = eh->e_phnum;
	for (int i = 0; i < mod->phnum; i++) {
		const Elf64_Phdr *ph = &mod->phdr[i];

		if (ph->p_type == PT_LOAD) {
			lo = ph->p_vaddr < lo ? ph->p_vaddr : lo;
			hi = ph->p_vaddr + ph->p_memsz > hi ? ph->p_vaddr + ph->p_memsz : hi;
		} else if (ph->p_type == PT_GNU_EH_FRAME) {
			have_hdr = 1;
			hdr_off = ph->p_offset;
			hdr_vaddr = ph->p_vaddr;
		}
	}
	if (!have_hdr || lo >= hi || hdr_off + 12 > mod->size)
		return;
	h = mod->img + hdr_off;
	/* version 1; eh_frame_ptr any 4-byte form; fde_count udata4;
	 * table datarel|sdata4. */
	if (h[0] != 1 || (h[1] & 0x0f) != 0x0b || h[2] != 0x03 || h[3] != 0x3b)
		return;
	memcpy(&count, h + 8, 4);
	mod->fde_count = count;
	if (hdr_off + 12 + mod->fde_count * 8 > mod->size)
		return;
	mod->hdr_vaddr = hdr_vaddr;
	mod->table_vaddr = hdr_vaddr + 12;
	mod->lo_vaddr = lo;
	mod->hi_vaddr = hi;
	mod->has_table = mod->fde_count > 0;
}

/* The bias of a mapping of mod at file offset off starting at start. */
static int64_t uw_bias(const struct uw_mod *mod, uint64_t start, uint64_t off)
{
	for (int i = 0; i < mod->phnum; i++) {
		const Elf64_Phdr *ph = &mod->phdr[i];
		uint64_t pstart = ph->p_offset & ~(uint64_t)(UNWIND_PAGE - 1);

		if (ph->p_type == PT_LOAD && off >= pstart && off < ph->p_offset + ph->p_filesz)
			return (int64_t)(start - off) - (int64_t)(ph->p_vaddr - ph->p_offset);
	}
	return (int64_t)(start - off);
}

/* The module for a file (by device and inode), mapped once. */
static int uw_mod_file(struct unwinder *u, uint64_t start, uint64_t end, const char *path)
{
	char p[4200];
	struct stat st;
	int fd;
	void *img;
	struct uw_mod *mod;

	snprintf(p, sizeof p, "/proc/%d/map_files/%llx-%llx", (int)u->pid,
	         (unsigned long long)start, (unsigned long long)end);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(p, sizeof p, "/proc/%d/root%s", (int)u->pid, path);
		fd = open(p, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0) {
		close(fd);
		return -1;
	}
	for (int i = 0; i < u->nmods; i++)
		if (!u->mods[i].is_copy && u->mods[i].dev == st.st_dev &&
		    u->mods[i].ino == st.st_ino) {
			close(fd);
			return i;
		}
	img = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (img == MAP_FAILED)
		return -1;
	u->mods = xrealloc(u->mods, (size_t)(u->nmods + 1) * sizeof *u->mods);
	mod = &u->mods[u->nmods];
	memset(mod, 0, sizeof *mod);
	mod->dev = st.st_dev;
	mod->ino = st.st_ino;
	mod->img = img;
	mod->size = (size_t)st.st_size;
	uw_mod_tables(mod);
	return u->nmods++;
}

/* The vdso has no file: its image is copied from the target once. */
static int uw_mod_vdso(struct unwinder *u, uint64_t start, uint64_t end)
{
	struct iovec local, remote;
	struct uw_mod *mod;
	uint8_t *img;

	for (int i = 0; i < u->nmods; i++)
		if (u->mods[i].is_copy && u->mods[i].dev == (dev_t)start)
			return i;
	if (end - start > 65536)
		return -1;
	img = xmalloc(end - start);
	local.iov_base = img;
	local.iov_len = end - start;
	remote.iov_base = (void *)(uintptr_t)start;
	remote.iov_len = end - start;
	u->vm_reads++;
	if (process_vm_readv(u->pid, &local, 1, &remote, 1, 0) != (ssize_t)(end - start)) {
		free(img);
		return -1;
	}
	u->mods = xrealloc(u->mods, (size_t)(u->nmods + 1) * sizeof *u->mods);
	mod = &u->mods[u->nmods];
	memset(mod, 0, sizeof *mod);
	mod->is_copy = 1;
	mod->dev = (dev_t)start; /* the copy is keyed by its address */
	mod->img = img;
	mod->size = end - start;
	uw_mod_tables(mod);
	return u->nmods++;
}

/* Reads /proc/PID/maps: every file mapping and the vdso get a module. */
static void uw_read_maps(struct unwinder *u)
{
	char path[64], line[4352];
	FILE *f;
	int cap = 0;

	u->maps_read_ns = now_mono_ns();
	u->nmaps = 0;
	snprintf(path, sizeof path, "/proc/%d/maps", (int)u->pid);
	f = fopen(path, "re");
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		unsigned long long start, end, off, ino;
		char perms[8], name[4200] = "";
		struct uw_map m;

		if (sscanf(line, "%llx-%llx %7s %llx %*s %llu %4199[^\n]", &start, &end, perms,
		           &off, &ino, name) < 5)
			continue;
		m.start = start;
		m.end = end;
		m.off = off;
		m.readonly = perms[1] != 'w';
		m.mod = -1;
		m.bias = 0;
		{
			char *nm = name;

			while (*nm == ' ')
				nm++;
			if (ino != 0 && nm[0] == '/')
				m.mod = uw_mod_file(u, start, end, nm);
			else if (strcmp(nm, "[vdso]") == 0) {
				m.mod = uw_mod_vdso(u, start, end);
				m.off = 0;
			}
		}
		if (m.mod < 0)
			continue;
		m.bias = uw_bias(&u->mods[m.mod], m.start, m.off);
		if (u->nmaps == cap) {
			cap = cap ? cap * 2 : 64;
			u->maps = xrealloc(u->maps, (size_t)cap * sizeof *u->maps);
		}
		u->maps[u->nmaps++] = m;
	}
	fclose(f);
}

static void uw_free_mods(struct unwinder *u)
{
	for (int i = 0; i < u->nmods; i++) {
		if (u->mods[i].is_copy)
			free(u->mods[i].img);
		else
			munmap(u->mods[i].img, u->mods[i].size);
	}
	free(u->mods);
	u->mods = NULL;
	u->nmods = 0;
}

/*
 * Table lookups: through the module's .eh_frame_hdr when it has one (its
 * bytes are read through access_mem, so from the mapped image), else by
 * the _UPT functions, which want their own context as argument.
 */
static int unwind_find_proc_info(unw_addr_space_t as, unw_word_t ip, unw_proc_info_t *pi, int need,
                                 void *arg)
{
	struct unwinder *u = unwind_cur;
	const struct uw_map *m = uw_find_map(u, ip);

	(void)arg;
	/* New code since the maps were read (a missed dlopen): read them
	 * again, at most once a second. */
	if (m == NULL && now_mono_ns() - u->maps_read_ns > 1000000000ull) {
		uw_read_maps(u);
		m = uw_find_map(u, ip);
	}
	if (m != NULL && m->mod >= 0 && u->mods[m->mod].has_table) {
		const struct uw_mod *mod = &u->mods[m->mod];
		unw_dyn_info_t di;

		memset(&di, 0, sizeof di);
		di.format = UNW_INFO_FORMAT_REMOTE_TABLE;
		di.start_ip = (unw_word_t)((int64_t)mod->lo_vaddr + m->bias);
		di.end_ip = (unw_word_t)((int64_t)mod->hi_vaddr + m->bias);
		di.u.rti.segbase = (unw_word_t)((int64_t)mod->hdr_vaddr + m->bias);
		di.u.rti.table_data = (unw_word_t)((int64_t)mod->table_vaddr + m->bias);
		di.u.rti.table_len = mod->fde_count * 8 / sizeof(unw_word_t);
		return _Ux86_64_dwarf_search_unwind_table(as, ip, &di, pi, need, u);
	}
	return _UPT_find_proc_info(as, ip, pi, need, u->upt);
}

static void unwind_put_unwind_info(unw_addr_space_t as, unw_proc_info_t *pi, void *arg)
{
	(void)arg;
	_UPT_put_unwind_info(as, pi, unwind_cur->upt);
}

static int unwind_get_dyn_info_list_addr(unw_addr_space_t as, unw_word_t *addr, void *arg)
{
	(void)arg;
	return _UPT_get_dyn_info_list_addr(as, addr, unwind_cur->upt);
}

static unw_accessors_t unwind_accessors = {
    .find_proc_info = unwind_find_proc_info,
    .put_unwind_info = unwind_put_unwind_info,
    .get_dyn_info_list_addr = unwind_get_dyn_info_list_addr,
    .access_mem = unwind_access_mem,
    .access_reg = unwind_access_reg,
    .access_fpreg = unwind_access_fpreg,
    .resume = unwind_resume,
    .get_proc_name = unwind_get_proc_name,
};

struct unwinder *unwinder_new(pid_t pid, char **cause)
{
	struct unwinder *u = xcalloc(1, sizeof *u);

	u->pid = pid;
	u->as = unw_create_addr_space(&unwind_accessors, 0);
	if (u->as == NULL) {
		set_cause(cause, "libunwind: cannot create an address space");
		goto fail;
	}
	/* The per-IP register-state cache is what makes this ~20 µs/sample;
	 * a big program has more hot IPs than the default 128 entries. */
	unw_set_caching_policy(u->as, UNW_CACHE_GLOBAL);
	unw_set_cache_size(u->as, UNWIND_RS_CACHE, 0);
	u->upt = _UPT_create(pid);
	if (u->upt == NULL) {
		set_cause(cause, "libunwind-ptrace: cannot create a context for %d", (int)pid);
		goto fail;
	}
	uw_read_maps(u);
	return u;
fail:
	unwinder_free(u);
	return NULL;
}

void unwinder_free(struct unwinder *u)
{
	if (u == NULL)
		return;
	if (u->upt != NULL)
		_UPT_destroy(u->upt);
	if (u->as != NULL)
		unw_destroy_addr_space(u->as);
	uw_free_mods(u);
	free(u->maps);
	free(u);
}

uint64_t unwinder_vm_reads(const struct unwinder *u)
{
	return u != NULL ? u->vm_reads : 0;
}

void unwinder_flush(struct unwinder *u)
{
	void *fresh;

	unw_flush_cache(u->as, 0, 0);
	/* A module's file stays mapped: an exec or a reload at the same
	 * inode is rare, and another inode is another module. */
	uw_read_maps(u);
	/* The _UPT context caches one ELF image; a new one forgets it. */
	fresh = _UPT_create(u->pid);
	if (fresh != NULL) {
		_UPT_destroy(u->upt);
		u->upt = fresh;
	}
}

int unwinder_unwind(struct unwinder *u, const struct stack_copy *c, uint64_t *ips, int max)
{
	unw_cursor_t cur;
	unw_word_t ip, sp, prev_sp = 0;
	int n = 0;

	if (max <= 0)
		return 0;
	unwind_cur = u;
	unwind_copy = c;
	/* Stack pages beyond the copy change between samples. */
	for (int i = 0; i < UNWIND_PAGES; i++)
		u->pages[i].addr = 0;
	if (unw_init_remote(&cur, u->as, u) < 0) {
		/* No unwinding possible, but the PC alone is still a sample. */
		if (c->regs[PERF_REG_X86_IP] != 0)
			ips[n++] = c->regs[PERF_REG_X86_IP];
		goto out;
	}
	do {
		if (unw_get_reg(&cur, UNW_REG_IP, &ip) < 0 || ip == 0)
			break;
		unw_get_reg(&cur, UNW_REG_SP, &sp);
		/* The stack grows down: a frame whose SP goes back is garbage. */
		if (n > 0 && sp < prev_sp)
			break;
		prev_sp = sp;
		ips[n++] = ip;
	} while (n < max && unw_step(&cur) > 0);
out:
	unwind_cur = NULL;
	unwind_copy = NULL;
	return n;
}
