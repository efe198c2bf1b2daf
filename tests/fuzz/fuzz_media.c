/* libFuzzer: postcast chapters' readers (WAV chunks; FLAC metadata through
 * libFLAC), on a file as they read it. */
#include <postcast/postcast.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/postcast-fuzz-media-%d", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    pcast_media *m = NULL;
    pcast_error err;
    if (pcast_media_open(path, &m, &err) == PCAST_OK) {
        for (size_t i = 0; i < pcast_media_chapter_count(m); i++)
            (void)pcast_media_chapter(m, i)->title[0];
        for (size_t i = 0; i < pcast_media_tag_count(m); i++)
            (void)pcast_media_tag(m, i)->value[0];
        pcast_media_free(m);
    }
    return 0;
}
