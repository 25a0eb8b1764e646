/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pmu_events: libpfm4 encoding of the default set and of user events.
 *
 * The default set is named through libpfm4's generic perf:: events
 * (PERF_TYPE_HARDWARE) rather than a vendor's native names: the kernel
 * maps them to the right native event on Intel, AMD and Arm alike, and
 * they still encode where libpfm4 sees no core PMU at all (a VM), so the
 * failure then comes from perf_event_open, which can say why.  Events
 * count user space only unless the user's modifiers say otherwise, which
 * is what perf_event_paranoid=2 lets a non-root user count.
 */
#include "config.h"

#include <perfmon/pfmlib_perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmu_events.h"
#include "util.h"

static const struct {
	const char *shown;
	const char *pfm;
} pmu_default_set[PMU_NDEFAULT] = {
    [PMU_EV_CYCLES] = {"cycles", "perf::CYCLES"},
    [PMU_EV_INSTRUCTIONS] = {"instructions", "perf::INSTRUCTIONS"},
    [PMU_EV_CACHE_REFS] = {"cache-references", "perf::CACHE-REFERENCES"},
    [PMU_EV_CACHE_MISSES] = {"cache-misses", "perf::CACHE-MISSES"},
    [PMU_EV_BRANCHES] = {"branches", "perf::BRANCH-INSTRUCTIONS"},
    [PMU_EV_BRANCH_MISSES] = {"branch-misses", "perf::BRANCH-MISSES"},
};

static int pmu_pfm_state; /* 0 not tried, 1 ready, -1 failed */
static int pmu_pfm_err;

int pmu_events_init(char **cause)
{
	if (pmu_pfm_state == 0) {
		pmu_pfm_err = pfm_initialize();
		pmu_pfm_state = pmu_pfm_err == PFM_SUCCESS ? 1 : -1;
	}
	if (pmu_pfm_state < 0) {
		set_cause(cause, "libpfm4 initialisation failed: %s", pfm_strerror(pmu_pfm_err));
		return -1;
	}
	return 0;
}

int pmu_event_encode(const char *name, struct perf_event_attr *attr, char **cause)
{
	pfm_perf_encode_arg_t arg;
	int rc;

	if (pmu_events_init(cause) < 0)
		return -1;
	memset(attr, 0, sizeof *attr);
	memset(&arg, 0, sizeof arg);
	arg.attr = attr;
	arg.size = sizeof arg;
	rc = pfm_get_os_event_encoding(name, PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
	if (rc != PFM_SUCCESS) {
		set_cause(cause, "event '%s': %s", name, pfm_strerror(rc));
		return -1;
	}
	attr->size = sizeof *attr;
	return 0;
}

int pmu_events_default(struct pmu_event *out, char **cause)
{
	for (int i = 0; i < PMU_NDEFAULT; i++) {
		memset(&out[i], 0, sizeof out[i]);
		snprintf(out[i].name, sizeof out[i].name, "%s", pmu_default_set[i].shown);
		if (pmu_event_encode(pmu_default_set[i].pfm, &out[i].attr, cause) < 0)
			return -1;
	}
	return 0;
}

int pmu_events_parse(const char *list, struct pmu_event **out, char **cause)
{
	struct pmu_event *ev = NULL;
	char *copy, *save = NULL, *tok;
	int n = 0;

	*out = NULL;
	if (list == NULL || *list == '\0')
		return 0;
	copy = xstrdup(list);
	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		char *end;

		while (*tok == ' ' || *tok == '\t')
			tok++;
		end = tok + strlen(tok);
		while (end > tok && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*tok == '\0')
			continue;
		if (strlen(tok) >= sizeof ev->name) {
			set_cause(cause, "event '%.40s...': name too long", tok);
			goto fail;
		}
		ev = xrealloc(ev, (size_t)(n + 1) * sizeof *ev);
		memset(&ev[n], 0, sizeof ev[n]);
		snprintf(ev[n].name, sizeof ev[n].name, "%s", tok);
		ev[n].user = 1;
		if (pmu_event_encode(tok, &ev[n].attr, cause) < 0)
			goto fail;
		n++;
	}
	free(copy);
	if (n == 0) {
		set_cause(cause, "no event named in '%s'", list);
		free(ev);
		return -1;
	}
	*out = ev;
	return n;
fail:
	free(copy);
	free(ev);
	return -1;
}
