/* STUB: to be written by its owner. */
#include "config.h"
#include "ui.h"
#include "util.h"
int ui_run(struct session *s) { (void)s; return 0; }
void ui_emergency_restore(void) { }
pid_t picker_run(char **cause) { set_cause(cause, "picker not written yet"); return -1; }
