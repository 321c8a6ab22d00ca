/* Fault injection for the fault tests. Compiled in only with
 * -Dfault_injection=true; otherwise every check is false. The environment
 * variable TRAWL_FAULTS holds comma-separated "name" or "name:arg" items. */
#ifndef TRAWL_FAULT_H
#define TRAWL_FAULT_H
#include <stddef.h>
/* True when fault `name` is armed; its argument (up to the next comma, or
 * "") is copied into arg (argsz bytes) when arg is given. */
int trawl__fault(const char *name, char *arg, size_t argsz);
#endif
