#!/usr/bin/python3
"""The Ogg Opus stream postcast writes (src/opus.c, RFC 7845), page by page,
and what independent decoders make of it:

- pages: "OggS", version 0, one serial number, sequence numbers from 0
  without a gap, every CRC right, BOS on the first page only, EOS on the
  last page only;
- headers: OpusHead alone on the first page (granule 0): version 1, the
  episode's channels, pre-skip 312 (libopus's 6.5 ms look-ahead at 48 kHz),
  input rate = the episode's rate, gain 0, mapping family 0; OpusTags from
  the second page, its last page ending with it (the audio starts on a
  fresh page); header pages carry granule 0 (or -1 mid-packet);
- audio: one logical stream from the segmented encoder (src/opus_segments.c):
  every packet CELT with one configuration, 120 ms but a segment's last
  (20 to 100 ms, ending at its cut, never two short ones in a row), at
  least one cut in the espeak case; the granule position of every page
  that ends a packet = the samples of the packets up to it (continuous,
  from 0), but the last page's = pre-skip + the episode's length at 48 kHz
  (rounded up), trimming less than the last packet;
- decoders: ffmpeg (48 kHz) gives ceil(N x 48000 / rate) samples, ffmpeg
  through soxr at the episode's rate and opusdec --rate (opus-tools) give
  the WAV's N frames (ffmpeg may give one more: it rounds the length at
  48 kHz up again), the onset of the sound where the WAV has it;
  ffprobe -v warning and opusinfo print no warning; opusdec (libopusfile)
  decodes it; mutagen's length is the WAV's; mutagen reads the chapters
  (CHAPTERnnn, CHAPTERnnnNAME) the WAV has (postcast chapters --json), to
  the millisecond;
- the same bytes for -j 1, -j 4, from a warm cache, and with 1 and 3
  encoder threads (POSTCAST_OPUS_THREADS).

usage: opus_stream.py POSTCAST SOURCE_DIR
Exit 0 all passed, 1 a failure, 77 (skip) without ffmpeg or mutagen."""

import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import wave

try:
    import mutagen.oggopus
except ImportError:
    print("SKIP: no mutagen (python3-mutagen)")
    sys.exit(77)

PRE_SKIP = 312
FRAME_48K = 5760  # 120 ms
fails = 0
passes = 0


def check(ok, what, detail=""):
    global fails, passes
    if ok:
        passes += 1
    else:
        fails += 1
        print("FAIL: %s%s" % (what, ": " + str(detail) if detail else ""))
    return ok


def run(args, **kw):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)


def crc32_ogg(data):
    table = crc32_ogg.table
    c = 0
    for b in data:
        c = ((c << 8) & 0xFFFFFFFF) ^ table[((c >> 24) ^ b) & 0xFF]
    return c


