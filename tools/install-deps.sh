#!/usr/bin/env bash
# Installs postcast's build and test dependencies (Debian 12). Run as root;
# does nothing when everything is already installed.
set -eu
pkgs=(build-essential cmake pkg-config espeak-ng libespeak-ng-dev libsndfile1-dev libmp3lame-dev
      libflac-dev libyaml-dev libcmark-dev libebur128-dev libjansson-dev
      libunistring-dev libxxhash-dev libao-dev libsoxr-dev libopus-dev libogg-dev opus-tools ffmpeg flac mpg123 strace time
      clang libclang-rt-14-dev valgrind
      libxml2-dev libopencc-dev rime-data-terra-pinyin rime-data-jyut6ping3 libmecab-dev mecab-ipadic-utf8 kanjidic libhangul-data aubio-tools
      nettle-dev python3-feedparser parallel rsync openssh-server openssh-client chromium
      libavcodec-dev libavformat-dev libavutil-dev python3-mutagen python3-jsonschema iso-codes)
missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
