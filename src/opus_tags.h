/* opus_tags: the header packets of an Ogg Opus stream (RFC 7845) as
 * opus.c writes them: the identification header (OpusHead) and the
 * comment header (OpusTags) with the episode's tags, its chapters as
 * CHAPTERnnn comments (times written as 00:00:00.000, at full width) and
 * its cover; and, once the audio is written and the file closed, those
 * times patched in place, the Ogg pages holding the comment header
 * re-checksummed (libogg). Private to the library. */
#ifndef POSTCAST_OPUS_TAGS_H
#define POSTCAST_OPUS_TAGS_H

#include "buf.h"
#include "container.h"

#include <stdint.h>

#define PC_OPUS_HEAD_BYTES 19 /* channel mapping family 0: no mapping table */

/* The OpusHead packet into out: version 1, channels (1 or 2), the
 * pre-skip (48 kHz samples), the input's rate (Hz; informational), output
 * gain 0, mapping family 0. */
void pc_opus_head(unsigned char out[PC_OPUS_HEAD_BYTES], unsigned channels, unsigned pre_skip_48k,
                  unsigned input_rate_hz);

/* Appends the OpusTags packet for m to out (which the caller frees):
 * vendor, then pc_vorbis_tags' tags, CHAPTERnnn / CHAPTERnnnNAME for the
 * first PC_VORBIS_CHAPTERS chapters (times zero), the cover as a
 * METADATA_BLOCK_PICTURE comment (front cover) when m has one, then zero
 * padding (at least 512 bytes, up to the end of its last Ogg lacing
 * value) for tag editors to grow the tags in place. false on ENOMEM or a
 * field over 4 GiB; out may then hold part of a packet. */
bool pc_opus_tags_packet(pc_buf *out, const pc_sink_meta *m, const char *vendor);

/* Writes the chapter times frames[0..n) (at m->rate) into the OpusTags
 * header of the closed file at out->path, in place: a patch_chapters for
 * the container row. Fails (PCAST_ERR_IO) when the file is not as
 * pc_opus_tags_packet's header makes it; the file is then to be
 * discarded. */
pcast_status pc_opus_tags_patch(const pc_container_out *out, const pc_sink_meta *m,
                                const uint64_t *frames, size_t n, pcast_error *err);

#endif
