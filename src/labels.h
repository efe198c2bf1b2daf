/* labels: what a speaker label looks like, whatever the input format.
 * Private; not installed. */
#ifndef POSTCAST_LABELS_H
#define POSTCAST_LABELS_H

#include <stdbool.h>
#include <stddef.h>

/* Could name[0..n) be a speaker? strict: the shape asked of plain
 * (unbolded) labels: short, a few words, starting with a capital or a
 * non-Latin letter; not strict: a bold label (up to 80 characters, 10
 * words). Sentence punctuation never appears in a name. */
bool pc_label_name_shape(const char *name, size_t n, bool strict);
/* "Note", "Update", "注意", ...: words that end in a colon but name no one. */
bool pc_label_is_admonition(const char *name);
/* A label at the start of s (squeezed text), every shape of DESIGN.md
 * and issue 15: `Name: text`, `名字：text`, `Name (Host): text` (the role
 * is dropped), `Name (01:23):` / `Name [00:01:23]:` / `Name: (01:23)`
 * (the time kept, not in rest), `[SPEAKER_00]: text` (WhisperX),
 * `>> JOHN: text` (a caption's speaker-change mark). `10:30` and
 * `https://` are not labels, nor is anything whose name fails the strict
 * shape. The label says nothing of whether the name is a speaker: the
 * turn builder decides that from the whole post. */
typedef struct pc_label {
    const char *name;    /* into s */
    size_t name_len;
    const char *rest;    /* the text after the colon and its blanks */
    double time_s;       /* a time in the label; < 0: none */
    bool marked;         /* opened by ">>" */
} pc_label;
bool pc_label_parse(const char *s, pc_label *l);
/* Is l a speaker's label whatever the rest of the post says: after a
 * time stamp in brackets (stamped: "[00:01:23] Name: text", as
 * transcription tools write every turn), or naming a diarized speaker
 * ("Speaker 2", "Speaker B")? */
bool pc_label_certain(const pc_label *l, bool stamped);

/* Is name a speech-to-text tool's id for a speaker rather than a name:
 * pyannote's and WhisperX's SPEAKER_00, AWS Transcribe's spk_0 and
 * channel ch_0, ElevenLabs' speaker_0, Speechmatics' S1, a bare number (Deepgram's
 * speaker 0), each number of 1-9 digits, with an optional second number (ch_0_1)? "Speaker 1"
 * (with a blank, as Otter writes it) is a name a listener can hear. */
bool pc_label_machine_id(const char *name);
/* The largest number a tool's speaker id may carry (9 digits: a
 * diarizer may number by session or hash, SPEAKER_12345); a JSON
 * speaker that is a number up to it is an id. */
#define PC_LABEL_ID_MAX 999999999LL

/* Is name a stand-in for a speaker nobody named: "Speaker 2",
 * "Speaker B", "Unknown Speaker", or a tool's id (pc_label_machine_id)?
 * Such a speaker speaks, but is no person to list in a feed. */
bool pc_label_placeholder(const char *name);

/* A time at s: "1:02:03", "00:08:08.00", "0:05", "01:23,5" (H:MM:SS or
 * M:SS, fraction after . or ,). Returns its length (0: none) and sets
 * *time_s. A lone number or a time followed by a digit is none. */
size_t pc_label_time(const char *s, double *time_s);
/* A time at s, or a range of two ("00:00:03 - 00:00:09", with "-",
 * an en or em dash, or "-->" between): its length (0: none); *start_s
 * is the first time. */
size_t pc_label_time_range(const char *s, double *start_s);
/* A time stamp in brackets at s: "[00:01:23]", "[ 0:05 ]", a range
 * "[00:00:03 - 00:00:09]" (its start), and with parens true also
 * "(01:23)". Returns its length (0: none). */
size_t pc_label_stamp(const char *s, bool parens, double *time_s);
/* Strips a trailing "(...)" / "[...]" group (a role or a time) and the
 * blanks before it from name[0..*n), unless it is all there is; a time
 * goes to *time_s (left alone otherwise). */
void pc_label_trim_group(const char *name, size_t *n, double *time_s);
/* "Name  0:05" (transcription-tool exports): a name written as names are
 * (pc_label_title_case), two or more blanks (or a tab), a time and
 * nothing after it, in s[0..n) before white space is squeezed; or one
 * blank before a time in brackets ("Name (00:01:23)", "Name [0:05]") or
 * one with hours ("Name 00:01:23"), also after a dash ("Name - 00:01:23",
 * "Name — [0:05]"). Sets the name's length and the time. */
bool pc_label_name_time_line(const char *s, size_t n, size_t *name_len, double *time_s);
/* "00:00:03 Dana Wu", "[00:00:03.00] - Dana Wu", "(00:03) Dana Wu"
 * alone in s[0..n) (Happy Scribe and other tools, the words below): a
 * time in brackets or with hours, blanks (a dash among them) and a name
 * written as names are, nothing after it. Sets where the name is in s,
 * its length and the time. */
bool pc_label_time_name_line(const char *s, size_t n, size_t *name_off, size_t *name_len,
                             double *time_s);
/* Strips a trailing colon (ASCII or full-width) and blanks from s[0..*n);
 * true when there was a colon (*n is then the name's length). */
bool pc_label_strip_trailing_colon(const char *s, size_t *n);
/* Length in bytes of a leading colon (after blanks) in s, also after a
 * group ` (00:01:23):` whose time goes to *time_s, or 0. */
size_t pc_label_leading_colon(const char *s, double *time_s);

/* No word of name[0..n) starts with a lower-case letter (Dana Wu, JOHN,
 * Speaker 1, 主持人), as names are written; "So we water" is not. */
bool pc_label_title_case(const char *name, size_t n);

/* name[0..n) written surname first, as directories and Microsoft Teams
 * show people ("Wu, Dana"; "van Dyke, Mary" stays as written: each word
 * must start with a capital): one comma and a blank after it, one or two
 * words before it, one to three after, every word a capital then
 * letters, none a suffix or title ("Smith, Jr.", "Lee, PhD", "Ford, III").
 * Returns the comma's offset, 0 when it is not that shape. */
size_t pc_label_last_first(const char *name, size_t n);

#endif
