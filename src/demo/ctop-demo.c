/* STUB demo: replaced below. */
#include <unistd.h>
int main(void) { for (;;) pause(); }
