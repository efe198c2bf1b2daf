/* vorbis: Vorbis comments as FLAC and Ogg Opus carry them: the
 * CHAPTERnnn=HH:MM:SS.mmm / CHAPTERnnnNAME=title chapter convention, and
 * values cleaned of what a KEY=value line cannot hold. Private. */
#ifndef POSTCAST_VORBIS_H
#define POSTCAST_VORBIS_H

#include "media.h"
#include "sink.h"

#include <stdint.h>

#define PC_VORBIS_CHAPTERS 999 /* CHAPTERnnn: three digits */

/* "HH:MM:SS.mmm" of frames at rate_hz into out (at least 32 bytes). */
void pc_vorbis_time(char *out, size_t size, uint64_t frames, unsigned rate_hz);
/* "CHAPTERnnn" (name false) or "CHAPTERnnnNAME" for chapter i (from 0). */
void pc_vorbis_chapter_key(char *out, size_t size, size_t i, bool name);
/* value as one line: CR, LF and other control characters become spaces
 * (a newline would forge KEY=value lines in tools that list them).
 * Returns a malloc'd copy, NULL on ENOMEM; NULL value gives "". */
char *pc_vorbis_clean(const char *value);
/* m's episode and season numbers and advisory (1 explicit, 2 clean) as
 * text, "" where not given: the values of the Vorbis and ID3 tags alike. */
typedef struct pc_tag_numbers {
    char episode[16], season[16], advisory[4];
} pc_tag_numbers;
pc_tag_numbers pc_tag_numbers_of(const pc_sink_meta *m);

/* Calls add(user, KEY, value) for each of m's tags that has a value, in
 * file order: TITLE, ARTIST, ALBUM, DATE, GENRE, COMMENT (the
 * description), then the podcast tags: TRACKNUMBER (episode),
 * DISCNUMBER (season), LANGUAGE (ISO 639-2), COPYRIGHT, WWW (the
 * episode's page), EPISODETYPE, ITUNESADVISORY (1 explicit, 2 clean).
 * Values are m's, not cleaned (pc_vorbis_clean is the caller's). Stops
 * at the first false add returns and returns false; true otherwise. */
bool pc_vorbis_tags(const pc_sink_meta *m, bool (*add)(void *user, const char *key,
                                                       const char *value),
                    void *user);
/* Reads one comment entry e[0..len) into m: a CHAPTERnnn time or name
 * (chapters numbered as they say; an out-of-range time becomes the file's
 * end, frames), else a tag. Needs m's rate. false on ENOMEM. */
bool pc_vorbis_read_comment(pcast_media *m, const char *e, size_t len, uint64_t frames);

#endif
