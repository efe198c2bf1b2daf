/* espeak_state: espeak-ng's writable data segment saved and put back (see
 * espeak_state.h).
 *
 * The segment is found among the loaded objects (dl_iterate_phdr): its
 * writable PT_LOAD, less the part that becomes read-only after relocation
 * (PT_GNU_RELRO, page-aligned as the loader protects it).
 *
 * The heap: espeak-ng's allocator calls (its PLT slots for malloc, calloc,
 * realloc and free, found through its dynamic relocations) are pointed at
 * the wrappers below when the state is saved. From then on a block it
 * allocates is remembered, and every such block is freed when the state
 * is put back (the restored segment no longer knows it). A block from
 * before the save that it frees (the voice copy a voice change queued,
 * which the restored queue will hand over again) is kept, and one it
 * reallocates is copied instead, so the restored segment's pointers stay
 * good. */
#define _GNU_SOURCE
#include "espeak_state.h"

#include <elf.h>
#include <link.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pc_espeak_state {
    char *at;    /* the segment in the library */
    size_t len;
    size_t heap_bytes; /* in use at the save */
    unsigned calls;    /* of pc_espeak_state_heap_grew */
    char saved[];
};

#define HEAP_EVERY 16

static size_t heap_bytes(void)
{
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

typedef struct found {
    char *at;
    size_t len;
    uintptr_t base;
    const ElfW(Dyn) *dyn;
} found;

/* ---------- blocks allocated since the save ---------- */

static void **blocks;
static size_t block_count, block_cap;
static int tracking; /* 0 until a save; -1 when a block could not be noted */

static void note(void *p)
{
    if (!p || tracking <= 0)
        return;
    if (block_count == block_cap) {
        size_t cap = block_cap ? block_cap * 2 : 256;
        void **b = cap < SIZE_MAX / sizeof *b ? realloc(blocks, cap * sizeof *b) : NULL;
        if (!b) {
            tracking = -1; /* it stays allocated: a leak, not a fault */
            return;
        }
        blocks = b;
        block_cap = cap;
    }
    blocks[block_count++] = p;
}

/* Forgets p; false when it is not a block noted since the save. */
static bool unnote(void *p)
{
    for (size_t i = block_count; i-- > 0;)
        if (blocks[i] == p) {
            blocks[i] = blocks[--block_count];
            return true;
        }
    return false;
}

static void *state_malloc(size_t n)
{
    void *p = malloc(n);
    note(p);
    return p;
}

static void *state_calloc(size_t k, size_t n)
{
    void *p = calloc(k, n);
    note(p);
    return p;
}

static void state_free(void *p)
{
    if (p && (tracking == 0 || unnote(p)))
        free(p);
}

static void *state_realloc(void *p, size_t n)
{
    if (!p || tracking == 0 || unnote(p)) {
        void *q = realloc(p, n);
        note(q ? q : p);
        return q;
    }
    void *q = malloc(n); /* p is from before the save: it stays */
    if (q) {
        size_t old = malloc_usable_size(p);
        memcpy(q, p, old < n ? old : n);
        note(q);
    }
    return q;
}

/* ---------- the library ---------- */

static int find_library(struct dl_phdr_info *info, size_t size, void *arg)
{
    (void)size;
    found *f = arg;
    if (!info->dlpi_name || !strstr(info->dlpi_name, "libespeak-ng.so"))
        return 0;
    uintptr_t relro_end = 0, page = 4096;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type == PT_GNU_RELRO)
            relro_end = (p->p_vaddr + p->p_memsz + page - 1) & ~(page - 1);
        if (p->p_type == PT_DYNAMIC)
            f->dyn = (const ElfW(Dyn) *)(info->dlpi_addr + p->p_vaddr);
    }
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *p = &info->dlpi_phdr[i];
        if (p->p_type != PT_LOAD || !(p->p_flags & PF_W))
            continue;
        uintptr_t a = p->p_vaddr, e = p->p_vaddr + p->p_memsz;
        if (relro_end > a)
            a = relro_end;
        if (e > a) {
            f->at = (char *)(info->dlpi_addr + a);
            f->len = e - a;
        }
    }
    f->base = info->dlpi_addr;
    return 1;
}

/* An address from the dynamic section (the loader relocates most in
 * place; some systems leave them relative). */
static uintptr_t dyn_addr(const found *f, uintptr_t v) { return v < f->base ? v + f->base : v; }

/* Points the library's PLT slots for the allocator at the wrappers; false
 * when one of them is not found in the writable segment. */
static bool hook_allocator(const found *f)
{
    uintptr_t rel = 0, relsz = 0, sym = 0, str = 0;
    for (const ElfW(Dyn) *d = f->dyn; d && d->d_tag != DT_NULL; d++) {
        if (d->d_tag == DT_JMPREL)
            rel = dyn_addr(f, d->d_un.d_ptr);
        else if (d->d_tag == DT_PLTRELSZ)
            relsz = d->d_un.d_val;
        else if (d->d_tag == DT_SYMTAB)
            sym = dyn_addr(f, d->d_un.d_ptr);
        else if (d->d_tag == DT_STRTAB)
            str = dyn_addr(f, d->d_un.d_ptr);
    }
    static const char *const names[] = {"malloc", "calloc", "realloc", "free"};
    void *const hooks[] = {(void *)state_malloc, (void *)state_calloc, (void *)state_realloc,
                           (void *)state_free};
    void **slots[4] = {NULL, NULL, NULL, NULL};
    if (!rel || !sym || !str)
        return false;
    for (uintptr_t off = 0; off + sizeof(ElfW(Rela)) <= relsz; off += sizeof(ElfW(Rela))) {
        const ElfW(Rela) *r = (const ElfW(Rela) *)(rel + off);
        const ElfW(Sym) *s = (const ElfW(Sym) *)sym + ELF64_R_SYM(r->r_info);
        const char *name = (const char *)str + s->st_name;
        char *slot = (char *)(f->base + r->r_offset);
        for (int i = 0; i < 4; i++)
            if (!strcmp(name, names[i]) && slot >= f->at && slot + sizeof(void *) <= f->at + f->len)
                slots[i] = (void **)slot;
    }
    for (int i = 0; i < 4; i++)
        if (!slots[i])
            return false;
    for (int i = 0; i < 4; i++)
        *slots[i] = hooks[i];
    return true;
}

pc_espeak_state *pc_espeak_state_save(void)
{
    found f = {NULL, 0, 0, NULL};
    dl_iterate_phdr(find_library, &f);
    if (!f.at || f.len > SIZE_MAX - sizeof(pc_espeak_state) || !hook_allocator(&f))
        return NULL;
    pc_espeak_state *st = malloc(sizeof *st + f.len);
    if (!st)
        return NULL;
    st->at = f.at;
    st->len = f.len;
    st->heap_bytes = heap_bytes();
    st->calls = 0;
    memcpy(st->saved, f.at, f.len);
    tracking = 1;
    return st;
}

void pc_espeak_state_restore(const pc_espeak_state *st)
{
    while (block_count)
        free(blocks[--block_count]);
    tracking = 1;
    memcpy(st->at, st->saved, st->len);
}

void pc_espeak_state_free(pc_espeak_state *st) { free(st); }

bool pc_espeak_state_heap_grew(pc_espeak_state *st, size_t bound_bytes)
{
    if (++st->calls % HEAP_EVERY)
        return false;
    size_t now = heap_bytes();
    return now > st->heap_bytes && now - st->heap_bytes > bound_bytes;
}
