/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * symbols_elf: one ELF image indexed for address lookups.  It reads the
 * file through mmap with <elf.h> only (no libelf): the PT_LOAD segments
 * for load bias, sized function symbols from .symtab (else .dynsym, else
 * a separate debug file found by build-id or .gnu_debuglink), and the
 * function ranges [pc_begin, pc_begin + range) of every .eh_frame FDE so
 * that stripped code still groups by function.
 *
 * It is not a DWARF reader: no line numbers, no inlined frames.  Only
 * 64-bit little-endian images (x86-64) are understood.
 */
#include "config.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symbols.h"
#include "symbols_priv.h"
#include "util.h"

struct sym_fn {
	uint64_t start;
	uint64_t size;
	const char *name;
	int rank; /* binding preference among aliases: lower wins */
};

struct sym_image {
	const uint8_t *data;
	size_t size;
	int mapped; /* 1: munmap, 0: free */
};

struct sym_elf {
	struct sym_image img;
	struct sym_image dbg; /* separate debug file, or data == NULL */
	Elf64_Phdr *loads;
	int nloads;
	struct sym_fn *fns;
	int nfns;
	struct sym_range *ranges;
	int nranges;
	struct sym_fn *objs; /* sized data objects (STT_OBJECT), for data lookups */
	int nobjs;
};

static int sym_image_map(const char *path, struct sym_image *img)
{
	struct stat sb;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size < sizeof(Elf64_Ehdr)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	p = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return -1;
	img->data = p;
	img->size = (size_t)sb.st_size;
	img->mapped = 1;
	return 0;
}

static void sym_image_release(struct sym_image *img)
{
	if (img->data == NULL)
		return;
	if (img->mapped)
		munmap((void *)img->data, img->size);
	else
		free((void *)img->data);
	img->data = NULL;
}

static const Elf64_Ehdr *sym_image_ehdr(const struct sym_image *img)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)img->data;

	if (img->size < sizeof *eh || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return NULL;
	return eh;
}

