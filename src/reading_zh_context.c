/* reading_zh_context: rules that read a character by the words around it
 * (為 wei4 for, 得 in a verb's complement, adverbial 地, 行 a line of code,
 * 一 ending a range). See reading_zh_rules.h. */
#include "reading_zh_rules.h"

#define COUNT(a) (sizeof a / sizeof *a)

static bool is_wei(unsigned cp) { return cp == 0x70BA || cp == 0x4E3A || cp == 0x7232; } /* 為为爲 */

/* Adverbs, modals, conjunctions and subjects after which 為 is the
 * preposition wei4 "for" (需要為, 並為, 這為, 在為, 他們為, 專為, 與為, 能為,
 * 曾經為, 我為, 也為): 要並并這这也在們们專专與与能我你他她它您經经還还會会正只又再先願愿該该 */
static const unsigned before_for[] = {0x8981, 0x4E26, 0x5E76, 0x9019, 0x8FD9, 0x4E5F, 0x5728, 0x5011,
                                      0x4EEC, 0x5C08, 0x4E13, 0x8207, 0x4E0E, 0x80FD, 0x6211, 0x4F60,
                                      0x4ED6, 0x5979, 0x5B83, 0x60A8, 0x7D93, 0x7ECF, 0x9084, 0x8FD8,
                                      0x6703, 0x4F1A, 0x6B63, 0x53EA, 0x53C8, 0x518D, 0x5148, 0x9858,
                                      0x613F, 0x8A72, 0x8BE5};

/* Verbs of naming and becoming before 為 wei2 "as, into" (稱他為, 選為,
 * 轉型為, 身為): 成認认作以稱称視视選选評评改定轉转變变化分列當当極极身淪沦
 * 互廣广名立封任命拜尊奉譽誉推舉举行人無无有難难所即乃譯译型級级換换位 */
static const unsigned naming[] = {0x6210, 0x8A8D, 0x8BA4, 0x4F5C, 0x4EE5, 0x7A31, 0x79F0, 0x8996, 0x89C6,
                                  0x9078, 0x9009, 0x8A55, 0x8BC4, 0x6539, 0x5B9A, 0x8F49, 0x8F6C, 0x8B8A,
                                  0x53D8, 0x5316, 0x5206, 0x5217, 0x7576, 0x5F53, 0x6975, 0x6781, 0x8EAB,
                                  0x6DEA, 0x6CA6, 0x4E92, 0x5EE3, 0x5E7F, 0x540D, 0x7ACB, 0x5C01, 0x4EFB,
                                  0x547D, 0x62DC, 0x5C0A, 0x5949, 0x8B7D, 0x8A89, 0x63A8, 0x8209, 0x4E3E,
                                  0x884C, 0x4EBA, 0x7121, 0x65E0, 0x6709, 0x96E3, 0x96BE, 0x6240, 0x5373,
                                  0x4E43, 0x8B6F, 0x8BD1, 0x578B, 0x7D1A, 0x7EA7, 0x63DB, 0x6362, 0x4F4D};

/* 為 wei2 before these: 為止 為主 為期 為數 為限 為首 為伍 為準 為例 為難 為人
 * (止主期數数限首伍準准例難难人) */
static const unsigned wei2_next[] = {0x6B62, 0x4E3B, 0x671F, 0x6578, 0x6570, 0x9650, 0x9996, 0x4F0D,
                                     0x6E96, 0x51C6, 0x4F8B, 0x96E3, 0x96BE, 0x4EBA};

/* Pronouns after which 為 is "for" whatever comes before (媒體為他們): 我你他她它您咱 */
static const unsigned pronoun[] = {0x6211, 0x4F60, 0x4ED6, 0x5979, 0x5B83, 0x60A8, 0x54B1};

/* Is there a 以 of 以…為 before c[i] in its stretch (以他為例)? Not the 以
 * of 可以, 所以, 以及, 以後 and the like. */
static bool yi_before(const zh_char *c, size_t i)
{
    static const unsigned word_before[] = {0x53EF, 0x6240, 0x96E3, 0x96BE, 0x8DB3, 0x5F97,
                                           0x52A0, 0x4E88, 0x7528, 0x85C9, 0x636E, 0x64DA}; /* 可所難难足得加予用藉据據 */
    static const unsigned word_after[] = {0x53CA, 0x5F8C, 0x540E, 0x524D, 0x4F86, 0x6765, 0x4E0A,
                                          0x4E0B, 0x4FBF, 0x514D, 0x5916, 0x5167, 0x5185}; /* 及後后前來来上下便免外內内 */
    for (size_t k = i; k-- > 0;)
        if (c[k].cp == 0x4EE5 && !(k && in_set(c[k - 1].cp, word_before, COUNT(word_before))) &&
            !in_set(c[k + 1].cp, word_after, COUNT(word_after)))
            return true;
    return false;
}

