/* sndio: opening a libsndfile writer on a container's file descriptor,
 * shared by the containers that libsndfile writes (wav.c).
 * Private to the library. */
#ifndef POSTCAST_SNDIO_H
#define POSTCAST_SNDIO_H

#include "postcast/postcast.h"

#include <sndfile.h>

/* Opens *out on fd (taken over: sf_close closes it, and it is closed
 * here on failure too) for writing rate_hz, channels and format
 * (SF_FORMAT_*). On failure *out is NULL and err says "cannot write
 * WHAT: <libsndfile's reason>" for name. */
pcast_status pc_sndio_open(SNDFILE **out, int fd, unsigned rate_hz, unsigned channels, int format,
                           const char *what, const char *name, pcast_error *err);

#endif
