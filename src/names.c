/* names: a guess at a speaker's gender from a common given name, so that
 * automatic casting gives "Harry Stebbings" a male voice and "Lena Hart" a
 * female one (and 陳志明 a male, 林美玲 a female one, from the given
 * name's last character). Only names that are overwhelmingly one or the other are
 * listed (no Alex, Jordan, Sam, Taylor, Kim, Robin...); anything else is
 * not guessed, and the cast (`gender:` or a preset) always wins. */
#include "names.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* sorted, lower case */
static const char *const male[] = {
    "aaron", "adam", "adrian", "ahmed", "aiden", "alan", "albert", "alberto", "alejandro",
    "alexander", "ali", "andre", "andreas", "andrew", "angelo", "anthony", "anton", "antonio",
    "arjun", "arthur", "austin", "ben", "benjamin", "bill", "blake", "bob", "brad", "bradley",
    "brandon", "brian", "bruce", "caleb", "carl", "carlos", "chad", "charles", "christian",
    "christopher", "cole", "colin", "connor", "craig", "curtis", "dan", "daniel", "darren", "dave",
    "david", "dean", "dennis", "derek", "diego", "dmitri", "dominic", "donald", "douglas", "duncan",
    "dylan", "eddie", "edgar", "eduardo", "edward", "elijah", "emmanuel", "enrique", "eric", "erik",
    "ethan", "evan", "fabio", "felix", "fernando", "francesco", "francisco", "frank", "fred",
    "gabriel", "gary", "gavin", "george", "gerald", "giovanni", "gordon", "graham", "greg",
    "gregory", "hans", "harold", "harry", "hassan", "hector", "henry", "hiroshi", "howard", "hugo",
    "ian", "isaac", "ivan", "jack", "jacob", "jake", "jamal", "james", "jason", "javier", "jeff",
    "jeffrey", "jeremy", "jerry", "jesse", "jim", "joe", "joel", "john", "jon", "jonas", "jonathan",
    "jorge", "jose", "joseph", "joshua", "juan", "julian", "justin", "karl", "keith", "kelvin",
    "ken", "kenji", "kenneth", "kevin", "klaus", "kyle", "larry", "lars", "leo", "leon", "liam",
    "lorenzo", "louis", "lucas", "luis", "luke", "malcolm", "manuel", "marc", "marco", "marcus",
    "mario", "mark", "martin", "mason", "mateo", "matt", "matthew", "max", "michael", "miguel",
    "mike", "mitchell", "mohammed", "muhammad", "nathan", "nathaniel", "neil", "nicholas", "nick",
    "nigel", "noah", "oliver", "omar", "oscar", "owen", "pablo", "patrick", "paul", "pedro",
    "peter", "phil", "philip", "pierre", "rafael", "rahul", "raj", "rajesh", "ralph", "ravi",
    "raymond", "reid", "ricardo", "richard", "rick", "rob", "robert", "roberto", "roger", "ron",
    "ronald", "ross", "roy", "russell", "ryan", "samuel", "sanjay", "scott", "sean", "sebastian",
    "sergey", "simon", "stefan", "stephen", "steve", "steven", "stuart", "takeshi", "ted", "terry",
    "theo", "thomas", "tim", "timothy", "todd", "tom", "tony", "travis", "trevor", "tyler",
    "victor", "vincent", "walter", "wayne", "william", "xavier", "yuri", "zach", "zachary",
};

static const char *const female[] = {
    "abigail", "adriana", "aisha", "alexandra", "alice", "alicia", "alison", "allison", "amanda",
    "amelia", "amy", "ana", "andrea", "angela", "anita", "ann", "anna", "anne", "april", "ashley",
    "audrey", "ava", "barbara", "beatrice", "bella", "beth", "betty", "bianca", "brenda",
    "brittany", "camila", "carmen", "carol", "caroline", "cassandra", "catherine", "cecilia",
    "charlotte", "cheryl", "chloe", "christina", "christine", "cindy", "claire", "clara", "claudia",
    "courtney", "crystal", "cynthia", "daisy", "daniela", "danielle", "deborah", "debra", "denise",
    "diana", "diane", "donna", "dorothy", "eleanor", "elena", "eliza", "elizabeth", "ella", "ellen",
    "emilia", "emily", "emma", "erin", "esther", "eva", "eve", "evelyn", "fatima", "fiona",
    "florence", "francesca", "gabriela", "gabrielle", "gina", "gloria", "grace", "hailey", "hannah",
    "harriet", "hazel", "heather", "helen", "holly", "ingrid", "irene", "iris", "isabel",
    "isabella", "ivy", "jacqueline", "jade", "jane", "janet", "jasmine", "jenna", "jennifer",
    "jenny", "jessica", "jill", "joan", "josephine", "joyce", "judith", "judy", "julia", "julie",
    "juliet", "karen", "kate", "katherine", "kathleen", "kathryn", "katie", "kayla", "kelly",
    "kristen", "laura", "lauren", "leah", "leila", "lena", "lillian", "lily", "linda", "lindsay",
    "lisa", "lori", "louise", "lucia", "lucy", "luna", "madeline", "madison", "margaret", "maria",
    "marie", "marissa", "marta", "martha", "mary", "maya", "megan", "melanie", "melissa", "mia",
    "michelle", "mila", "miranda", "molly", "monica", "nancy", "naomi", "natalie", "natasha",
    "nicole", "nina", "nora", "olivia", "pamela", "paula", "penelope", "priya", "rachel", "rebecca",
    "rosa", "rose", "ruth", "sabrina", "sakura", "samantha", "sandra", "sara", "sarah", "selena",
    "serena", "shannon", "sharon", "sheryl", "sofia", "sophia", "sophie", "stella", "stephanie",
    "susan", "tanya", "teresa", "tiffany", "tina", "tracy", "valentina", "valerie", "vanessa",
    "vera", "veronica", "victoria", "virginia", "wendy", "yasmin", "yvonne", "zoe",
};

static int cmp(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

/* A Chinese given name's last character, when it is one a name of the
 * other gender seldom ends in: 明 偉 傑 強 (男), 婷 芳 玲 詩 (女). */
static const char *han_gender(const char *name)
{
    static const char male_han[] = "明偉伟強强傑杰豪輝辉剛刚勇軍军峰鵬鹏濤涛斌彬龍龙雄浩磊俊健"
                                   "超兵虎彪威武志國国東东";
    static const char female_han[] = "婷芳娟玲麗丽美雅詩诗琪淑慧惠珍秀娜妍媛嫻娴蓉萍莉蕾薇燕霞"
                                     "鳳凤瑤瑶怡欣晴琳靜静佩倩潔洁妮姿婉嬌娇婕姍珊瑜璇紅红蘭兰";
    size_t n = strlen(name), han = 0;
    for (size_t i = 0; i < n; i += 3, han++) /* every character a 3-byte Han one */
        if (i + 3 > n || (unsigned char)name[i] < 0xE3 || (unsigned char)name[i] > 0xE9)
            return NULL;
    if (han < 2 || han > 4)
        return NULL;
    const char *last = name + n - 3;
    for (const char *p = male_han; *p; p += 3)
        if (!memcmp(p, last, 3))
            return "male";
    for (const char *p = female_han; *p; p += 3)
        if (!memcmp(p, last, 3))
            return "female";
    return NULL;
}

const char *pc_guess_gender(const char *name)
{
    const char *han = name ? han_gender(name) : NULL;
    if (han)
        return han;
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
