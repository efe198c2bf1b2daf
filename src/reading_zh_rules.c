/* reading_zh_rules: sentence rules over a segmented stretch (see header). */
#include "reading_zh_rules.h"

/* 地 alone between a word and a Han character is the adverb marker de5
 * (高興地笑); in 地方, 土地, 在地上 it is a word of its own or follows one
 * character, and after a measure word it is land (這塊地). */
static void adverb_de(zh_char *c, size_t n)
{
    static const unsigned piece[] = {0x584A, 0x5757, 0x7247, 0x755D, 0x4EA9}; /* 塊块片畝亩: 這塊地 di4 */
    for (size_t i = 2; i + 1 < n; i++)
        if (c[i].cp == 0x5730 && c[i].known && c[i + 1].known &&
            ((c[i].word_end && c[i - 1].word_end && !c[i - 2].word_end && !in_set(c[i - 1].cp, piece, 5)) ||
             (c[i - 1].cp == c[i - 2].cp && c[i - 1].known && (i < 3 || c[i - 3].cp != c[i - 1].cp))))
            set_syl(&c[i], "de5"); /* also after a doubled word the table joins to it (悄悄地, 輕輕地) */
}

static bool alone(const zh_char *c, size_t i) { return c[i].word_end && (i == 0 || c[i - 1].word_end); }

/* One-character words the table reads one way and a sentence's shape
 * another (the table also lists chance pairs such as 你得 de5, 待了 dai4;
 * and 得 de5 alone after a verb and before 很挺太更真非超蠻 (卷得很), 調
 * tiao2 in 調一下, 處 chu3 before 在/於 (正處在) and alone before a
 * penalty (處新台幣…罰鍰, 處罰金, 處拘役, 處死, 處無期徒刑), 背 bei1 carrying (背著書包),
 * 東西 xi5 a thing unless a direction follows (東西兩側, 東西走向)):
 * 得 dei3 (must) after a person or an adverb and before what is to be done
 * or an adjective and 點/些 (我們得好好談, 你得先登入, 我們得早點出發; not 他得了,
 * 長得快, 她得好評); 待 dai1 (stay) starting a
 * word before 了/著/着 (在東京待了五天; not 等待了); 假 jia4 (leave) alone
 * after a count of days or weeks (請了兩天假). */
/* People and adverbs before 得 dei3 (must): 我你他她它們们家就還还也都須须總总又您 */
static const unsigned who[] = {0x6211, 0x4F60, 0x4ED6, 0x5979, 0x5B83, 0x5011, 0x4EEC, 0x5BB6, 0x5C31, 0x9084,
                               0x8FD8, 0x4E5F, 0x90FD, 0x9808, 0x987B, 0x7E3D, 0x603B, 0x53C8, 0x5011, 0x60A8};

/* Plain one-character adjectives after 得 (跑得快, 賣得慢, 卷得動): */
static const unsigned plain[] = {0x6162, 0x5FEB, 0x5C0D, 0x5BF9, 0x65E9, 0x665A, 0x9AD8, 0x4F4E, 0x9060,
                                 0x8FDC, 0x8FD1, 0x77ED, 0x4E45, 0x7D2F, 0x6DF1, 0x6DFA, 0x6D45, 0x6E05,
                                 0x52D5, 0x52A8, 0x7A69, 0x7A33, 0x6E96, 0x51C6, 0x4E82, 0x4E71, 0x7F8E,
                                 0x6158, 0x60E8, 0x98FD, 0x9971, 0x721B, 0x70C2, 0x6EFF, 0x6EE1, 0x7DCA,
                                 0x7D27, 0x5920, 0x591F, 0x71B1, 0x70ED, 0x51B7, 0x9999, 0x4EAE};
/* 慢快對对早晚高低遠远近短久累深淺浅清動动穩稳準准亂乱美慘惨飽饱爛烂滿满緊紧夠够熱热冷香亮 */

/* What a value is set to after 調到: 一二三四五六七八九十百千萬兩零半最 */
static const unsigned amount[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D,
                                  0x5341, 0x767E, 0x5343, 0x842C, 0x4E07, 0x5169, 0x4E24, 0x96F6, 0x534A, 0x6700};

