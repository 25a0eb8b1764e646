/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ctoprc: a line parser for the settings file and its writer.  Values are
 * checked as strictly as the command line checks them; the messages name
 * the file, the line and what was wanted.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctoprc.h"
#include "locks.h"
#include "options.h"
#include "sampler.h"
#include "theme.h"
#include "util.h"

static const char *const rc_samplers[] = {"auto", "perf", "ptrace", NULL};
static const char *const rc_locks[] = {"auto", "trace", "sample", "off", NULL};
static const char *const rc_panels[] = {"cpu", "memory", "io", "locks", "hot", "flame", NULL};

void ctoprc_init(struct ctoprc *c)
{
	memset(c, 0, sizeof *c);
	c->interval_s = c->hz = c->window_s = NAN;
	c->sampler = c->locks = c->theme = c->ascii = -1;
}

void ctoprc_release(struct ctoprc *c)
{
	free((char *)c->events);
	c->events = NULL;
}

static int rc_word(const char *v, const char *const *words)
{
	for (int i = 0; words[i] != NULL; i++)
		if (strcasecmp(v, words[i]) == 0)
			return i;
	return -1;
}

static int rc_double(const char *v, double lo, double hi, double *out)
{
	char *end;
	double x;

	errno = 0;
	x = strtod(v, &end);
	if (errno || end == v || *end != '\0' || isnan(x) || x < lo || x > hi)
		return -1;
	*out = x;
	return 0;
}

static char *rc_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* One "key = value"; NULL when taken, else what was wrong (static). */
static const char *rc_set(struct ctoprc *c, const char *key, const char *v)
{
	int i;

	if (strcmp(key, "panel") == 0) {
		if (v[0] >= '1' && v[0] <= '6' && v[1] == '\0')
			c->panel = v[0];
		else if ((i = rc_word(v, rc_panels)) >= 0)
			c->panel = '1' + i;
		else
			return "panel wants 1-6 or cpu, memory, io, locks, hot, flame";
	} else if (strcmp(key, "interval") == 0) {
		if (rc_double(v, 0.05, 3600, &c->interval_s) < 0)
			return "interval wants seconds between 0.05 and 3600";
	} else if (strcmp(key, "freq") == 0) {
		if (rc_double(v, 0, 10000, &c->hz) < 0)
			return "freq wants samples per second from 0 to 10000";
	} else if (strcmp(key, "window") == 0) {
		if (rc_double(v, 1, 3600, &c->window_s) < 0)
			return "window wants seconds from 1 to 3600";
	} else if (strcmp(key, "sampler") == 0) {
		if ((c->sampler = rc_word(v, rc_samplers)) < 0)
			return "sampler wants auto, perf or ptrace";
	} else if (strcmp(key, "locks") == 0) {
		if ((c->locks = rc_word(v, rc_locks)) < 0)
			return "locks wants auto, trace, sample or off";
	} else if (strcmp(key, "theme") == 0 || strcmp(key, "colors") == 0 ||
	           strcmp(key, "colours") == 0) {
		if ((c->theme = theme_find(v)) < 0)
			return "theme wants default or mono";
	} else if (strcmp(key, "ascii") == 0) {
		if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
			c->ascii = 1;
		else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
			c->ascii = 0;
		else
			return "ascii wants yes or no";
	} else if (strcmp(key, "events") == 0) {
		free((char *)c->events);
		c->events = xstrdup(v);
	} else
		return "unknown key";
	return NULL;
}

int ctoprc_parse(FILE *f, const char *name, struct ctoprc *c, FILE *err)
{
	char *line = NULL, *key, *val, *eq;
	size_t size = 0;
	long lineno = 0;
	int bad = 0;

	while (getline(&line, &size, f) >= 0) {
		const char *why;

		lineno++;
		key = rc_trim(line);
		if (key[0] == '\0' || key[0] == '#')
			continue;
		eq = strchr(key, '=');
		if (eq == NULL) {
			if (err != NULL)
				fprintf(err, "%s:%ld: not \"key = value\": %s (ignored)\n", name,
				        lineno, key);
			bad++;
			continue;
		}
		*eq = '\0';
		val = rc_trim(eq + 1);
		key = rc_trim(key);
		why = rc_set(c, key, val);
		if (why != NULL) {
			if (err != NULL) {
				if (strcmp(why, "unknown key") == 0)
					fprintf(err, "%s:%ld: unknown key '%s' (ignored)\n", name,
					        lineno, key);
				else
					fprintf(err, "%s:%ld: %s, not '%s' (ignored)\n", name,
					        lineno, why, val);
			}
			bad++;
		}
	}
	free(line);
	return bad;
}

