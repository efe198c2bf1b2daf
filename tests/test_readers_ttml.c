/* TTML (DFXP) transcripts, as Apple Podcasts and hosts publish them,
 * spec style (script_spec.h), against the library and `postcast
 * script`: speakers from ttm:agent (on a p, a span or a div, named by
 * head's ttm:name), the times TTML writes, Apple's word spans joined,
 * the file picked by extension (.ttml, .dfxp) or content (.xml), and
 * the FILE:LINE:COL errors of broken or hostile files. Every input here
 * is made up. */
#include "script_spec.h"

#define TT "<tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:ttm=\"http://www.w3.org/ns/ttml#metadata\" "
#define AGENTS                                                                                   \
    "<head><metadata><ttm:agent xml:id=\"a1\" type=\"person\"><ttm:name type=\"full\">Dana Wu"     \
    "</ttm:name></ttm:agent>\n<ttm:agent xml:id=\"a2\" type=\"person\"><ttm:name>Sam Lee</ttm:name>" \
    "</ttm:agent></metadata></head>\n"

static const spec specs[] = {
    /* agents named in head; a div's agent is its p's; a span with its
     * own agent is that speaker's; <br/> and entities; clock time, clock
     * time with frames (ttp:frameRate), offsets in s, ms and f */
    {"agents.ttml",
     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" TT
     "xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" ttp:frameRate=\"25\" xml:lang=\"en\">\n" AGENTS
     "<body><div ttm:agent=\"a1\">\n"
     "<p begin=\"00:00:01.000\" end=\"00:00:03:12\">Welcome.<br/>Rivers &amp; lakes, a &lt; b.</p>\n"
     "<p begin=\"3.5s\" end=\"5s\" ttm:agent=\"a2\">Thanks for having me.</p>\n"
     "<p begin=\"9000ms\" end=\"250f\"><span ttm:agent=\"a2\">I was saying</span> <span>and I "
     "interrupt.</span></p>\n<p begin=\"00:01:02:10\">So.</p>\n</div></body></tt>\n",
     "# agents\nNarrator: agents\nDana Wu@1: Welcome. Rivers & lakes, a < b.\nSam Lee@3.5: Thanks for having me. / "
     "I was saying\nDana Wu@9: and I interrupt. / So.\n= Narrator 1, Dana Wu 2, Sam Lee 1\n"},
    /* Apple Podcasts: word spans with no blanks between them join into
     * a sentence (Han words with none), SPEAKER_N agents with no head
     * are Speaker N, a p's time that falls in its div's is the file's */
    {"apple.ttml",
     "<tt xmlns:podcasts=\"http://podcasts.apple.com/transcript-ttml-internal\" "
     "xmlns:ttm=\"http://www.w3.org/ns/ttml#metadata\" xmlns=\"http://www.w3.org/ns/ttml\" xml:lang=\"en-US\">"
     "<body dur=\"20\"><div begin=\"0.160\" end=\"12.0\"><p begin=\"0.160\" end=\"5.0\" ttm:agent=\"SPEAKER_1\">"
     "<span podcasts:unit=\"sentence\"><span podcasts:unit=\"word\" begin=\"0.160\" end=\"0.4\">Hello</span>"
     "<span podcasts:unit=\"word\">and</span><span podcasts:unit=\"word\">welcome.</span></span></p>\n"
     "<p begin=\"5.2\" end=\"9\" ttm:agent=\"SPEAKER_2\"><span podcasts:unit=\"word\">Thanks,</span>"
     "<span podcasts:unit=\"word\">glad</span> <span podcasts:unit=\"word\">to</span><span "
     "podcasts:unit=\"word\">be</span><span podcasts:unit=\"word\">here</span><span "
     "podcasts:unit=\"word\">.</span></p>\n<p begin=\"9.5\" end=\"10\" ttm:agent=\"SPEAKER_1\"><span "
     "podcasts:unit=\"word\">\xe6\x88\x91\xe5\x80\x91</span><span podcasts:unit=\"word\">\xe9\x96\x8b\xe5\xa7\x8b"
     "</span><span podcasts:unit=\"word\">\xe5\x90\xa7\xe3\x80\x82</span></p></div></body></tt>\n",
     "# apple\nNarrator: apple\nSpeaker 1@0.16: Hello and welcome.\nSpeaker 2@5.2: Thanks, glad to be here.\n"
     "Speaker 1@9.5: \xe6\x88\x91\xe5\x80\x91\xe9\x96\x8b\xe5\xa7\x8b\xe5\x90\xa7\xe3\x80\x82\n"
     "= Narrator 1, Speaker 1 2, Speaker 2 1\n"},
    /* other prefixes (tt:, m:, p:), ticks (ttp:tickRate), frames at
     * 30000/1001, minutes; an agent head does not declare is its id;
     * metadata and animation inside a p are not read; a div's begin
     * with no end times its p's from it */
    {"prefixed.ttml",
     "<tt:tt xmlns:tt=\"http://www.w3.org/ns/ttml\" xmlns:m=\"http://www.w3.org/ns/ttml#metadata\" "
     "xmlns:p=\"http://www.w3.org/ns/ttml#parameter\" p:tickRate=\"10000000\" p:frameRate=\"30\" "
     "p:frameRateMultiplier=\"1000 1001\">\n<tt:head><tt:metadata><m:agent xml:id=\"host\"><m:name>Dana Wu"
     "</m:name></m:agent></tt:metadata></tt:head>\n<tt:body><tt:div>\n"
     "<tt:p begin=\"10000000t\" end=\"20000000t\" m:agent=\"host\">Ticks.</tt:p>\n"
     "<tt:p begin=\"00:00:30:15\" m:agent=\"Guest\">Frames.</tt:p>\n"
     "<tt:p begin=\"1.5m\"><tt:metadata>not read</tt:metadata>Minutes<tt:set begin=\"1s\"/>.</tt:p>\n"
     "</tt:div><tt:div begin=\"100s\"><tt:p begin=\"2s\" m:agent=\"host\">Later.</tt:p></tt:div>"
     "</tt:body></tt:tt>\n",
     "# prefixed\nNarrator: prefixed\nDana Wu@1: Ticks.\nGuest@30.5005: Frames. / Minutes.\nDana Wu@102: Later.\n"
     "= Narrator 1, Dana Wu 2, Guest 1\n"},
    /* DFXP (the older namespace) saved as .xml, found by its content;
     * caption-style "NAME:" in the words; markup written as text stays
     * words; a ttm:title titles the episode */
    {"captions.xml",
     "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- made by a captioning tool -->\n"
     "<tt xmlns=\"http://www.w3.org/2006/10/ttaf1\" xmlns:ttm=\"http://www.w3.org/2006/10/ttaf1#metadata\">"
     "<head><metadata><ttm:title>Night Ferry</ttm:title></metadata></head><body><div>\n"
     "<p begin=\"00:00:01.00\" end=\"00:00:02.00\">DANA: Hello there,<br/>friends.</p>\n"
     "<p begin=\"00:00:02.50\" end=\"00:00:04.00\">SAM: Hi, &lt;v Evil&gt; is words &amp; so is {\\an8}.</p>\n"
     "<p begin=\"00:00:05.00\" end=\"00:00:06.00\">DANA: Bye.</p>\n</div></body></tt>\n",
     "# Night Ferry\nNarrator: Night Ferry\nDANA@1: Hello there, friends.\nSAM@2.5: Hi, <v Evil> is words & so is "
     "{\\an8}.\nDANA@5: Bye.\n= Narrator 1, DANA 2, SAM 1\n"},
    {"legacy.dfxp",
     "<tt xmlns=\"http://www.w3.org/2006/04/ttaf1\"><body><div><p begin=\"1s\">One line.</p></div></body></tt>",
     "# legacy\nNarrator: legacy / One line.\n= Narrator 1\n"},
    /* ---- broken and hostile files: an error at FILE:LINE:COL ---- */
    {"mismatch.ttml", TT ">\n<body><div>\n<p begin=\"1s\">hi</div></body></tt>\n",
     "!3:23: not well-formed XML: Opening and ending tag mismatch: p line 3 and div"},
    {"bad-time.ttml", TT ">\n<body><div>\n<p begin=\"soon\">hi</p></div></body></tt>\n",
     "!3:4: <p begin=\"soon\">: not a TTML time (00:01:02.345, 00:01:02:10, 62.3s, 1500ms, 90f, 1000t)"},
    /* the error is placed at the attribute, also on a start tag's
     * earlier line (libxml2 gives the line where the tag ends) and
     * after a sibling on the same line */
    {"bad-time-lines.ttml", TT ">\n<body><div>\n<p begin=\"1s\"\n  end=\"later\"\n  >hi</p></div></body></tt>\n",
     "!4:3: <p end=\"later\">: not a TTML time (00:01:02.345, 00:01:02:10, 62.3s, 1500ms, 90f, 1000t)"},
    {"bad-time-sibling.ttml", TT "><body><div><p begin=\"1s\">a</p><p begin=\"1 s\">b</p></div></body></tt>\n",
     "!1:120: <p begin=\"1 s\">: not a TTML time (00:01:02.345, 00:01:02:10, 62.3s, 1500ms, 90f, 1000t)"},
    /* times TTML gives that cannot be placed in the recording are
     * refused at the attribute, not read as wrong times */
    {"clock.ttml", TT "\n  xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" ttp:timeBase=\"clock\">\n"
     "<body><div><p begin=\"10:00:00\">hi</p></div></body></tt>\n",
     "!2:51: ttp:timeBase=\"clock\": only media and smpte time bases give times in the recording "
     "(clock times are times of day)"},
    {"discontinuous.ttml", TT "xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" ttp:timeBase=\"smpte\"\n"
     " ttp:markerMode=\"discontinuous\"><body><div><p begin=\"10:00:00:00\">hi</p></div></body></tt>\n",
     "!2:2: ttp:markerMode=\"discontinuous\": discontinuous SMPTE markers are labels, not times in the recording"},
    {"drop-25.ttml", TT "xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" ttp:timeBase=\"smpte\" "
     "ttp:frameRate=\"25\" ttp:dropMode=\"dropNTSC\"><body><div><p>hi</p></div></body></tt>\n",
     "!1:174: ttp:dropMode=\"dropNTSC\": a drop-frame timecode counts 30 frames a second (ttp:frameRate=\"30\")"},
    /* a seq container's children follow one another: each begins where
     * the one before ends (plus its own begin); it was read as par, the
     * times all from the div's begin */
    {"seq.ttml", TT ">" AGENTS "<body><div timeContainer=\"seq\" begin=\"10s\">\n"
     "<p dur=\"2s\" ttm:agent=\"a1\">One.</p>\n<p begin=\"1s\" dur=\"3s\" ttm:agent=\"a2\">Two.</p>\n"
     "<div><p begin=\"0s\" end=\"4s\" ttm:agent=\"a1\">Three.</p><p begin=\"1s\" end=\"2s\" ttm:agent=\"a2\">Four.</p></div>\n"
     "<p end=\"1s\" ttm:agent=\"a1\">Five.</p></div></body></tt>\n",
     "# seq\nNarrator: seq\nDana Wu@10: One.\nSam Lee@13: Two.\nDana Wu@16: Three.\nSam Lee@17: Four.\n"
     "Dana Wu@20: Five.\n= Narrator 1, Dana Wu 3, Sam Lee 2\n"},
    {"seq-unended.ttml", TT "><body><div timeContainer=\"seq\">\n<p>One.</p>\n<p dur=\"1s\">Two.</p></div></body></tt>\n",
     "!3:1: <p> in a seq time container follows a <p> with no end or dur (line 2): its begin is not known"},
    /* SMPTE timecodes: with a drop mode the skipped labels are taken
     * off (00:01:00:02 is frame 1800 in dropNTSC); non-drop counts
     * frameRate frames a label-second at the effective rate */
    {"smpte.ttml", TT "xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" ttp:timeBase=\"smpte\" "
     "ttp:frameRate=\"30\" ttp:frameRateMultiplier=\"1000 1001\" ttp:dropMode=\"dropNTSC\">" AGENTS
     "<body><div><p begin=\"00:01:00:02\" ttm:agent=\"a1\">One.</p><p begin=\"00:10:00:00\" ttm:agent=\"a2\">Two.</p>"
     "</div></body></tt>\n",
     "# smpte\nNarrator: smpte\nDana Wu@60.06: One.\nSam Lee@599.999: Two.\n= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    {"smpte-nondrop.ttml", TT "xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" ttp:timeBase=\"smpte\" "
     "ttp:frameRate=\"30\" ttp:frameRateMultiplier=\"1000 1001\">" AGENTS
     "<body><div><p begin=\"00:01:00:00\" ttm:agent=\"a1\">One.</p><p begin=\"90f\" ttm:agent=\"a2\">Two.</p>"
     "</div></body></tt>\n",
     "# smpte-nondrop\nNarrator: smpte-nondrop\nDana Wu@60.06: One.\nSam Lee@3.003: Two.\n= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    /* TTML 2's own examples (ttp:dropMode): in dropPAL 01:09:59:29 and
     * 01:10:00:04 are one frame apart, as 01:08:59:29 and 01:09:00:02
     * are in dropNTSC; a label the mode skips, or a frame past the
     * second's 30, is no timecode (it was read as a time) */
    {"drop-pal.ttml", TT "xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" ttp:timeBase=\"smpte\" "
     "ttp:frameRate=\"30\" ttp:frameRateMultiplier=\"1000 1001\" ttp:dropMode=\"dropPAL\">" AGENTS
     "<body><div><p begin=\"01:09:59:29\" ttm:agent=\"a1\">One.</p><p begin=\"01:10:00:04\" ttm:agent=\"a2\">Two.</p>"
     "<p begin=\"00:20:00:00\" ttm:agent=\"a1\">Three.</p><p begin=\"00:02:00:04\" ttm:agent=\"a2\">Four.</p>"
     "</div></body></tt>\n",
     "# drop-pal\nNarrator: drop-pal\nDana Wu@4200.03: One.\nSam Lee@4200.06: Two.\nDana Wu@1200: Three.\n"
     "Sam Lee@120.12: Four.\n= Narrator 1, Dana Wu 2, Sam Lee 2\n"},
    {"drop-ntsc.ttml", TT "xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" ttp:timeBase=\"smpte\" "
     "ttp:frameRate=\"30\" ttp:frameRateMultiplier=\"1000 1001\" ttp:dropMode=\"dropNTSC\">" AGENTS
     "<body><div><p begin=\"01:08:59:29\" ttm:agent=\"a1\">One.</p><p begin=\"01:09:00:02\" ttm:agent=\"a2\">Two.</p>"
     "</div></body></tt>\n",
     "# drop-ntsc\nNarrator: drop-ntsc\nDana Wu@4139.97: One.\nSam Lee@4140: Two.\n= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    {"dropped-pal.ttml", TT "xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" ttp:timeBase=\"smpte\" "
     "ttp:frameRate=\"30\" ttp:dropMode=\"dropPAL\">\n<body><div><p begin=\"01:10:00:03\">One.</p></div></body></tt>\n",
     "!2:15: <p begin=\"01:10:00:03\">: not a timecode: a frame label the drop mode skips (ttp:dropMode)"},
    {"dropped-ntsc.ttml", TT "xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" ttp:timeBase=\"smpte\" "
     "ttp:frameRate=\"30\" ttp:dropMode=\"dropNTSC\">\n<body><div><p begin=\"00:01:00:01\">One.</p></div></body></tt>\n",
     "!2:15: <p begin=\"00:01:00:01\">: not a timecode: a frame label the drop mode skips (ttp:dropMode)"},
    {"frame-30.ttml", TT "xmlns:ttp=\"http://www.w3.org/ns/ttml#parameter\" ttp:timeBase=\"smpte\" "
     "ttp:frameRate=\"30\">\n<body><div><p begin=\"00:00:01:30\">One.</p></div></body></tt>\n",
     "!2:15: <p begin=\"00:00:01:30\">: not a timecode: a frame past the second's last (ttp:frameRate)"},
    {"not-tt.ttml", "<?xml version=\"1.0\"?>\n<rss><channel/></rss>\n",
     "!2:1: not a TTML document: the root element is <rss>, not <tt xmlns=\"http://www.w3.org/ns/ttml\">"},
    /* billion laughs, and an external entity naming a local file: no
     * DOCTYPE is read at all */
    {"laughs.ttml",
     "<?xml version=\"1.0\"?>\n<!DOCTYPE tt [\n <!ENTITY a \"lol\">\n <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
     " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n <!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n" TT
     "><body><div><p>&c; &x;</p></div></body></tt>\n",
     "!2:1: a TTML file with a DOCTYPE is not read (its entities could expand without bound)"},
    {"undeclared.ttml", TT "><body><div><p>&x;</p></div></body></tt>\n",
     "!1:104: not well-formed XML: Entity 'x' not defined"},
};

/* Nesting past libxml2's limit is an error at once, not a deep walk. */
static void deep(const char *cli, const char *dir)
{
    static char in[8 << 10];
    size_t n = (size_t)snprintf(in, sizeof in, "%s><body>", TT);
    for (int i = 0; i < 300; i++)
        n += (size_t)snprintf(in + n, sizeof in - n, "<div>");
    n += (size_t)snprintf(in + n, sizeof in - n, "<p>x</p>");
    const spec c = {"deep.ttml", in, "!1:1368: not well-formed XML: elements nested more than 256 deep"};
    run_spec(&c, n, cli, dir);
}

/* The root's xml:lang is the post's language (it was none: the
 * episode's language came only from front matter, which TTML has not). */
static void lang(void)
{
    static const char in[] = TT "xml:lang=\"zh-TW\"><body><div><p>\xe4\xbd\xa0\xe5\xa5\xbd</p></div></body></tt>";
    pcast_post *p = NULL;
    pcast_error err;
    CHECK_INT(pcast_post_parse("lang.ttml", in, sizeof in - 1, NULL, &p, &err), PCAST_OK);
    CHECK_STR(p ? pcast_post_lang(p) : "", "zh-TW");
    pcast_post_free(p);
}

static void more(const char *cli, const char *dir)
{
    deep(cli, dir);
    lang();
}

int main(int argc, char **argv)
{
    return run_specs(specs, sizeof specs / sizeof *specs, argc, argv, more);
}
