/* Scripts in posts: each run goes to a voice that reads its script (a
 * Mandarin voice says "Japanese" for every kana, the English one spells a
 * Russian word letter by letter), a Japanese post's kanji are read
 * through MeCab, and numbers with their counters come out as a Japanese
 * listener says them. Expected readings are the
 * standard ones (NHK accent dictionary forms, in katakana, long vowels as
 * MeCab's IPAdic writes them: キョー, トーキョー). */
#include "check.h"
#include "internal.h"
#include "lexicon.h"
#include "plan.h"
#include "reading.h"
#include "language.h"
#include "reading_ja.h"
#include "reading_yue.h"
#include "scripts.h"

#include <espeak-ng/speak_lib.h>

static char *ja_read(pc_reading *r, const char *text)
{
    pc_buf out = {0};
    pcast_error err;
    if (pc_reading_apply(r, "ja", text, strlen(text), &out, &err) != PCAST_OK) {
        fprintf(stderr, "ja: %s\n", err.message);
        pc_buf_free(&out);
        return NULL;
    }
    return pc_buf_take(&out);
}

static void reads(pc_reading *r, const char *text, const char *expected)
{
    char *got = ja_read(r, text);
    CHECK_STR(got, expected);
    free(got);
}

static void number(const char *digits, const char *expected)
{
    pc_buf out = {0};
    bool ok = pc_ja_number(digits, strlen(digits), &out);
    CHECK(ok == (expected != NULL));
    if (expected)
        CHECK_STR(out.data ? out.data : "", expected);
    pc_buf_free(&out);
}

static void numbers(void)
{
    number("0", "ゼロ");
    number("7", "ナナ");
    number("10", "ジュー");
    number("11", "ジューイチ");
    number("100", "ヒャク");
    number("300", "サンビャク");
    number("600", "ロッピャク");
    number("800", "ハッピャク");
    number("1000", "セン");
    number("3000", "サンゼン");
    number("8000", "ハッセン");
    number("2024", "ニセンニジューヨン");
    number("10000", "イチマン");
    number("10000000", "イッセンマン");
    number("123456789", "イチオクニセンサンビャクヨンジューゴマンロクセンナナヒャクハチジューキュー");
    number("1000000000000", "イッチョウ");
    number("007", "ナナ");
    number("0.5", "レーテンゴ");
    number("3.14", "サンテンイチヨン");
    number("", NULL);
    number("1a", NULL);
    number("12345678901234567", NULL); /* 17 digits */
}

