/* espeak_state: espeak-ng's global state saved and put back.
 *
 * espeak-ng 1.51 keeps its synthesis state in the library's own static
 * storage, and some of it carries from one utterance into the next: in
 * wavegen.c the flutter index (a function-local static), the automatic
 * gain (`agc`, another), the echo buffer and its indices, the wave phase,
 * and more file-level statics in the other stages. No API call resets
 * them (a voice reload does not touch the function-local ones), so the
 * same text spoken twice in one process gives different samples. All of it lives in the
 * library's writable data segment (.data and .bss, ~165 KiB), so saving
 * that segment once and copying it back before each utterance makes every
 * utterance start from the same state.
 *
 * Heap objects the segment points at: espeak-ng's voice and dictionaries
 * are loaded before the save and only read after it; the copy of the voice
 * that a voice change queues for the wave generator (malloc'd, freed when
 * the generator takes it) must not be pending at the save, or copying the
 * queue back would free it twice: speak an empty text first (it takes the
 * queued voice and makes no sound). An utterance that switches language
 * loads the other language's translator again after each restore (the
 * segment forgot it); that memory is not freed, so a long-lived user
 * watches its heap (pc_espeak_state_heap_grew). */
#ifndef POSTCAST_ESPEAK_STATE_H
#define POSTCAST_ESPEAK_STATE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct pc_espeak_state pc_espeak_state;

/* Saves espeak-ng's writable segment as it is now: malloc'd (free it with
 * pc_espeak_state_free), NULL when the library is not found loaded (a
 * static build) or out of memory. */
pc_espeak_state *pc_espeak_state_save(void);

/* Copies the saved segment back (every utterance after it starts from the
 * same state). st may not be NULL. */
void pc_espeak_state_restore(const pc_espeak_state *st);

void pc_espeak_state_free(pc_espeak_state *st);

/* Whether the process's heap in use (mallinfo2) has grown by more than
 * bound_bytes since st was saved: what a long-lived worker checks after
 * each utterance to bound what espeak-ng leaks. Measured on every 16th
 * call only (mallinfo2 walks the allocator's bins: 40 us, 1% of a
 * worker's CPU, and an utterance leaks far less than a bound over so
 * few); false on the others. */
bool pc_espeak_state_heap_grew(pc_espeak_state *st, size_t bound_bytes);

#endif
