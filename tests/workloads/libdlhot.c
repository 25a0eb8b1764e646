/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libdlhot: the library tests/workloads/dlhot loads late; dl_hot is where
 * that program then spends its time.
 */
unsigned long dl_hot(unsigned long x);

__attribute__((noinline)) static unsigned long dl_mix(unsigned long x)
{
	for (int i = 0; i < 100000; i++)
		x ^= (x << 13) ^ (x >> 7) ^ (x << 17);
	return x;
}

unsigned long dl_hot(unsigned long x)
{
	/* Not a tail call: dl_hot must stay on the stack above dl_mix. */
	return dl_mix(x) + 1;
}
