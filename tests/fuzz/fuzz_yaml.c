/* libFuzzer: the YAML loaders that are not front matter: a voice preset
 * (with the built-in presets around it) and a --cast file, each read from
 * a file as postcast reads them, then a cast assigned from them. */
#include <postcast/postcast.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void put(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/postcast-fuzz-XXXXXX");
        if (!mkdtemp(dir))
            abort();
    }
    char preset[128], castfile[128];
    snprintf(preset, sizeof preset, "%s/fuzzed.yaml", dir);
    snprintf(castfile, sizeof castfile, "%s/cast.yml", dir);
    put(preset, data, size);
    put(castfile, data, size);

    pcast_error err;
    pcast_voices *voices = NULL;
    const char *dirs[] = {dir};
    if (pcast_voices_load(dirs, 1, &voices, &err) != PCAST_OK &&
        pcast_voices_load(NULL, 0, &voices, &err) != PCAST_OK)
        return 0;
    static const char text[] = "**Ann**: hi\n\n**Bo**: yo\n\nCarl: a\n\nCarl: b\n";
    pcast_parse_options o = pcast_parse_options_init();
    o.cast_path = castfile;
    pcast_post *post = NULL;
    if (pcast_post_parse("fuzz.md", text, sizeof text - 1, &o, &post, &err) == PCAST_OK) {
        pcast_cast *cast = NULL;
        if (pcast_cast_new(post, voices, &cast, &err) == PCAST_OK)
            pcast_cast_free(cast);
        pcast_post_free(post);
    }
    pcast_voices_free(voices);
    return 0;
}
