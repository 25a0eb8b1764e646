/* STUB: to be written by its owner. */
#include "config.h"
#include "fmt.h"
