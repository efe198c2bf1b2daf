#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *pcast_strerror(pcast_status status)
{
    switch (status) {
    case PCAST_OK: return "success";
    case PCAST_ERR_NOMEM: return "out of memory";
    case PCAST_ERR_IO: return "input/output error";
    case PCAST_ERR_INPUT: return "malformed input";
    case PCAST_ERR_VOICE: return "bad voice preset or cast";
    case PCAST_ERR_SYNTH: return "speech synthesis failed";
    case PCAST_ERR_FORMAT: return "unsupported or corrupt audio file";
    case PCAST_ERR_INTERRUPTED: return "interrupted";
    case PCAST_ERR_ARGUMENT: return "invalid argument";
    }
    return "unknown error";
}

const char *pcast_version(void) { return POSTCAST_VERSION; }

pcast_status pc_error_set(pcast_error *err, pcast_status status, const char *file,
                          unsigned long line, unsigned long column, const char *fmt, ...)
{
    if (!err)
        return status;
    err->status = status;
    err->file[0] = '\0';
    if (file)
        snprintf(err->file, sizeof err->file, "%s", file);
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return status;
}

pcast_status pc_error_nomem(pcast_error *err)
{
    return pc_error_set(err, PCAST_ERR_NOMEM, NULL, 0, 0, "out of memory");
}
