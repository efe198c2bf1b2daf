/* sndio: a libsndfile writer on a file descriptor (see sndio.h). */
#include "sndio.h"

#include "error.h"

#include <string.h>
#include <unistd.h>

pcast_status pc_sndio_open(SNDFILE **out, int fd, unsigned rate_hz, unsigned channels, int format,
                           const char *what, const char *name, pcast_error *err)
{
    SF_INFO info;
    memset(&info, 0, sizeof info);
    info.samplerate = (int)rate_hz;
    info.channels = (int)channels;
    info.format = format;
    *out = sf_open_fd(fd, SFM_WRITE, &info, 1);
    if (*out)
        return PCAST_OK;
    close(fd);
    return pc_error_set(err, PCAST_ERR_IO, name, 0, 0, "cannot write %s: %s", what,
                        sf_strerror(NULL));
}
