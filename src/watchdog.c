/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * watchdog: restores the terminal when ctop dies without doing it (see
 * watchdog.h).  The child does only async-signal-safe things after the
 * fork (read, tcsetattr, write, _exit), so forking a process that may
 * hold locks is safe.
 */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <term.h>
#include <unistd.h>

#include "watchdog.h"

#define WATCHDOG_RESET_MAX 256

static pid_t wd_pid;
static int wd_fd = -1;

/* Every descriptor from first up is closed: the child must not keep
 * ctop's perf events, signalfd, output file or pipes open. */
static void wd_close_from(int first)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, (unsigned)first, ~0U, 0) == 0)
		return;
#endif
	for (int fd = first; fd < 65536; fd++)
		close(fd);
}

static void __attribute__((noreturn))
wd_child(int rfd, const struct termios *saved, const char *reset, size_t len)
{
	sigset_t none;
	char c;
	ssize_t n;

	/* Ctrl-C and Ctrl-\ are for ctop, which quits and stops us; the
	 * watchdog must outlive them.  Ctrl-Z stops it along with ctop
	 * (default action), so the shell sees the whole job stopped. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	/* By the time ctop is dead the shell may own the terminal again:
	 * restoring it from the background must not stop us. */
	signal(SIGTTOU, SIG_IGN);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	prctl(PR_SET_NAME, WATCHDOG_COMM, 0, 0, 0);
	if (rfd != 3) {
		dup2(rfd, 3);
		close(rfd);
	}
	wd_close_from(4);
	do
		n = read(3, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n == 1 && c == 'q')
		_exit(0);
	/* ctop is gone without a word: give the terminal back. */
	tcsetattr(STDIN_FILENO, TCSANOW, saved);
	while (len > 0) {
		n = write(STDOUT_FILENO, reset, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		reset += n;
		len -= (size_t)n;
	}
	_exit(0);
}

/* The terminal's own strings, from the terminfo entry curses loaded:
 * CAN first, which ends an escape sequence ctop may have been killed in
 * the middle of. */
static size_t wd_reset_string(char *buf, size_t size)
{
	static const char *const caps[] = {"sgr0", "cnorm", "rmkx", "rmcup"};
	size_t len = 0;

	buf[len++] = '\030';
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		const char *s = tigetstr((char *)caps[i]);
		size_t n;

		if (s == NULL || s == (char *)-1)
			continue;
		n = strlen(s);
		if (len + n > size)
			break;
		memcpy(buf + len, s, n);
		len += n;
	}
	return len;
}

int watchdog_start(const struct termios *saved)
{
	struct termios modes = *saved;
	char buf[WATCHDOG_RESET_MAX];
	size_t len;
	int p[2];
	pid_t pid;

	if (wd_pid > 0)
		return 0;
	len = wd_reset_string(buf, sizeof buf);
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		close(p[1]);
		wd_child(p[0], &modes, buf, len);
	}
	close(p[0]);
	wd_pid = pid;
	wd_fd = p[1];
	return 0;
}

void watchdog_stop(void)
{
	ssize_t n;

	if (wd_pid <= 0)
		return;
	do
		n = write(wd_fd, "q", 1);
	while (n < 0 && errno == EINTR);
	close(wd_fd);
	wd_fd = -1;
	while (waitpid(wd_pid, NULL, 0) < 0 && errno == EINTR)
		;
	wd_pid = 0;
}
