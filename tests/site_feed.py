#!/usr/bin/python3
"""Reads a postcast site's feed.xml with an independent reader
(feedparser) and checks it against the files beside it:

  site_feed.py OUT [OUT2]

- every item's enclosure length equals its file's size, and its type is set;
- itunes:duration within 1 s of the audio (ffprobe's reading);
- every podcast:chapters and podcast:transcript URL names a file that
  exists and parses (JSON for chapters and JSON transcripts, WEBVTT for
  VTT, numbered cues for SRT); the VTT has <v Speaker> spans;
- podcast:guid equals the UUIDv5 of the feed URL without its scheme, in
  the Podcasting 2.0 namespace, computed here with Python's uuid module;
- with OUT2 (a second build), the guids are the same in both.
Prints 'N passed, N failed'; exits 1 on any failure."""
import json, os, re, subprocess, sys, uuid
import xml.etree.ElementTree as ET
import feedparser

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what)


def local(out, base, url):
    check(url.startswith(base), f"{url} under the feed's URL {base}")
    return os.path.join(out, url[len(base):])


def audio_seconds(path):
    r = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration",
                        "-of", "csv=p=0", path], capture_output=True, text=True)
    return float(r.stdout.strip())


def feed_guids(out):
    d = feedparser.parse(os.path.join(out, "feed.xml"))
    return [e.id for e in d.entries]


def main():
    out = sys.argv[1]
    path = os.path.join(out, "feed.xml")
    d = feedparser.parse(path)
    check(not d.bozo, f"feedparser reads the feed without complaint ({d.get('bozo_exception')})")
    check(d.version == "rss20", f"RSS 2.0 (got {d.version})")
    self_url = next(l.href for l in d.feed.links if l.rel == "self")
    base = self_url.rsplit("/", 1)[0] + "/"
    # podcast:guid, by the namespace's rule, computed here
    root = ET.parse(path).getroot()
    guid = root.find(f"channel/{{{PODCAST_NS}}}guid").text
    name = re.sub(r"^[a-z]+://", "", self_url).rstrip("/")
    want = uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), name)
    check(guid == str(want), f"podcast:guid {guid} == uuid5({name}) {want}")
    check(len(d.entries) > 0, "the feed has items")
    items = root.findall("channel/item")
    for e, item in zip(d.entries, items):
        t = e.title
        encl = e.enclosures
        check(len(encl) == 1, f"{t}: one enclosure")
        f = local(out, base, encl[0].href)
        check(os.path.getsize(f) == int(encl[0].length),
              f"{t}: enclosure length {encl[0].length} == file size {os.path.getsize(f)}")
        check(encl[0].type.startswith("audio/"), f"{t}: enclosure type {encl[0].type}")
        dur = float(e.itunes_duration)
        have = audio_seconds(f)
        check(abs(dur - have) <= 1.0, f"{t}: itunes:duration {dur} within 1 s of {have:.2f}")
        chapters = item.findall(f"{{{PODCAST_NS}}}chapters")
        check(len(chapters) == 1 and chapters[0].get("type") == "application/json+chapters",
              f"{t}: one podcast:chapters of type application/json+chapters")
        for c in chapters:
            cj = json.load(open(local(out, base, c.get("url")), encoding="utf-8"))
            check(cj["version"] == "1.2.0" and len(cj["chapters"]) >= 1 and
                  all("startTime" in x and "title" in x for x in cj["chapters"]),
                  f"{t}: chapters JSON parses")
        trs = item.findall(f"{{{PODCAST_NS}}}transcript")
        types = [x.get("type") for x in trs]
        check(types and types[0] == "text/vtt" and trs[0].get("rel") == "captions",
              f"{t}: VTT transcript first, rel=captions ({types})")
        for x in trs:
            text = open(local(out, base, x.get("url")), encoding="utf-8").read()
            ty = x.get("type")
            if ty == "text/vtt":
                ok = text.startswith("WEBVTT") and "-->" in text and "<v " in text
            elif ty == "application/x-subrip":
                ok = re.match(r"1\r?\n\d\d:\d\d:\d\d,\d\d\d --> ", text) is not None
            else:
                ok = len(json.loads(text)["segments"]) > 0
            check(ok, f"{t}: transcript {ty} parses")
        alts = item.findall(f"{{{PODCAST_NS}}}alternateEnclosure")
        for a in alts:
            src = a.find(f"{{{PODCAST_NS}}}source").get("uri")
            check(os.path.getsize(local(out, base, src)) == int(a.get("length")),
                  f"{t}: alternate {a.get('type')} length equals its file's size")
        people = item.findall(f"{{{PODCAST_NS}}}person")
        check(any(p.get("role") == "host" for p in people), f"{t}: a podcast:person host")
    if len(sys.argv) > 2:
        g1, g2 = feed_guids(out), feed_guids(sys.argv[2])
        check(g1 == g2 and len(set(g1)) == len(g1), f"guids stable across two builds: {g1} {g2}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


main()
