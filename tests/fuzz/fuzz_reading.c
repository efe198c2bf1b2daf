/* libFuzzer: the reading front end. The first byte picks what the rest
 * is: a YAML lexicon, a W3C PLS lexicon, or a run of text read as
 * Mandarin (zh-TW, zh-CN), English or Japanese with a small lexicon
 * loaded. Text that
 * is not valid UTF-8 is skipped (the plan hands the front end validated
 * text only). */
#include "internal.h"
#include "lexicon.h"
#include "reading.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static pc_reading *reader;
static pc_lexicon *lex;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!reader) {
        lex = pc_lexicon_new();
        const char *y = "zh:\n  重載: chong2 zai4\nen:\n  IDE: eye dee ee\n  UX: \"[[j'u: Eks]]\"\n"
                        "ja:\n  宮崎駿: ミヤザキハヤオ\n";
        pcast_error e;
        if (!lex || pc_lexicon_load_yaml(lex, "seed", y, strlen(y), &e) != PCAST_OK ||
            !(reader = pc_reading_new(NULL, lex)) || pc_reading_prepare(reader, &e) != PCAST_OK)
            abort();
    }
    if (size < 1)
        return 0;
    unsigned mode = data[0] % 9;
    const char *text = (const char *)data + 1;
    size_t n = size - 1;
    pcast_error err;
    if (mode < 2) {
        pc_lexicon *l = pc_lexicon_new();
        size_t skipped = 0;
        if (mode == 0)
            pc_lexicon_load_yaml(l, "fuzz.yaml", text, n, &err);
        else
            pc_lexicon_load_pls(l, "fuzz.pls", text, n, &skipped, &err);
        (void)pc_lexicon_hash(l);
        pc_lexicon_free(l);
        return 0;
    }
    if (u8_check((const uint8_t *)text, n) || memchr(text, '\0', n))
        return 0;
    static const char *const tags[] = {"zh-TW", "zh-CN", "en-US", "en-US", "ja", "zh-HK", "ko"};
    pc_reading_set_phoneme_input(reader, mode == 5);
    pc_buf out = {0};
    pc_reading_apply(reader, tags[mode - 2], text, n, &out, &err);
    pc_buf_free(&out);
    return 0;
}
