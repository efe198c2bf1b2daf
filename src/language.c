/* language: BCP 47 to ISO 639-2 through iso-codes (see language.h). */
#include "language.h"

#include <jansson.h>
#include <string.h>

#ifndef POSTCAST_ISO_639_2_JSON
#define POSTCAST_ISO_639_2_JSON "/usr/share/iso-codes/json/iso_639-2.json"
#endif

static bool field_is(json_t *entry, const char *key, const char *v)
{
    const char *s = json_string_value(json_object_get(entry, key));
    return s && !strcmp(s, v);
}

/* ISO 639-3's Chinese languages (yue Cantonese, cmn Mandarin, wuu, nan,
 * hak...) have no code of their own in ISO 639-2: their macrolanguage's
 * zho is theirs there. */
static bool chinese_639_3(const char *sub)
{
    static const char *const codes[] = {"cmn", "yue", "wuu", "nan", "hak", "gan", "hsn", "cdo",
                                        "cjy", "cpx", "czh", "czo", "lzh", "mnp"};
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++)
        if (!strcmp(sub, codes[i]))
            return true;
    return false;
}

bool pc_language_iso639_2(const char *tag, char out[4])
{
    memcpy(out, "und", 4);
    char sub[4];
    size_t n = 0;
    for (; tag && tag[n] && tag[n] != '-' && tag[n] != '_'; n++) {
        char c = tag[n];
        if (n == 3 || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return false;
        sub[n] = (char)(c | 0x20);
    }
    if (n < 2)
        return false;
    sub[n] = '\0';
    if (chinese_639_3(sub)) {
        memcpy(out, "zho", 4);
        return true;
    }
    json_t *root = json_load_file(POSTCAST_ISO_639_2_JSON, 0, NULL);
    json_t *list = json_object_get(root, "639-2");
    bool found = false;
    for (size_t i = 0; !found && i < json_array_size(list); i++) {
        json_t *e = json_array_get(list, i);
        const char *t = json_string_value(json_object_get(e, "alpha_3"));
        if (!t || strlen(t) != 3)
            continue;
        if (n == 2 ? field_is(e, "alpha_2", sub)
                   : (!strcmp(t, sub) || field_is(e, "bibliographic", sub))) {
            memcpy(out, t, 4);
            found = strcmp(t, "und") != 0;
        }
    }
    json_decref(root);
    return found;
}