/* The section headers, or NULL when absent or out of bounds. */
static const Elf64_Shdr *sym_image_shdrs(const struct sym_image *img, int *n)
{
	const Elf64_Ehdr *eh = sym_image_ehdr(img);

	*n = 0;
	if (eh == NULL || eh->e_shoff == 0 || eh->e_shentsize != sizeof(Elf64_Shdr) ||
	    eh->e_shoff > img->size || (img->size - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum)
		return NULL;
	*n = eh->e_shnum;
	return (const Elf64_Shdr *)(img->data + eh->e_shoff);
}

/* Whether a section's bytes lie in the image (NOBITS sections do not). */
static int sym_section_ok(const struct sym_image *img, const Elf64_Shdr *sh)
{
	return sh->sh_type != SHT_NOBITS && sh->sh_offset <= img->size &&
	       sh->sh_size <= img->size - sh->sh_offset;
}

static const Elf64_Shdr *sym_section_named(const struct sym_image *img, const char *want)
{
	const Elf64_Ehdr *eh = sym_image_ehdr(img);
	const Elf64_Shdr *sh;
	const Elf64_Shdr *strs;
	int n;

	sh = sym_image_shdrs(img, &n);
	if (sh == NULL || eh->e_shstrndx >= n)
		return NULL;
	strs = &sh[eh->e_shstrndx];
	if (!sym_section_ok(img, strs))
		return NULL;
	for (int i = 0; i < n; i++) {
		const char *name = (const char *)img->data + strs->sh_offset + sh[i].sh_name;

		if (sh[i].sh_name < strs->sh_size &&
		    strnlen(name, strs->sh_size - sh[i].sh_name) < strs->sh_size - sh[i].sh_name &&
		    strcmp(name, want) == 0)
			return &sh[i];
	}
	return NULL;
}

static int sym_fn_cmp(const void *a, const void *b)
{
	const struct sym_fn *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->rank - y->rank;
}

/* Adds the sized functions of the first section of type; returns how many. */
static int sym_elf_add_symbols(struct sym_elf *e, const struct sym_image *img, uint32_t type)
{
	const Elf64_Shdr *sh;
	int n, added = 0;

	sh = sym_image_shdrs(img, &n);
	for (int i = 0; sh != NULL && i < n; i++) {
		const Elf64_Shdr *strs;
		const Elf64_Sym *syms;
		size_t nsyms;

		if (sh[i].sh_type != type || sh[i].sh_link >= (uint32_t)n ||
		    !sym_section_ok(img, &sh[i]) || !sym_section_ok(img, &sh[sh[i].sh_link]))
			continue;
		strs = &sh[sh[i].sh_link];
		/* Names are read up to their NUL: the table must end in one. */
		if (strs->sh_size == 0 || img->data[strs->sh_offset + strs->sh_size - 1] != '\0')
			continue;
		syms = (const Elf64_Sym *)(img->data + sh[i].sh_offset);
		nsyms = sh[i].sh_size / sizeof *syms;
		e->fns = xrealloc(e->fns, (e->nfns + nsyms) * sizeof *e->fns);
		e->objs = xrealloc(e->objs, (e->nobjs + nsyms) * sizeof *e->objs);
		for (size_t k = 0; k < nsyms; k++) {
			const Elf64_Sym *s = &syms[k];
			int t = ELF64_ST_TYPE(s->st_info), b = ELF64_ST_BIND(s->st_info);
			struct sym_fn *f;

			if (s->st_size == 0 || s->st_shndx == SHN_UNDEF || s->st_name == 0 ||
			    s->st_name >= strs->sh_size)
				continue;
			if (t == STT_OBJECT) {
				f = &e->objs[e->nobjs++];
				f->start = s->st_value;
				f->size = s->st_size;
				f->name = (const char *)img->data + strs->sh_offset + s->st_name;
				f->rank = b == STB_GLOBAL ? 0 : b == STB_WEAK ? 1 : 2;
				continue;
			}
			if (t != STT_FUNC && t != STT_GNU_IFUNC)
				continue;
			f = &e->fns[e->nfns++];
			f->start = s->st_value;
			f->size = s->st_size;
			f->name = (const char *)img->data + strs->sh_offset + s->st_name;
			f->rank = b == STB_GLOBAL ? 0 : b == STB_WEAK ? 1 : 2;
			added++;
		}
		break;
	}
	return added;
}

/* The GNU build-id note as lowercase hex, or "" when there is none. */
static void sym_elf_build_id(const struct sym_image *img, char *hex, size_t size)
{
	const Elf64_Shdr *sh = sym_section_named(img, ".note.gnu.build-id");
	const uint8_t *p, *end;

	hex[0] = '\0';
	if (sh == NULL || !sym_section_ok(img, sh))
		return;
	p = img->data + sh->sh_offset;
	end = p + sh->sh_size;
	while ((size_t)(end - p) >= sizeof(Elf64_Nhdr)) {
		const Elf64_Nhdr *nh = (const Elf64_Nhdr *)p;
		size_t namesz = (nh->n_namesz + 3) & ~3u, descsz = (nh->n_descsz + 3) & ~3u;
		const uint8_t *desc = p + sizeof *nh + namesz;

		if ((size_t)(end - p) < sizeof *nh + namesz + descsz)
			return;
		if (nh->n_type == NT_GNU_BUILD_ID && nh->n_descsz * 2 + 1 <= size) {
			for (uint32_t i = 0; i < nh->n_descsz; i++) {
				static const char digits[] = "0123456789abcdef";

				hex[2 * i] = digits[desc[i] >> 4];
				hex[2 * i + 1] = digits[desc[i] & 15];
			}
			hex[2 * nh->n_descsz] = '\0';
			return;
		}
		p = desc + descsz;
	}
}

/* Maps try as the debug file if it is a readable ELF file. */
static int sym_try_debug(struct sym_elf *e, char *try)
{
	if (sym_image_map(try, &e->dbg) == 0 && sym_image_ehdr(&e->dbg) == NULL)
		sym_image_release(&e->dbg);
	free(try);
	return e->dbg.data != NULL;
}

/*
 * Looks for the separate debug file of the file the target knows as path,
 * seen from here under root ("" or "/proc/PID/root"): by build-id in
 * ROOT/usr/lib/debug/.build-id/xx/rest.debug, then the .gnu_debuglink name
 * beside the file, in its .debug/, and under ROOT/usr/lib/debug/DIR; the
 * container's own debug files first, then the host's.
 */
static void sym_elf_open_debug(struct sym_elf *e, const char *root, const char *path)
{
	const char *roots[2] = {root, ""};
	int nroots = root[0] != '\0' ? 2 : 1;
	const Elf64_Shdr *link;
	char id[128], *dir, *slash;
	const char *name;

	sym_elf_build_id(&e->img, id, sizeof id);
	for (int r = 0; r < nroots && strlen(id) > 2; r++)
		if (sym_try_debug(e, xasprintf("%s/usr/lib/debug/.build-id/%.2s/%s.debug", roots[r],
		                               id, id + 2)))
			return;
	link = sym_section_named(&e->img, ".gnu_debuglink");
	if (link == NULL || !sym_section_ok(&e->img, link) || link->sh_size < 2 ||
	    memchr(e->img.data + link->sh_offset, '\0', link->sh_size) == NULL)
		return;
	name = (const char *)e->img.data + link->sh_offset;
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash != NULL)
		*slash = '\0';
	/* A debuglink naming the file itself would find no symbols. */
	if ((slash == NULL || strcmp(slash + 1, name) != 0) &&
	    sym_try_debug(e, xasprintf("%s%s/%s", root, dir, name)))
		goto out;
	if (sym_try_debug(e, xasprintf("%s%s/.debug/%s", root, dir, name)))
		goto out;
	for (int r = 0; r < nroots; r++)
		if (sym_try_debug(e, xasprintf("%s/usr/lib/debug%s/%s", roots[r], dir, name)))
			goto out;
out:
	free(dir);
}

