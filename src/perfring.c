/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * perfring: mapping and draining perf_event rings (see perfring.h).
 */
#include "config.h"

#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "perfring.h"

int perfring_map(struct perfring *r, int fd, size_t data_pages)
{
	long page = sysconf(_SC_PAGESIZE);
	void *base;

	memset(r, 0, sizeof *r);
	r->page = page > 0 ? (size_t)page : 4096;
	base = mmap(NULL, (data_pages + 1) * r->page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED)
		return -1;
	r->base = base;
	r->data = (const uint8_t *)base + r->page;
	r->data_size = data_pages * r->page;
	return 0;
}

void perfring_unmap(struct perfring *r)
{
	if (r->base != NULL)
		munmap(r->base, r->data_size + r->page);
	r->base = NULL;
	r->data = NULL;
}

/* Copies n bytes at ring offset off, unwrapping. */
static void perfring_copy(const struct perfring *r, uint64_t off, void *dst, size_t n)
{
	size_t at = off % r->data_size, first = r->data_size - at;

	if (first >= n) {
		memcpy(dst, r->data + at, n);
	} else {
		memcpy(dst, r->data + at, first);
		memcpy((uint8_t *)dst + first, r->data, n - first);
	}
}

void perfring_drain(struct perfring *r, uint8_t *buf, perfring_fn fn, void *arg, uint64_t *lost)
{
	struct perf_event_mmap_page *meta = r->base;
	struct perf_event_header h;
	uint64_t head, tail;

	if (r->base == NULL)
		return;
	/* The kernel writes up to data_head, then publishes it. */
	head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
	tail = meta->data_tail;
	while (tail + sizeof h <= head) {
		perfring_copy(r, tail, &h, sizeof h);
		if (h.size < sizeof h || tail + h.size > head)
			break;
		perfring_copy(r, tail, buf, h.size);
		if (h.type == PERF_RECORD_LOST) {
			uint64_t n;

			/* id, then the count */
			if (h.size >= sizeof h + 16) {
				memcpy(&n, buf + sizeof h + 8, 8);
				*lost += n;
			}
		} else
			fn(arg, &h, buf + sizeof h, buf + h.size);
		tail += h.size;
	}
	/* Read before the space is handed back. */
	__atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
}
