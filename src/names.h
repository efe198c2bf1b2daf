/* names: a speaker's likely gender from a common given name. Private. */
#ifndef POSTCAST_NAMES_H
#define POSTCAST_NAMES_H

/* "male" or "female" (static strings) when name starts with a given name
 * that is clearly one or the other, else NULL. */
const char *pc_guess_gender(const char *name);

#endif
