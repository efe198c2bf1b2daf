/* site: private types shared by the site build (site.c, siteconf.c),
 * its records (manifest.c), the feed (feed.c, feedcheck.c) and the pages
 * (pages.c). Not installed. */
#ifndef POSTCAST_SITE_H
#define POSTCAST_SITE_H

#include "internal.h"

#include <stdbool.h>
#include <stdint.h>

/* --- siteconf.c: the site's and the posts' own settings --- */

/* A flat list of key/value strings read from YAML or TOML: nested
 * mappings flattened to "parent.child", each sequence item one pair with
 * the sequence's key. Owns its strings. */
typedef struct pc_kv {
    char **keys, **values;
    unsigned long (*where)[2]; /* each value's line and column (from 1) */
    size_t count, cap;
} pc_kv;

/* Frees every string and empties kv (reusable after). */
void pc_kv_free(pc_kv *kv);
/* The first value of key, or NULL. */
const char *pc_kv_get(const pc_kv *kv, const char *key);
/* Where key's first value stands in its text (line and column from 1;
 * 0 and 0 when kv has no key). Cannot fail. */
void pc_kv_where(const pc_kv *kv, const char *key, unsigned long *line, unsigned long *column);
/* Parses YAML text (n bytes; file names it in messages) into kv,
 * appending. On a YAML error (PCAST_ERR_INPUT, err with the file, line
 * and column) or out of memory, kv keeps what it had plus perhaps some
 * pairs of this text. */
pcast_status pc_kv_parse_yaml(pc_kv *kv, const char *file, const char *text, size_t n,
                              pcast_error *err);
/* Parses TOML text (a Hugo config; file names it in messages) into kv
 * as pc_kv_parse_yaml does YAML ([tables] as dotted keys), with the
 * parser a post's TOML front matter is read with (toml.c). */
pcast_status pc_kv_parse_toml(pc_kv *kv, const char *file, const char *text, size_t n,
                              pcast_error *err);
/* The front matter of the post text, found by the rule the post itself
 * is read with (source.c: YAML between --- lines, TOML between +++) and
 * read with the same parsers; false when it does not parse (kv may then
 * hold some of it; the post's own parse reports the error). name is the
 * post's file. */
bool pc_kv_parse_front_matter(pc_kv *kv, const char *name, const char *text, size_t n);
/* Whether url's host is this machine (localhost, 127.x, [::1], 0.0.0.0):
 * no podcast app can fetch it. */
bool pc_url_local(const char *url);
/* "true"/"yes"/"on" -> 1, "false"/"no"/"off" -> 0, else dflt. */
int pc_kv_bool(const pc_kv *kv, const char *key, int dflt);

/* The podcast as its feed names it. Strings malloc'd; NULL when unset. */
typedef struct pc_channel {
    char *title, *link, *description, *language, *author, *email;
    char *image_src;     /* the artwork's path under the source */
    char *image_file;    /* its name in the output ("artwork.png") */
    char *category, *subcategory, *type, *copyright;
    int explicit_content;
    int locked;
    char *feed_url;
    char guid[37];
    char **hosts;
    size_t host_count;
} pc_channel;

/* Reads _config.yml / hugo.toml / config.toml under dir (none: the
 * folder's name as title) into ch, which the caller frees with
 * pc_channel_free. base_url overrides the config's URL. On failure (a
 * config that does not parse: PCAST_ERR_INPUT with its path; memory) ch
 * is left zeroed and owns nothing. */
pcast_status pc_channel_load(pc_channel *ch, const char *dir, const char *base_url,
                             pcast_error *err);
/* Frees ch's strings and zeroes it. */
void pc_channel_free(pc_channel *ch);

/* Reads a whole file; *out is malloc'd and NUL-terminated (the caller
 * frees it), *size its length (size may be NULL). On failure *out is
 * NULL and err says why (PCAST_ERR_IO, or out of memory). */
pcast_status pc_file_read(const char *path, char **out, size_t *size, pcast_error *err);
/* Writes data to path through a temporary name beside it and a rename:
 * on failure path is untouched and the temporary file removed. */
pcast_status pc_file_write(const char *path, const char *data, size_t size,
                           pcast_error *err);
/* Whether s is a language tag as RSS and HTML carry it (en, en-US,
 * zh-Hant-TW); Jekyll's en_US is rewritten in place with '-'. */
bool pc_language_tag(char *s);
/* "a" + "/" + "b", malloc'd; NULL when out of memory. */
char *pc_path_join(const char *a, const char *b);

/* --- manifest.c: what an episode is, and what a build wrote --- */

typedef struct pc_episode_media {
    char *file;          /* name inside the episode's directory */
    char *type;          /* MIME type */
    uint64_t bytes;
    char *format;        /* "mp3" */
} pc_episode_media;

typedef struct pc_episode_person {
    char *name;
    int host;            /* 1 host, 0 guest */
} pc_episode_person;

typedef struct pc_episode_chapter {
    double start_s;
    char *title;
} pc_episode_chapter;

/* episode.json: written with the audio, read to build the feed and the
 * pages. Strings malloc'd; NULL when unset; numbers -1 when unset. */
typedef struct pc_episode {
    char *slug, *hash, *title, *description, *date, *lang, *guid, *episode_type;
    long episode, season;
    int explicit_content;
    double duration_s;
    pc_episode_media *media;   /* [0] is the primary enclosure */
    size_t media_count;
    char **sidecars;           /* file names */
    size_t sidecar_count;
    pc_episode_person *people;
    size_t person_count;
    pc_episode_chapter *chapters;
    size_t chapter_count;
} pc_episode;

