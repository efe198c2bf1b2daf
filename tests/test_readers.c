/* Transcripts in the shapes people download them in (caption files,
 * transcription services' exports, speech-to-text JSON), spec style
 * (script_spec.h), against the library and `postcast script`: the
 * speakers, turns and words each must give, and the FILE:LINE:COL error
 * for one that is broken. Every input here is made up. */
#include "script_spec.h"

static const spec specs[] = {
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
};

int main(int argc, char **argv)
{
    return run_specs(specs, sizeof specs / sizeof *specs, argc, argv, NULL);
}