/* Sorts by start and keeps the best-ranked name of aliases sharing one. */
static int sym_fn_sort_unique(struct sym_fn *v, int n)
{
	int w = 0;

	if (n > 0)
		qsort(v, (size_t)n, sizeof *v, sym_fn_cmp);
	for (int i = 0; i < n; i++)
		if (w == 0 || v[w - 1].start != v[i].start)
			v[w++] = v[i];
	return w;
}

static void sym_elf_index_symbols(struct sym_elf *e, const char *root, const char *path)
{
	if (sym_elf_add_symbols(e, &e->img, SHT_SYMTAB) == 0) {
		/* A table with no functions may still have had objects:
		 * the next table is read whole instead. */
		e->nobjs = 0;
		if (path != NULL)
			sym_elf_open_debug(e, root, path);
		if (e->dbg.data == NULL || sym_elf_add_symbols(e, &e->dbg, SHT_SYMTAB) == 0) {
			e->nobjs = 0;
			sym_elf_add_symbols(e, &e->img, SHT_DYNSYM);
		}
	}
	e->nfns = sym_fn_sort_unique(e->fns, e->nfns);
	e->nobjs = sym_fn_sort_unique(e->objs, e->nobjs);
}

int sym_elf_bias(const struct sym_elf *e, uint64_t map_start, uint64_t map_off, uint64_t *bias)
{
	/* Executable segments first: the page holding the end of one
	 * segment and the start of the next is mapped for both, and we only
	 * look up code. */
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < e->nloads; i++) {
			const Elf64_Phdr *ph = &e->loads[i];
			uint64_t base = ph->p_offset & ~(uint64_t)0xfff;

			if (pass == 0 && !(ph->p_flags & PF_X))
				continue;
			/* Mappings start on page boundaries, segments need not. */
			if (map_off >= base && map_off < ph->p_offset + ph->p_filesz) {
				*bias = map_start - (ph->p_vaddr + map_off - ph->p_offset);
				return 0;
			}
		}
	}
	return -1;
}

static int sym_elf_index_loads(struct sym_elf *e)
{
	const Elf64_Ehdr *eh = sym_image_ehdr(&e->img);
	const Elf64_Phdr *ph;

	if (eh->e_phentsize != sizeof *ph || eh->e_phoff > e->img.size ||
	    (e->img.size - eh->e_phoff) / sizeof *ph < eh->e_phnum)
		return -1;
	ph = (const Elf64_Phdr *)(e->img.data + eh->e_phoff);
	e->loads = xcalloc(eh->e_phnum + 1u, sizeof *e->loads);
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD)
			e->loads[e->nloads++] = ph[i];
	return 0;
}

static struct sym_elf *sym_elf_index(struct sym_elf *e, const char *root, const char *path,
                                     char **cause)
{
	const Elf64_Shdr *eh_frame;

	if (sym_image_ehdr(&e->img) == NULL) {
		set_cause(cause, "%s: not a 64-bit little-endian ELF file", path ? path : "image");
		goto fail;
	}
	if (sym_elf_index_loads(e) < 0) {
		set_cause(cause, "%s: bad program headers", path ? path : "image");
		goto fail;
	}
	sym_elf_index_symbols(e, root, path);
	eh_frame = sym_section_named(&e->img, ".eh_frame");
	if (eh_frame != NULL && sym_section_ok(&e->img, eh_frame))
		e->ranges = sym_ehframe_ranges(e->img.data + eh_frame->sh_offset, eh_frame->sh_size,
		                               eh_frame->sh_addr, &e->nranges);
	return e;
fail:
	sym_elf_free(e);
	return NULL;
}

