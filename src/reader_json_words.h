/* reader_json_words: the speech-to-text services whose JSON gives words,
 * not pieces of text (reader_json.c reads the rest). Private; not
 * installed. */
#ifndef POSTCAST_READER_JSON_WORDS_H
#define POSTCAST_READER_JSON_WORDS_H

#include "doc.h"
#include "error.h"
#include "source.h"

#include <jansson.h>

/* A time: a number, or a string of one (AWS's "1.5"); dflt if neither,
 * negative or absurd. */
double pc_json_time(json_t *v, double dflt);

/* A recording with a speaker on each channel, transcribed channel by
 * channel: AWS Transcribe's channel identification
 * (results.channel_labels.channels[].items) or Deepgram's multichannel
 * (results.channels[].alternatives[0].words, two channels or more). The
 * words of all channels in time order, a turn for each run of one
 * channel's ("ch_0", an id turns.c shows as "Speaker N"; AWS's own
 * channel_label; "ch_0_1" where Deepgram diarized two voices or more in
 * one channel). PCAST_ERR_ARGUMENT (err untouched, doc unchanged) when
 * there are not two channels with words; else PCAST_OK, or PCAST_ERR_NOMEM
 * with doc holding what was read. */
pcast_status pc_json_read_channels(pc_doc *doc, const pc_source *src, json_t *root,
                                   pcast_error *err);

/* The word lists of one channel, a turn for each run of one speaker's:
 *   AWS Transcribe  results.items (speaker_label each, or in older output
 *                   the speaker_labels.segments its start falls in)
 *   ElevenLabs      words[] of type word/spacing/audio_event, speaker_id
 *   Rev.ai          monologues[] of elements (words, blanks, marks)
 *   Speechmatics    results[] of words and punctuation, alternatives[0].speaker
 *   Google STT      results[].alternatives[0].transcript, or with diarization
 *                   the last result's words[] with speakerTag / speakerLabel, or
 *                   with multi-channel recognition a speaker per channelTag
 *   Azure (batch)   recognizedPhrases[] with speaker, offsetInTicks, nBest[0].display
 *   YouTube json3   events[] with tStartMs and segs[].utf8 (yt-dlp's download)
 * PCAST_ERR_ARGUMENT (err untouched, doc unchanged) when root is none of
 * these; else as pc_json_read_channels. */
pcast_status pc_json_read_word_lists(pc_doc *doc, const pc_source *src, json_t *root,
                                     pcast_error *err);

/* Deepgram's one channel diarized word by word (alt: results.channels[0]
 * .alternatives[0], its words[] with speaker, punctuated_word or word),
 * a turn for each run of one speaker's (a number: an id turns.c shows
 * as "Speaker N"). PCAST_ERR_ARGUMENT (err untouched, doc unchanged)
 * when no word names a speaker; else as pc_json_read_channels. */
pcast_status pc_json_read_deepgram_words(pc_doc *doc, const pc_source *src, json_t *alt,
                                         pcast_error *err);

#endif
