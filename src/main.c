/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * main: options, the choice of mode (dashboard, batch, picker, launch) and
 * the last line of defence for the target: on a crash we still release
 * every traced thread and restore the terminal before dying.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "batch_run.h"
#include "ctoprc.h"
#include "loop.h"
#include "options.h"
#include "pmu.h"
#include "proc.h"
#include "replay.h"
#include "sampler.h"
#include "session.h"
#include "target.h"
#include "ui.h"
#include "util.h"

static void on_fatal_signal(int sig)
{
	/* Detach (async-signal-safe: plain ptrace calls), then restore the
	 * terminal (endwin is not async-signal-safe, but the process is
	 * dying and a usable shell is worth that risk), then die. */
	sampler_emergency_release();
	ui_emergency_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void release_later(void);

/* A quit that cannot wait for a slow tick (session.c). */
static void on_emergency_quit(void)
{
	sampler_emergency_release();
	ui_emergency_restore();
	release_later();
}

static void install_fatal_handlers(void)
{
	static const int sigs[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fatal_signal;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < CTOP_ARRAY_LEN(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
	/* A closed pipe on batch output is an error to report, not a death. */
	signal(SIGPIPE, SIG_IGN);
}

/* Blocked from the start so a launched child's SIGCHLD cannot be lost
 * before the session's signalfd exists. */
static void block_session_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

/*
 * Thousands of per-thread perf events take the kernel a second or more to
 * release, and a quit must be prompt.  A child keeps copies of the perf
 * event descriptors (and nothing else: no terminal, no output file, so
 * readers see their end of file when ctop ends), ctop's own closes are
 * then cheap, and the child, which waits for ctop's end, leaves the kernel
 * to free them.  Nothing in them holds the target: ptrace is let go of by
 * ctop itself.  Async-signal-safe (raw getdents64, no malloc): the quit
 * deadline's handler calls it too.
 */
#define RELEASE_LATER_MIN_FDS 256

struct fd_dirent {
	unsigned long long ino;
	long long off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* Calls fn for each descriptor open now (the directory's own excepted);
 * returns how many there were. */
static int each_fd(void (*fn)(int fd, int arg), int arg)
{
	char buf[4096];
	long n;
	int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC), count = 0;

	if (dir < 0)
		return 0;
	while ((n = syscall(SYS_getdents64, dir, buf, sizeof buf)) > 0)
		for (long off = 0; off < n;) {
			struct fd_dirent *e = (struct fd_dirent *)(buf + off);
			int fd = 0;

			off += e->reclen;
			if (e->name[0] < '0' || e->name[0] > '9')
				continue;
			for (const char *c = e->name; *c >= '0' && *c <= '9'; c++)
				fd = fd * 10 + (*c - '0');
			if (fd == dir)
				continue;
			count++;
			if (fn != NULL)
				fn(fd, arg);
		}
	close(dir);
	return count;
}

/* In the child: everything but perf events and the pipe from ctop. */
static void close_unless_perf(int fd, int keep)
{
	static const char perf[] = "anon_inode:[perf_event]";
	char path[32] = "/proc/self/fd/", link[sizeof perf + 1];
	char digits[12];
	int nd = 0, len = (int)strlen(path);
	ssize_t n;

	if (fd == keep)
		return;
	for (int v = fd; nd == 0 || v > 0; v /= 10)
		digits[nd++] = (char)('0' + v % 10);
	while (nd > 0)
		path[len++] = digits[--nd];
	path[len] = '\0';
	n = readlink(path, link, sizeof link);
	if (n != (ssize_t)sizeof perf - 1 || memcmp(link, perf, sizeof perf - 1) != 0)
		close(fd);
}

static void release_later(void)
{
	int p[2];
	char c;

	if (each_fd(NULL, 0) < RELEASE_LATER_MIN_FDS || pipe2(p, O_CLOEXEC) < 0)
		return;
	switch (fork()) {
	case -1:
		close(p[0]);
		close(p[1]);
		return;
	case 0:
		break;
	default:
		close(p[0]);
		return; /* p[1] closes when ctop ends */
	}
	prctl(PR_SET_NAME, "ctop-release", 0, 0, 0);
	signal(SIGINT, SIG_IGN);
	close(p[1]);
	each_fd(close_unless_perf, p[0]);
	while (read(p[0], &c, 1) < 0 && errno == EINTR)
		;
	_exit(0);
}

static int usage_error(const char *cause)
{
	fprintf(stderr, "ctop: %s\n", cause);
	options_usage(stderr);
	return 2;
}

int main(int argc, char **argv)
{
	struct ctop_opts o;
	struct loop *l = NULL;
	struct session *s = NULL;
	FILE *out = stdout;
	char *cause = NULL;
	pid_t pid, child = 0;
	int rc = 1;

	setlocale(LC_ALL, "");
	switch (options_parse(argc, argv, &o, &cause)) {
	case OPTS_EXIT:
		return 0;
	case OPTS_USAGE:
		rc = usage_error(cause);
		free(cause);
		return rc;
	}
	ctoprc_setup(&o);
	if (o.replay != NULL) {
		install_fatal_handlers();
		return replay_run(&o);
	}
	if (o.events != NULL && pmu_check_events(o.events, &cause) < 0) {
		rc = usage_error(cause);
		free(cause);
		return rc;
	}
	/* -o - is standard output, as for most tools. */
	if (o.output != NULL && strcmp(o.output, "-") == 0)
		o.output = NULL;
	if (o.batch && o.output != NULL) {
		out = fopen(o.output, "w");
		if (out == NULL) {
			fprintf(stderr, "ctop: cannot open %s for writing: %s\n", o.output,
			        strerror(errno));
			return 1;
		}
	}
	if (!o.batch && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "ctop: the dashboard needs a terminal; use --batch\n");
		goto done;
	}
	install_fatal_handlers();
	session_set_emergency(on_emergency_quit);
	block_session_signals();

	pid = o.pid;
	if (o.cmd != NULL || o.demo) {
		char *demo = NULL;
		char *dargv[] = {NULL, NULL};

		if (o.demo) {
			demo = target_demo_path();
			dargv[0] = demo;
		}
		/* In batch mode to stdout, the target's output would corrupt ours. */
		child = target_launch(o.demo ? dargv : o.cmd, !o.batch || o.output == NULL, &cause);
		free(demo);
		if (child < 0)
			goto fail;
		pid = child;
	} else if (pid == 0) {
		pid = picker_run(&cause);
		if (pid < 0)
			goto fail;
		if (pid == 0) {
			rc = 0;
			goto done;
		}
	}
	if (proc_check_pid(pid, &cause) < 0)
		goto fail;
	l = loop_new(&cause);
	if (l == NULL)
		goto fail;
	s = session_new(&o, pid, child, l, &cause);
	if (s == NULL)
		goto fail;
	rc = o.batch ? batch_run(s, out) : ui_run(s);
	child = s->child; /* 0 once it was reaped */
	release_later();
	goto done;
fail:
	fprintf(stderr, "ctop: %s\n", cause != NULL ? cause : "failed");
	free(cause);
	rc = 1;
done:
	session_free(s);
	loop_free(l);
	if (child > 0) {
		/* We launched it, so it must not outlive us. */
		kill(child, SIGTERM);
		waitpid(child, NULL, 0);
	}
	if (out != stdout && out != NULL && fclose(out) != 0 && rc == 0)
		rc = 1;
	return rc;
}
