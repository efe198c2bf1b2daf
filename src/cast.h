/* cast: a voice for every speaker. Private; not installed. */
#ifndef POSTCAST_CAST_H
#define POSTCAST_CAST_H

#include "postcast/postcast.h"

/* A cast of one speaker with voice (borrowed: it must outlive the cast).
 * On success *out is freed with pcast_cast_free; on failure it is NULL. */
pcast_status pc_cast_single(const pcast_voice *voice, pcast_cast **out, pcast_error *err);

#endif
