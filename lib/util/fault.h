/* Fault injection for the fault tests. Compiled in only with
 * -Dfault_injection=true; otherwise every check is false. The environment
 * variable TRAWL_FAULTS holds comma-separated "name" or "name:arg" items. */
#ifndef TRAWL_FAULT_H
#define TRAWL_FAULT_H
#include <stddef.h>
/* True when fault `name` is armed; *arg (if given) points at its argument
 * or "" and stays valid for the life of the process. */
int trawl__fault(const char *name, const char **arg);
#endif
