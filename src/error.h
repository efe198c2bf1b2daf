/* error: filling a pcast_error. Private; not installed. */
#ifndef POSTCAST_ERROR_H
#define POSTCAST_ERROR_H

#include "postcast/postcast.h"

/* --- errors --- */
/* Fills err (if not NULL) and returns status. file may be NULL. */
pcast_status pc_error_set(pcast_error *err, pcast_status status,
                          const char *file, unsigned long line,
                          unsigned long column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
pcast_status pc_error_nomem(pcast_error *err);

#endif