/* Frees what ep owns and resets it (numbers to -1): an empty record. */
void pc_episode_clear(pc_episode *ep);
/* Writes ep as JSON to path (whole: pc_file_write). ep stays the
 * caller's; on failure path is untouched. */
pcast_status pc_episode_save(const pc_episode *ep, const char *path, pcast_error *err);
/* Reads the record at path into ep (which then owns its strings: free
 * with pc_episode_clear). PCAST_ERR_IO when the file is missing,
 * PCAST_ERR_INPUT when it is not an episode record; ep is then empty. */
pcast_status pc_episode_load(pc_episode *ep, const char *path, pcast_error *err);
/* The sidecar of that extension (".vtt"), or NULL. */
const char *pc_episode_sidecar(const pc_episode *ep, const char *suffix);

/* manifest.json: slug -> files written for it (relative to OUT). */
typedef struct pc_manifest_entry {
    char *slug, *hash;
    char **files;
    size_t file_count;
} pc_manifest_entry;

typedef struct pc_manifest {
    pc_manifest_entry *entries;
    size_t count;
} pc_manifest;

/* Frees what m owns and empties it. */
void pc_manifest_free(pc_manifest *m);
/* Reads path into m (the caller frees it with pc_manifest_free); a
 * missing file is an empty manifest. On failure (PCAST_ERR_INPUT: not a
 * manifest) m is empty. */
pcast_status pc_manifest_load(pc_manifest *m, const char *path, pcast_error *err);
/* Writes m to path whole; on failure path is untouched. */
pcast_status pc_manifest_save(const pc_manifest *m, const char *path, pcast_error *err);

/* SHA-256 over a stream of parts, as 64 hex characters. */
typedef struct pc_hasher pc_hasher;
/* A new hasher the caller ends with pc_hasher_finish; NULL when out of
 * memory. */
pc_hasher *pc_hasher_new(void);
/* Adds n bytes of data. Cannot fail. */
void pc_hasher_add(pc_hasher *h, const void *data, size_t n);
/* A labelled string (NULL allowed), length-prefixed so parts never run
 * together. */
void pc_hasher_add_str(pc_hasher *h, const char *label, const char *s);
void pc_hasher_finish(pc_hasher *h, char out[65]);  /* frees h */

/* --- feed.c / pages.c --- */

/* The URL of file in the episode's directory (slug and file
 * percent-encoded), malloc'd for the caller; NULL when out of memory. */
char *pc_episode_url(const pc_channel *ch, const pc_episode *ep, const char *file);
/* before, part percent-encoded (all but letters, digits and -_.~), then
 * after: an href to a file of the site whose name (a slug from a file's
 * name) may hold '%', '"', '<' or '&'. malloc'd; NULL on ENOMEM. */
char *pc_url_relative(const char *before, const char *part, const char *after);
/* The item guid: the post's `guid:` (any length, not empty), else
 * UUIDv5(podcast:guid, slug) written to out. Returns ep's string or
 * out; cannot fail. */
const char *pc_episode_guid(const pc_channel *ch, const pc_episode *ep, char out[37]);

/* s as the text of a feed or a page: without what XML 1.0 cannot hold
 * (C0 controls but tab and line breaks, DEL, C1 controls, U+FFFE/U+FFFF),
 * nor a terminal's escapes or bidi overrides a title could carry to an
 * app's list (what pc_speech_clean_class cleans, the sidecars too: gone).
 * One such byte in a title made the whole feed malformed. malloc'd;
 * NULL on ENOMEM. */
char *pc_xml_text(const char *s);

/* Writes the RSS feed of ch with the n episodes eps (newest first) to
 * path, whole; on failure path is untouched. Borrows everything. */
pcast_status pc_feed_write(const pc_channel *ch, pc_episode *const *eps, size_t n,
                           const char *path, pcast_error *err);
/* Writes the site's index page to path, whole; same contract. */
pcast_status pc_pages_write_index(const pc_channel *ch, pc_episode *const *eps, size_t n,
                                  const char *path, pcast_error *err);
/* Writes dir/index.html for ep (dir ends in '/'), reading its VTT
 * sidecar from dir for the transcript (PCAST_ERR_IO when it is missing,
 * PCAST_ERR_INPUT when it is a link leading out of dir); same contract. */
pcast_status pc_pages_write_episode(const pc_channel *ch, const pc_episode *ep,
                                    const char *dir, pcast_error *err);

/* --- site.c / sitebuild.c: the build's state --- */

typedef struct pc_site_post {
    pcast_site_post pub;
    char *path, *slug;
    const char *skip;  /* why it is not an episode, or NULL */
    char hash[65];
    char *data;
    size_t size;
    pc_kv front;
    pcast_post *post;
    pcast_cast *cast;
} pc_site_post;

struct pcast_site {
    pcast_site_config cfg;
    pc_channel channel;
    pcast_voices *voices;
    pc_site_post *posts;
    size_t count, cap;
    char **formats;
    size_t format_count;
    pcast_site_stats stats;
    char reading_tag[80]; /* the reading front end's cache tag; "" until made */
};

/* OUT/episodes/SLUG/FILE, malloc'd; NULL when out of memory. */
char *pc_site_episode_path(const pcast_site *s, const char *slug, const char *file);

#endif
