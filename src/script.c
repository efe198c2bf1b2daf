/* script: a post's body becomes sections of speaker turns: the reader
 * for its format turns the body into blocks (doc.h), the turn builder
 * (turns.c) turns the blocks into the script. */
#include "script.h"

#include "error.h"
#include "reader.h"
#include "turns.h"

pcast_status pc_script_build(pcast_post *post, const pc_source *src,
                             const pcast_parse_options *opt, pcast_error *err)
{
    const pc_reader *r = opt && opt->from ? pc_reader_by_name(opt->from)
                                          : pc_reader_detect(src->name, src->body, src->body_size);
    if (!r)
        return pc_error_set(err, PCAST_ERR_ARGUMENT, NULL, 0, 0,
                            "unknown input format '%s' (expected markdown, vtt, srt, sbv, json, ttml, html, timedtext, ass, text, table)",
                            opt->from);
    post->reader = r->name;
    pc_doc doc;
    pc_doc_init(&doc, &post->arena);
    pcast_status st = r->read(&doc, src, err);
    if (st == PCAST_OK)
        st = pc_turns_build(post, &doc, opt, err);
    pc_doc_free(&doc);
    return st;
}