/* Is 為 at c[i] the passive 為…所 (為人所知, 為大家所接受), 所 within five
 * characters and not before 做/作 (為特定用例所做的: for)? */
static bool passive_wei(const zh_char *c, size_t n, size_t i)
{
    for (size_t k = i + 1; k < n && k <= i + 5; k++)
        if (c[k].cp == 0x6240)
            return !(k + 1 < n && (c[k + 1].cp == 0x505A || c[k + 1].cp == 0x4F5C));
    return false;
}

/* Is c[i - 1] a verb of naming or becoming (稱他為 checks the verb before
 * the pronoun; 以 of 可以, 所以 is none)? */
static bool named(const zh_char *c, size_t i)
{
    static const unsigned yi_word[] = {0x53EF, 0x6240, 0x96E3, 0x96BE, 0x8DB3, 0x5F97, 0x52A0, 0x4E88, 0x7528}; /* 可所難难足得加予用 */
    size_t j = i - 1; /* the verb: before the pronoun (稱他為, 把他們稱為) */
    if (j && in_set(c[j].cp, pronoun, COUNT(pronoun)))
        j--;
    else if (j >= 2 && (c[j].cp == 0x5011 || c[j].cp == 0x4EEC) && in_set(c[j - 1].cp, pronoun, COUNT(pronoun)))
        j -= 2;
    return in_set(c[j].cp, naming, COUNT(naming)) &&
           !(c[j].cp == 0x4EE5 && j && in_set(c[j - 1].cp, yi_word, COUNT(yi_word)));
}

/* Is there, later in the stretch, a verb of doing something for someone
 * (為消費者構建, 為未來的模型而建設): 而, 提供 構建 打造 設計 服務 準備 開發? */
static bool done_for(const zh_char *c, size_t n, size_t i, bool only_er)
{
    static const unsigned verbs[][2] = {{0x63D0, 0x4F9B}, {0x69CB, 0x5EFA}, {0x6784, 0x5EFA}, {0x6253, 0x9020},
                                        {0x8A2D, 0x8A08}, {0x8BBE, 0x8BA1}, {0x670D, 0x52D9}, {0x670D, 0x52A1},
                                        {0x6E96, 0x5099}, {0x51C6, 0x5907}, {0x958B, 0x767C}, {0x5F00, 0x53D1}};
    for (size_t k = i + 2; k < n && k <= i + 10; k++) {
        if (c[k].cp == 0x800C && c[k].word_end && c[k - 1].word_end) /* 而 alone */
            return true;
        for (size_t v = 0; !only_er && k + 1 < n && v < COUNT(verbs); v++)
            if (c[k].cp == verbs[v][0] && c[k + 1].cp == verbs[v][1])
                return true;
    }
    return false;
}

/* 為 the preposition "for" is wei4 (MOE ㄨㄟˋ): after an adverb, a modal,
 * a conjunction or a subject (需要為未來, 並為當前, 他們為特定用例, 或者為一整個,
 * 與為公司), before a pronoun (媒體為他們) or before what is then done for it
 * (想到為消費者構建; 為未來而建設 also starting a stretch); the table reads it
 * wei2 alone and in chance words (要為, 能為, 為你, 為他們). It stays wei2 in
 * 以…為 (以他為例), the passive 為…所, after verbs of naming and becoming
 * (稱他為, 轉型為, 作為), inside longer words (無能為力) and before 止主期例… */
static void preposition_wei(zh_char *c, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (!is_wei(c[i].cp) || !c[i].known || strcmp(c[i].syl, "wei2") ||
            in_set(c[i + 1].cp, wei2_next, COUNT(wei2_next)))
            continue;
        size_t start = i, end = i;
        while (start && !c[start - 1].word_end)
            start--;
        while (end + 1 < n && !c[end].word_end)
            end++;
        if (!i) {
            if (done_for(c, n, i, true) && !passive_wei(c, n, i))
                set_syl(&c[i], "wei4");
            continue;
        }
        unsigned pv = c[i - 1].cp, nx = c[i + 1].cp;
        bool either = i >= 2 && pv == 0x8005 && c[i - 2].cp == 0x6216; /* 或者為 */
        bool pron = in_set(nx, pronoun, COUNT(pronoun));
        if ((end - start < 2 || start == i) && !named(c, i) &&
            (in_set(pv, before_for, COUNT(before_for)) || either || pron || done_for(c, n, i, false)) &&
            !yi_before(c, i) && !passive_wei(c, n, i))
            set_syl(&c[i], "wei4");
    }
}