static void sentences(void)
{
    pc_reading *r = pc_reading_new(NULL, NULL);
    CHECK(r != NULL);
    /* kanji and particles: は wa, へ e, を o */
    reads(r, "今日は東京の天気について話します。", "キョーワトーキョーノテンキニツイテハナシマス.");
    reads(r, "東京へ行って、本を読みました。", "トーキョーエイッテ、ホンオヨミマシタ.");
    /* dates: 月 after a number is ガツ (4 シ, 9 ク), 1日 after it ツイタチ */
    reads(r, "2024年5月1日", "ニセンニジューヨネンゴガツツイタチ");
    reads(r, "4月と9月", "シガツトクガツ");
    reads(r, "3日、8日、14日、20日、25日", "ミッカ、ヨーカ、ジューヨッカ、ハツカ、ニジューゴニチ");
    /* counters and their sound changes */
    reads(r, "1人、2人、3人、4人", "ヒトリ、フタリ、サンニン、ヨニン");
    reads(r, "1本、3本、6本、10本", "イッポン、サンボン、ロッポン、ジュッポン");
    reads(r, "1分、3分、10分、15分", "イップン、サンプン、ジュップン、ジューゴフン");
    reads(r, "4時、7時、9時", "ヨジ、シチジ、クジ");
    reads(r, "1回、6回、20歳、3階", "イッカイ、ロッカイ、ハタチ、サンガイ");
    reads(r, "6歳、100個、1点、3ヶ所", "ロクサイ、ヒャッコ、イッテン、サンカショ");
    /* money and multipliers */
    reads(r, "¥1,500です", "センゴヒャクエンデス");
    reads(r, "1億2000万人", "イチオクニセンマンニン");
    reads(r, "3.5%", "サンテンゴパーセント");
    /* long vowels: a kanji word's e-row + イ, the volitional う */
    reads(r, "政府の経営、行こう", "セーフノケーエー、イコー");
    /* decimals, counters IPAdic reads alone, words after a count */
    reads(r, "1.5倍、3泊、2番目、3割2分、200ml、2分後、台湾", "イッテンゴバイ、サンパク、ニバンメ、サンワリニブ、"
                                                   "ニヒャクミリリットル、ニフンゴ、タイワン");
    reads(r, "100円高い、50円安", "ヒャクエンタカイ、ゴジューエンヤス");
    /* words read by their context */
    reads(r, "一人で日本へ行って、年に2回、一日中", "ヒトリデニホンエイッテ、ネンニニカイ、イチニチジュー");
    reads(r, "十一人が調査を行った", "ジューイチニンガチョーサオオコナッタ");
    reads(r, "そう言うか", "ソーユーカ"); /* (という is トユウ: the voice reads ユウ as ユー) */
    /* numbers in kanji before a counter; words with a numeral in them */
    reads(r, "二十歳、四月一日、三本、六個注文", "ハタチ、シガツツイタチ、サンボン、ロッコチューモン");
    reads(r, "十分、三日月、人一倍", "ジューブン、ミカズキ、ヒトイチバイ");
    reads(r, "何本、何階、何の、何に、一日三回", "ナンボン、ナンガイ、ナンノ、ナニニ、イチニチサンカイ");
    /* phone numbers, dates, versions, ranges, native numbers, marks */
    reads(r, "03-1234-5678、2024/5/1、2.3.1", "ゼロサンノイチニーサンヨンノゴーロクナナハチ、ニセンニジューヨネンゴガツツイタチ、"
                                          "ニテンサンテンイチ");
    reads(r, "5〜6分、9時~17時、1つ、第1セット", "ゴカラロップン、クジカラジューシチジ、ヒトツ、ダイイッセット");
    reads(r, "東京〜大阪・ナゴヤ", "トーキョーカラオーサカ ナゴヤ");
    reads(r, "10:30、3:2、-5度、5-6人", "ジュージサンジュップン、サンタイニ、マイナスゴド、ゴカラロクニン");
    reads(r, "1兆円、1000万、1/2カップ、5/1(水)", "イッチョーエン、イッセンマン、ニブンノイチカップ、ゴガツツイタチ(スイヨービ)");
    /* units the plan still cuts into an English run (500cc, 16GB), read
     * when they reach the Japanese run; not 5min */
    reads(r, "500cc、16GB、100m走、5min", "ゴヒャクシーシー、ジューロクギガバイト、ヒャクメートルソー、ゴmin");
    /* fuzz_reading's findings: no date without a year of four digits
     * first (read past the run), nothing past the end after a range mark */
    reads(r, "3/14/2024", "サン/ジューヨン/ニセンニジューヨン");
    reads(r, "5〜", "ゴ〜");
    /* session 10: speeds, initialisms, hyphens that are no range, 行った
     * by its object, kanji IPAdic cannot read (鬱 from kanjidic) */
    reads(r, "100km/h、時速60km/h、5m/s", "ジソクヒャッキロ、ジソクロクジュッキロ、ビョーソクゴメートル");
    reads(r, "AIとNHKと4K", "エーアイトエヌエイチケートヨンケー");
    reads(r, "〒150-0001、1-2-3、2-1で、3-5人", "ユービンバンゴーイチゴーゼロノゼロゼロゼロイチ、イチノニノサン、ニタイイチデ、"
                                            "サンカラゴニン");
    reads(r, "会議は昨日行った。東京に行った", "カイギワキノーオコナッタ.トーキョーニイッタ");
    reads(r, "鬱", "ウツ");
    /* full-width digits (NFKC) and half-width katakana */
    reads(r, "２０人", "ニジューニン");
    reads(r, "ｿﾆｰ", "ソニー");
    pc_reading_free(r);

    /* the post's pronounce: entries for ja win over MeCab */
    pc_lexicon *lex = pc_lexicon_new();
    CHECK(lex && pc_lexicon_add(lex, "ja", "宮崎駿", "ミヤザキハヤオ"));
    r = pc_reading_new(NULL, lex);
    reads(r, "宮崎駿の映画", "ミヤザキハヤオノエーガ");
    pc_reading_free(r);
    pc_lexicon_free(lex);
}

