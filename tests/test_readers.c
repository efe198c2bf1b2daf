/* Transcripts in the shapes people download them in (caption files,
 * transcription services' exports, speech-to-text JSON), spec style
 * (script_spec.h), against the library and `postcast script`: the
 * speakers, turns and words each must give, and the FILE:LINE:COL error
 * for one that is broken. Every input here is made up. */
#include "script_spec.h"

static const spec specs[] = {
    /* ---- transcription services' text exports ---- */
    /* Otter.ai: "Name  0:03" alone on a line, the words below; hours
     * once the talk is long */
    {"otter.txt",
     "Dana Wu  0:03\nWelcome to the show. Today we talk about rivers.\n\nSam Lee  0:12\n"
     "Thanks for having me.\n\nDana Wu  1:02:45\nLast question.\n\n",
     "# otter\nNarrator: otter\nDana Wu@3: Welcome to the show. Today we talk about rivers.\n"
     "Sam Lee@12: Thanks for having me.\nDana Wu@3765: Last question.\n= Narrator 1, Dana Wu 2, Sam Lee 1\n"},
    /* Rev: "Name (00:01:02):" above the words; "Speaker 1:" once is a
     * speaker already */
    {"rev.txt",
     "Dana Wu (00:00:03):\nWelcome to the show.\n\nSpeaker 2 (01:02):\nThanks for having me.\n\n"
     "Speaker 1: Hello?\n\nSpeaker 3: Yes.\n",
     "# rev\nNarrator: rev\nDana Wu@3: Welcome to the show.\nSpeaker 2@62: Thanks for having me.\n"
     "Speaker 1: Hello?\nSpeaker 3: Yes.\n= Narrator 1, Dana Wu 1, Speaker 2 1, Speaker 1 1, Speaker 3 1\n"},
    /* Descript: "[00:00:03] Name: words", a paragraph each: a name said
     * once is a speaker already */
    {"descript.txt",
     "[00:00:03] Dana Wu: Welcome to the show.\n\n[00:00:12] Sam Lee: Thanks for having me.\n\n"
     "[00:00:15] Dana Wu: So.\n",
     "# descript\nNarrator: descript\nDana Wu@3: Welcome to the show.\nSam Lee@12: Thanks for having me.\n"
     "Dana Wu@15: So.\n= Narrator 1, Dana Wu 2, Sam Lee 1\n"},
    /* a plain "Name: words" transcript: a guest who speaks once is a
     * speaker once two others hold the conversation (it was read as the
     * previous speaker's words, "Jo Park: ..." and all); a "Note:" stays
     * words, and so does a lower-case "so:" */
    {"once.txt",
     "Dana Wu: Welcome to the show.\n\nSam Lee: Thanks for having me.\n\nDana Wu: So, rivers.\n\n"
     "Sam Lee: Yes.\n\nJo Park: I am here once.\nNote: this is read.\n\nDana Wu: Bye.\n",
     "# once\nNarrator: once\nDana Wu: Welcome to the show.\nSam Lee: Thanks for having me.\nDana Wu: So, rivers.\n"
     "Sam Lee: Yes.\nJo Park: I am here once. Note: this is read.\nDana Wu: Bye.\n"
     "= Narrator 1, Dana Wu 3, Sam Lee 2, Jo Park 1\n"},
    /* ... but a post of prose with two lines of dialogue keeps "Update:"
     * and a once-said "Result:" as words */
    {"prose-dialogue.md",
     "We talked.\n\nDana: Hi.\n\nSam: Yo.\n\nDana: Bye.\n\nSam: Bye.\n\nSome prose.\n\nMore prose.\n\n"
     "Even more prose.\n\nResult: nothing.\n\nThe end.\n\nReally.\n",
     "# prose-dialogue\nNarrator: prose-dialogue / We talked.\nDana: Hi.\nSam: Yo.\nDana: Bye.\nSam: Bye. / "
     "Some prose. / More prose. / Even more prose. / Result: nothing. / The end. / Really.\n"
     "= Narrator 1, Dana 2, Sam 2\n"},
    /* sound notes in a post are not read: (laughs), [inaudible], *[pause]*,
     * （笑）, 【掌聲】; an aside "(I think)" and an editor's "[the firm]"
     * are words */
    {"notes.md",
     "**Host**: So how was it? (laughs) Tell me [inaudible] more. We had *[pause]* fun [crosstalk].\n\n"
     "**Guest**: It was great (I think). See [the firm] for more.\n\n"
     "**Host**: \xe7\x9c\x9f\xe7\x9a\x84\xef\xbc\x88\xe7\xac\x91\xef\xbc\x89\xe3\x80\x82"
     "\xe3\x80\x90\xe6\x8e\x8c\xe8\x81\xb2\xe3\x80\x91\xe8\xac\x9d\xe8\xac\x9d\xe3\x80\x82\n",
     "# notes\nNarrator: notes\nHost: So how was it? Tell me more. We had fun.\n"
     "Guest: It was great (I think). See [the firm] for more.\n"
     "Host: \xe7\x9c\x9f\xe7\x9a\x84\xe3\x80\x82\xe8\xac\x9d\xe8\xac\x9d\xe3\x80\x82\n"
     "= Narrator 1, Host 2, Guest 1\n"},
    /* a heading gives the voice back to the narrator: a section's words
     * before its first label, and a deeper heading and what follows it,
     * are not the last speaker's */
    {"heads.md",
     "# Heads\n\n**Alice**: Hi Bob.\n\n**Bob**: Hi Alice.\n\n## Part 2\n\n- an item\n\n### Sub\n\nPlain words.\n\n"
     "**Bob**: Back to me.\n\n### Aside\n\nMore words.\n",
     "# Heads\nNarrator: Heads\nAlice: Hi Bob.\nBob: Hi Alice.\n# Part 2\nNarrator+: an item / Sub / Plain words.\n"
     "Bob: Back to me.\nNarrator+: Aside / More words.\n= Narrator 1, Alice 1, Bob 2\n"},
    /* a picture inside a sentence is read by its alt text (the sentence
     * lost its words); one alone in its paragraph, or a linked badge, is
     * not read */
    {"alt.md",
     "See the ![map of the route](map.png) for details.\n\n![A loaf on a board](loaf.jpg)\n\n"
     "[![build passing](b.svg)](https://example.com) All good.\n",
     "# alt\nNarrator: alt / See the map of the route for details. / All good.\n= Narrator 1\n"},
    /* WebVTT ruby: the base is read, its <rt> annotation is not */
    {"ruby.vtt",
     "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ann>Say <ruby>\xe6\xbc\xa2<rt>kan</rt>"
     "\xe5\xad\x97<rt>ji</rt></ruby> now.\n",
     "# ruby\nNarrator: ruby\nAnn@1: Say \xe6\xbc\xa2\xe5\xad\x97 now.\n= Narrator 1, Ann 1\n"},
    /* money is not inline TeX: a $ after a currency code opens no math,
     * and math holds no Han text (both amounts and the words between
     * were dropped); $E = mc^2$ still is math */
    {"money.md",
     "\xe5\x94\xae\xe5\x83\xb9NT$1,200\xe5\x85\x83\xef\xbc\x8c\xe6\x88\x96 NT$ 500 \xe5\x85\x83\xe3\x80\x82\n\nIt is $E = mc^2$ at $5 and $10.\n",
     "# money\nNarrator: money / \xe5\x94\xae\xe5\x83\xb9NT$1,200\xe5\x85\x83\xef\xbc\x8c\xe6\x88\x96 NT$ 500 \xe5\x85\x83\xe3\x80\x82 / It is at $5 and $10.\n= Narrator 1\n"},
    /* Riverside: "Name (00:00:03)" / "Name 00:00:03" above the words */
    {"riverside.txt",
     "Dana Wu (00:00:03)\nWelcome to the show.\n\nSam Lee 00:00:12\nThanks.\n",
     "# riverside\nNarrator: riverside\nDana Wu@3: Welcome to the show.\nSam Lee@12: Thanks.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    /* near misses: "Speaker notes:" or a "Speakers 2:" names no one */
    {"speaker-notes.md", "Speaker notes: bring water.\n\nSpeakers 2: none.\n",
     "# speaker-notes\nNarrator: speaker-notes / Speaker notes: bring water. / Speakers 2: none.\n= Narrator 1\n"},
    /* a time alone on a line times the words below it and is not read:
     * YouTube's transcript copied out, Google Meet's, a name above its
     * time above the words */
    {"youtube.txt", "0:00\nwelcome back to the show\n0:03\ntoday we talk about rivers\n1:02:03\nthat is all\n",
     "# youtube\nNarrator: youtube / welcome back to the show today we talk about rivers that is all\n"
     "= Narrator 1\n"},
    {"meet.txt", "00:00:00\nDana Wu: Welcome back.\n\n00:00:05\nSam Lee: Thanks.\n\n00:00:09\nDana Wu: So.\n",
     "# meet\nNarrator: meet\nDana Wu@0: Welcome back.\nSam Lee@5: Thanks.\nDana Wu@9: So.\n"
     "= Narrator 1, Dana Wu 2, Sam Lee 1\n"},
    {"name-time.txt", "Dana Wu\n00:00:03\nWelcome back.\n\nSam Lee\n00:00:05\nThanks.\n",
     "# name-time\nNarrator: name-time\nDana Wu@3: Welcome back.\nSam Lee@5: Thanks.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    /* a bare time before a label, a bracketed one between name and colon */
    {"stamp-first.txt", "00:00:03 Dana Wu: Welcome back.\n00:00:05 Sam Lee: Thanks.\n"
     "Dana Wu [00:00:09]: So.\n\nSam Lee [00:00:12]: Yes.\n",
     "# stamp-first\nNarrator: stamp-first\nDana Wu@3: Welcome back.\nSam Lee@5: Thanks.\nDana Wu@9: So.\n"
     "Sam Lee@12: Yes.\n= Narrator 1, Dana Wu 2, Sam Lee 2\n"},
    /* the time before the name, on the name's own line (Happy Scribe's
     * "[00:00:00.00] - Name"), a stamp just after a label's colon, a
     * time in parentheses before a label */
    {"happyscribe.txt",
     "[00:00:00.00] - Dana Wu\nWelcome to the show.\n\n[00:00:05.50] - Sam Lee\nThanks.\n\n"
     "00:00:09 Dana Wu\nSo.\n",
     "# happyscribe\nNarrator: happyscribe\nDana Wu@0: Welcome to the show.\nSam Lee@5.5: Thanks.\n"
     "Dana Wu@9: So.\n= Narrator 1, Dana Wu 2, Sam Lee 1\n"},
    {"stamp-after.txt",
     "Dana Wu: [00:00:03] Welcome to the show.\n\nSam Lee: [00:00:12] Thanks.\n\n(00:15) Dana Wu: So.\n",
     "# stamp-after\nNarrator: stamp-after\nDana Wu@3: Welcome to the show.\nSam Lee@12: Thanks.\n"
     "Dana Wu@15: So.\n= Narrator 1, Dana Wu 2, Sam Lee 1\n"},
    /* near misses: a clock time before a title is words */
    {"agenda.md", "10:30 Team Meeting\n\nWe met.\n",
     "# agenda\nNarrator: agenda / 10:30 Team Meeting / We met.\n= Narrator 1\n"},
    /* near misses: a time in a sentence, or alone with no words below
     * it, stays words */
    {"prose-times.txt", "10:30 was late.\nWe met at\n10:30\n\nAnd left at\n11:00\n",
     "# prose-times\nNarrator: prose-times / 10:30 was late. We met at 10:30 / And left at 11:00\n= Narrator 1\n"},
    /* ---- WebVTT ---- */
    /* Zoom: numbered cues, no <v>, "Name: words" in every cue: one turn
     * until someone else speaks, a sentence cut across cues one
     * paragraph */
    {"zoom.vtt",
     "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nDana Wu: Welcome to the show, we start\n\n"
     "2\n00:00:03.000 --> 00:00:05.000\nDana Wu: in the middle of a sentence.\n\n"
     "3\n00:00:05.500 --> 00:00:07.000\nSam Lee: Thanks.\n\n4\n00:00:07.500 --> 00:00:09.000\nDana Wu: So.\n\n"
     "5\n00:00:12.500 --> 00:00:14.000\nDana Wu: Later.\n",
     "# zoom\nNarrator: zoom\nDana Wu@1: Welcome to the show, we start in the middle of a sentence.\n"
     "Sam Lee@5.5: Thanks.\nDana Wu@7.5: So. / Later.\n= Narrator 1, Dana Wu 2, Sam Lee 1\n"},
    /* Zoom names as they were typed: "sam lee:" is a speaker where the
     * name comes back (and one turn while she goes on); "well:" once is
     * one too, as every cue opens with a name (it stayed words) */
    {"zoom-lower.vtt",
     "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nDana Wu: Welcome to the show.\n\n"
     "2\n00:00:03.500 --> 00:00:05.000\nsam lee: Thanks, we start\n\n3\n00:00:05.000 --> 00:00:06.000\n"
     "sam lee: here.\n\n4\n00:00:07.500 --> 00:00:09.000\nDana Wu: So.\n\n5\n00:00:09.500 --> 00:00:10.000\n"
     "sam lee: Yes.\n\n6\n00:00:10.500 --> 00:00:11.000\nwell: fine.\n",
     "# zoom-lower\nNarrator: zoom-lower\nDana Wu@1: Welcome to the show.\nsam lee@3.5: Thanks, we start here.\n"
     "Dana Wu@7.5: So.\nsam lee@9.5: Yes.\nwell@10.5: fine.\n= Narrator 1, Dana Wu 2, sam lee 2, well 1\n"},
    /* ... a name typed once among names typed once: every cue has one */
    {"zoom-typed.vtt",
     "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\ndana wu: Welcome everyone.\n\n2\n00:00:03.500 --> 00:00:05.000\n"
     "sam: Thanks!\n\n3\n00:00:05.500 --> 00:00:07.000\ndana wu: Let us begin.\n",
     "# zoom-typed\nNarrator: zoom-typed\ndana wu@1: Welcome everyone.\nsam@3.5: Thanks!\ndana wu@5.5: Let us begin.\n"
     "= Narrator 1, dana wu 2, sam 1\n"},
    /* ... but where a cue has no name, "so: what now" once is words */
    {"lower-once.vtt",
     "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nso: what now?\n\n00:00:04.000 --> 00:00:05.000\nwe wait.\n",
     "# lower-once\nNarrator: lower-once / so: what now? we wait.\n= Narrator 1\n"},
    /* Microsoft Teams: GUID/N-M cue identifiers, <v Name>...</v> */
    {"teams.vtt",
     "WEBVTT\n\na1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d/12-0\n00:00:01.000 --> 00:00:03.000\n"
     "<v Dana Wu>Welcome to the show.</v>\n\na1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d/12-1\n"
     "00:00:03.000 --> 00:00:05.000\n<v Dana Wu>It is a good day.</v>\n\n"
     "f1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d/15-0\n00:00:05.500 --> 00:00:07.000\n<v Sam Lee>Thanks.</v>\n",
     "# teams\nNarrator: teams\nDana Wu@1: Welcome to the show. It is a good day.\nSam Lee@5.5: Thanks.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    /* a label between voice spans is who speaks until the next voice */
    {"voice-label.vtt",
     "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Dana>One.\n\n00:02.000 --> 00:03.000\nSam: Two.\n\n"
     "00:03.000 --> 00:04.000\n<v Dana>Three.\n",
     "# voice-label\nNarrator: voice-label\nDana@1: One.\nSam@2: Two.\nDana@3: Three.\n"
     "= Narrator 1, Dana 2, Sam 1\n"},
    /* a header with a title and metadata, STYLE, REGION and NOTE blocks
     * (also between cues), cue settings, class spans */
    {"styled.vtt",
     "WEBVTT - Garden talk\nKind: captions\n\nSTYLE\n::cue {\n  color: white;\n}\n\n"
     "REGION\nid:fred\nwidth:40%\n\nNOTE This is a comment\nthat spans lines\n\n"
     "00:00:01.000 --> 00:00:03.000 align:start position:10% line:0\n<v Dana Wu>Welcome to the show.\n\n"
     "NOTE another\n\n00:00:03.500 --> 00:00:05.000 region:fred align:left\n<v Sam Lee><c.yellow>Thanks.</c>\n",
     "# styled\nNarrator: styled\nDana Wu@1: Welcome to the show.\nSam Lee@3.5: Thanks.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    /* a byte order mark before WEBVTT; CRLF line ends */
    {"bom.vtt",
     "\xef\xbb\xbfWEBVTT\r\n\r\n00:00:01.000 --> 00:00:03.000\r\n<v Dana Wu>Welcome\r\nback.\r\n",
     "# bom\nNarrator: bom\nDana Wu@1: Welcome back.\n= Narrator 1, Dana Wu 1\n"},
    /* hours of one digit (some converters write them); a broken
     * arrow or time is an error where it is */
    {"short-hours.srt", "1\n0:00:01,000 --> 0:00:02,500\nHello.\n",
     "# short-hours\nNarrator: short-hours / Hello.\n= Narrator 1\n"},
    {"arrow.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:03,000 -> 00:00:04,000\nBye.\n",
     "!6:14: expected '-->' between the cue's start and end"},
    {"time.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello.\n\n00:00:03 --> 00:00:04\nBye.\n",
     "!6:1: a cue time is HH:MM:SS.mmm or MM:SS.mmm"},
    /* WhisperX's captions: "[SPEAKER_00]: words" (the bracket was
     * dropped as a sound note and ": words" read) */
    {"whisperx.vtt",
     "WEBVTT\n\n00:00.000 --> 00:02.000\n[SPEAKER_00]: Welcome to the show.\n\n00:02.000 --> 00:04.000\n"
     "[SPEAKER_00]: It is a good day.\n\n00:04.500 --> 00:06.000\n[SPEAKER_01]: Thanks.\n",
     "# whisperx\nNarrator: whisperx\nSpeaker 1@0: Welcome to the show. It is a good day.\n"
     "Speaker 2@4.5: Thanks.\n= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    /* ---- a speech-to-text tool's speaker ids ---- */
    /* pyannote's SPEAKER_01 may speak first: the ids are shown as
     * "Speaker N" in the order the voices are first heard */
    {"pyannote-order.vtt",
     "WEBVTT\n\n00:00.000 --> 00:02.000\n<v SPEAKER_01>Welcome.\n\n00:02.000 --> 00:04.000\n"
     "<v SPEAKER_00>Thanks.\n\n00:04.000 --> 00:05.000\n<v SPEAKER_01>So.\n",
     "# pyannote-order\nNarrator: pyannote-order\nSpeaker 1@0: Welcome.\nSpeaker 2@2: Thanks.\n"
     "Speaker 1@4: So.\n= Narrator 1, Speaker 1 2, Speaker 2 1\n"},
    /* real names stay, and a "Speaker 1" the file writes keeps its
     * number: an id takes the next one free */
    {"mixed-ids.vtt",
     "WEBVTT\n\n00:00.000 --> 00:02.000\n<v Speaker 1>Hi.\n\n00:02.000 --> 00:04.000\n"
     "<v SPEAKER_00>Yo.\n\n00:04.000 --> 00:05.000\n<v Dana Wu>Hey.\n\n00:05.000 --> 00:06.000\n"
     "<v spk_3>Ho.\n",
     "# mixed-ids\nNarrator: mixed-ids\nSpeaker 1@0: Hi.\nSpeaker 2@2: Yo.\nDana Wu@4: Hey.\n"
     "Speaker 3@5: Ho.\n= Narrator 1, Speaker 1 1, Speaker 2 1, Dana Wu 1, Speaker 3 1\n"},
    /* a cast renames an id by the id or by the name shown for it; every
     * id keeps its number either way */
    {"ids-cast.txt",
     "---\ncast:\n  SPEAKER_00: {name: Dana Wu}\n  Speaker 2: {name: Sam Lee}\n---\n"
     "[SPEAKER_00]: Hello.\n\n[SPEAKER_01]: Hi.\n\n[SPEAKER_02]: Hey.\n",
     "# ids-cast\nNarrator: ids-cast\nDana Wu: Hello.\nSam Lee: Hi.\nSpeaker 3: Hey.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1, Speaker 3 1\n"},
    /* a diarizer's "SPEAKER_00: words" is a label the first time */
    {"ids-once.txt", "SPEAKER_00: Hello there.\n",
     "# ids-once\nNarrator: ids-once\nSpeaker 1: Hello there.\n= Narrator 1, Speaker 1 1\n"},
    /* ids of five digits or more (a diarizer that numbers speakers by a
     * session or a hash) are ids too: they stayed raw ("SPEAKER_12345",
     * "Speaker 12345"), or, as a number in a service's words, were lost */
    {"ids-long.txt", "SPEAKER_12345: Hello there.\n\nspk_123456789: Hi.\n\nSPEAKER_12345: So.\n",
     "# ids-long\nNarrator: ids-long\nSpeaker 1: Hello there.\nSpeaker 2: Hi.\nSpeaker 1: So.\n"
     "= Narrator 1, Speaker 1 2, Speaker 2 1\n"},
    {"ids-long.json",
     "{\"segments\": [{\"speaker\": 12345, \"start\": 0, \"end\": 1, \"text\": \"Hi.\"},\n"
     " {\"speaker\": 23456, \"start\": 1, \"end\": 2, \"text\": \"Yo.\"}]}\n",
     "# ids-long\nNarrator: ids-long\nSpeaker 1@0: Hi.\nSpeaker 2@1: Yo.\n= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    {"ids-long-rev.json",
     "{\"monologues\": [{\"speaker\": 12345, \"elements\": [{\"type\": \"text\", \"value\": \"Hi.\", \"ts\": 0}]},\n"
     " {\"speaker\": 67890, \"elements\": [{\"type\": \"text\", \"value\": \"Yo.\", \"ts\": 1}]}]}\n",
     "# ids-long-rev\nNarrator: ids-long-rev\nSpeaker 1@0: Hi.\nSpeaker 2@1: Yo.\n"
     "= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    /* YouTube's cue of a line of one blank, then its words, as the
     * file's last: the words are read (it was "expected a cue timing
     * line") */
    {"yt-last.vtt",
     "WEBVTT\n\n00:00:00.160 --> 00:00:02.230 align:start position:0%\n \nwelcome<00:00:00.480><c> back</c>\n",
     "# yt-last\nNarrator: yt-last / welcome back\n= Narrator 1\n"},
    {"yt-last-nonl.vtt", "WEBVTT\n\n00:00:00.160 --> 00:00:02.230\n \nwelcome back",
     "# yt-last-nonl\nNarrator: yt-last-nonl / welcome back\n= Narrator 1\n"},
    /* Otter's free exports end with its credit: not read (Sam said it) */
    {"otter-credit.txt",
     "Dana Wu  0:00\nWelcome to the show.\n\nSam Lee  0:04\nThanks for having me.\n\n\n"
     "Transcribed by https://otter.ai\n\n",
     "# otter-credit\nNarrator: otter-credit\nDana Wu@0: Welcome to the show.\nSam Lee@4: Thanks for having me.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    /* whisper.cpp's --diarize: "(speaker 0) words", "(speaker ?)" where
     * it cannot tell (the words go on with who spoke last) */
    {"whispercpp.vtt",
     "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n(speaker 0) Welcome to the show.\n\n00:00:02.000 --> 00:00:04.000\n"
     "(speaker 1) Thanks.\n\n00:00:04.000 --> 00:00:05.000\n(speaker ?) Hmm.\n\n00:00:05.000 --> 00:00:06.000\n"
     "(speaker 0) So.\n",
     "# whispercpp\nNarrator: whispercpp\nSpeaker 1@0: Welcome to the show.\nSpeaker 2@2: Thanks. Hmm.\n"
     "Speaker 1@5: So.\n= Narrator 1, Speaker 1 2, Speaker 2 1\n"},
    /* a tool's ids as text labels, lower case too (AWS's spk_0) */
    {"ids-lower.txt", "[00:00:01] spk_0: Hello.\n[00:00:03] spk_1: Hi.\n\n1: not a label.\n",
     "# ids-lower\nNarrator: ids-lower\nSpeaker 1@1: Hello.\nSpeaker 2@3: Hi. / 1: not a label.\n"
     "= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    /* NPR's transcripts: "NAME, ROLE:" (the role not part of the name),
     * the surname alone after ("KELLY:"), "(SOUNDBITE OF MUSIC)" notes */
    {"npr.txt",
     "MARY LOUISE KELLY, HOST:\n\nGood evening. Today, compost.\n\n(SOUNDBITE OF MUSIC)\n\n"
     "KELLY: Our guest grows beans.\n\nDANA WU: Thanks for having me.\n\nKELLY: Let us begin.\n\n"
     "DANA WU: Sure.\n\n(SOUNDBITE OF ARCHIVED BROADCAST)\n\nUNIDENTIFIED PERSON: Back then, by hand.\n\n"
     "KELLY: Amazing.\n",
     "# npr\nNarrator: npr\nMARY LOUISE KELLY: Good evening. Today, compost.\nMARY LOUISE KELLY: Our guest grows beans.\n"
     "DANA WU: Thanks for having me.\nMARY LOUISE KELLY: Let us begin.\nDANA WU: Sure.\n"
     "UNIDENTIFIED PERSON: Back then, by hand.\nMARY LOUISE KELLY: Amazing.\n"
     "= Narrator 1, MARY LOUISE KELLY 4, DANA WU 2, UNIDENTIFIED PERSON 1\n"},
    /* ... a name in capitals once is a speaker only where names in
     * capitals are the post's labels: here none is twice */
    {"caps-once.md", "Intro.\n\nBIG NEWS: we moved.\n\nMore words.\n",
     "# caps-once\nNarrator: caps-once / Intro. / BIG NEWS: we moved. / More words.\n= Narrator 1\n"},
    /* ---- SRT ---- */
    {"crlf.srt",
     "\xef\xbb\xbf" "1\r\n00:00:01,000 --> 00:00:03,000\r\nDANA: Welcome\r\nto the show.\r\n\r\n2\r\n"
     "00:00:03,500 --> 00:00:05,000\r\nSAM: Thanks.\r\n",
     "# crlf\nNarrator: crlf\nDANA@1: Welcome to the show.\nSAM@3.5: Thanks.\n= Narrator 1, DANA 1, SAM 1\n"},
    /* ---- YouTube SBV: the cue loop WebVTT and SRT take ---- */
    /* a line of blanks inside a cue is no end of it; a timing line with
     * no empty line before it opens the next cue; rolling captions
     * repeat the line before once */
    {"rolling.sbv",
     "0:00:00.000,0:00:02.000\nhello world\n \nfrom the plot\n\n0:00:02.000,0:00:04.000\n"
     "from the plot\nthis is rolling\n0:00:05.000,0:00:06.000\nDANA: Next.\n",
     "# rolling\nNarrator: rolling / hello world from the plot this is rolling\nDANA@5: Next.\n"
     "= Narrator 1, DANA 1\n"},
    {"broken.sbv", "0:00:01.000,0:00:02.000\nOne.\n\n0:00:03.000;0:00:04.000\nTwo.\n",
     "!4:12: expected a caption's timing line (0:00:01.000,0:00:03.500)"},
    {"whisperx.srt",
     "1\n00:00:00,000 --> 00:00:02,000\n[SPEAKER_00]: Welcome to the show.\n\n2\n00:00:02,500 --> 00:00:04,000\n"
     "[SPEAKER_01]: Thanks.\n",
     "# whisperx\nNarrator: whisperx\nSpeaker 1@0: Welcome to the show.\nSpeaker 2@2.5: Thanks.\n"
     "= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    /* <font color> and <i> are markup, "NAME:" inside a font tag a label */
    {"font.srt",
     "1\n00:00:01,000 --> 00:00:03,000\n<font color=\"#ffff00\">DANA:</font> Welcome to the show.\n\n"
     "2\n00:00:03,000 --> 00:00:05,000\n<i>It is a good day.</i>\n\n3\n00:00:05,500 --> 00:00:07,000\n"
     "<font color=\"#00ffff\">SAM:</font> <b>Thanks.</b>\n",
     "# font\nNarrator: font\nDANA@1: Welcome to the show. It is a good day.\nSAM@5.5: Thanks.\n"
     "= Narrator 1, DANA 1, SAM 1\n"},
    /* SDH captions: "[SAM] words" names SAM where the name comes back (a
     * repeat while SAM goes on is one turn); "[THUNDER] Run!" once, or a
     * sound's words, stay notes, not read */
    {"sdh.srt",
     "1\n00:00:01,000 --> 00:00:03,000\n[SAM] Welcome to the show.\n\n2\n00:00:03,000 --> 00:00:05,000\n"
     "[SAM] It is a good day.\n\n3\n00:00:05,500 --> 00:00:07,000\n[DANA]\nThanks.\n\n"
     "4\n00:00:07,500 --> 00:00:09,000\n[THUNDER] Run!\n\n5\n00:00:09,500 --> 00:00:11,000\n[SAM] So.\n\n"
     "6\n00:00:11,500 --> 00:00:12,000\n[DANA] Yes.\n\n7\n00:00:12,500 --> 00:00:13,000\n"
     "[dramatic music] [Door Slams] Hello.\n",
     "# sdh\nNarrator: sdh\nSAM@1: Welcome to the show. It is a good day.\nDANA@5.5: Thanks. Run!\n"
     "SAM@9.5: So.\nDANA@11.5: Yes. Hello.\n= Narrator 1, SAM 2, DANA 2\n"},
    /* ---- speech-to-text JSON ---- */
    /* WhisperX: words[] arrays (not read: the segment's text is), the
     * same speaker over segments one turn */
    {"whisperx.json",
     "{\"segments\": [\n {\"start\": 0.031, \"end\": 2.5, \"text\": \" Welcome to the show.\", \"words\": "
     "[{\"word\": \"Welcome\", \"start\": 0.031, \"end\": 0.4, \"score\": 0.9, \"speaker\": \"SPEAKER_00\"}],"
     " \"speaker\": \"SPEAKER_00\"},\n {\"start\": 2.6, \"end\": 4.0, \"text\": \" It is a good day.\", "
     "\"words\": [], \"speaker\": \"SPEAKER_00\"},\n {\"start\": 4.5, \"end\": 6.0, \"text\": \" Thanks.\", "
     "\"words\": [], \"speaker\": \"SPEAKER_01\"}],\n \"word_segments\": [{\"word\": \"Welcome\"}]}\n",
     "# whisperx\nNarrator: whisperx\nSpeaker 1@0.031: Welcome to the show. It is a good day.\n"
     "Speaker 2@4.5: Thanks.\n= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    /* AssemblyAI: utterances, times in milliseconds, speakers "A", "B" */
    {"assemblyai.json",
     "{\"id\": \"x1\", \"status\": \"completed\", \"text\": \"Welcome to the show. Thanks.\",\n"
     " \"words\": [{\"text\": \"Welcome\", \"start\": 0, \"end\": 500, \"speaker\": \"A\"}],\n"
     " \"utterances\": [{\"confidence\": 0.98, \"end\": 1500, \"speaker\": \"A\", \"start\": 250,"
     " \"text\": \"Welcome to the show.\", \"words\": []},\n"
     "  {\"end\": 2500, \"speaker\": \"B\", \"start\": 2000, \"text\": \"Thanks.\", \"words\": []}]}\n",
     "# assemblyai\nNarrator: assemblyai\nSpeaker A@0.25: Welcome to the show.\nSpeaker B@2: Thanks.\n"
     "= Narrator 1, Speaker A 1, Speaker B 1\n"},
    /* ... and without speaker labels (utterances null): its one text */
    {"assemblyai-text.json",
     "{\"id\": \"x1\", \"status\": \"completed\", \"text\": \"Welcome to the show.\", \"utterances\": null}\n",
     "# assemblyai-text\nNarrator: assemblyai-text / Welcome to the show.\n= Narrator 1\n"},
    /* Deepgram: results.utterances, speakers as numbers */
    {"deepgram.json",
     "{\"metadata\": {\"request_id\": \"x\", \"duration\": 3.0},\n \"results\": {\"channels\": [{\"alternatives\":"
     " [{\"transcript\": \"Welcome to the show. Thanks.\"}]}],\n  \"utterances\": [{\"start\": 0.5, \"end\": 1.5,"
     " \"channel\": 0, \"transcript\": \"Welcome to the show.\", \"speaker\": 0, \"id\": \"u1\"},\n"
     "  {\"start\": 2.0, \"end\": 2.5, \"transcript\": \"Thanks.\", \"speaker\": 1, \"id\": \"u2\"}]}}\n",
     "# deepgram\nNarrator: deepgram\nSpeaker 1@0.5: Welcome to the show.\nSpeaker 2@2: Thanks.\n"
     "= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    /* ... its paragraphs when it has no utterances; its transcript when
     * it has neither */
    {"deepgram-paragraphs.json",
     "{\"results\": {\"channels\": [{\"alternatives\": [{\"transcript\": \"x\", \"paragraphs\": {\"paragraphs\": ["
     "{\"sentences\": [{\"text\": \"Welcome.\"}, {\"text\": \"It is a good day.\"}], \"speaker\": 0,"
     " \"start\": 0.5, \"end\": 1.5},\n {\"sentences\": [{\"text\": \"Thanks.\"}], \"speaker\": 1,"
     " \"start\": 2, \"end\": 2.5}]}}]}]}}\n",
     "# deepgram-paragraphs\nNarrator: deepgram-paragraphs\nSpeaker 1@0.5: Welcome. It is a good day.\n"
     "Speaker 2@2: Thanks.\n= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    {"deepgram-text.json",
     "{\"results\": {\"channels\": [{\"alternatives\": [{\"transcript\": \"Welcome to the show.\"}]}]}}\n",
     "# deepgram-text\nNarrator: deepgram-text / Welcome to the show.\n= Narrator 1\n"},
    /* AWS Transcribe: audio_segments (times as strings) ... */
    {"aws.json",
     "{\"jobName\": \"garden\", \"status\": \"COMPLETED\", \"results\": {\"transcripts\": [{\"transcript\":"
     " \"Welcome to the show. Thanks.\"}],\n \"audio_segments\": [{\"id\": 0, \"transcript\": \"Welcome to the show.\","
     " \"start_time\": \"0.5\", \"end_time\": \"1.5\", \"speaker_label\": \"spk_0\", \"items\": [0, 1]},\n"
     " {\"id\": 1, \"transcript\": \"Thanks.\", \"start_time\": \"2.0\", \"end_time\": \"2.5\","
     " \"speaker_label\": \"spk_1\", \"items\": [2]}]}}\n",
     "# aws\nNarrator: aws\nSpeaker 1@0.5: Welcome to the show.\nSpeaker 2@2: Thanks.\n"
     "= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    /* ... or only its word items, punctuation joined to the word before */
    {"aws-items.json",
     "{\"results\": {\"transcripts\": [{\"transcript\": \"Welcome, all. Thanks.\"}], \"items\": [\n"
     "{\"start_time\": \"0.5\", \"end_time\": \"0.9\", \"alternatives\": [{\"confidence\": \"0.99\", \"content\":"
     " \"Welcome\"}], \"type\": \"pronunciation\", \"speaker_label\": \"spk_0\"},\n"
     "{\"alternatives\": [{\"content\": \",\"}], \"type\": \"punctuation\", \"speaker_label\": \"spk_0\"},\n"
     "{\"start_time\": \"1.0\", \"end_time\": \"1.2\", \"alternatives\": [{\"content\": \"all\"}], \"type\":"
     " \"pronunciation\", \"speaker_label\": \"spk_0\"},\n"
     "{\"alternatives\": [{\"content\": \".\"}], \"type\": \"punctuation\", \"speaker_label\": \"spk_0\"},\n"
     "{\"start_time\": \"2.0\", \"end_time\": \"2.5\", \"alternatives\": [{\"content\": \"Thanks\"}], \"type\":"
     " \"pronunciation\", \"speaker_label\": \"spk_1\"},\n"
     "{\"alternatives\": [{\"content\": \".\"}], \"type\": \"punctuation\", \"speaker_label\": \"spk_1\"}]}}\n",
     "# aws-items\nNarrator: aws-items\nSpeaker 1@0.5: Welcome, all.\nSpeaker 2@2: Thanks.\n"
     "= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    /* ... or, in AWS's older output, items without labels and the
     * speakers in speaker_labels.segments, by time */
    {"aws-old.json",
     "{\"results\": {\"transcripts\": [{\"transcript\": \"Welcome, all. Thanks.\"}],\n"
     " \"speaker_labels\": {\"speakers\": 2, \"segments\": [\n"
     "  {\"start_time\": \"0.4\", \"end_time\": \"1.5\", \"speaker_label\": \"spk_0\", \"items\": []},\n"
     "  {\"start_time\": \"1.9\", \"end_time\": \"2.6\", \"speaker_label\": \"spk_1\", \"items\": []}]},\n"
     " \"items\": [\n"
     "{\"start_time\": \"0.5\", \"end_time\": \"0.9\", \"alternatives\": [{\"content\": \"Welcome\"}], \"type\": \"pronunciation\"},\n"
     "{\"alternatives\": [{\"content\": \",\"}], \"type\": \"punctuation\"},\n"
     "{\"start_time\": \"1.0\", \"end_time\": \"1.2\", \"alternatives\": [{\"content\": \"all\"}], \"type\": \"pronunciation\"},\n"
     "{\"alternatives\": [{\"content\": \".\"}], \"type\": \"punctuation\"},\n"
     "{\"start_time\": \"2.0\", \"end_time\": \"2.5\", \"alternatives\": [{\"content\": \"Thanks\"}], \"type\": \"pronunciation\"},\n"
     "{\"alternatives\": [{\"content\": \".\"}], \"type\": \"punctuation\"}]}}\n",
     "# aws-old\nNarrator: aws-old\nSpeaker 1@0.5: Welcome, all.\nSpeaker 2@2: Thanks.\n"
     "= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    /* AWS Transcribe with channel identification: each channel's words
     * (channel_labels.channels[].items) are one speaker's, the turns
     * interleaved by time; punctuation stays with the word before */
    {"aws-channels.json",
     "{\"results\": {\"transcripts\": [{\"transcript\": \"Hello. Hi! Great.\"}],\n"
     " \"channel_labels\": {\"number_of_channels\": 2, \"channels\": [\n"
     "  {\"channel_label\": \"ch_0\", \"items\": [\n"
     "   {\"channel_label\": \"ch_0\", \"start_time\": \"0.5\", \"end_time\": \"0.9\", \"alternatives\":"
     " [{\"confidence\": \"1.0\", \"content\": \"Hello\"}], \"type\": \"pronunciation\"},\n"
     "   {\"channel_label\": \"ch_0\", \"alternatives\": [{\"content\": \".\"}], \"type\": \"punctuation\"},\n"
     "   {\"channel_label\": \"ch_0\", \"start_time\": \"3.0\", \"end_time\": \"3.5\", \"alternatives\":"
     " [{\"content\": \"Great\"}], \"type\": \"pronunciation\"},\n"
     "   {\"channel_label\": \"ch_0\", \"alternatives\": [{\"content\": \".\"}], \"type\": \"punctuation\"}]},\n"
     "  {\"channel_label\": \"ch_1\", \"items\": [\n"
     "   {\"channel_label\": \"ch_1\", \"start_time\": \"1.5\", \"end_time\": \"1.8\", \"alternatives\":"
     " [{\"content\": \"Hi\"}], \"type\": \"pronunciation\"},\n"
     "   {\"channel_label\": \"ch_1\", \"start_time\": \"1.8\", \"end_time\": \"2.2\", \"alternatives\":"
     " [{\"content\": \"there\"}], \"type\": \"pronunciation\"},\n"
     "   {\"channel_label\": \"ch_1\", \"alternatives\": [{\"content\": \"!\"}], \"type\": \"punctuation\"}]}]},\n"
     " \"items\": [{\"channel_label\": \"ch_0\", \"start_time\": \"0.5\", \"end_time\": \"0.9\", \"alternatives\":"
     " [{\"content\": \"Hello\"}], \"type\": \"pronunciation\"}]}}\n",
     "# aws-channels\nNarrator: aws-channels\nSpeaker 1@0.5: Hello.\nSpeaker 2@1.5: Hi there!\n"
     "Speaker 1@3: Great.\n= Narrator 1, Speaker 1 2, Speaker 2 1\n"},
    /* Deepgram multichannel: results.channels[], a speaker each, its
     * words (punctuated) interleaved by time with the other channel's */
    {"deepgram-channels.json",
     "{\"metadata\": {\"channels\": 2}, \"results\": {\"channels\": [\n"
     " {\"alternatives\": [{\"transcript\": \"Hello. Great.\", \"words\": [\n"
     "  {\"word\": \"hello\", \"start\": 0.5, \"end\": 0.9, \"punctuated_word\": \"Hello.\"},\n"
     "  {\"word\": \"great\", \"start\": 3.0, \"end\": 3.5, \"punctuated_word\": \"Great.\"}]}]},\n"
     " {\"alternatives\": [{\"transcript\": \"hi there\", \"words\": [\n"
     "  {\"word\": \"hi\", \"start\": 1.5, \"end\": 1.8},\n"
     "  {\"word\": \"there\", \"start\": 1.8, \"end\": 2.2}]}]}]}}\n",
     "# deepgram-channels\nNarrator: deepgram-channels\nSpeaker 1@0.5: Hello.\nSpeaker 2@1.5: hi there\n"
     "Speaker 1@3: Great.\n= Narrator 1, Speaker 1 2, Speaker 2 1\n"},
    /* ... where the second channel speaks first, it is Speaker 1; and
     * its utterances (in channel order) are not what is read */
    {"deepgram-channels-utt.json",
     "{\"results\": {\"channels\": [\n"
     " {\"alternatives\": [{\"transcript\": \"Yes.\", \"words\": [\n"
     "  {\"word\": \"yes\", \"start\": 2.0, \"end\": 2.4, \"punctuated_word\": \"Yes.\"}]}]},\n"
     " {\"alternatives\": [{\"transcript\": \"Ready?\", \"words\": [\n"
     "  {\"word\": \"ready\", \"start\": 0.2, \"end\": 0.6, \"punctuated_word\": \"Ready?\"}]}]}],\n"
     " \"utterances\": [{\"start\": 2.0, \"end\": 2.4, \"channel\": 0, \"transcript\": \"Yes.\"},\n"
     "  {\"start\": 0.2, \"end\": 0.6, \"channel\": 1, \"transcript\": \"Ready?\"}]}}\n",
     "# deepgram-channels-utt\nNarrator: deepgram-channels-utt\nSpeaker 1@0.2: Ready?\nSpeaker 2@2: Yes.\n"
     "= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    /* ... and with diarization too: a channel of two voices (two hosts
     * at one microphone) is two speakers, the other channel a third */
    {"deepgram-channels-diarized.json",
     "{\"results\": {\"channels\": [\n"
     " {\"alternatives\": [{\"transcript\": \"x\", \"words\": [\n"
     "  {\"word\": \"hi\", \"start\": 0.2, \"end\": 0.5, \"speaker\": 0, \"punctuated_word\": \"Hi.\"},\n"
     "  {\"word\": \"hey\", \"start\": 1.0, \"end\": 1.3, \"speaker\": 1, \"punctuated_word\": \"Hey.\"}]}]},\n"
     " {\"alternatives\": [{\"transcript\": \"x\", \"words\": [\n"
     "  {\"word\": \"hello\", \"start\": 2.0, \"end\": 2.4, \"speaker\": 0, \"punctuated_word\": \"Hello.\"}]}]}]}}\n",
     "# deepgram-channels-diarized\nNarrator: deepgram-channels-diarized\nSpeaker 1@0.2: Hi.\nSpeaker 2@1: Hey.\n"
     "Speaker 3@2: Hello.\n= Narrator 1, Speaker 1 1, Speaker 2 1, Speaker 3 1\n"},
    /* ElevenLabs Scribe: words[] with their spacing, a speaker_id each;
     * its sound events are no words */
    {"elevenlabs.json",
     "{\"language_code\": \"en\", \"text\": \"Hello there. Hi.\", \"words\": [\n"
     " {\"text\": \"Hello\", \"start\": 0.1, \"end\": 0.4, \"type\": \"word\", \"speaker_id\": \"speaker_0\"},\n"
     " {\"text\": \" \", \"start\": 0.4, \"end\": 0.45, \"type\": \"spacing\", \"speaker_id\": \"speaker_0\"},\n"
     " {\"text\": \"there.\", \"start\": 0.45, \"end\": 0.9, \"type\": \"word\", \"speaker_id\": \"speaker_0\"},\n"
     " {\"text\": \" \", \"start\": 0.9, \"end\": 1.2, \"type\": \"spacing\", \"speaker_id\": \"speaker_1\"},\n"
     " {\"text\": \"(laughs)\", \"start\": 1.2, \"end\": 1.5, \"type\": \"audio_event\", \"speaker_id\": \"speaker_1\"},\n"
     " {\"text\": \"Hi.\", \"start\": 1.5, \"end\": 1.9, \"type\": \"word\", \"speaker_id\": \"speaker_1\"}]}\n",
     "# elevenlabs\nNarrator: elevenlabs\nSpeaker 1@0.1: Hello there.\nSpeaker 2@1.5: Hi.\n"
     "= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    /* Rev.ai: monologues of elements (words, and the blanks and marks
     * between them); a speaker_name where Rev has one */
    {"revai.json",
     "{\"monologues\": [\n {\"speaker\": 0, \"elements\": [\n"
     "  {\"type\": \"text\", \"value\": \"Hello\", \"ts\": 0.5, \"end_ts\": 0.9, \"confidence\": 1},\n"
     "  {\"type\": \"punct\", \"value\": \" \"},\n"
     "  {\"type\": \"text\", \"value\": \"there\", \"ts\": 1.0, \"end_ts\": 1.3},\n"
     "  {\"type\": \"punct\", \"value\": \".\"}]},\n"
     " {\"speaker\": 1, \"speaker_name\": \"Sam Lee\", \"elements\": [\n"
     "  {\"type\": \"text\", \"value\": \"Hi\", \"ts\": 2.0, \"end_ts\": 2.3},\n"
     "  {\"type\": \"punct\", \"value\": \"!\"}]},\n"
     " {\"speaker\": 0, \"elements\": [{\"type\": \"text\", \"value\": \"Bye\", \"ts\": 3.0, \"end_ts\": 3.2}]}]}\n",
     "# revai\nNarrator: revai\nSpeaker 1@0.5: Hello there.\nSam Lee@2: Hi!\nSpeaker 1@3: Bye\n"
     "= Narrator 1, Speaker 1 2, Sam Lee 1\n"},
    /* Speechmatics: results[] of words and punctuation, speakers S1, S2 */
    {"speechmatics.json",
     "{\"format\": \"2.9\", \"metadata\": {\"type\": \"transcription\"}, \"results\": [\n"
     " {\"type\": \"word\", \"start_time\": 0.5, \"end_time\": 0.9, \"alternatives\": [{\"content\": \"Hello\","
     " \"confidence\": 1.0, \"speaker\": \"S1\"}]},\n"
     " {\"type\": \"punctuation\", \"start_time\": 0.9, \"end_time\": 0.9, \"attaches_to\": \"previous\","
     " \"alternatives\": [{\"content\": \".\", \"speaker\": \"S1\"}]},\n"
     " {\"type\": \"word\", \"start_time\": 2.0, \"end_time\": 2.3, \"alternatives\": [{\"content\": \"Hi\","
     " \"speaker\": \"S2\"}]}]}\n",
     "# speechmatics\nNarrator: speechmatics\nSpeaker 1@0.5: Hello.\nSpeaker 2@2: Hi\n"
     "= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    /* Podcasting 2.0 with a speaker on some segments: the others go on
     * with who spoke last */
    {"p20.json",
     "{\"version\": \"1.0.0\", \"segments\": [\n"
     " {\"speaker\": \"Dana Wu\", \"startTime\": 0.5, \"endTime\": 0.9, \"body\": \"Welcome\"},\n"
     " {\"startTime\": 0.9, \"endTime\": 1.8, \"body\": \"to the show.\"},\n"
     " {\"speaker\": \"Sam Lee\", \"startTime\": 2.0, \"endTime\": 2.5, \"body\": \"Thanks.\"}]}\n",
     "# p20\nNarrator: p20\nDana Wu@0.5: Welcome to the show.\nSam Lee@2: Thanks.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    {"other.json", "{\n  \"foo\": [1, 2]\n}\n",
     "!1:1: not a transcript: expected {\"version\": ..., \"segments\": [...]}, or a speech-to-text "
     "service's utterances"},
    {"bad-utterance.json",
     "{\"utterances\": [\n  {\"speaker\": \"A\", \"start\": 0, \"text\": \"Hi.\"},\n  {\"speaker\": \"B\", \"start\": 5}]}\n",
     "!3:3: item 2 of \"utterances\" is not a transcript piece (a string \"text\", and a \"speaker\" "
     "that is a string or a number)"},
    /* Hugo's figure shortcode: its caption (and title) is what a
     * reader sees under the picture, so it is read, as WordPress's
     * [caption] is; its alt is not, as an image's alt is not (the whole
     * figure was blanked) */
    {"hugo-figure.md",
     "Intro.\n\n{{< figure src=\"/img/shed.jpg\" alt=\"A green shed\" caption=\"The shed in May\" >}}\n\n"
     "{{<figure caption='Say \"hi\"' title=\"Tools\" src=\"a b.png\">}}\n\n"
     "{{% figure src=\"x.jpg\" %}}\n\nEnd.\n",
     "# hugo-figure\nNarrator: hugo-figure / Intro. / The shed in May / Say \"hi\" Tools / End.\n= Narrator 1\n"},
    /* Hugo's TOML front matter (+++): its keys are the post's, never
     * read aloud; multi-line strings, arrays over lines, escapes, tables */
    {"hugo.md",
     "+++\ntitle = \"Night \\\"Ferry\\\" \\u00e9t\\u00e9\"\ndate = 2026-01-05T10:00:00Z\n"
     "tags = [\n  \"sea\", # a comment\n  'night',\n]\ndescription = \"\"\"\nTwo\nlines.\"\"\"\n"
     "[pronounce.en]\nKrieger = \"Kreega\"\n+++\n\n**Dana**: Hello.\n",
     "# Night \"Ferry\" \xc3\xa9t\xc3\xa9\nNarrator: Night \"Ferry\" \xc3\xa9t\xc3\xa9\nDana: Hello.\n"
     "= Narrator 1, Dana 1\n"},
    {"hugo-unclosed-string.md", "+++\ntitle = \"ok\"\ndescription = \"no end\n+++\n\nHi.\n",
     "!3:15: front matter is not valid TOML: a string that does not end on its line"},
    {"hugo-twice.md", "+++\ntitle = \"a\"\ntitle = \"b\"\n+++\n\nHi.\n",
     "!3:1: front matter is not valid TOML: a key given twice"},
    {"hugo-array.md", "+++\ntags = [\"a\", \"b\"\ntitle = \"x\"\n+++\n\nHi.\n",
     "!3:1: front matter is not valid TOML: expected ',' or ']' in an array"},
    {"hugo-type.md", "+++\ntitle = \"a\"\npauses = 3\n+++\n\nHi.\n",
     "!3:10: front matter: pauses must be a mapping of boundary: seconds"},
    /* a "+++" line that opens no TOML (none closes it) is the body's */
    {"hugo-open.md", "+++\n\nHi.\n", "# hugo-open\nNarrator: hugo-open / +++ / Hi.\n= Narrator 1\n"},
    /* Markdown that core cmark leaves as text: a heading's attributes,
     * strikethrough's ~~, emoji shortcodes and inline TeX are not read;
     * money, times and a:b stay */
    {"md-marks.md",
     "## Plan {#plan .wide}\n\nGood ~~bad~~ news :tada: :+1: and $E = mc^2$ but $5 and $10 stay; "
     "10:30:45 and a:b too.\n",
     "# Plan\nNarrator: Plan / Good bad news and but $5 and $10 stay; 10:30:45 and a:b too.\n"
     "= Narrator 1\n"},
    /* a template tag at a line's start, text after it: the text is no
     * indented code (it was dropped); Hugo's highlight shortcode holds
     * code, as Liquid's does */
    {"tag-lead.md",
     "{% raw %}Keep this.{% endraw %}\n\n{{% notice tip %}}Water early.{{% /notice %}}\n\n"
     "{{< highlight go >}}\nfunc main() { fmt.Println(\"hi\") }\n{{< /highlight >}}\n\n    Real code.\n\nEnd.\n",
     "# tag-lead\nNarrator: tag-lead / Keep this. / Water early. / End.\n= Narrator 1\n"},
    /* kramdown (Jekyll's Markdown): attribute lists {: .lead} and
     * {:target="_blank"} are not read, nor its "* TOC {:toc}" marker */
    {"kramdown.md",
     "* TOC\n{:toc}\n\nIntro [link](https://x.org){:target=\"_blank\"} here.\n{: .lead}\n\n"
     "> Quoted.\n{: .note}\n\n- Apples\n- Pears\n",
     "# kramdown\nNarrator: kramdown / Intro link here. / Quoted. / Apples / Pears\n= Narrator 1\n"},
    /* WordPress shortcodes: a caption's words are read, not its tags; an
     * embed's URL and a gallery are not; links stay links */
    {"wordpress.md",
     "[caption id=\"attachment_12\" align=\"alignnone\" width=\"300\"]<img src=\"x.jpg\" /> A shed in May"
     "[/caption]\n\n[embed]https://example.com/video[/embed]\n\n[gallery ids=\"1,2,3\"]\n\n"
     "See [the shed](https://x.org) and [this][ref] [sic].\n\n[ref]: https://y.org\n",
     "# wordpress\nNarrator: wordpress / A shed in May / See the shed and this [sic].\n"
     "= Narrator 1\n"},
    /* an HTML block's block elements part their words */
    {"html-words.md",
     "<details><summary>Show more</summary>Hidden words.</details>\n\n"
     "<table><tr><td>One</td><td>Two</td></tr></table>\n\n<p>In<b>line</b> <i>is</i> one.</p>\n",
     "# html-words\nNarrator: html-words / Show more Hidden words. / One Two / Inline is one.\n= Narrator 1\n"},
    /* Pandoc's title block: "% Title", "% Author", "% Date" opening the
     * file are its title, not words (they were read with their '%') */
    {"pandoc-title.md", "% Night Ferry\n% Dana Wu\n% 2026-01-05\n\nBody.\n\n% of it is text here.\n",
     "# Night Ferry\nNarrator: Night Ferry / Body. / % of it is text here.\n= Narrator 1\n"},
    /* an interview's bold "Q." and "A." open turns (the interviewer's
     * and the guest's), as "Q:" and "A:" do; they were read as words */
    {"qa-dots.md",
     "---\ntitle: An interview\ninterviewer: Dana Wu\nguest: Sam Lee\n---\n\n**Q.** What do you grow?\n\n"
     "**A.** Beans, mostly.\n\n**Q.** Why?\n\n**A.** They are easy. **A.** is a grade.\n",
     "# An interview\nNarrator: An interview\nDana Wu: What do you grow?\nSam Lee: Beans, mostly.\n"
     "Dana Wu: Why?\nSam Lee: They are easy. A. is a grade.\n= Narrator 1, Dana Wu 2, Sam Lee 2\n"},
    /* ... and plain "Q." / "A." / "Q:" / "A:" openers too, once each is
     * enough (they were read as words: "Q. What do you grow?") */
    {"qa-plain.md",
     "---\ntitle: An interview\ninterviewer: Dana Wu\nguest: Sam Lee\n---\n\nQ. What do you grow?\n\n"
     "A. Beans, mostly.\n\nQ: Why?\n\nA: They are easy.\nA. is a grade.\n",
     "# An interview\nNarrator: An interview\nDana Wu: What do you grow?\nSam Lee: Beans, mostly.\n"
     "Dana Wu: Why?\nSam Lee: They are easy. A. is a grade.\n= Narrator 1, Dana Wu 2, Sam Lee 2\n"},
    {"qa-plain.txt", "Intro words.\n\nQ. Where?\n\nA. Here.\n",
     "# qa-plain\nNarrator: qa-plain / Intro words.\nQ: Where?\nA: Here.\n= Narrator 1, Q 1, A 1\n"},
    /* near miss: an "A." alone is an initial, not an answer */
    {"qa-initial.md", "A. Lincoln spoke here.\n\nQ. is a letter.\n",
     "# qa-initial\nNarrator: qa-initial / A. Lincoln spoke here. / Q. is a letter.\n= Narrator 1\n"},
    /* kramdown's markdown="1" on an HTML block: its inside is Markdown
     * (it was read with its asterisks and link brackets) */
    {"md-in-div.md",
     "<div markdown=\"1\">\n**Dana:** Inside a div with *emphasis* and a [link](https://x.org).\n</div>\n\n"
     "<section class=\"x\" markdown='block'>**Sam:** On the tag's line.\n</section>\n\n<div>*raw* stays</div>\n",
     "# md-in-div\nNarrator: md-in-div\nDana: Inside a div with emphasis and a link.\nSam: On the tag's line. / "
     "*raw* stays\n= Narrator 1, Dana 1, Sam 1\n"},
    /* ... and one of a speech-to-text service's names its own fields */
    {"assembly-bad.json", "{\"utterances\": [{\"speaker\": \"A\", \"text\": \"hi\", \"start\": 0},\n"
                          "  {\"speaker\": [1], \"text\": \"x\"}]}\n",
     "!2:3: item 2 of \"utterances\" is not a transcript piece (a string \"text\", and a \"speaker\" "
     "that is a string or a number)"},
};

/* UTF-16 with its byte-order mark (Windows tools save captions so) is
 * decoded, either byte order, a pair of surrogates too; a lone
 * surrogate, an odd length or UTF-32 is an error at its place. */
/* utf8 (valid) as UTF-16 in the given byte order after its mark, in buf
 * (room enough); its length in bytes. */
static size_t to_utf16(const char *utf8, bool le, char *buf)
{
    size_t n = 0;
    unsigned units[2];
    buf[n++] = le ? '\xff' : '\xfe';
    buf[n++] = le ? '\xfe' : '\xff';
    for (const unsigned char *p = (const unsigned char *)utf8; *p;) {
        unsigned cp = *p, len = cp < 0x80 ? 1 : cp < 0xE0 ? 2 : cp < 0xF0 ? 3 : 4;
        cp = len == 1 ? cp : cp & (0xFF >> (len + 1));
        for (unsigned k = 1; k < len; k++)
            cp = cp << 6 | (p[k] & 0x3F);
        p += len;
        size_t u = 0;
        if (cp >= 0x10000) {
            units[u++] = 0xD800 + ((cp - 0x10000) >> 10);
            units[u++] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
        } else {
            units[u++] = cp;
        }
        for (size_t k = 0; k < u; k++) {
            buf[n++] = (char)(le ? units[k] & 0xFF : units[k] >> 8);
            buf[n++] = (char)(le ? units[k] >> 8 : units[k] & 0xFF);
        }
    }
    return n;
}

static void utf16(const char *cli, const char *dir)
{
    char le[256], be[256];
    size_t nle = to_utf16("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Dana>Hi \xf0\x9f\x98\x80\xe5\x8d\x8e\n",
                          true, le);
    size_t nbe = to_utf16("1\n00:00:01,000 --> 00:00:02,000\nSAM: Yo.\n", false, be);
    static const char lone[] = "\xff\xfeH\0\n\0x\0\0\xd8y\0";
    static const char odd[] = "\xff\xfeH\0i";
    static const char utf32[] = "\xff\xfe\0\0H\0\0\0";
    const spec cases[] = {
        {"utf16le.vtt", le, "# utf16le\nNarrator: utf16le\nDana@1: Hi \xf0\x9f\x98\x80\xe5\x8d\x8e\n= Narrator 1, Dana 1\n"},
        {"utf16be.srt", be, "# utf16be\nNarrator: utf16be\nSAM@1: Yo.\n= Narrator 1, SAM 1\n"},
        {"lone.txt", lone, "!2:2: invalid UTF-16 (a lone surrogate 0xD800)"},
        {"odd.txt", odd, "!1:1: the file opens as UTF-16 but has an odd number of bytes"},
        {"utf32.txt", utf32, "!1:1: the file is UTF-32, not UTF-8 (convert it: iconv -f UTF-32 -t UTF-8)"},
    };
    run_spec(&cases[0], nle, cli, dir);
    run_spec(&cases[1], nbe, cli, dir);
    run_spec(&cases[2], sizeof lone - 1, cli, dir);
    run_spec(&cases[3], sizeof odd - 1, cli, dir);
    run_spec(&cases[4], sizeof utf32 - 1, cli, dir);
}

/* A Hugo figure's src is its section's chapter image, as a Markdown
 * image's path is. */
static void figure_image(void)
{
    static const char in[] = "# One\n\n{{< figure caption=\"The shed\" src=\"/img/shed.jpg\" >}}\n";
    pcast_post *p = NULL;
    pcast_error err;
    CHECK_INT(pcast_post_parse("figure.md", in, sizeof in - 1, NULL, &p, &err), PCAST_OK);
    const pcast_section *s = p ? pcast_post_section(p, 0) : NULL;
    CHECK(s && s->image);
    if (s && s->image) {
        CHECK_STR(s->image, "/img/shed.jpg");
        CHECK_INT(s->image_line, 3);
    }
    pcast_post_free(p);
}

static void more(const char *cli, const char *dir)
{
    utf16(cli, dir);
    figure_image();
}

int main(int argc, char **argv)
{
    return run_specs(specs, sizeof specs / sizeof *specs, argc, argv, more);
}