static void sentence_words(zh_char *c, size_t n)
{
    static const unsigned todo[] = {0x5148, 0x8981, 0x597D, 0x8D95, 0x8D76, 0x99AC, 0x9A6C, 0x53BB,
                                    0x8D70, 0x7B49, 0x82B1, 0x505A, 0x60F3, 0x628A, 0x5F9E, 0x4ECE,
                                    0x9760, 0x5C0F, 0x518D, 0x91CD, 0x81EA, 0x4ED8, 0x5B78, 0x5B66,
                                    0x9084, 0x8FD8};
    /* 先要好趕赶馬马去走等花做想把從从靠小再重自付學学還还 */
    static const unsigned at[] = {0x5728, 0x65BC, 0x4E8E};                   /* 在於于 */
    static const unsigned fine[] = {0x65B0, 0x7F70, 0x7F5A, 0x62D8, 0x6B7B, 0x7121, 0x65E0}; /* 新罰罚拘死無无 */
    static const unsigned very[] = {0x5F88, 0x633A, 0x592A, 0x66F4,
                                    0x771F, 0x975E, 0x8D85, 0x883B}; /* 很挺太更真非超蠻 */
    static const unsigned on[] = {0x8457, 0x7740, 0x8D77};                   /* 著着起 */
    static const unsigned load[] = {0x5305, 0x66F8, 0x4E66, 0x5B69, 0x5C0F, 0x884C}; /* 包書书孩小行 */
    static const unsigned side[] = {0x5357, 0x5317, 0x5411, 0x65B9, 0x90E8, 0x5169, 0x4E24, 0x5074,
                                    0x4FA7, 0x5CB8, 0x908A, 0x8FB9, 0x8D70, 0x9577, 0x957F, 0x5BEC,
                                    0x5BBD, 0x7DDA, 0x7EBF, 0x5411}; /* 南北向方部兩两側侧岸邊边走長长寬宽線线 */
    static const unsigned days[] = {0x5929, 0x9031, 0x5468, 0x65E5, 0x6708}; /* 天週周日月 */
    for (size_t i = 0; i + 1 < n; i++) {
        if (!c[i].known)
            continue;
        unsigned pv = i ? c[i - 1].cp : 0, nx = c[i + 1].cp;
        bool good = nx != 0x597D || (i + 2 < n && c[i + 2].cp == 0x597D); /* 得好好 but 得好評 */
        bool soon = in_set(nx, plain, sizeof plain / sizeof *plain) && i + 2 < n &&
                    (c[i + 2].cp == 0x9EDE || c[i + 2].cp == 0x70B9 || c[i + 2].cp == 0x4E9B); /* 得早點 */
        if (c[i].cp == 0x5F97 && in_set(pv, who, sizeof who / sizeof *who) &&
            (in_set(nx, todo, sizeof todo / sizeof *todo) || soon) && good)
            set_syl(&c[i], "dei3");
        else if (c[i].cp == 0x5F85 && (!i || c[i - 1].word_end) && (nx == 0x4E86 || nx == 0x8457 || nx == 0x7740))
            set_syl(&c[i], "dai1");
        else if (c[i].cp == 0x5047 && i && alone(c, i) && in_set(pv, days, sizeof days / sizeof *days))
            set_syl(&c[i], "jia4");
        else if (c[i].cp == 0x5F97 && i && alone(c, i) && in_set(nx, very, 8) &&
                 !in_set(pv, who, sizeof who / sizeof *who))
            set_syl(&c[i], "de5");
        else if ((c[i].cp == 0x8ABF || c[i].cp == 0x8C03) &&
                 ((alone(c, i) && nx == 0x4E00 && i + 2 < n && c[i + 2].cp == 0x4E0B) ||
                  (nx == 0x5230 && i + 2 < n && in_set(c[i + 2].cp, amount, sizeof amount / sizeof *amount))))
            set_syl(&c[i], "tiao2"); /* 調一下; 調到 a value (調到四千, 調到最大; 調到台北 diao4) */
        else if ((c[i].cp == 0x8655 || c[i].cp == 0x5904) &&
                 (in_set(nx, at, 3) || (alone(c, i) && in_set(nx, fine, 7))))
            set_syl(&c[i], "chu3"); /* 正處在; a sentence: 處新台幣三萬元罰鍰, 處罰金, 處拘役 */
        else if (c[i].cp == 0x80CC && i + 2 < n && in_set(nx, on, 3) && in_set(c[i + 2].cp, load, 6))
            set_syl(&c[i], "bei1");
        else if ((c[i].cp == 0x6771 || c[i].cp == 0x4E1C) && nx == 0x897F && c[i + 1].word_end &&
                 !c[i].word_end && (i + 2 == n || !in_set(c[i + 2].cp, side, 20)))
            set_syl(&c[i + 1], "xi5");
    }
    if (n >= 2 && c[n - 1].cp == 0x5047 && alone(c, n - 1) && c[n - 1].known &&
        in_set(c[n - 2].cp, days, sizeof days / sizeof *days))
        set_syl(&c[n - 1], "jia4"); /* 休三天假 at a stretch's end */
}

