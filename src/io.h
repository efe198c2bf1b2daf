/* io: the one place files are written whole or not at all, and the write
 * loops. Private to the library. */
#ifndef POSTCAST_IO_H
#define POSTCAST_IO_H

#include "postcast/postcast.h"

#include <stdbool.h>
#include <stddef.h>

#include <stdbool.h>
#include <stddef.h>

/* A file being written under a temporary name, renamed into place at the
 * end. Temporary names are ".postcast-PID-RANDOM" plus a short suffix, so
 * they fit NAME_MAX whatever the target's name, and pc_io_sweep() can tell
 * a dead run's leftovers from a live run's files. */
typedef struct pc_temp {
    char *path; /* malloc'd; NULL when there is none */
    int fd;     /* open read/write, or -1 once closed */
} pc_temp;

/* Creates a new temporary file in dir (NULL: the current directory)
 * with mode 0666 less the umask, or 0600 when private_ (a file in a
 * shared directory such as /tmp). suffix (may be NULL) ends the name
 * (e.g. ".raw"). name is the target, for messages. On failure t is
 * {NULL, -1} and nothing is left on disk. */
pcast_status pc_temp_create(pc_temp *t, const char *dir, const char *suffix, bool private_,
                            const char *name, pcast_error *err);
/* The same in the directory of target (a path to a file that may not
 * exist yet). */
pcast_status pc_temp_beside(pc_temp *t, const char *target, const char *suffix,
                            pcast_error *err);
/* Closes t's fd if open and renames the file over target. Whatever the
 * result, t is emptied and, on failure, its file removed. */
pcast_status pc_temp_commit(pc_temp *t, const char *target, pcast_error *err);
/* Closes and removes t's file and empties t (no-op on an empty t). */
void pc_temp_discard(pc_temp *t);

/* Writes all n bytes, again after EINTR unless *cancel (may be NULL) is
 * set; SIGPIPE is held off while writing, so a closed pipe is EPIPE, not
 * death. Returns 0 or an errno value (ENOSPC for a write of 0). */
int pc_io_write_all(int fd, const void *data, size_t n, volatile const int *cancel);
/* Writes all n bytes at offset off (pwrite: the fd's offset stays),
 * again after EINTR. Returns 0 or an errno value (ENOSPC for a write of
 * 0, EOVERFLOW for an offset past off_t). */
int pc_io_pwrite_all(int fd, const void *data, size_t n, uint64_t off);
/* Copies from_fd (from its offset) to its end into to_fd. name is for
 * messages. */
pcast_status pc_io_copy(int from_fd, int to_fd, const char *name, volatile const int *cancel,
                        pcast_error *err);
/* data[0..n) as the whole of path, through a temporary file beside it. */
pcast_status pc_io_write_file(const char *path, const void *data, size_t n, pcast_error *err);

/* Removes this user's temporary files (pc_temp names) in dir whose run is
 * gone (no process has their PID) and that have not changed for an hour.
 * Best effort: silent, never fails. dir NULL: the current directory. */
void pc_io_sweep(const char *dir);
/* The directory of path as a new string ("." or "/" where it has none
 * or is at the root); NULL on ENOMEM. */
char *pc_io_dirname(const char *path);

/* Whether path is, or is reached through, something in /dev or /proc
 * (/dev/stdout, /dev/fd/3, /proc/self/fd/1, /dev/null): such a path is
 * written through a descriptor, never with a temporary file or a rename
 * there, and never has files made beside it. A file system mounted
 * under /dev (/dev/shm) is a folder like any other. */
bool pc_io_in_dev(const char *path);

/* Whether path, which starts with the folder dir[0..dir_len) (its
 * trailing '/' included; dir_len 0: the current folder, and path is
 * relative), stays inside that folder: no ".." climbing out and no
 * symbolic link leading out. Checked before anything is opened, so a
 * post cannot learn which files exist outside its folder; a missing
 * file counts as inside (opening it says what is wrong), a dangling
 * link does not. */
bool pc_io_path_inside(const char *path, const char *dir, size_t dir_len);

#endif
