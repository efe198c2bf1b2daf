/* Transcripts in the shapes people download them in (caption files,
 * transcription services' exports, speech-to-text JSON), spec style
 * (script_spec.h), against the library and `postcast script`: the
 * speakers, turns and words each must give, and the FILE:LINE:COL error
 * for one that is broken. Every input here is made up. */
#include "script_spec.h"

static const spec specs[] = {
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