/* Whether c[i + 1], c[i + 2] are one of the pairs in pairs[0..n). */
static bool pair_follows(const zh_char *c, size_t n, size_t i, const unsigned (*pairs)[2], size_t np)
{
    for (size_t k = 0; i + 2 < n && k < np; k++)
        if (c[i + 1].cp == pairs[k][0] && c[i + 2].cp == pairs[k][1])
            return true;
    return false;
}

/* Is 得 at c[i] the complement marker de5 after a verb or an adjective,
 * before a plain adjective (下滑得慢, 卷得動) or a negated one (處理得不夠好,
 * 說得不對; not 得不到, 得不償失, 他得了)? The table reads it de2 alone and
 * in 得不. Not after a person or an adverb (我得快, dei3), nor before an
 * adjective and 點/些 (小王得快點走, dei3). */
static bool complement_de(const zh_char *c, size_t n, size_t i)
{
    static const unsigned not_after[] = {0x5230, 0x511F, 0x507F, 0x4E86}; /* 到償偿了: 得不到 */
    if (c[i].cp != 0x5F97 || !i || !c[i].known || !c[i - 1].known || !c[i - 1].word_end ||
        c[i - 1].cp == 0x5F97 || in_set(c[i - 1].cp, who, sizeof who / sizeof *who) || i + 1 >= n ||
        !c[i + 1].known)
        return false;
    if (c[i + 1].cp == 0x4E0D)
        return i + 2 < n && c[i + 2].known && !in_set(c[i + 2].cp, not_after, 4);
    unsigned after = i + 2 < n ? c[i + 2].cp : 0; /* 得快點走, 得早些: dei3, must */
    return c[i].word_end && in_set(c[i + 1].cp, plain, sizeof plain / sizeof *plain) && after != 0x9EDE &&
           after != 0x70B9 && after != 0x4E9B;
}

/* Characters a neighbour reads as a verb or a particle where the table's
 * word or share says otherwise: 縫/缝 feng2 (sew) starting a word before
 * 了著過好上一起補完幾 (縫了七針; the noun 一條縫, 裂縫 is feng4); 得 de5
 * after a verb or an adjective before a degree 不錯 離譜 要命 不行 厲害
 * (恢復得不錯, 便宜得离谱; the table has 得不 de2 bu4, as in 得不到); 蛤 ha2
 * as an interjection of its own (蛤？; 蛤蜊 is ge2); 倒 dao4 (pour) starting
 * a word before a liquid or where it goes (倒油, 倒水, 倒入, 倒進, 倒杯,
 * 倒垃圾; not 摔倒, 倒閉); 撒 sa3 (sprinkle) as a word of its own (撒上蔥花,
 * 撒一把鹽; the table's 撒嬌 撒謊 撒網 keep sa1). */
