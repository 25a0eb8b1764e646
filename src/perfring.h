/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * perfring: one perf_event ring buffer as this process reads it: the
 * mapping (a meta page, then a power of two of data pages) and draining
 * whole records in order, a record that wraps around the end copied out
 * in one piece.  Shared by the sampler's, the lock tracer's and the
 * wall-clock tracer's events; each gives the records it wants a meaning.
 */
#ifndef CTOP_PERFRING_H
#define CTOP_PERFRING_H

#include <linux/perf_event.h>
#include <stddef.h>
#include <stdint.h>

/* perf_event_header.size is 16 bits: no record is longer. */
#define PERFRING_REC_MAX 65536

struct perfring {
	void *base;          /* meta page + data pages; NULL: not mapped */
	const uint8_t *data; /* the data pages */
	size_t data_size;    /* bytes of data pages */
	size_t page;
};

/* Maps the ring of the event fd with data_pages data pages; -1 with errno
 * set (r left unmapped). */
int perfring_map(struct perfring *r, int fd, size_t data_pages);
void perfring_unmap(struct perfring *r);

/* One record: its header, and its body (after the header) to end. */
typedef void (*perfring_fn)(void *arg, const struct perf_event_header *h, const uint8_t *body,
                            const uint8_t *end);

/* Hands every whole record written so far to fn, copied into buf
 * (PERFRING_REC_MAX bytes), except PERF_RECORD_LOST, whose count is added
 * to *lost; then gives the space back to the kernel. */
void perfring_drain(struct perfring *r, uint8_t *buf, perfring_fn fn, void *arg, uint64_t *lost);

#endif
