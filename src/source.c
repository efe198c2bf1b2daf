/* source: the raw file. Checks UTF-8, splits off the front matter, keeps
 * line numbers so later stages can point at the original text. */
#include "source.h"

#include "buf.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <unistr.h>

/* Line and column (code points) of byte offset off in text. */
static void locate(const char *text, size_t off, unsigned long *line, unsigned long *col)
{
    unsigned long l = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            l++;
            start = i + 1;
        }
    }
    *line = l;
    /* the bytes before off on this line are valid UTF-8 */
    *col = pc_utf8_count(text + start, off - start) + 1;
}

/* Length of the line at p (up to, not including, '\n'), and of the
 * line without a trailing '\r' and blanks. */
static size_t line_len(const char *p, const char *end)
{
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    return (size_t)((nl ? nl : end) - p);
}

static bool is_fence(const char *p, size_t n, const char *fence)
{
    if (n < 3 || memcmp(p, fence, 3) != 0)
        return false;
    for (size_t i = 3; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
            return false;
    return true;
}

pcast_status pc_source_split(pc_source *src, const char *name, const char *text, size_t size,
                             pcast_error *err)
{
    memset(src, 0, sizeof *src);
    src->name = name;
    src->text = text;
    src->size = size;

    const char *nul = memchr(text, '\0', size);
    const uint8_t *bad = u8_check((const uint8_t *)text, nul ? (size_t)(nul - text) : size);
    if (bad || nul) {
        size_t off = bad ? (size_t)((const char *)bad - text) : (size_t)(nul - text);
        unsigned long line, col;
        locate(text, off, &line, &col);
        /* Windows tools save captions as Windows-1252 too: say how to
         * convert, not only where the first odd byte is (UTF-16 with its
         * byte-order mark is decoded before: pc_source_from_utf16) */
        if (bad)
            return pc_error_set(err, PCAST_ERR_INPUT, name, line, col,
                                "invalid UTF-8 (byte 0x%02X; if the file is Windows-1252 or Latin-1, "
                                "convert it: iconv -f WINDOWS-1252 -t UTF-8)",
                                (unsigned char)text[off]);
        /* a zip (a .docx, .odt, .pages) or a word processor's file */
        if (size >= 4 && (!memcmp(text, "PK\x03\x04", 4) || !memcmp(text, "\xD0\xCF\x11\xE0", 4)))
            return pc_error_set(err, PCAST_ERR_INPUT, name, 1, 1,
                                "not a text file (a zip, .docx or word processor's file?): "
                                "save it as plain text (UTF-8) or Markdown");
        /* UTF-16 without its byte-order mark: every other byte NUL */
        size_t even = 0, odd = 0, m = size < 4096 ? size : 4096;
        for (size_t i = 0; i + 1 < m; i += 2)
            even += !text[i], odd += !text[i + 1];
        if (m >= 4 && (even * 4 > m || odd * 4 > m))
            return pc_error_set(err, PCAST_ERR_INPUT, name, line, col,
                                "NUL bytes: the file looks like UTF-16 without a byte-order mark; "
                                "convert it: iconv -f UTF-16%s -t UTF-8",
                                odd > even ? "LE" : "BE");
        return pc_error_set(err, PCAST_ERR_INPUT, name, line, col, "NUL byte in text");
    }

    const char *p = text, *end = text + size;
    if (size >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;

    const char *q = p;
    bool blank = true;
    for (; q < end; q++)
        if (*q != ' ' && *q != '\t' && *q != '\r' && *q != '\n') {
            blank = false;
            break;
        }
    if (blank)
        return pc_error_set(err, PCAST_ERR_INPUT, name, 1, 1, "the post is empty");

    src->body = p;
    src->body_size = (size_t)(end - p);
    src->body_line = 1;

    size_t n = line_len(p, end);
    bool toml = is_fence(p, n, "+++");
    if (!toml && !is_fence(p, n, "---"))
        return PCAST_OK;

    /* front matter: from the line after the opening --- to a line that
     * is --- or ... (YAML), or between +++ lines (TOML, Hugo's) */
    unsigned long line = 2;
    const char *fm = p + n + (p + n < end ? 1 : 0);
    for (const char *l = fm; l < end; line++) {
        size_t ln = line_len(l, end);
        if (toml ? is_fence(l, ln, "+++") : (is_fence(l, ln, "---") || is_fence(l, ln, "..."))) {
            src->front_toml = toml;
            src->front = fm;
            src->front_size = (size_t)(l - fm);
            src->front_line = 2;
            const char *body = l + ln + (l + ln < end ? 1 : 0);
            src->body = body;
            src->body_size = (size_t)(end - body);
            src->body_line = line + 1;
            return PCAST_OK;
        }
        l += ln + 1;
    }
    if (toml)
        return PCAST_OK; /* a "+++" line that opens no TOML is the body's */
    return pc_error_set(err, PCAST_ERR_INPUT, name, 1, 1,
                        "front matter opened here is never closed (no closing '---' line)");
}

/* The most pc_read_file takes: /dev/zero or an endless pipe would
 * otherwise be read until memory runs out. */
#define READ_MAX_BYTES ((size_t)256 << 20)

/* Reads a whole regular file (or a pipe) into a malloc'd, NUL-terminated
 * buffer. A device is refused; a FIFO is opened without waiting for a
 * writer (none: it reads as empty); more than READ_MAX_BYTES is refused. */
pcast_status pc_read_file(const char *path, char **out, size_t *size, pcast_error *err)
{
    *out = NULL;
    *size = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        int e = S_ISDIR(st.st_mode) ? EISDIR : errno;
        close(fd);
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot read: %s", strerror(e));
    }
    if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
        close(fd);
        return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot read: not a file (a device?)");
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags != -1)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK); /* a writer that is there is waited for */
    pc_buf b = {0};
    for (;;) {
        if (b.len > READ_MAX_BYTES) {
            close(fd);
            pc_buf_free(&b);
            return pc_error_set(err, PCAST_ERR_INPUT, path, 0, 0, "larger than %zu MiB: not a post",
                                READ_MAX_BYTES >> 20);
        }
        if (!pc_buf_reserve(&b, 65536)) {
            close(fd);
            pc_buf_free(&b);
            return pc_error_nomem(err);
        }
        ssize_t n = read(fd, b.data + b.len, b.cap - b.len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            pc_buf_free(&b);
            return pc_error_set(err, PCAST_ERR_IO, path, 0, 0, "cannot read: %s", strerror(e));
        }
        if (n == 0)
            break;
        b.len += (size_t)n;
        b.data[b.len] = '\0';
    }
    close(fd);
    *size = b.len;
    *out = pc_buf_take(&b);
    return *out ? PCAST_OK : pc_error_nomem(err);
}