void ctoprc_apply(const struct ctoprc *c, struct ctop_opts *o)
{
	if (c->panel != 0)
		o->panel = c->panel;
	if (!isnan(c->interval_s) && !(o->set & OPTS_SET_INTERVAL))
		o->interval_s = c->interval_s;
	if (!isnan(c->hz) && !(o->set & OPTS_SET_HZ))
		o->hz = c->hz;
	if (!isnan(c->window_s) && !(o->set & OPTS_SET_WINDOW))
		o->window_s = c->window_s;
	if (c->sampler >= 0 && !(o->set & OPTS_SET_SAMPLER))
		o->sampler = (enum sampler_backend)c->sampler;
	if (c->locks >= 0 && !(o->set & OPTS_SET_LOCKS))
		o->locks = (enum locks_backend)c->locks;
	if (c->events != NULL && !(o->set & OPTS_SET_EVENTS))
		o->events = c->events[0] != '\0' ? c->events : NULL;
	if (c->theme >= 0 && o->theme == NULL)
		o->theme = theme_name((enum theme_id)c->theme);
	if (c->ascii == 1)
		o->ascii = 1;
}

char *ctoprc_path(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	/* The XDG base directory spec: a relative path is to be ignored. */
	if (xdg != NULL && xdg[0] == '/')
		return xasprintf("%s/ctop/ctoprc", xdg);
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/.config/ctop/ctoprc", home);
	return NULL;
}

void ctoprc_setup(struct ctop_opts *o)
{
	/* Kept for the run: the options point at its strings. */
	static struct ctoprc rc;
	char *path = o->no_config ? NULL : ctoprc_path();
	FILE *f = path != NULL ? fopen(path, "r") : NULL;

	ctoprc_init(&rc);
	if (f != NULL) {
		ctoprc_parse(f, path, &rc, stderr);
		fclose(f);
		ctoprc_apply(&rc, o);
	}
	free(path);
	theme_set(o->theme != NULL && theme_find(o->theme) >= 0
	              ? (enum theme_id)theme_find(o->theme)
	              : THEME_DEFAULT);
}

/* mkdir -p of path's directory. */
static int rc_mkdirs(const char *path)
{
	char *d = xstrdup(path);

	for (char *p = d + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(d, 0755) < 0 && errno != EEXIST) {
			free(d);
			return -1;
		}
		*p = '/';
	}
	free(d);
	return 0;
}

int ctoprc_write(const char *path, const struct ctoprc *c, char **cause)
{
	char *tmp = xasprintf("%s.tmp.%d", path, (int)getpid());
	FILE *f;
	int rc = -1;

	if (rc_mkdirs(path) < 0) {
		set_cause(cause, "cannot make the directory of %s: %s", path, strerror(errno));
		goto out;
	}
	f = fopen(tmp, "w");
	if (f == NULL) {
		set_cause(cause, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	fprintf(f, "# ctop settings (key = value); options on the command line win.\n"
	           "# Written by ctop's W key; see ctop(1), FILES.\n");
	if (c->panel != 0)
		fprintf(f, "panel = %s\n", rc_panels[c->panel - '1']);
	if (!isnan(c->interval_s))
		fprintf(f, "interval = %g\n", c->interval_s);
	if (!isnan(c->hz))
		fprintf(f, "freq = %g\n", c->hz);
	if (!isnan(c->window_s))
		fprintf(f, "window = %g\n", c->window_s);
	if (c->sampler >= 0)
		fprintf(f, "sampler = %s\n", rc_samplers[c->sampler]);
	if (c->locks >= 0)
		fprintf(f, "locks = %s\n", rc_locks[c->locks]);
	if (c->events != NULL)
		fprintf(f, "events = %s\n", c->events);
	if (c->theme >= 0)
		fprintf(f, "theme = %s\n", theme_name((enum theme_id)c->theme));
	if (c->ascii >= 0)
		fprintf(f, "ascii = %s\n", c->ascii ? "yes" : "no");
	rc = file_commit(f, tmp, path, cause);
out:
	free(tmp);
	return rc;
}
