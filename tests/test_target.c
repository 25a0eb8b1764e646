/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * test_target: launching a command to watch.  The pid that comes back is
 * the command itself (its exit status is the command's), already exec'd,
 * in its own process group, with no signal blocked although ctop blocks
 * its own; quiet sends its output to /dev/null.  A program that cannot be
 * run is an error before start, and leaves no child behind.  The demo
 * workload is found beside our executable, else in pkglibexecdir: a copy
 * of this test in a temporary directory asks for it (--demo-path).
 */
#include "config.h"

#include "cmocka_main.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "target.h"
#include "util.h"

/* The command a test launched and has not reaped yet, or 0. */
static pid_t launched;

/* A failed test leaves no command running. */
static int teardown(void **state)
{
	(void)state;
	if (launched > 0) {
		kill(launched, SIGKILL);
		waitpid(launched, NULL, 0);
		launched = 0;
	}
	return 0;
}

/* No child of ours is left, running or unreaped. */
static void assert_no_child(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void test_exit_status_is_the_command(void **state)
{
	char *argv[] = {"sh", "-c", "exit 3", NULL};
	char *cause = NULL;
	pid_t pid;
	int st;

	(void)state;
	launched = pid = target_launch(argv, 1, &cause);
	assert_true(pid > 0);
	assert_null(cause);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	launched = 0;
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 3);
	assert_no_child();
}

/* The field of /proc/PID/status named key (with its colon), as a string. */
static void status_field(pid_t pid, const char *key, char *out, size_t size)
{
	char path[64], buf[4096], *p, *end;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	assert_true(read_file_buf(path, buf, sizeof buf) > 0);
	p = strstr(buf, key);
	assert_non_null(p);
	p += strlen(key);
	while (*p == '\t' || *p == ' ')
		p++;
	end = strchr(p, '\n');
	assert_non_null(end);
	snprintf(out, size, "%.*s", (int)(end - p), p);
}

static void fd_target(pid_t pid, int fd, char *out, size_t size)
{
	char path[64];
	ssize_t n;

	snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)pid, fd);
	n = readlink(path, out, size - 1);
	assert_true(n > 0);
	out[n] = '\0';
}

static void test_launched_state(void **state)
{
	char *argv[] = {"sleep", "30", NULL};
	char *cause = NULL, field[64], link[PATH_MAX], ours[PATH_MAX];
	sigset_t set, old;
	pid_t pid;

	(void)state;
	/* ctop blocks the signals it reads through its signalfd. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGWINCH);
	sigprocmask(SIG_BLOCK, &set, &old);
	launched = pid = target_launch(argv, 1, &cause);
	sigprocmask(SIG_SETMASK, &old, NULL);
	assert_true(pid > 0);
	/* Already exec'd when it comes back: the name is the command's. */
	status_field(pid, "Name:", field, sizeof field);
	assert_string_equal(field, "sleep");
	status_field(pid, "SigBlk:", field, sizeof field);
	assert_string_equal(field, "0000000000000000");
	assert_int_equal(getpgid(pid), pid);
	assert_int_not_equal(getpgid(pid), getpgid(0));
	for (int fd = 0; fd <= 2; fd++) {
		fd_target(pid, fd, link, sizeof link);
		assert_string_equal(link, "/dev/null");
	}
	teardown(NULL);
	/* Not quiet: it shares our stdout. */
	launched = pid = target_launch(argv, 0, &cause);
	assert_true(pid > 0);
	fd_target(pid, 1, link, sizeof link);
	fd_target(getpid(), 1, ours, sizeof ours);
	assert_string_equal(link, ours);
	teardown(NULL);
	assert_no_child();
}

static void test_cannot_run(void **state)
{
	char *missing[] = {"/nonexistent/ctop-no-such-program", NULL};
	char *unknown[] = {"ctop-no-such-program-on-path", NULL};
	char path[] = "/tmp/test_target.XXXXXX";
	char *noexec[] = {path, NULL};
	char *cause = NULL;
	int fd;

	(void)state;
	assert_int_equal(target_launch(missing, 1, &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "cannot run /nonexistent/ctop-no-such-program"));
	assert_non_null(strstr(cause, strerror(ENOENT)));
	free(cause);
	cause = NULL;
	assert_no_child();
	/* Searched on PATH. */
	assert_int_equal(target_launch(unknown, 1, &cause), -1);
	assert_non_null(strstr(cause, strerror(ENOENT)));
	free(cause);
	cause = NULL;
	assert_no_child();
	/* A file that is not executable. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "#!/bin/sh\n", 10), 10);
	close(fd);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(target_launch(noexec, 1, &cause), -1);
	unlink(path);
	assert_non_null(strstr(cause, strerror(EACCES)));
	free(cause);
	assert_no_child();
}

/* Runs "copy --demo-path" and returns its one line of output. */
static char *demo_path_of(const char *copy)
{
	char *cmd = xasprintf("'%s' --demo-path", copy), line[PATH_MAX + 2];
	FILE *p = popen(cmd, "r");

	free(cmd);
	assert_non_null(p);
	assert_non_null(fgets(line, sizeof line, p));
	assert_int_equal(pclose(p), 0);
	line[strcspn(line, "\n")] = '\0';
	return xstrdup(line);
}

static void test_demo_path(void **state)
{
	char dir[] = "/tmp/test_target.XXXXXX", self[PATH_MAX];
	char *copy, *demo, *cmd, *got;
	ssize_t n;

	(void)state;
	/* Nothing named ctop-demo beside this test: the installed one. */
	got = target_demo_path();
	assert_string_equal(got, PKGLIBEXECDIR "/ctop-demo");
	free(got);
	/* A copy of this test beside an executable ctop-demo finds that. */
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	assert_true(n > 0);
	self[n] = '\0';
	assert_non_null(mkdtemp(dir));
	copy = xasprintf("%s/test_target", dir);
	demo = xasprintf("%s/ctop-demo", dir);
	cmd = xasprintf("cp '%s' '%s' && printf '#!/bin/sh\\n' > '%s'", self, copy, demo);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_int_equal(chmod(demo, 0755), 0);
	got = demo_path_of(copy);
	assert_string_equal(got, demo);
	free(got);
	/* Not executable: not taken. */
	assert_int_equal(chmod(demo, 0644), 0);
	got = demo_path_of(copy);
	assert_string_equal(got, PKGLIBEXECDIR "/ctop-demo");
	free(got);
	unlink(demo);
	unlink(copy);
	rmdir(dir);
	free(demo);
	free(copy);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_teardown(test_exit_status_is_the_command, teardown),
	    cmocka_unit_test_teardown(test_launched_state, teardown),
	    cmocka_unit_test(test_cannot_run),
	    cmocka_unit_test(test_demo_path),
	};

	if (argc == 2 && strcmp(argv[1], "--demo-path") == 0) {
		char *p = target_demo_path();

		printf("%s\n", p);
		free(p);
		return 0;
	}
	return ctop_status(cmocka_run_group_tests(tests, NULL, NULL));
}
