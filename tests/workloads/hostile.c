/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hostile: a process that maps malformed ELF files and runs code in them,
 * so that a profiler unwinding through its stacks meets each one.  Usage:
 * hostile DIR SECONDS.  In DIR it writes bad-NAME.so for every kind of
 * damage below: page 0 a damaged ELF header, page 1 a counting loop.  One
 * thread per file calls the loop, then sleeps a little, until SECONDS
 * have passed.  It writes DIR/ready when all threads run.
 */
#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096
#define NKINDS 7

static const char *kinds[NKINDS] = {"phoff",    "phnum",     "ehframe", "allff",
                                    "tableenc", "truncated", "fdecount"};

/* dec %rdi; jnz .-3; ret */
static const unsigned char loop_code[] = {0x48, 0xff, 0xcf, 0x75, 0xfb, 0xc3};

static void make(const char *dir, int k, char *path, size_t size)
{
	unsigned char img[3 * PAGE];
	Elf64_Ehdr *eh = (Elf64_Ehdr *)img;
	Elf64_Phdr *ph = (Elf64_Phdr *)(img + sizeof *eh);
	unsigned char *hdr = img + 0x1800;
	size_t len = sizeof img;
	int32_t v;
	int fd;

	memset(img, 0, sizeof img);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_DYN;
	eh->e_machine = EM_X86_64;
	eh->e_phoff = sizeof *eh;
	eh->e_phentsize = sizeof *ph;
	eh->e_phnum = 2;
	ph[0].p_type = PT_LOAD;
	ph[0].p_flags = PF_R | PF_X;
	ph[0].p_filesz = ph[0].p_memsz = sizeof img;
	ph[0].p_align = PAGE;
	ph[1].p_type = PT_GNU_EH_FRAME;
	ph[1].p_flags = PF_R;
	ph[1].p_offset = ph[1].p_vaddr = 0x1800;
	ph[1].p_filesz = ph[1].p_memsz = 20;
	/* .eh_frame_hdr: one FDE for the loop, pointing at garbage. */
	hdr[0] = 1;
	hdr[1] = 0x1b;
	hdr[2] = 0x03;
	hdr[3] = 0x3b;
	v = 0x100;
	memcpy(hdr + 4, &v, 4);
	v = 1;
	memcpy(hdr + 8, &v, 4);
	v = PAGE - 0x1800;
	memcpy(hdr + 12, &v, 4);
	v = 0x900;
	memcpy(hdr + 16, &v, 4);
	memset(img + 0x1900, 0xff, 0x100);
	memcpy(img + PAGE, loop_code, sizeof loop_code);
	switch (k) {
	case 0:
		eh->e_phoff = 0xffffffffffffff00ull;
		break;
	case 1:
		eh->e_phnum = 0xffff;
		break;
	case 2:
		ph[1].p_offset = 0xfffffffffffffff8ull;
		ph[1].p_vaddr = 0xfffffffffffffff8ull;
		break;
	case 3:
		memset(img, 0xff, sizeof *eh);
		break;
	case 4:
		hdr[3] = 0x1b;
		break;
	case 5:
		/* The segments claim more than the file holds. */
		ph[0].p_filesz = ph[0].p_memsz = 0x100000;
		len = 2 * PAGE;
		break;
	case 6:
		memset(hdr + 8, 0xff, 4);
		break;
	}
	snprintf(path, size, "%s/bad-%s.so", dir, kinds[k]);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0 || write(fd, img, len) != (ssize_t)len) {
		perror(path);
		exit(1);
	}
	close(fd);
}

static void *run(void *arg)
{
	void (*fn)(long) = (void (*)(long))arg;
	struct timespec nap = {0, 2000000};

	for (;;) {
		fn(3000000);
		nanosleep(&nap, NULL);
	}
	return NULL;
}

int main(int argc, char **argv)
{
	char path[4096];
	pthread_t th;
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: hostile DIR SECONDS\n");
		return 2;
	}
	for (int k = 0; k < NKINDS; k++) {
		void *p;

		make(argv[1], k, path, sizeof path);
		fd = open(path, O_RDONLY);
		p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
		if (fd < 0 || p == MAP_FAILED) {
			perror(path);
			return 1;
		}
		close(fd);
		pthread_create(&th, NULL, run, (char *)p + PAGE);
	}
	snprintf(path, sizeof path, "%s/ready", argv[1]);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	close(fd);
	sleep((unsigned)atoi(argv[2]));
	return 0;
}