def _table():
    t = []
    for i in range(256):
        r = i << 24
        for _ in range(8):
            r = ((r << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if r & 0x80000000 else (r << 1) & 0xFFFFFFFF
        t.append(r)
    return t


crc32_ogg.table = _table()


def pages_of(data):
    """[(header fields, lacing values, body)] or raises ValueError."""
    out, at = [], 0
    while at < len(data):
        if data[at:at + 4] != b"OggS" or at + 27 > len(data):
            raise ValueError("no Ogg page at byte %d" % at)
        ver, flags, granule, serial, seq, crc, segs = struct.unpack_from("<BBqIIIB", data, at + 4)
        lace = list(data[at + 27:at + 27 + segs])
        size = 27 + segs + sum(lace)
        page = bytearray(data[at:at + size])
        page[22:26] = b"\0\0\0\0"
        out.append({"ver": ver, "flags": flags, "granule": granule, "serial": serial,
                    "seq": seq, "crc_ok": crc32_ogg(page) == crc, "lace": lace,
                    "body": bytes(data[at + 27 + segs:at + size]), "at": at})
        at += size
    return out


def packets_of(pages):
    """[(packet bytes, index of the page it ends on)]; a packet left open at
    the end is dropped."""
    out, cur = [], b""
    for i, p in enumerate(pages):
        pos = 0
        for v in p["lace"]:
            cur += p["body"][pos:pos + v]
            pos += v
            if v < 255:
                out.append((cur, i))
                cur = b""
    return out


def packet_samples_48k(pkt):
    """Samples (at 48 kHz) in an Opus packet, from its TOC (RFC 6716 3.1)."""
    toc = pkt[0]
    config = toc >> 3
    if config < 12:
        frame = [480, 960, 1920, 2880][config & 3]
    elif config < 16:
        frame = [480, 960][config & 1]
    else:
        frame = [120, 240, 480, 960][config & 3]
    code = toc & 3
    count = 1 if code == 0 else 2 if code in (1, 2) else pkt[1] & 0x3F
    return frame * count


def wav_frames(path):
    with wave.open(path, "rb") as w:
        return w.getnframes(), w.getframerate(), w.getnchannels(), w.readframes(w.getnframes())


def onset_s(pcm, rate, channels):
    """The time of the first sample above a tenth of full scale."""
    n = len(pcm) // 2
    vals = struct.unpack("<%dh" % n, pcm)
    for i, v in enumerate(vals):
        if abs(v) > 3277:
            return (i // channels) / rate
    return None


def check_stream(path, label, n_frames, rate, channels):
    data = open(path, "rb").read()
    try:
        pages = pages_of(data)
    except ValueError as e:
        check(False, label + " pages", e)
        return
    check(all(p["ver"] == 0 for p in pages), label + " page version 0")
    check(len({p["serial"] for p in pages}) == 1, label + " one serial number")
    check([p["seq"] for p in pages] == list(range(len(pages))), label + " page sequence")
    bad = [i for i, p in enumerate(pages) if not p["crc_ok"]]
    check(not bad, label + " CRC", "pages %s" % bad[:5])
    check([i for i, p in enumerate(pages) if p["flags"] & 2] == [0], label + " BOS on page 0 only")
    eos = [i for i, p in enumerate(pages) if p["flags"] & 4]
    check(eos == [len(pages) - 1], label + " EOS on the last page only", eos)
    check(all(not (p["flags"] & 1) for p in pages[:2]), label + " headers start fresh pages")

    pkts = packets_of(pages)
    head, head_page = pkts[0]
    check(head_page == 0 and len(pages[0]["lace"]) == 1 and pages[0]["granule"] == 0,
          label + " OpusHead alone on page 0, granule 0")
    if not check(len(head) == 19 and head[:8] == b"OpusHead", label + " OpusHead", head[:8]):
        return
    ver, ch, pre_skip, in_rate, gain, family = struct.unpack_from("<BBHIhB", head, 8)
    check(ver == 1, label + " OpusHead version", ver)
    check(ch == channels, label + " OpusHead channels", ch)
    check(pre_skip == PRE_SKIP, label + " OpusHead pre-skip", pre_skip)
    check(in_rate == rate, label + " OpusHead input rate", in_rate)
    check(gain == 0 and family == 0, label + " OpusHead gain 0, family 0", (gain, family))
    tags, tags_page = pkts[1]
    check(tags[:8] == b"OpusTags", label + " OpusTags")
    check(tags_page >= 1 and pkts[1][1] == tags_page and pages[tags_page]["lace"][-1] < 255
          and sum(1 for _, i in pkts if i == tags_page) == 1,
          label + " OpusTags ends its page (the audio starts on a fresh one)")
    check(all(p["granule"] in (0, -1) for p in pages[:tags_page + 1]),
          label + " header pages' granule 0")

    audio = pkts[2:]
    durations = [packet_samples_48k(p) for p, _ in audio]
    check(audio and len({p[0] & 0xFC for p, _ in audio}) == 1 and audio[0][0][0] >> 3 >= 16,
          label + " CELT packets of one configuration", sorted({p[0] >> 3 for p, _ in audio}))
    short = [i for i, d in enumerate(durations[:-1]) if d != FRAME_48K]
    check(all(durations[i] % 960 == 0 for i in short) and
          all(b - a > 1 for a, b in zip(short, short[1:])),
          label + " 120 ms packets but a segment's last", sorted(set(durations)))
    total_48k = -(-n_frames * 48000 // rate)
    ends_at, coded, wrong = {}, 0, []
    for (p, i), d in zip(audio, durations):
        coded += d
        ends_at[i] = coded
    for i, g in ends_at.items():
        want = PRE_SKIP + total_48k if i == len(pages) - 1 else g
        if pages[i]["granule"] != want:
            wrong.append((i, pages[i]["granule"], want))
    check(not wrong, label + " granules = the samples so far (from 0)", wrong[:3])
    check(all(p["granule"] == -1 for i, p in enumerate(pages[tags_page + 1:], tags_page + 1)
              if i not in ends_at), label + " pages ending no packet: granule -1")
    last = pages[-1]["granule"]
    check(last == PRE_SKIP + total_48k, label + " last granule = pre-skip + length",
          (last, PRE_SKIP + total_48k))
    check(0 <= coded - last < durations[-1], label + " trimming within the last packet",
          coded - last)
    return len(short)


def decoded_frames(args):
    p = run(args + ["-f", "s16le", "-"])
    return len(p.stdout), p.stdout


def check_decoders(path, label, n_frames, rate, channels, wav_pcm, tmp):
    p = run(["ffprobe", "-v", "warning", "-show_entries", "stream=codec_name", "-of", "json", path])
    check(p.returncode == 0 and not p.stderr.strip(), label + " ffprobe without warnings",
          p.stderr.decode()[:300])
    size, _ = decoded_frames(["ffmpeg", "-v", "error", "-i", path])
    want48 = -(-n_frames * 48000 // rate)
    check(size == want48 * 2 * channels, label + " ffmpeg decodes ceil(N x 48000 / rate)",
          (size // 2 // channels, want48))
    size, pcm = decoded_frames(["ffmpeg", "-v", "error", "-i", path, "-af",
                                "aresample=resampler=soxr", "-ar", str(rate)])
    # from 48 kHz back at the episode's rate: the length at 48 kHz is
    # rounded up, so this may give one frame more
    check(0 <= size // 2 // channels - n_frames <= 1, label + " ffmpeg (soxr) decodes N frames",
          (size // 2 // channels, n_frames))
    a, b = onset_s(wav_pcm, rate, channels), onset_s(pcm, rate, channels)
    check(a is not None and b is not None and abs(a - b) < 0.002, label + " onset where the WAV's",
          (a, b))
    if shutil.which("opusdec"):
        dec = os.path.join(tmp, "dec.wav")
        p = run(["opusdec", "--quiet", "--rate", str(rate), path, dec])
        got = wav_frames(dec)[0] if p.returncode == 0 else None
        check(got == n_frames, label + " opusdec --rate decodes N frames", (got, n_frames))
    if shutil.which("opusinfo"):
        p = run(["opusinfo", path])
        text = (p.stdout + p.stderr).decode("utf-8", "replace")
        check(p.returncode == 0 and "WARNING" not in text.upper(), label + " opusinfo clean",
              text[-300:])
    f = mutagen.oggopus.OggOpus(path)
    check(abs(f.info.length - n_frames / rate) < 1.0 / rate + 1.0 / 48000, label + " mutagen length",
          (f.info.length, n_frames / rate))
    return f


def check_chapters(pc, opus, wav, label):
    """The Opus file's CHAPTERnnn comments (mutagen) against the WAV's
    chapters (cue points, read by postcast)."""
    p = run([pc, "chapters", wav, "--json"])
    want = json.loads(p.stdout)["chapters"] if p.returncode == 0 else None
    tags = mutagen.oggopus.OggOpus(opus).tags
    got = []
    for k in range(1, 1000):
        t = tags.get("CHAPTER%03d" % k)
        if not t:
            break
        h, m, sec = t[0].split(":")
        got.append((int(h) * 3600 + int(m) * 60 + float(sec),
                    (tags.get("CHAPTER%03dNAME" % k) or [""])[0]))
    check(want and len(got) == len(want) and
          all(abs(g[0] - w["start"]) <= 0.0005 and g[1] == w["title"] for g, w in zip(got, want)),
          label + " chapters read back (mutagen)", (got[:3], want[:3] if want else p.stderr[:200]))


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    pc, src = os.path.abspath(sys.argv[1]), sys.argv[2]
    for tool in ("ffmpeg", "ffprobe"):
        if not shutil.which(tool):
            print("SKIP: no %s" % tool)
            return 77
    tmp = tempfile.mkdtemp(prefix="opus_stream.")
    post = os.path.join(src, "examples/interview-en.md")
    # (label, extra args, channels): 22.05 kHz through the resampler to 24
    # kHz, 44.1 to 48 kHz in stereo, 16 and 48 kHz straight, 11.025 to 12
    # kHz (cut on a 40 ms grid), 32 kHz to 48
    cases = [("espeak mono 22050", [], 1),
             ("fake stereo 44100", ["--engine", "fake", "--stereo", "--rate", "44100"], 2),
             ("fake mono 16000", ["--engine", "fake", "--rate", "16000"], 1),
             ("fake mono 11025", ["--engine", "fake", "--rate", "11025"], 1),
             ("fake mono 48000", ["--engine", "fake", "--rate", "48000"], 1),
             ("fake stereo 32000", ["--engine", "fake", "--stereo", "--rate", "32000"], 2)]
    try:
        for label, extra, channels in cases:
            cache = ["--cache-dir", os.path.join(tmp, "cache")]
            wav = os.path.join(tmp, "ref.wav")
            opus = os.path.join(tmp, "ep.opus")
            p = run([pc, "render", post, "-q", "-o", wav] + extra + cache)
            if not check(p.returncode == 0, label + " render WAV", p.stderr.decode()[:300]):
                continue
            n_frames, rate, ch, wav_pcm = wav_frames(wav)
            p = run([pc, "render", post, "-q", "-o", opus, "-j", "1"] + extra + cache)
            if not check(p.returncode == 0, label + " render Opus", p.stderr.decode()[:300]):
                continue
            cuts = check_stream(opus, label, n_frames, rate, ch)
            if not extra:
                check(cuts and cuts >= 1, label + " cut in segments", cuts)
            check_decoders(opus, label, n_frames, rate, ch, wav_pcm, tmp)
            check_chapters(pc, opus, wav, label)
            first = open(opus, "rb").read()
            again = os.path.join(tmp, "again.opus")
            for args, threads in ((["-j", "4"] + cache, None), (["-j", "4", "--no-cache"], None),
                                  (["-j", "4"] + cache, "1"), (["-j", "1"] + cache, "3")):
                env = dict(os.environ)
                if threads:
                    env["POSTCAST_OPUS_THREADS"] = threads
                p = run([pc, "render", post, "-q", "-o", again] + args + extra, env=env)
                check(p.returncode == 0 and open(again, "rb").read() == first,
                      label + " same bytes with %s%s" % (" ".join(args[:3]), " and %s encoder "
                                                         "threads" % threads if threads else ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("opus_stream: %d passed, %d failed" % (passes, fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
