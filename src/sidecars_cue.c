/* sidecars_cue: the text of a CD-style cue sheet. */
#include "sidecars_cue.h"

#include "engine.h"

#include <string.h>

bool pc_cue_text(pc_buf *b, const char *s, bool quoted)
{
    bool ok = true;
    for (size_t i = 0, n = strlen(s); i < n && ok;) {
        unsigned cp;
        size_t len = pc_utf8_decode(s + i, n - i, &cp);
        int k = pc_speech_clean_class(cp);
        ok = k == 2 || (k == 1          ? pc_buf_putc(b, ' ')
                        : quoted && s[i] == '"'  ? pc_buf_putc(b, '\'')
                        : quoted && s[i] == '\\' ? pc_buf_putc(b, '/')
                                                 : pc_buf_append(b, s + i, len));
        i += len;
    }
    return ok;
}

bool pc_cue_string(pc_buf *b, const char *s)
{
    return pc_buf_putc(b, '"') && pc_cue_text(b, s, true) && pc_buf_putc(b, '"');
}

bool pc_cue_can_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    for (const unsigned char *p = (const unsigned char *)(slash ? slash + 1 : path); *p; p++)
        if (*p == '"' || *p == '\\' || *p < 0x20 || *p == 0x7F)
            return false;
    return true;
}

bool pc_cue_performers(const pcast_post *post, const pcast_section *sec, const char *author,
                       pc_buf *who)
{
    pc_strmap seen = {0};
    bool ok = true;
    for (size_t j = 0; j < sec->turn_count && ok; j++) {
        const char *name = sec->turns[j].speaker;
        const pcast_speaker *sp = pcast_post_speaker(post, sec->turns[j].speaker_index);
        if (author && sp && sp->narrator)
            name = author;
        size_t v;
        if (pc_strmap_get(&seen, name, &v))
            continue;
        ok = pc_strmap_put(&seen, name, j) && (!who->len || pc_buf_puts(who, ", ")) &&
             pc_buf_puts(who, name);
    }
    pc_strmap_free(&seen);
    return ok;
}