struct sym_elf *sym_elf_open(const char *path, char **cause)
{
	return sym_elf_open_as(path, "", path, cause);
}

struct sym_elf *sym_elf_open_as(const char *open_path, const char *root, const char *path,
                                char **cause)
{
	struct sym_elf *e = xcalloc(1, sizeof *e);

	if (sym_image_map(open_path, &e->img) < 0) {
		set_cause(cause, "%s: %s", path, strerror(errno));
		free(e);
		return NULL;
	}
	return sym_elf_index(e, root, path, cause);
}

struct sym_elf *sym_elf_from_mem(void *data, size_t size, char **cause)
{
	struct sym_elf *e = xcalloc(1, sizeof *e);

	e->img.data = data;
	e->img.size = size;
	return sym_elf_index(e, "", NULL, cause);
}

void sym_elf_free(struct sym_elf *e)
{
	if (e == NULL)
		return;
	sym_image_release(&e->img);
	sym_image_release(&e->dbg);
	free(e->loads);
	free(e->fns);
	free(e->objs);
	free(e->ranges);
	free(e);
}

enum sym_kind sym_elf_lookup(const struct sym_elf *e, uint64_t vaddr, const char **name,
                             uint64_t *start, uint64_t *size)
{
	int lo = 0, hi = e->nfns - 1, best = -1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (e->fns[mid].start <= vaddr) {
			best = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	/* A few steps back cover a small function nested in a larger one's
	 * span (rare); never take a name whose size does not reach vaddr. */
	for (int i = best; i >= 0 && i > best - 4; i--) {
		if (vaddr - e->fns[i].start < e->fns[i].size) {
			*name = e->fns[i].name;
			*start = e->fns[i].start;
			*size = e->fns[i].size;
			return SYM_NAMED;
		}
	}
	lo = 0;
	hi = e->nranges - 1;
	best = -1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (e->ranges[mid].start <= vaddr) {
			best = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	if (best >= 0 && vaddr < e->ranges[best].end) {
		*name = NULL;
		*start = e->ranges[best].start;
		*size = e->ranges[best].end - e->ranges[best].start;
		return SYM_RANGE;
	}
	*name = NULL;
	*start = vaddr;
	*size = 0;
	return SYM_NONE;
}

int sym_elf_address(const struct sym_elf *e, const char *name, uint64_t *start)
{
	for (int i = 0; i < e->nfns; i++) {
		if (strcmp(e->fns[i].name, name) == 0) {
			*start = e->fns[i].start;
			return 0;
		}
	}
	return -1;
}

int sym_elf_nsyms(const struct sym_elf *e)
{
	return e->nfns;
}

int sym_elf_nranges(const struct sym_elf *e)
{
	return e->nranges;
}

int sym_elf_loaded(const struct sym_elf *e, uint64_t vaddr)
{
	for (int i = 0; i < e->nloads; i++)
		if (vaddr >= e->loads[i].p_vaddr &&
		    vaddr - e->loads[i].p_vaddr < e->loads[i].p_memsz)
			return 1;
	return 0;
}

int sym_elf_lookup_data(const struct sym_elf *e, uint64_t vaddr, const char **name, uint64_t *start,
                        uint64_t *size)
{
	int lo = 0, hi = e->nobjs - 1, best = -1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (e->objs[mid].start <= vaddr) {
			best = mid;
			lo = mid + 1;
		} else
			hi = mid - 1;
	}
	/* Objects do not nest, but a few steps back cover a small object
	 * inside a larger one's span (a member given its own symbol). */
	for (int i = best; i >= 0 && i > best - 4; i--) {
		if (vaddr - e->objs[i].start < e->objs[i].size) {
			*name = e->objs[i].name;
			*start = e->objs[i].start;
			*size = e->objs[i].size;
			return 0;
		}
	}
	return -1;
}

int sym_elf_nobjs(const struct sym_elf *e)
{
	return e->nobjs;
}