static void verb_words(zh_char *c, size_t n)
{
    static const unsigned after_sew[] = {0x4E86, 0x8457, 0x7740, 0x904E, 0x8FC7, 0x597D, 0x4E0A,
                                         0x4E00, 0x8D77, 0x88DC, 0x8865, 0x5B8C, 0x5E7E, 0x51E0};
    static const unsigned degree[][2] = {{0x4E0D, 0x932F}, {0x4E0D, 0x9519}, {0x96E2, 0x8B5C},
                                         {0x79BB, 0x8C31}, {0x8981, 0x547D}, {0x4E0D, 0x884C},
                                         {0x53B2, 0x5BB3}, {0x5389, 0x5BB3}};
    static const unsigned poured[] = {0x6C34, 0x6CB9, 0x8336, 0x9152, 0x918B, 0x6E6F, 0x6C64, 0x5976,
                                      0x5496, 0x98F2, 0x996E, 0x5165, 0x9032, 0x8FDB, 0x676F, 0x6EFF,
                                      0x6EE1, 0x5783};
    for (size_t i = 0; i < n; i++) {
        if (!c[i].known)
            continue;
        unsigned cp = c[i].cp, nx = i + 1 < n ? c[i + 1].cp : 0;
        if ((cp == 0x7E2B || cp == 0x7F1D) && (!i || c[i - 1].word_end) && in_set(nx, after_sew, 14))
            set_syl(&c[i], "feng2");
        else if ((cp == 0x5F97 && i && c[i - 1].known && c[i - 1].word_end && c[i - 1].cp != 0x5F97 &&
                  pair_follows(c, n, i, degree, 8)) ||
                 complement_de(c, n, i))
            set_syl(&c[i], "de5");
        else if (cp == 0x86E4 && alone(c, i))
            set_syl(&c[i], "ha2");
        else if (cp == 0x5012 && (!i || c[i - 1].word_end) && in_set(nx, poured, 18))
            set_syl(&c[i], "dao4");
        else if (cp == 0x6492 && alone(c, i))
            set_syl(&c[i], "sa3");
    }
}

/* Mainland readings where the table keeps Taiwan's: 期 qi1, 績/绩 ji4,
 * 跡/迹 ji4, 髮/发 fa4 (in 头发), 質/质 zhi4, 究 jiu1, 企 qi3, 亚 ya4, 便宜
 * pian2 yi5, 下载 xia4 zai4, 姊 zi3, 突 tu1, 匹 pi3, 危 wei1, 檔/档 dang4, 夕 xi1,
 * 播 bo1, 擁/拥 yong1, 綜/综 zong1, 嵌 qian4, 悄悄 qiao1, 发 fa4 wherever
 * the table has Taiwan's 髮 fa3 (发型), 火候 hou5, and 血 xue4 in a word (血糖;
 * Taiwan says xie3 in many); 儲/储 chu3 (美联储), 跌 die1 (跌破), 擊/击 ji1 (狙击;
 * MOE has ㄔㄨˊ, ㄉㄧㄝˊ, ㄐㄧˊ), 息 xi1 in every word (加息; the table has
 * Taiwan's xi2 in some). */