/* Verbs before a potential complement 得到/得出 (做得到, 看得出來): 做看聽听找買买拿辦办
 * 吃猜見见碰遇摸聞闻趕赶追搶抢收接學学用寫写讀读說说搞弄等受覺觉認认分辨查算跑爬跟借撐撑抓 */
static const unsigned can_verb[] = {0x505A, 0x770B, 0x807D, 0x542C, 0x627E, 0x8CB7, 0x4E70, 0x62FF, 0x8FA6,
                                    0x529E, 0x5403, 0x731C, 0x898B, 0x89C1, 0x78B0, 0x9047, 0x6478, 0x805E,
                                    0x95FB, 0x8D95, 0x8D76, 0x8FFD, 0x6436, 0x62A2, 0x6536, 0x63A5, 0x5B78,
                                    0x5B66, 0x7528, 0x5BEB, 0x5199, 0x8B80, 0x8BFB, 0x8AAA, 0x8BF4, 0x641E,
                                    0x5F04, 0x7B49, 0x53D7, 0x89BA, 0x89C9, 0x8A8D, 0x8BA4, 0x5206, 0x8FA8,
                                    0x67E5, 0x7B97, 0x8DD1, 0x722C, 0x8DDF, 0x501F, 0x6490, 0x6491, 0x6293};

/* People and adverbs before 得 dei3 "must": 我你他她它們们您就還还也都須须總总又 */
static const unsigned must_who[] = {0x6211, 0x4F60, 0x4ED6, 0x5979, 0x5B83, 0x5011, 0x4EEC, 0x60A8, 0x5C31,
                                    0x9084, 0x8FD8, 0x4E5F, 0x90FD, 0x9808, 0x987B, 0x7E3D, 0x603B, 0x53C8};

/* 得 the complement marker de5 where the table reads de2: between a verb
 * and 到/出 (做得到, 看得到, 看得出來: the table's 得到, 看得到 and 看得出來
 * say de2); in 得多 ending a comparison (困難得多, 好得多了; not 你得多練習, 得多少);
 * in the table's chance words 得更, 得很… after a word (會變得更強大). After a
 * person or an adverb 得 before 更 is dei3, must (我們得更新, 你得更小心). */
static void complement_de(zh_char *c, size_t n)
{
    static const unsigned very[] = {0x5F88, 0x633A, 0x592A, 0x66F4, 0x771F, 0x8D85, 0x883B}; /* 很挺太更真超蠻 */
    static const unsigned got[] = {0x7372, 0x83B7, 0x53D6, 0x8D0F, 0x8D62, 0x6240, 0x80FD, 0x503C, 0x8A18, 0x8BB0}; /* 獲获取贏赢所能值記记 */
    for (size_t i = 1; i + 1 < n; i++) {
        if (c[i].cp != 0x5F97 || !c[i].known || !c[i - 1].known)
            continue;
        unsigned pv = c[i - 1].cp, nx = c[i + 1].cp, nx2 = i + 2 < n && c[i + 2].known ? c[i + 2].cp : 0;
        bool subject = in_set(pv, must_who, COUNT(must_who));
        if (subject && nx == 0x66F4)
            set_syl(&c[i], "dei3");
        else if ((in_set(pv, can_verb, COUNT(can_verb)) && (nx == 0x5230 || nx == 0x51FA)) ||
                 (nx == 0x591A && !subject && !in_set(pv, got, COUNT(got)) &&
                  (!nx2 || nx2 == 0x4E86 || nx2 == 0x7684 || nx2 == 0x5566 || nx2 == 0x554A)) ||
                 (!subject && c[i - 1].word_end && !c[i].word_end && c[i + 1].word_end &&
                  in_set(nx, very, COUNT(very))))
            set_syl(&c[i], "de5");
    }
}

/* 地 the adverb marker de5 where the table reads di4: after a degree
 * adverb and an adjective (更好地匹配, 最好地, 很快地: the table has 更好地 di4),
 * ending the table's 不X地 words (持續不斷地, 不停地), and alone after a word at
 * a stretch's end, where the sentence rules do not look (非常謹慎地 before
 * English or a comma). Not before a place noun (更好地段, 很大地區). */