static pcast_plan *plan_of(const char *text, pcast_post **post)
{
    pcast_error err;
    pcast_plan *pl = NULL;
    if (pcast_post_parse("t.md", text, strlen(text), NULL, post, &err) ||
        pcast_plan_new(*post, NULL, &pl, &err)) {
        fprintf(stderr, "plan: %s\n", err.message);
        return NULL;
    }
    return pl;
}

/* The plan's clips as "lang:text|lang:text|..." (title clip left out). */
static char *clips_of(const char *text)
{
    pcast_post *post = NULL;
    pcast_plan *pl = plan_of(text, &post);
    pc_buf b = {0};
    for (size_t i = 0; pl && i < pcast_plan_clip_count(pl); i++) {
        const pcast_clip *c = pcast_plan_clip(pl, i);
        if (!c->is_title)
            pc_buf_printf(&b, "%s%s:%s", b.len ? "|" : "", c->language, c->text);
    }
    pcast_plan_free(pl);
    pcast_post_free(post);
    return pc_buf_take(&b);
}

static void routes(const char *post, const char *expected)
{
    char *got = clips_of(post);
    CHECK_STR(got, expected);
    free(got);
}

static void spoken(const char *text, const char *expected)
{
    pcast_post *post = NULL;
    pcast_error err;
    CHECK(pcast_post_parse("t.md", text, strlen(text), NULL, &post, &err) == PCAST_OK);
    const char *got = post ? pc_plan_spoken_language(post) : NULL;
    CHECK_STR(got ? got : "(none)", expected);
    pcast_post_free(post);
}