static void mainland(zh_char *c, size_t n)
{
    static const unsigned cps[] = {0x671F, 0x7E3E, 0x7EE9, 0x8DE1, 0x8FF9, 0x9AEE, 0x8CEA, 0x8D28, 0x7A76,
                                   0x4F01, 0x4E9A, 0x7A81, 0x5339, 0x5371, 0x6A94, 0x6863, 0x5915, 0x64AD,
                                   0x64C1, 0x62E5, 0x7D9C, 0x7EFC, 0x5D4C, 0x5132, 0x50A8, 0x8DCC, 0x64CA,
                                   0x51FB, 0x606F};
    static const char *const syl[] = {"qi1",  "ji4",  "ji4",  "ji4", "ji4", "fa4",  "zhi4", "zhi4",
                                      "jiu1", "qi3",  "ya4",  "tu1", "pi3", "wei1", "dang4", "dang4",
                                      "xi1",  "bo1",  "yong1", "yong1", "zong1", "zong1", "qian4", "chu3",
                                      "chu3", "die1", "ji1",  "ji1", "xi1"};
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; c[i].known && k < sizeof cps / sizeof *cps; k++)
            if (c[i].cp == cps[k])
                set_syl(&c[i], syl[k]);
    for (size_t i = 1; i < n; i++)
        if (c[i].cp == 0x53D1 && c[i - 1].cp == 0x5934 && c[i].known) /* 头发 */
            set_syl(&c[i], "fa4");
        else if (c[i].cp == 0x5B9C && c[i - 1].cp == 0x4FBF && !strcmp(c[i - 1].syl, "pian2"))
            set_syl(&c[i], "yi5"); /* 便宜 */
        else if ((c[i].cp == 0x8F7D || c[i].cp == 0x8F09) && c[i - 1].cp == 0x4E0B && c[i].known)
            set_syl(&c[i], "zai4"); /* 下载 */
        else if (c[i].cp == 0x6084 && c[i - 1].cp == 0x6084 && c[i].known)
            set_syl(&c[i - 1], "qiao1"), set_syl(&c[i], "qiao1"); /* 悄悄 (悄然 stays qiao3) */
    for (size_t i = 0; i < n; i++)
        if (c[i].cp == 0x59CA && c[i].known) /* 姊 is Taiwan's jie3 (姊姊), the mainland's zi3 (姊妹) */
            set_syl(&c[i], "zi3");
        else if (c[i].cp == 0x53D1 && c[i].known && !strcmp(c[i].syl, "fa3"))
            set_syl(&c[i], "fa4"); /* 发 read fa3 is Taiwan's 髮 (发型, 理发) */
        else if (c[i].cp == 0x5019 && i && c[i - 1].cp == 0x706B && c[i].known)
            set_syl(&c[i], "hou5"); /* 火候 huo3 hou5 */
        else if (c[i].cp == 0x8840 && c[i].known && !alone(c, i) &&
                 !(i + 1 < n && (c[i + 1].cp == 0x6DCB || c[i + 1].cp == 0x7CCA)))
            set_syl(&c[i], "xue4"); /* 血 in a word is xue4 (血糖, 流血), not 血淋淋 xie3 */
}

/* 個/个 right after 這这那哪 is neutral (這個月 zhe4 ge5 yue4; the table's
 * longer words such as 這個問題 keep ge4). */
static void demonstrative_ge(zh_char *c, size_t n)
{
    static const unsigned d[] = {0x9019, 0x8FD9, 0x90A3, 0x54EA};
    for (size_t i = 1; i < n; i++)
        if ((c[i].cp == 0x500B || c[i].cp == 0x4E2A) && c[i].known && in_set(c[i - 1].cp, d, 4))
            set_syl(&c[i], "ge5");
}

/* Sentence-final 吧嗎吗呢啊啦囉啰 are neutral. */
static void final_particles(zh_char *c, size_t n)
{
    static const unsigned cps[] = {0x5427, 0x55CE, 0x5417, 0x5462, 0x554A, 0x5566, 0x56C9, 0x5570};
    static const char *const syl[] = {"ba5", "ma5", "ma5", "ne5", "a5", "la5", "luo5", "luo5"};
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; c[i].known && k < sizeof cps / sizeof *cps; k++)
            if (c[i].cp == cps[k] && (i + 1 == n || !c[i + 1].known))
                set_syl(&c[i], syl[k]);
}

/* Readings a word's neighbours or its region decide: 晚上/早上 shang5 also
 * inside the table's longer words (每天晚上); 會 hui4 after 半 unless 兒
 * follows (半會兒 hui3); 還 huan2 (pay back) alone before 了 (房貸還了; not
 * 還了得); Taiwan's 息 xi2 in every word the table reads xi1 (升息, 利息:
 * 國語一字多音審訂表) and 垃圾 le4 se4 (MOE ㄌㄜˋ ㄙㄜˋ); the mainland's 生意
 * yi5 (business, Xiandai shēng·yi) where it is a word or ends one (做生意;
 * not 人生/意義, 發生/意外); 合同 tong5 inside the table's longer words too
 * (解除合同; MOE ㄏㄜˊ ˙ㄊㄨㄥ, Xiandai hé·tong); Taiwan's 載 zai4 where it is
 * recording (記載 轉載 刊載 連載 登載 載明: MOE ㄗㄞˋ; the mainland says zǎi),
 * and full tones MOE gives where the mainland's are neutral: 份量/分量 liang4,
 * 師傅 fu4 (老師傅). */