static void adverb_de(zh_char *c, size_t n)
{
    static const unsigned degree[] = {0x66F4, 0x5F88, 0x6700, 0x8D8A, 0x8F03, 0x8F83,
                                      0x592A, 0x633A, 0x883B, 0x771F}; /* 更很最越較较太挺蠻真 */
    static const unsigned place[] = {0x65B9, 0x5340, 0x533A, 0x9EDE, 0x70B9, 0x5E36, 0x5E26, 0x5716, 0x56FE,
                                     0x7403, 0x9762, 0x5740, 0x4F4D, 0x6BB5, 0x57DF, 0x7522, 0x4EA7, 0x52E2,
                                     0x52BF, 0x677F, 0x6BEF, 0x76E4, 0x76D8, 0x9435, 0x94C1, 0x9707, 0x6A19,
                                     0x6807, 0x5F62, 0x8CEA, 0x8D28, 0x7406, 0x5E95, 0x4E0B, 0x4E0A}; /* 方區区點点帶带圖图球面址位段域產产勢势板毯盤盘鐵铁震標标形質质理底下上 */
    static const unsigned piece[] = {0x584A, 0x5757, 0x7247, 0x755D, 0x4EA9, 0x5728}; /* 塊块片畝亩在 */
    for (size_t i = 2; i < n; i++) {
        if (c[i].cp != 0x5730 || !c[i].known || !c[i - 1].known)
            continue;
        size_t start = i;
        while (start && !c[start - 1].word_end)
            start--;
        bool last = i + 1 == n || !c[i + 1].known;
        if ((in_set(c[i - 2].cp, degree, COUNT(degree)) && (last || !in_set(c[i + 1].cp, place, COUNT(place)))) ||
            (c[i].word_end && i - start == 2 && c[start].cp == 0x4E0D) ||
            (last && start == i && c[i - 1].word_end && (i < 2 || !c[i - 2].word_end) &&
             !in_set(c[i - 1].cp, piece, COUNT(piece))))
            set_syl(&c[i], "de5");
    }
}

/* 零〇一二三四五六七八九十兩两幾几百千 */
static const unsigned numeral[] = {0x96F6, 0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03,
                                   0x516B, 0x4E5D, 0x5341, 0x5169, 0x4E24, 0x5E7E, 0x51E0, 0x767E, 0x5343};

/* 行 hang2, a line, after a number before code (第三行程式碼, 兩行代碼: the
 * table cuts 行程 xing2); 一 yi1 ending a range before no measure word (從0到1並且,
 * 從零到一建立; 0到1個月 keeps its sandhi) or starting one. */
static void counted_words(zh_char *c, size_t n)
{
    static const unsigned measure[] = {0x500B, 0x4E2A, 0x6B21, 0x5E74, 0x5929, 0x6B72, 0x5C81, 0x4F4D, 0x4EF6,
                                       0x7A2E, 0x79CD, 0x540D, 0x4EBA, 0x5206, 0x79D2, 0x5C0F, 0x9031, 0x5468,
                                       0x6708, 0x865F, 0x53F7, 0x65E5, 0x842C, 0x4E07, 0x5104, 0x4EBF, 0x767E,
                                       0x5343, 0x9EDE, 0x70B9, 0x6BDB, 0x584A, 0x5757, 0x5143, 0x672C, 0x9805,
                                       0x9879, 0x6B65, 0x500D}; /* 個个次年天歲岁位件種种名人分秒小週周月號号日萬万億亿百千點点毛塊块元本項项步倍 */
    for (size_t i = 1; i + 2 < n; i++)
        if (c[i].cp == 0x884C && c[i].known && in_set(c[i - 1].cp, numeral, COUNT(numeral)) &&
            ((c[i + 1].cp == 0x7A0B && (c[i + 2].cp == 0x5F0F || c[i + 2].cp == 0x5E8F)) ||
             (c[i + 1].cp == 0x4EE3 && (c[i + 2].cp == 0x78BC || c[i + 2].cp == 0x7801))))
            set_syl(&c[i], "hang2");
    for (size_t i = 2; i < n; i++)
        if (c[i].cp == 0x4E00 && c[i].known && c[i - 1].cp == 0x5230 && in_set(c[i - 2].cp, numeral, 14) &&
            (i + 1 == n || !c[i + 1].known || !in_set(c[i + 1].cp, measure, COUNT(measure))))
            set_syl(&c[i], "yi1");
        else if (c[i - 2].cp == 0x4E00 && c[i - 2].known && c[i - 1].cp == 0x5230 && in_set(c[i].cp, numeral, 14))
            set_syl(&c[i - 2], "yi1"); /* and starting one (從1到10, 一到三; 一到家 keeps yi2) */
}

void pc_zh_context_apply(zh_char *c, size_t n)
{
    preposition_wei(c, n);
    complement_de(c, n);
    adverb_de(c, n);
    counted_words(c, n);
}