static void runs(void)
{
    /* a Mandarin post quoting kana and hangul: each in its own voice */
    routes("---\ntitle: t\nlang: zh-TW\n---\n我很喜歡ソニー的相機和삼성。\n",
           "zh:我很喜歡|ja:ソニー|zh:的相機和|ko:삼성。");
    /* a Japanese post: kanji and kana one run; Latin words English */
    routes("---\ntitle: t\nlang: ja\n---\n今日はiPhoneの話です。\n", "ja:今日は|en:iPhone|ja:の話です。");
    /* units after a number stay in its Japanese run, which reads them
     * (they went to English: "c c", "G B") */
    routes("---\ntitle: t\nlang: ja\n---\n水を500ccほど、メモリは16GBです。100mを走った。\n",
           "ja:水を500ccほど、メモリは16GBです。|ja:100mを走った。");
    /* no lang: kana in no small part of the text makes it Japanese */
    routes("---\ntitle: t\n---\n東京の天気について話します。\n", "ja:東京の天気について話します。");
    /* a Korean post: hangul Korean, Latin English */
    routes("---\ntitle: t\nlang: ko\n---\n오늘은 Samsung 이야기.\n", "ko:오늘은|en:Samsung|ko:이야기.");
    /* its hanja are Korean too, one run with the hangul (they went to
     * Mandarin); a number between a Latin word and its counter is Korean */
    routes("---\ntitle: t\nlang: ko\n---\n서울大學校에서 공부했다.\n", "ko:서울大學校에서 공부했다.");
    routes("---\ntitle: t\n---\n오늘 韓國 경제 이야기.\n", "ko:오늘 韓國 경제 이야기.");
    routes("---\ntitle: t\nlang: ko\n---\nSamsung 2024년 실적.\n", "en:Samsung|ko:2024년 실적.");
    /* a Japanese post's initialisms stay Japanese (letter names), its
     * other Latin words English; a speed keeps its /h */
    routes("---\ntitle: t\nlang: ja\n---\nAIとNHKとGoogle。\n", "ja:AIとNHKと|en:Google。");
    routes("---\ntitle: t\nlang: ja\n---\n100km/hで走る。\n", "ja:100km/hで走る。");
    /* a Japanese post of kana alone is no single-language post read in
     * its Latin voice */
    routes("---\ntitle: t\nlang: ja\n---\nこんにちは、Tom。\n", "ja:こんにちは、|en:Tom。");
    /* other alphabets: Cyrillic, Hebrew, Greek words in their languages;
     * a lone Greek letter is a symbol the English voice names */
    routes("---\ntitle: t\n---\nShe said \"Привет, как дела\" and שלום.\n",
           "en:She said \"|ru:Привет, как дела\"|en:and|he:שלום.");
    routes("---\ntitle: t\n---\nThe β-blocker cost π dollars.\n", "en:The β-blocker cost π dollars.");
    routes("---\ntitle: t\n---\nIn Athens: Γειά σου.\n", "en:In Athens:|el:Γειά σου.");
    /* the post's language reads its own script; Latin words are English */
    routes("---\ntitle: t\nlang: uk\n---\nПривіт, це Google.\n", "uk:Привіт, це|en:Google.");
    routes("---\ntitle: t\nlang: fa\n---\nسلام دنیا\n", "fa:سلام دنیا");
    routes("---\ntitle: t\nlang: ar\n---\nمرحبا Tom\n", "ar:مرحبا|en:Tom");
    /* a language written in Latin letters keeps its Latin runs */
    routes("---\ntitle: t\nlang: sr-Latn\n---\nDobar dan, Москва.\n", "sr-latn:Dobar dan,|ru:Москва.");
    routes("---\ntitle: t\nlang: fr\n---\nBonjour à tous.\n", "fr:Bonjour à tous.");
    /* no lang: a Russian post is still read in Russian */
    routes("---\ntitle: t\n---\nДобрый день.\n", "ru:Добрый день.");
    spoken("---\ntitle: t\n---\n今日は東京の天気について話します。\n", "ja");
    spoken("---\ntitle: t\n---\n오늘은 서울 날씨 이야기를 합니다.\n", "ko");
    spoken("---\ntitle: t\n---\n今天我們聊聊東京的天氣。\n", "zh");
    spoken("---\ntitle: t\n---\nToday we talk about the weather.\n", "en");
}

static void yue_numbers(const char *text, const char *expected)
{
    pc_buf out = {0};
    CHECK(pc_yue_numbers(text, strlen(text), &out));
    CHECK_STR(out.data ? out.data : "", expected);
    pc_buf_free(&out);
}

static void yue_reads_as(pc_reading *r, const char *lang, const char *text, const char *expected)
{
    pc_buf out = {0};
    pcast_error err;
    CHECK(pc_reading_apply(r, lang, text, strlen(text), &out, &err) == PCAST_OK);
    CHECK_STR(out.data ? out.data : "", expected);
    pc_buf_free(&out);
}

static void yue_reads(pc_reading *r, const char *text, const char *expected)
{
    yue_reads_as(r, "zh-HK", text, expected);
}

/* Cantonese: Hong Kong money and phone numbers, words by the Jyutping
 * list, a post's language code; Korean readings */
