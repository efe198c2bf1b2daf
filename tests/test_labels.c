/* Label shapes, spec style (script_spec.h: each case an input and the
 * script it must give), against the library and `postcast script`.
 * Covers the shapes of issue 15, the Markdown rules of DESIGN.md and
 * near misses that must stay text. */
#include "script_spec.h"

static const spec specs[] = {
    /* ---- Markdown interviews ---- */
    {"bold-colon-inside.md", "**Dana Wu:** Hello.\n\n**Sam Lee:** Hi.\n",
     "# bold-colon-inside\nNarrator: bold-colon-inside\nDana Wu: Hello.\nSam Lee: Hi.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    {"bold-colon-after.md", "**Dana Wu**: Hello.\n**Sam Lee**: Hi.\n",
     "# bold-colon-after\nNarrator: bold-colon-after\nDana Wu: Hello.\nSam Lee: Hi.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    {"qa.md", "**Q:** Why rivers?\n\n**A:** They move.\n\n**Q:** And lakes?\n",
     "# qa\nNarrator: qa\nQ: Why rivers?\nA: They move.\nQ: And lakes?\n= Narrator 1, Q 2, A 1\n"},
    {"qa-named.md",
     "---\ninterviewer: Dana Wu\nguest: Sam Lee\n---\n**Q:** Why rivers?\n\n**A:** They move.\n\n"
     "**Q:** And lakes?\n",
     "# qa-named\nNarrator: qa-named\nDana Wu: Why rivers?\nSam Lee: They move.\nDana Wu: And lakes?\n"
     "= Narrator 1, Dana Wu 2, Sam Lee 1\n"},
    {"renamed.txt",
     "---\ncast:\n  Speaker 0: {name: Dana Wu, preset: ava}\n---\n"
     "Speaker 0  0:01\nHello.\n\nSpeaker 1  0:04\nHi.\n",
     "# renamed\nNarrator: renamed\nDana Wu@1: Hello.\nSpeaker 1@4: Hi.\n= Narrator 1, Dana Wu 1, Speaker 1 1\n"},
    {"caps.md", "DANA: Hello there.\n\nSAM: Hi.\n\nDANA: Shall we?\n\nSAM: Yes.\n",
     "# caps\nNarrator: caps\nDANA: Hello there.\nSAM: Hi.\nDANA: Shall we?\nSAM: Yes.\n"
     "= Narrator 1, DANA 2, SAM 2\n"},
    /* a guest who speaks once between a host's two turns, every paragraph
     * labelled (Sam's line was read inside Dana's turn) */
    {"once.txt", "Dana Wu: Welcome back.\n\nSam Lee: Thanks for having me.\n\nDana Wu: Let us begin.\n",
     "# once\nNarrator: once\nDana Wu: Welcome back.\nSam Lee: Thanks for having me.\nDana Wu: Let us begin.\n"
     "= Narrator 1, Dana Wu 2, Sam Lee 1\n"},
    /* ... but prose with one unlabelled paragraph keeps a lone Note: as words */
    {"note.md", "Dana: Welcome back.\n\nNote: this was recorded live.\n\nWe talked.\n\nDana: Bye.\n",
     "# note\nNarrator: note\nDana: Welcome back. / Note: this was recorded live. / We talked.\nDana: Bye.\n"
     "= Narrator 1, Dana 2\n"},
    {"role.md", "**Dana Wu (Host)**: Welcome.\n\n**Sam Lee (Guest):** Thanks.\n",
     "# role\nNarrator: role\nDana Wu: Welcome.\nSam Lee: Thanks.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    /* ---- time-stamped ---- */
    {"bold-time.md", "**Dana Wu** (00:00:05): Welcome.\n\n**Sam Lee** (00:01:23): Thanks.\n",
     "# bold-time\nNarrator: bold-time\nDana Wu@5: Welcome.\nSam Lee@83: Thanks.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    {"time-bold.md", "[00:00:05] **Dana Wu**: Welcome.\n\n[00:01:10] **Sam Lee**: Thanks.\n",
     "# time-bold\nNarrator: time-bold\nDana Wu@5: Welcome.\nSam Lee@70: Thanks.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    {"time-speaker.md",
     "[00:00:01] Speaker 0: Hello.\n\n[00:00:04] Speaker 1: Hi.\n\n"
     "[00:00:09] Speaker 0: Again.\n\n[00:00:12] Speaker 1: Yes.\n",
     "# time-speaker\nNarrator: time-speaker\nSpeaker 0@1: Hello.\nSpeaker 1@4: Hi.\n"
     "Speaker 0@9: Again.\nSpeaker 1@12: Yes.\n= Narrator 1, Speaker 0 2, Speaker 1 2\n"},
    {"name-time-alone.md",
     "Dana Wu (01:23):\nThe words come after.\n\nSam Lee (01:40):\nAnd mine.\n",
     "# name-time-alone\nNarrator: name-time-alone\nDana Wu@83: The words come after.\n"
     "Sam Lee@100: And mine.\n= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    {"inline-stamps.md",
     "**Dana**: One [00:08:08.00] two \\[00:08:09.50\\] three.\n",
     "# inline-stamps\nNarrator: inline-stamps\nDana: One two three.\n= Narrator 1, Dana 1\n"},
    /* one turn a line, no blank lines between (Descript's and many
     * tools' text exports, scripts): every line's `Name:` counts, not only
     * a paragraph's first */
    {"stamped-lines.txt",
     "[00:00:00] Dana Wu: Welcome.\n[00:00:05] Sam Lee: Hi.\n[00:00:09] Dana Wu: So.\n"
     "[00:00:12] Sam Lee: Yes.\n",
     "# stamped-lines\nNarrator: stamped-lines\nDana Wu@0: Welcome.\nSam Lee@5: Hi.\nDana Wu@9: So.\n"
     "Sam Lee@12: Yes.\n= Narrator 1, Dana Wu 2, Sam Lee 2\n"},
    {"lines.md", "DANA: Welcome.\nSAM: Hi.\nDANA: So.\nSAM: Yes.\n",
     "# lines\nNarrator: lines\nDANA: Welcome.\nSAM: Hi.\nDANA: So.\nSAM: Yes.\n"
     "= Narrator 1, DANA 2, SAM 2\n"},
    /* ... while a wrapped line that once starts `Word:` stays text */
    {"wrapped.txt",
     "Dana Wu: We planted beans and\nTomatoes: they grew.\nSam Lee: Nice.\n\nDana Wu: Yes.\nSam Lee: Good.\n",
     "# wrapped\nNarrator: wrapped\nDana Wu: We planted beans and Tomatoes: they grew.\nSam Lee: Nice.\n"
     "Dana Wu: Yes.\nSam Lee: Good.\n= Narrator 1, Dana Wu 2, Sam Lee 2\n"},
    /* a static-site generator's template tags are not read; the code in
     * {% highlight %} and a {% comment %} go with them; an opener that
     * never closes is text */
    {"liquid.md",
     "{% include header.html %}\n\n**Dana**: Hello {{ site.url }} world {{< youtube abc >}} there.\n\n"
     "{% highlight ruby linenos %}\ndef foo\n  puts 'bar'\nend\n{% endhighlight %}\n\n"
     "{%- comment -%}\nNot said.\n{%- endcomment -%}\n\n**Sam**: After {% here.\n",
     "# liquid\nNarrator: liquid\nDana: Hello world there.\nSam: After {% here.\n= Narrator 1, Dana 1, Sam 1\n"},
    /* ---- transcription-tool exports ---- */
    {"otter.txt",
     "Dana Wu  0:05\nWelcome to the show.\n\nSpeaker 1  0:20\nGlad to be here.\n",
     "# otter\nNarrator: otter\nDana Wu@5: Welcome to the show.\nSpeaker 1@20: Glad to be here.\n"
     "= Narrator 1, Dana Wu 1, Speaker 1 1\n"},
    {"otter-md.md", "Dana Wu  0:05\n\nWelcome to the show.\n",
     "# otter-md\nNarrator: otter-md\nDana Wu@5: Welcome to the show.\n= Narrator 1, Dana Wu 1\n"},
    /* a name and its time alone on a line, as other tools export them:
     * "Name (00:01:23)" (one blank, no colon) and "Name 00:01:23" (one
     * blank, hours written); the time is never read aloud */
    {"riverside.txt",
     "Dana Wu (00:00:05)\nWelcome to the show.\n\nSpeaker 1 [00:01:10]\nGlad to be here.\n\n"
     "Dana Wu 00:01:30\nSo, rivers.\n",
     "# riverside\nNarrator: riverside\nDana Wu@5: Welcome to the show.\nSpeaker 1@70: Glad to be here.\n"
     "Dana Wu@90: So, rivers.\n= Narrator 1, Dana Wu 2, Speaker 1 1\n"},
    /* near misses: a time in words, or with one colon after one blank */
    {"monday.txt", "Monday 10:30\nWe met, and (at 10:30) we left.\n",
     "# monday\nNarrator: monday / Monday 10:30 We met, and (at 10:30) we left.\n= Narrator 1\n"},
    /* Rev: the time in parentheses after the colon, the words below */
    {"rev.txt",
     "Dana Wu: (00:05)\nWelcome to the show.\n\nSam Lee: (00:20)\nGlad to be here.\n\n"
     "Dana Wu: (01:02:03) Inline after.\n",
     "# rev\nNarrator: rev\nDana Wu@5: Welcome to the show.\nSam Lee@20: Glad to be here.\n"
     "Dana Wu@3723: Inline after.\n= Narrator 1, Dana Wu 2, Sam Lee 1\n"},
    /* ---- broadcast captions ---- */
    {"broadcast.txt", ">> JOHN: Good evening.\n>> MARIA: Thank you, John.\n",
     "# broadcast\nNarrator: broadcast\nJOHN: Good evening.\nMARIA: Thank you, John.\n"
     "= Narrator 1, JOHN 1, MARIA 1\n"},
    /* plain text too: a bare ">>" ends the paragraph and is not read */
    {"chevrons.txt",
     "Welcome back.\n>> Thanks for having me.\n>>So, the tides.\n>> JOHN: Twice a day.\n"
     ">> JOHN: Yes.\n>>\n>> And again.\n",
     "# chevrons\nNarrator: chevrons / Welcome back. / Thanks for having me. / So, the tides.\n"
     "JOHN: Twice a day.\nJOHN: Yes. / And again.\n= Narrator 1, JOHN 2\n"},
    /* a bare ">>" (a new, unnamed speaker) is a paragraph break, not words */
    {"chevrons.srt",
     "1\n00:00:01,000 --> 00:00:02,000\n>> JOHN: Good evening.\n\n2\n00:00:02,000 --> 00:00:03,000\n"
     ">> Thanks, John. Nice\nto be here.\n\n3\n00:00:03,000 --> 00:00:04,000\n>>Glad you came.\n",
     "# chevrons\nNarrator: chevrons\nJOHN@1: Good evening. / Thanks, John. Nice to be here. / Glad you came.\n"
     "= Narrator 1, JOHN 1\n"},
    /* ---- WebVTT ---- */
    {"voices.vtt",
     "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Dana Wu>Welcome to\n\n"
     "00:00:03.000 --> 00:00:04.000\n<v Dana Wu>the show.\n\n"
     "00:00:04.500 --> 00:00:06.000\n<v.loud Sam Lee>Thanks &amp; hi!</v>\n",
     "# voices\nNarrator: voices\nDana Wu@1: Welcome to the show.\nSam Lee@4.5: Thanks & hi!\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    /* a voice name's controls (a bell, a bidi override) are no part of
     * it: the same speaker as without them */
    {"controls.vtt",
     "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Dana\a Wu>Hello.\n\n"
     "00:00:02.000 --> 00:00:03.000\n<v Sam\xe2\x80\xae\tLee\x1b>Hi.\n\n"
     "00:00:03.000 --> 00:00:04.000\n<v Dana Wu>Again.\n",
     "# controls\nNarrator: controls\nDana Wu@1: Hello.\nSam Lee@2: Hi.\nDana Wu@3: Again.\n"
     "= Narrator 1, Dana Wu 2, Sam Lee 1\n"},
    /* a voice name of controls alone is nobody's: the narrator reads */
    {"controls-only.vtt",
     "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v \a\x1b>Hello.\n\n"
     "00:00:02.000 --> 00:00:03.000\n<v Sam>Hi.\n",
     "# controls-only\nNarrator: controls-only\nNarrator@1: Hello.\nSam@2: Hi.\n= Narrator 2, Sam 1\n"},
    {"conference.vtt",
     "WEBVTT\n\nNOTE exported\n\n1\n00:00:01.000 --> 00:00:03.000\nDana: Welcome.\n\n"
     "2\n00:00:03.500 --> 00:00:05.000\nSam: Thanks.\n",
     "# conference\nNarrator: conference\nDana@1: Welcome.\nSam@3.5: Thanks.\n"
     "= Narrator 1, Dana 1, Sam 1\n"},
    /* ---- SRT ---- */
    {"captions.srt",
     "1\n00:00:01,000 --> 00:00:02,000\nDana: We start\n\n2\n00:00:02,000 --> 00:00:03,000\n"
     "in the middle of a\nsentence.\n\n3\n00:00:03,500 --> 00:00:05,000\nSam: Right.\n",
     "# captions\nNarrator: captions\nDana@1: We start in the middle of a sentence.\nSam@3.5: Right.\n"
     "= Narrator 1, Dana 1, Sam 1\n"},
    /* sound and music notes ([MUSIC], (laughs), [inaudible]) are not read
     * aloud; a caption's "-" dialogue lines are a change of speaker
     * each (unnamed: two take turns), the dash not read */
    {"sounds.srt",
     "1\n00:00:01,000 --> 00:00:03,000\n[MUSIC PLAYING]\n\n3\n00:00:03,500 --> 00:00:06,000\n"
     "DANA: Welcome back (laughs) to\nthe show. [inaudible]\n\n"
     "7\n00:00:06,000 --> 00:00:08,000\n- How are you?\n- (LAUGHING) Fine, thanks.\n\n"
     "8\n00:00:08,500 --> 00:00:10,000\nSAM: It was (I think) in May -- or June.\n",
     "# sounds\nNarrator: sounds\nDANA@3.5: Welcome back to the show.\nSpeaker 1@6: How are you?\n"
     "Speaker 2@6: Fine, thanks.\nSAM@8.5: It was (I think) in May -- or June.\n"
     "= Narrator 1, DANA 1, Speaker 1 1, Speaker 2 1, SAM 1\n"},
    {"sounds.vtt",
     "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Dana Wu>[laughter] So, <i>(sighs)</i> where to begin?\n\n"
     "00:03.000 --> 00:04.000\n<v Sam Lee>\u266a [upbeat music] \u266a\n\n"
     "00:04.000 --> 00:05.000\n<v Sam Lee>[Crosstalk] Anywhere.\n",
     "# sounds\nNarrator: sounds\nDana Wu@1: So, where to begin?\nSam Lee@4: Anywhere.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    {"sounds.txt",
     "Dana Wu  0:05\nWelcome [inaudible] to the show. (laughs)\n\nSam Lee  0:09\n[crosstalk] Thanks (really).\n",
     "# sounds\nNarrator: sounds\nDana Wu@5: Welcome to the show.\nSam Lee@9: Thanks (really).\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    /* cues with no blank line between them (edited caption files): the
     * next cue's number and timing are not read aloud as text */
    {"noblank.srt",
     "1\n00:00:01,000 --> 00:00:02,000\nDANA: One.\n2\n00:00:02,000 --> 00:00:03,000\nSAM: Two.\n"
     "3\r\n00:00:03,000 --> 00:00:04,000\r\nThree 4 you.\r\n",
     "# noblank\nNarrator: noblank\nDANA@1: One.\nSAM@2: Two. Three 4 you.\n= Narrator 1, DANA 1, SAM 1\n"},
    {"noblank.vtt",
     "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Dana>One.\n00:02.000 --> 00:03.000\n<v Sam>Two.\n",
     "# noblank\nNarrator: noblank\nDana@1: One.\nSam@2: Two.\n= Narrator 1, Dana 1, Sam 1\n"},
    /* YouTube's auto-captions: lines of one blank inside cues, inline word
     * times, and rolling cues that repeat the line before (each said once;
     * the same words in cues apart in time are said again) */
    {"rolling.vtt",
     "WEBVTT\nKind: captions\nLanguage: en\n\n00:00:00.000 --> 00:00:02.000 align:start position:0%\n \n"
     "hello<00:00:00.500><c> world</c>\n\n00:00:02.000 --> 00:00:02.010 align:start position:0%\n"
     "hello world\n \n\n00:00:02.010 --> 00:00:04.000 align:start position:0%\nhello world\n"
     "this<00:00:02.500><c> is</c><00:00:03.000><c> rolling</c>\n\n"
     "00:00:04.000 --> 00:00:04.010 align:start position:0%\nthis is rolling\n \n\n"
     "00:00:05.000 --> 00:00:06.000\nthis is rolling\n",
     "# rolling\nNarrator: rolling / hello world this is rolling this is rolling\n= Narrator 1\n"},
    /* a line of blanks between SRT cues still ends the cue */
    {"blank-sep.srt",
     "1\n00:00:01,000 --> 00:00:02,000\nDANA: One.\n  \n2\n00:00:02,000 --> 00:00:03,000\nSAM: Two.\n",
     "# blank-sep\nNarrator: blank-sep\nDANA@1: One.\nSAM@2: Two.\n= Narrator 1, DANA 1, SAM 1\n"},
    /* ---- Podcasting 2.0 JSON ---- */
    {"segments.json",
     "{\"version\": \"1.0.0\", \"segments\": [\n"
     " {\"speaker\": \"Dana Wu\", \"startTime\": 0.5, \"endTime\": 1.5, \"body\": \"Welcome\"},\n"
     " {\"speaker\": \"Dana Wu\", \"startTime\": 1.5, \"endTime\": 2.0, \"body\": \"back.\"},\n"
     " {\"speaker\": \"Sam Lee\", \"startTime\": 2.5, \"endTime\": 3.0, \"body\": \"Hi.\"}]}\n",
     "# segments\nNarrator: segments\nDana Wu@0.5: Welcome back.\nSam Lee@2.5: Hi.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    /* a segment's speaker is who speaks: a <v Name> in its body does not
     * put words in another's mouth (or make a speaker up) */
    {"speaker-wins.json",
     "{\"version\": \"1.0.0\", \"segments\": [\n"
     " {\"speaker\": \"Dana Wu\", \"startTime\": 0.5, \"body\": \"Hello.\"},\n"
     " {\"speaker\": \"Sam Lee\", \"startTime\": 1.5, \"body\": \"<v Dana Wu>I resign.</v> Not me.\"}]}\n",
     "# speaker-wins\nNarrator: speaker-wins\nDana Wu@0.5: Hello.\nSam Lee@1.5: I resign. Not me.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    /* Whisper's and WhisperX's JSON ("text", "start", "end", speaker ids):
     * the shape most machine transcripts come in */
    {"whisper.json",
     "{\"text\": \" Hello there. How are you?\", \"segments\": [\n"
     " {\"id\": 0, \"seek\": 0, \"start\": 0.0, \"end\": 2.0, \"text\": \" Hello there.\", \"tokens\": [1, 2],"
     " \"speaker\": \"SPEAKER_00\"},\n"
     " {\"id\": 1, \"start\": 2.5, \"end\": 4.0, \"text\": \" How are you?\", \"speaker\": \"SPEAKER_01\"}],"
     " \"language\": \"en\"}\n",
     "# whisper\nNarrator: whisper\nSpeaker 1@0: Hello there.\nSpeaker 2@2.5: How are you?\n"
     "= Narrator 1, Speaker 1 1, Speaker 2 1\n"},
    /* ---- HTML ---- */
    {"page.html",
     "<html><head><title>t</title></head><body>\n<h1>Rivers</h1>\n"
     "<cite>Dana Wu:</cite> <time>0:00</time>\n<p>Welcome.</p>\n"
     "<cite>Sam Lee:</cite> <time>1:05</time>\n<p>Thanks &amp; hi.</p>\n</body></html>\n",
     "# Rivers\nNarrator: Rivers\nDana Wu@0: Welcome.\nSam Lee@65: Thanks & hi.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    /* HTML5 lets </head> go unwritten: the body is still read */
    {"no-head-close.html",
     "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>t</title>\n<body>\n"
     "<p><strong>Dana:</strong> Hello there.</p>\n<p><strong>Sam:</strong> Hi.</p>\n",
     "# no-head-close\nNarrator: no-head-close\nDana: Hello there.\nSam: Hi.\n= Narrator 1, Dana 1, Sam 1\n"},
    /* the colon outside the bold (a time may come between); a bold with
     * words before the colon is text */
    {"bold-colon.html",
     "<html><body>\n<p><strong>Dana Wu</strong>: Welcome.</p>\n<p><b>Sam Lee</b> (01:05): Thanks.</p>\n"
     "<p><b>Dana Wu</b>\xef\xbc\x9a \xe4\xbd\xa0\xe5\xa5\xbd\xe3\x80\x82</p>\n"
     "<p><b>Bold</b> words: stay.</p>\n</body></html>\n",
     "# bold-colon\nNarrator: bold-colon\nDana Wu: Welcome.\nSam Lee@65: Thanks.\n"
     "Dana Wu: \xe4\xbd\xa0\xe5\xa5\xbd\xe3\x80\x82 / Bold words: stay.\n"
     "= Narrator 1, Dana Wu 2, Sam Lee 1\n"},
    /* a definition list as a conversation: <dt> names that come back
     * are speakers; a glossary's terms (none comes back) are read */
    {"dl.html",
     "<html><body>\n<dl>\n<dt>Dana Wu</dt><dd>Welcome.</dd>\n<dt>Sam Lee:</dt>\n"
     "<dd><p>Thanks.</p><p>Glad to be here.</p></dd>\n<dt>Dana Wu</dt><dd>So, tides.</dd>\n</dl>\n"
     "<dl><dt>Tide</dt><dd>The sea rising.</dd></dl></body></html>\n",
     "# dl\nNarrator: dl\nDana Wu: Welcome.\nSam Lee: Thanks. / Glad to be here.\n"
     "Dana Wu: So, tides. / Tide / The sea rising.\n= Narrator 1, Dana Wu 2, Sam Lee 1\n"},
    {"glossary.html",
     "<html><body><dl><dt>Tide</dt><dd>The sea rising.</dd><dt>Neap</dt><dd>A small tide.</dd></dl>"
     "</body></html>\n",
     "# glossary\nNarrator: glossary / Tide / The sea rising. / Neap / A small tide.\n= Narrator 1\n"},
    /* table cells are words apart, not glued ("DanaHello.") */
    {"table.html",
     "<html><body><p><strong>Dana:</strong> Our plan:</p>\n<table><tr><th>Day</th><th>Task</th></tr>"
     "<tr><td>Monday</td><td>water</td></tr></table></body></html>\n",
     "# table\nNarrator: table\nDana: Our plan: / Day Task / Monday water\n= Narrator 1, Dana 1\n"},
    /* a transcript as a table with a Speaker column (and a Time one):
     * each row a turn, its name and time not read aloud */
    {"table-transcript.html",
     "<html><body><h1>Soil</h1>\n<table>\n<tr><th>Time</th><th>Speaker</th><th>Text</th></tr>\n"
     "<tr><td>00:00:01</td><td>Dana Wu</td><td>Welcome to the show.</td></tr>\n"
     "<tr><td>00:00:05</td><td>Sam Lee</td><td>Thanks for having me.</td></tr>\n"
     "<tr><td>00:00:09</td><td>Dana Wu</td><td>Let us talk soil.</td></tr>\n</table>\n"
     "<table><tr><th>Plant</th><th>Month</th></tr><tr><td>Beans</td><td>May</td></tr></table></body></html>\n",
     "# Soil\nNarrator: Soil\nDana Wu@1: Welcome to the show.\nSam Lee@5: Thanks for having me.\n"
     "Dana Wu@9: Let us talk soil. / Plant Month / Beans May\n= Narrator 1, Dana Wu 2, Sam Lee 1\n"},
    /* a speaker (and a time) in elements of their own class */
    {"class-speaker.html",
     "<div class=\"transcript\">\n<div class=\"segment\"><span class=\"speaker-name\">Dana Wu</span> "
     "<span class=\"timestamp\">[00:00:01]</span><p>Welcome to the show.</p></div>\n"
     "<div class=\"segment\"><span class=\"speaker-name\">Sam Lee</span> <span class=\"timestamp\">00:00:05</span>"
     "<p>Thanks.</p></div>\n<p class=\"speaker-bio\">Dana grows beans in a very small garden by the sea, "
     "and she has done so for years.</p>\n</div>\n",
     "# class-speaker\nNarrator: class-speaker\nDana Wu@1: Welcome to the show.\nSam Lee@5: Thanks. / "
     "Dana grows beans in a very small garden by the sea, and she has done so for years.\n"
     "= Narrator 1, Dana Wu 1, Sam Lee 1\n"},
    /* a <cite> or <time> left open ends at the next block: it swallowed
     * every word up to the next </cite> or the end of the file */
    {"unclosed-cite.html",
     "<html><body>\n<cite>Dana:\n<p>First words.</p>\n<cite>Sam:</cite>\n<p>Second words.</p>\n"
     "<time>0:05\n<p>Third words.</p>\n</body></html>\n",
     "# unclosed-cite\nNarrator: unclosed-cite\nDana: First words.\nSam: Second words. / Third words.\n"
     "= Narrator 1, Dana 1, Sam 1\n"},
    /* ---- speaker identity ---- */
    {"identity.md",
     "JOHN SMITH: Hello.\n\nJohn Smith: Again.\n\n**Ann Lee**: Hi.\n\nJohn: Later on.\n",
     "# identity\nNarrator: identity\nJohn Smith: Hello.\nJohn Smith: Again.\nAnn Lee: Hi.\n"
     "John Smith: Later on.\n= Narrator 1, John Smith 3, Ann Lee 1\n"},
    /* one person, however the bytes spell the name: Zoë precomposed or
     * with a combining diaeresis (macOS), a zero-width space pasted in,
     * full-width letters */
    {"same-name.md",
     "**Zo\xc3\xab**: One.\n\n**Zoe\xcc\x88**: Two.\n\n**Dana\xe2\x80\x8b**: Three.\n\n**Dana**: Four.\n\n"
     "**\xef\xbc\xa4\xef\xbc\xa1\xef\xbc\xae\xef\xbc\xa1**: Five.\n",
     "# same-name\nNarrator: same-name\nZo\xc3\xab: One.\nZo\xc3\xab: Two.\nDana\xe2\x80\x8b: Three.\n"
     "Dana\xe2\x80\x8b: Four.\nDana\xe2\x80\x8b: Five.\n= Narrator 1, Zo\xc3\xab 2, Dana\xe2\x80\x8b 3\n"},
    {"ambiguous.md",
     "**John Smith**: One.\n\n**John Doe**: Two.\n\n**John**: Three.\n",
     "# ambiguous\nNarrator: ambiguous\nJohn Smith: One.\nJohn Doe: Two.\nJohn: Three.\n"
     "= Narrator 1, John Smith 1, John Doe 1, John 1\n"},
    /* ---- the Markdown rules of DESIGN.md ---- */
    {"rules.md",
     "# Rivers\n\nBefore any label.\n\n**Dana**: One.\n\nStill Dana.\n\n## Part two\n\n"
     "Host:\nA line that is only a name opens a turn.\n\n**Dana**：全形冒號。\n",
     "# Rivers\nNarrator: Rivers / Before any label.\nDana: One. / Still Dana.\n# Part two\n"
     "Host: A line that is only a name opens a turn.\nDana: 全形冒號。\n"
     "= Narrator 1, Dana 2, Host 1\n"},
    /* footnotes: references unread, definitions read as their words;
     * display math skipped like code; a table row that ends a sentence
     * gets no second stop */
    {"footnotes.md",
     "**Dana**: Tides come twice a day.[^1] Old news.[^tide-note]\n\n$$\nE = mc^2\n$$\n\n"
     "| Sam | Yes, indeed. |\n|---|---|\n| Lee | No |\n\n[^1]: Every twelve hours.\n"
     "[^tide-note]: See the tables.\n",
     "# footnotes\nNarrator: footnotes\nDana: Tides come twice a day. Old news. / Sam, Yes, indeed. Lee, No. / "
     "Every twelve hours. See the tables.\n= Narrator 1, Dana 1\n"},
    /* Jekyll's dated file name: the rest is the title, capitalised as
     * Jekyll does (it was read "twenty twenty-five to 05 to 01 meeting") */
    {"2025-05-01-team-sync.md", "**Dana**: Hi.\n",
     "# Team Sync\nNarrator: Team Sync\nDana: Hi.\n= Narrator 1, Dana 1\n"},
    /* ---- near misses: text, not labels ---- */
    /* a lead-in line of prose is no speaker: its words were dropped and
     * the text after it read in another voice (listen12) */
    {"lead-ins.md",
     "Here is what she told me:\n\nShip small changes.\n\nThe three rules are:\n\nWrite tests first.\n\n"
     "In short:\n\n> Simple beats clever.\n\nThe rules are:\nKeep it short.\n",
     "# lead-ins\nNarrator: lead-ins / Here is what she told me: / Ship small changes. / The three rules are: / "
     "Write tests first. / In short: / Simple beats clever. / The rules are: Keep it short.\n= Narrator 1\n"},
    {"lead-ins-zh.md", "重點如下：\n\n先寫測試。\n\n總結來說：\n\n簡單勝過聰明。\n",
     "# lead-ins-zh\nNarrator: lead-ins-zh / 重點如下： / 先寫測試。 / 總結來說： / 簡單勝過聰明。\n= Narrator 1\n"},
    /* ... but a name alone on its line is one, and so is any label whose
     * words follow on its line among other speakers' labels */
    {"alone-names.md", "Dana Wu:\n\nWelcome.\n\n主持人：\n\n歡迎。\n",
     "# alone-names\nNarrator: alone-names\nDana Wu: Welcome.\n主持人: 歡迎。\n= Narrator 1, Dana Wu 1, 主持人 1\n"},
    {"unknown-host.md", "**Dana Wu**: Hi.\n未知播客主持人/旁白:\n創業公司應該怎麼做？\n**Dana Wu**: Well.\n",
     "# unknown-host\nNarrator: unknown-host\nDana Wu: Hi.\n未知播客主持人/旁白: 創業公司應該怎麼做？\nDana Wu: Well.\n"
     "= Narrator 1, Dana Wu 2, 未知播客主持人/旁白 1\n"},
    {"note-once.md", "**Dana**: Hi.\n\nNote: this is read as text.\n",
     "# note-once\nNarrator: note-once\nDana: Hi. / Note: this is read as text.\n= Narrator 1, Dana 1\n"},
    /* "Note:" or "Update:" opening two paragraphs is still no speaker */
    {"notes-twice.md", "**Dana**: Hi.\n\nNote: one.\n\nNote: two.\n\nUpdate: three.\n\nUpdate: four.\n",
     "# notes-twice\nNarrator: notes-twice\nDana: Hi. / Note: one. / Note: two. / Update: three. / Update: four.\n"
     "= Narrator 1, Dana 1\n"},
    {"time-in-sentence.md", "**Dana**: We met at 10:30: late.\n\nAt 10:30 we left.\n",
     "# time-in-sentence\nNarrator: time-in-sentence\nDana: We met at 10:30: late. / At 10:30 we left.\n"
     "= Narrator 1, Dana 1\n"},
    {"re.md", "**Dana**: Hi.\n\nRe: the budget, it grew.\n",
     "# re\nNarrator: re\nDana: Hi. / Re: the budget, it grew.\n= Narrator 1, Dana 1\n"},
    {"lower-case-cue.srt",
     "1\n00:00:01,000 --> 00:00:02,000\nDana: We water\n\n2\n00:00:04,000 --> 00:00:05,000\n"
     "So we water in shifts: mornings and evenings.\n",
     "# lower-case-cue\nNarrator: lower-case-cue\n"
     "Dana@1: We water / So we water in shifts: mornings and evenings.\n= Narrator 1, Dana 1\n"},
    /* a cue sheet's line (INDEX 01 00:00:00, a word and a zero-padded
     * number before a time) is no name and time; nor are names with
     * times one after another, a tracklist or chapter list, lines or
     * list items, whatever their order */
    {"cue-index.md", "Some words first.\n\nINDEX 01 00:00:00\n\nTRACK 02 00:03:10\n\nMore words.\n",
     "# cue-index\nNarrator: cue-index / Some words first. / INDEX 01 00:00:00 / TRACK 02 00:03:10 / "
     "More words.\n= Narrator 1\n"},
    {"tracklist.md",
     "Before.\n\nIntro (00:00)\nRivers (04:12)\nLakes [10:30:00]\n\n- Opening (01:23)\n"
     "- Rivers Two (04:56)\n\n00:00:00 Intro\n00:05:12 The Guest\n",
     "# tracklist\nNarrator: tracklist / Before. / Intro (00:00) Rivers (04:12) Lakes [10:30:00] / "
     "Opening (01:23) / Rivers Two (04:56) / 00:00:00 Intro 00:05:12 The Guest\n= Narrator 1\n"},
    /* a name alone with a colon above a list of times is the list's
     * title, not a speaker ("Chapters:", "Timestamps:") */
    {"chapter-times.md",
     "**Dana**: Hi.\n\nChapters:\nIntro (00:00)\nRivers (04:12)\n\nTimestamps:\n\n00:00:00 Intro\n"
     "00:05:12 The Guest\n\n**Sam**: Yes.\n",
     "# chapter-times\nNarrator: chapter-times\nDana: Hi. / Chapters: Intro (00:00) Rivers (04:12) / "
     "Timestamps: / 00:00:00 Intro 00:05:12 The Guest\nSam: Yes.\n= Narrator 1, Dana 1, Sam 1\n"},
    {"double-space.txt", "We met at the  10:30\nand left.\n",
     "# double-space\nNarrator: double-space / We met at the 10:30 and left.\n= Narrator 1\n"},
    {"bold-note.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nNote: the tape skips.\n",
     "# bold-note\nNarrator: bold-note / Note: the tape skips.\n= Narrator 1\n"},
};

int main(int argc, char **argv)
{
    return run_specs(specs, sizeof specs / sizeof *specs, argc, argv, NULL);
}
