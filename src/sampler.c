/* STUB: to be written by its owner. */
#include "config.h"
#include "sampler.h"
#include "util.h"
struct sampler *sampler_new(struct loop *l, pid_t pid, enum sampler_backend b, double hz, sampler_stack_cb cb, void *arg, char **cause) { (void)l; (void)pid; (void)b; (void)hz; (void)cb; (void)arg; set_cause(cause, "sampler not written yet"); return NULL; }
void sampler_free(struct sampler *s) { (void)s; }
void sampler_update_threads(struct sampler *s, const pid_t *t, int n) { (void)s; (void)t; (void)n; }
void sampler_stats(const struct sampler *s, struct sampler_fig *out) { (void)s; (void)out; }
void sampler_emergency_release(void) { }
