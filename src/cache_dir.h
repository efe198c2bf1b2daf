/* cache_dir: a clip cache's directory (cache.h), apart from its entries:
 * where it is by default, made, checked (ours, nobody else can write it)
 * and tagged with postcast's CACHEDIR.TAG; and the names it may hold.
 * Nothing here touches an entry. Private to the library. */
#ifndef POSTCAST_CACHE_DIR_H
#define POSTCAST_CACHE_DIR_H

#include <dirent.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#define PC_CACHE_TAG_NAME "CACHEDIR.TAG"

typedef enum pc_cache_tag { PC_CACHE_TAG_NONE, PC_CACHE_TAG_OURS, PC_CACHE_TAG_OTHER } pc_cache_tag;

/* Whether s[0..n) is all lowercase hex digits. */
bool pc_cache_is_hex(const char *s, size_t n);
/* Whether name is a subdirectory's name (two lowercase hex digits). */
bool pc_cache_sub_name_ok(const char *name);
/* 0 when st (fd's own, fstat'ed, when st is NULL) is a directory of this
 * user that nobody else can write; else -1 with why filled (what is
 * wrong with it). Touches nothing. */
int pc_cache_check_dir(int fd, const struct stat *st, char *why, size_t size);
/* The directory at path opened (a symbolic link only when this user's)
 * and, when safe_only, checked by pc_cache_check_dir: the caller closes
 * it. -1 with why filled; nothing is left open then. */
int pc_cache_open_top(const char *path, bool safe_only, char *why, size_t size);
/* Whether dir (a directory fd) holds postcast's CACHEDIR.TAG; never
 * blocks on a FIFO there. */
pc_cache_tag pc_cache_read_tag(int dir);
/* A directory stream over name in dir (a directory fd; not followed when
 * a symbolic link) that leaves dir open; NULL with errno. The caller
 * closedir()s it. */
DIR *pc_cache_open_stream(int dir, const char *name);
/* Closes fd, a temporary file tmp in dir (a directory fd) written whole
 * when written is 0 (else the errno value its write failed with), and
 * renames it to name there. 0, or the first errno value met; then tmp is
 * removed and name is as it was. */
int pc_cache_commit_tmp(int dir, int fd, const char *tmp, const char *name, int written);
/* The cache directory at dir made (0700, parents 0755) when missing,
 * opened, checked and tagged: its fd (the caller closes it), or -1 with
 * why filled. An untagged directory is tagged only when empty or holding
 * nothing but two-hex-digit subdirectories; a failure may leave the
 * directories it made, never a half-written tag. */
int pc_cache_open_dir(const char *dir, char *why, size_t size);

#endif
