/* names: a guess at a speaker's gender from a common given name, so that
 * automatic casting gives "Harry Stebbings" a male voice and "Lena Hart" a
 * female one. Only names that are overwhelmingly one or the other are
 * listed (no Alex, Jordan, Sam, Taylor, Kim, Robin...); anything else is
 * not guessed, and the cast (`gender:` or a preset) always wins. */
#include "names.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* sorted, lower case */
static const char *const male[] = {
    "aaron", "adam", "adrian", "ahmed", "alan", "albert", "alexander", "ali", "andrew", "anthony",
    "antonio", "arthur", "ben", "benjamin", "bill", "bob", "brad", "brandon", "brian", "bruce",
    "carl", "carlos", "charles", "daniel", "dave", "david", "dennis", "diego", "dmitri", "donald",
    "douglas", "edward", "eric", "erik", "ethan", "frank", "fred", "gary", "george", "gerald",
    "greg", "gregory", "harold", "harry", "henry", "hiroshi", "hugo", "ian", "ivan", "jack", "jacob",
    "james", "jason", "jeff", "jeffrey", "jeremy", "jerry", "jim", "joe", "john", "jonathan",
    "jorge", "jose", "joseph", "joshua", "juan", "justin", "karl", "keith", "ken", "kenneth",
    "kevin", "kyle", "larry", "lars", "liam", "luis", "marc", "marco", "mark", "martin", "matt",
    "matthew", "max", "michael", "mike", "mohammed", "muhammad", "nathan", "nicholas", "noah",
    "oliver", "oscar", "patrick", "paul", "pedro", "peter", "philip", "rafael", "ralph",
    "raymond", "reid", "richard", "rick", "robert", "roger", "ronald", "roy", "russell", "ryan",
    "scott", "sean", "sergey", "stephen", "steve", "steven", "thomas", "tim", "timothy", "tom",
    "tony", "victor", "vincent", "walter", "wayne", "william", "yuri",
};

static const char *const female[] = {
    "abigail", "alice", "alicia", "amanda", "amy", "ana", "andrea", "angela", "anna", "anne",
    "barbara", "betty", "brenda", "carol", "caroline", "catherine", "charlotte", "chloe",
    "christina", "christine", "claire", "clara", "cynthia", "deborah", "debra", "diana", "diane",
    "donna", "dorothy", "elena", "elizabeth", "ella", "emily", "emma", "eva", "fatima", "grace",
    "hannah", "heather", "helen", "isabella", "jane", "janet", "jennifer", "jessica", "joan",
    "joyce", "julia", "julie", "karen", "katherine", "kathleen", "kathryn", "kelly", "laura",
    "lauren", "lena", "linda", "lisa", "lucy", "maria", "marie", "marissa", "martha", "mary",
    "maya", "megan", "melissa", "mia", "michelle", "nancy", "natalie", "nicole", "olivia",
    "pamela", "rachel", "rebecca", "ruth", "sandra", "sarah", "sharon", "sheryl", "sophia",
    "sophie", "stephanie", "susan", "victoria", "virginia",
};

static int cmp(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

const char *pc_guess_gender(const char *name)
{
    /* the first word, lower-cased ASCII letters only */
    char first[24];
    size_t n = 0;
    while (name && (*name == ' ' || *name == '\t'))
        name++;
    for (; name && name[n] && name[n] != ' ' && name[n] != '\t'; n++) {
        char c = name[n];
        if (n + 1 >= sizeof first || !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
            return NULL;
        first[n] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    if (!n)
        return NULL;
    first[n] = '\0';
    if (bsearch(first, male, sizeof male / sizeof *male, sizeof *male, cmp))
        return "male";
    if (bsearch(first, female, sizeof female / sizeof *female, sizeof *female, cmp))
        return "female";
    return NULL;
}