static void word_tones(zh_char *c, size_t n, bool cn)
{
    static const unsigned recorded[] = {0x8A18, 0x8F49, 0x520A, 0x9023, 0x767B}; /* 記轉刊連登 */
    for (size_t i = 1; i < n; i++) {
        if (!c[i].known || !c[i - 1].known)
            continue;
        unsigned cp = c[i].cp, pv = c[i - 1].cp, nx = i + 1 < n && c[i + 1].known ? c[i + 1].cp : 0;
        bool one_word = !c[i - 1].word_end;
        if (cp == 0x4E0A && (pv == 0x665A || pv == 0x65E9) && one_word)
            set_syl(&c[i], "shang5");
        else if ((cp == 0x6703 || cp == 0x4F1A) && pv == 0x534A && !strcmp(c[i].syl, "hui3") && nx != 0x5152 &&
                 nx != 0x513F)
            set_syl(&c[i], "hui4");
        else if (!cn && cp == 0x573E && pv == 0x5783)
            set_syl(&c[i - 1], "le4"), set_syl(&c[i], "se4");
        else if (cn && cp == 0x610F && pv == 0x751F && one_word && c[i].word_end)
            set_syl(&c[i], "yi5");
        else if (cp == 0x540C && pv == 0x5408 && one_word)
            set_syl(&c[i], "tong5");
        else if (!cn && cp == 0x8F09 && one_word && in_set(pv, recorded, 5))
            set_syl(&c[i], "zai4");
        else if (!cn && pv == 0x8F09 && cp == 0x660E && one_word)
            set_syl(&c[i - 1], "zai4");
        else if (!cn && one_word && ((cp == 0x91CF && (pv == 0x4EFD || pv == 0x5206) && !strcmp(c[i].syl, "liang5")) ||
                                     (cp == 0x5085 && pv == 0x5E2B)))
            set_syl(&c[i], cp == 0x91CF ? "liang4" : "fu4"); /* 份量 ㄌㄧㄤˋ, 師傅 ㄈㄨˋ (MOE) */
    }
    for (size_t i = 0; i < n; i++)
        if ((c[i].cp == 0x9084 || c[i].cp == 0x8FD8) && c[i].known && alone(c, i) && i + 1 < n &&
            c[i + 1].cp == 0x4E86 && alone(c, i + 1) && !(i + 2 < n && c[i + 2].cp == 0x5F97))
            set_syl(&c[i], "huan2");
        else if (!cn && c[i].cp == 0x606F && c[i].known && !strcmp(c[i].syl, "xi1"))
            set_syl(&c[i], "xi2");
}

void pc_zh_rules_apply(zh_char *c, size_t n, bool cn)
{
    word_tones(c, n, cn);
    final_particles(c, n);
    demonstrative_ge(c, n);
    adverb_de(c, n);
    sentence_words(c, n);
    verb_words(c, n);
    for (size_t i = 0; !cn && i < n; i++)
        if (c[i].cp == 0x671F && c[i].known) /* Taiwan's 期 is qi2 in every word (期待) */
            set_syl(&c[i], "qi2");
        else if (c[i].cp == 0x66AB && c[i].known) /* and 暫 zhan4, 微 wei2 (MOE ㄓㄢˋ, ㄨㄟˊ: 暫時, 微笑) */
            set_syl(&c[i], "zhan4");
        else if (c[i].cp == 0x5FAE && c[i].known)
            set_syl(&c[i], "wei2");
    if (cn)
        mainland(c, n);
    pc_zh_context_apply(c, n);
}