static void cantonese(void)
{
    yue_numbers("HK$8,999", "港幣8,999元");
    yue_numbers("HKD 100", "港幣100元");
    yue_numbers("$38.5", "38.5蚊");
    yue_numbers("US$5", "5美元");
    yue_numbers("HK$1.5億", "港幣1.5億元");
    yue_numbers("HK$2.5M", "港幣2.5百萬元");
    yue_numbers("打2345 6789", "打二三四五 六七八九 ");
    yue_numbers("+852 2345-6789", "加八五二 二三四五 六七八九 ");
    yue_numbers("23456 7890", "23456 7890"); /* no phone number: five digits */
    yue_numbers("1,2345 6789", "1,2345 6789");
    yue_numbers("ABC$5", "ABC$5");
    pc_reading *r = pc_reading_new(NULL, NULL);
    /* 哋 dei6 by the word (espeak-ng: dei2), 吓 after a verb haa5 */
    yue_reads(r, "我哋睇吓", "ngo5 dei6 tai2 haa5 ");
    /* a slang reading of a word is not taken: 十九 is sap6 gau2 */
    yue_reads(r, "十九歲", "sap6 gau2 seoi3 ");
    /* 唔 goes over as the character (Jyutping m4 has no tone) */
    yue_reads(r, "唔係", "唔 hai6 ");
    /* 2 before a measure word, inside a number 二 */
    yue_reads(r, "2本書", "loeng5 bun2 syu1 ");
    yue_reads(r, "12,000", "jat1 maan6 ji6 cin1 ");
    /* Korean: hanja in hangul (the initial-sound rule for a lone 李),
     * native numerals before a counter, a phone number, % */
    yue_reads_as(r, "ko", "大學校 韓國", "대학교 한국");
    yue_reads_as(r, "ko", "李 교수", "이 교수");
    yue_reads_as(r, "ko", "3시에 2개, 20살, 13시", "세 시에 두 개, 스무 살, 13시");
    yue_reads_as(r, "ko", "010-1234-5678", "공일공 일이삼사 오육칠팔");
    yue_reads_as(r, "ko", "50%", "50 퍼센트");
    yue_reads_as(r, "ko", "女性, 3.5, -5도, -5", "여성, 3점5, 영하 5도, -5");
    pc_reading_free(r);
    char code[4];
    CHECK(pc_language_iso639_2("yue", code));
    CHECK_STR(code, "zho");
    CHECK(pc_language_iso639_2("zh-HK", code));
    CHECK_STR(code, "zho");
    routes("---\ntitle: t\nlang: zh-HK\n---\n我哋用 Google 搵HK$100嘅嘢。\n",
           "yue:我哋用|en:Google|yue:搵HK$100嘅嘢。");
}

/* What espeak-ng's ja voice makes of the front end's reading: no kanji
 * left for it to call "Chinese letter". */
static void spoken_by_espeak(void)
{
    if (espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, espeakINITIALIZE_DONT_EXIT) < 0 ||
        espeak_SetVoiceByName("ja") != EE_OK) {
        fprintf(stderr, "espeak-ng has no ja voice\n");
        check_failures++;
        return;
    }
    const char *text = "北風と太陽が、どちらが強いかで言い争っていました。";
    pc_reading *r = pc_reading_new(NULL, NULL);
    char *read = ja_read(r, text);
    CHECK(read != NULL);
    const void *at = read ? read : "";
    const char *ph = espeak_TextToPhonemes(&at, espeakCHARS_UTF8, 0);
    CHECK(ph && !strstr(ph, "tS'aIni:z") && !strstr(ph, "(en)"));
    /* and without the front end, espeak-ng does say it */
    at = text;
    ph = espeak_TextToPhonemes(&at, espeakCHARS_UTF8, 0);
    CHECK(ph && strstr(ph, "tS'aIni:z"));
    free(read);
    pc_reading_free(r);
    espeak_Terminate();
}

int main(void)
{
    numbers();
    sentences();
    runs();
    cantonese();
    spoken_by_espeak();
    return CHECK_RESULT();
}
