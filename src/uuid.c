/* uuid: name-based UUIDs (RFC 9562 version 5, SHA-1 by nettle) and the
 * Podcasting 2.0 podcast:guid built from them. */
#include "internal.h"

#include <nettle/sha1.h>
#include <stdio.h>
#include <string.h>

static const uint8_t podcast_namespace[16] = {
    0xea, 0xd4, 0xc2, 0x36, 0xbf, 0x58, 0x58, 0xc6,
    0xa2, 0xc6, 0xa6, 0xb2, 0x8d, 0x12, 0x8c, 0xb6};

pcast_status pcast_uuid_v5(const uint8_t ns[16], const char *name, size_t name_len,
                           char out[37])
{
    if (!ns || (!name && name_len) || !out)
        return PCAST_ERR_ARGUMENT;
    struct sha1_ctx ctx;
    uint8_t digest[SHA1_DIGEST_SIZE];
    sha1_init(&ctx);
    sha1_update(&ctx, 16, ns);
    sha1_update(&ctx, name_len, (const uint8_t *)name);
    sha1_digest(&ctx, sizeof digest, digest);
    digest[6] = (uint8_t)((digest[6] & 0x0F) | 0x50);
    digest[8] = (uint8_t)((digest[8] & 0x3F) | 0x80);
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (size_t i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hex[digest[i] >> 4];
        out[o++] = hex[digest[i] & 15];
    }
    out[o] = '\0';
    return PCAST_OK;
}

pcast_status pcast_podcast_guid(const char *feed_url, char out[37])
{
    if (!feed_url || !out)
        return PCAST_ERR_ARGUMENT;
    const char *s = strstr(feed_url, "://");
    s = s ? s + 3 : feed_url;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '/')
        n--;
    return pcast_uuid_v5(podcast_namespace, s, n, out);
}