pcast_status pc_source_from_utf16(const char *name, const char *text, size_t size, char **out,
                                  size_t *out_size, pcast_error *err)
{
    *out = NULL;
    *out_size = 0;
    bool le = size >= 2 && text[0] == '\xFF' && text[1] == '\xFE';
    bool be = size >= 2 && text[0] == '\xFE' && text[1] == '\xFF';
    if (!le && !be)
        return PCAST_OK;
    /* a UTF-32LE mark (FF FE 00 00) opens like UTF-16LE's */
    if (le && size >= 4 && !text[2] && !text[3])
        return pc_error_set(err, PCAST_ERR_INPUT, name, 1, 1,
                            "the file is UTF-32, not UTF-8 (convert it: iconv -f UTF-32 -t UTF-8)");
    if (size % 2)
        return pc_error_set(err, PCAST_ERR_INPUT, name, 1, 1,
                            "the file opens as UTF-16 but has an odd number of bytes");
    size_t units = size / 2 - 1;
    uint16_t *u = malloc(units ? units * sizeof *u : 1);
    if (!u)
        return pc_error_nomem(err);
    const unsigned char *b = (const unsigned char *)text + 2;
    for (size_t i = 0; i < units; i++)
        u[i] = le ? (uint16_t)(b[2 * i] | b[2 * i + 1] << 8) : (uint16_t)(b[2 * i] << 8 | b[2 * i + 1]);
    /* where it breaks: a lone surrogate (the line and column the error
     * names are counted in the decoded text, as everywhere else) */
    const uint16_t *bad = u16_check(u, units);
    if (bad) {
        unsigned long line = 1, col = 1;
        for (const uint16_t *p = u; p < bad; p++) {
            bool low = *p >= 0xDC00 && *p <= 0xDFFF; /* a pair's second half */
            line += *p == '\n';
            col = *p == '\n' ? 1 : col + !low;
        }
        unsigned unit = *bad;
        free(u);
        return pc_error_set(err, PCAST_ERR_INPUT, name, line, col,
                            "invalid UTF-16 (a lone surrogate 0x%04X)", unit);
    }
    size_t n = 0;
    uint8_t *s = u16_to_u8(u, units, NULL, &n);
    free(u);
    char *t = s ? realloc(s, n + 1) : NULL;
    if (!t) {
        free(s);
        return pc_error_nomem(err);
    }
    t[n] = '\0';
    *out = t;
    *out_size = n;
    return PCAST_OK;
}

/* The length of a bidi control (dropped) or C1 control (a blank) at s,
 * or 0; *blank says which. */
static size_t control_at(const unsigned char *s, size_t n, bool *blank)
{
    *blank = n >= 2 && s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F;
    if (*blank)
        return 2;
    if (n >= 3 && s[0] == 0xE2 && ((s[1] == 0x80 && s[2] >= 0xAA && s[2] <= 0xAE) ||
                                   (s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)))
        return 3;
    return 0;
}

pcast_status pc_source_strip_controls(const char *text, size_t size, char **out, size_t *out_size,
                                      pcast_error *err)
{
    *out = NULL;
    *out_size = 0;
    const unsigned char *s = (const unsigned char *)text;
    bool blank, any = false;
    for (size_t i = 0; i < size && !any; i++)
        any = (s[i] == 0xC2 || s[i] == 0xE2) && control_at(s + i, size - i, &blank);
    if (!any)
        return PCAST_OK;
    char *t = malloc(size + 1);
    if (!t)
        return pc_error_nomem(err);
    size_t o = 0;
    for (size_t i = 0; i < size;) {
        size_t k = control_at(s + i, size - i, &blank);
        if (!k) {
            t[o++] = (char)s[i++];
            continue;
        }
        if (blank)
            t[o++] = ' ';
        i += k;
    }
    t[o] = '\0';
    *out = t;
    *out_size = o;
    return PCAST_OK;
}
