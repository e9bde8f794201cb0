"""Word lists shared by the features, the rules and the fairness templates.

Identity terms name who someone is (gender, race, ethnicity, religion, sexual orientation, gender
identity, disability, age, national origin). Naming one is never evidence of abuse by itself: the
features give them no character n-grams, training adds counterfactual copies of sentences with the term
swapped, and after training their unigram weights toward harassment and hate are clamped to at most zero.

Slurs are the opposite: words whose use in a professional community is a hate signal by itself. The
list is short on purpose (the models learn the rest from data) and is matched on normalized text.
"""

from __future__ import annotations

IDENTITY_GROUPS: dict[str, tuple[str, ...]] = {
    "gender": ("woman", "women", "man", "men", "female", "male", "girl", "girls", "boy", "boys", "mother",
               "mom", "father", "dad", "wife", "husband", "lady", "ladies", "guy", "guys"),
    "race": ("black", "white", "asian", "brown", "latina", "latino", "latinx", "hispanic", "biracial",
             "multiracial", "african", "caucasian"),
    "ethnicity": ("arab", "jewish", "romani", "roma", "indigenous", "native", "aboriginal", "desi",
                  "korean", "japanese", "chinese", "vietnamese", "filipino", "filipina", "mexican",
                  "nigerian", "indian", "pakistani", "irish", "italian", "polish", "somali", "haitian",
                  "cuban", "puerto", "rican", "ukrainian", "russian", "german", "french", "brazilian",
                  "persian", "iranian", "turkish", "kurdish", "palestinian", "israeli", "american",
                  "european", "canadian", "british"),
    "religion": ("muslim", "muslims", "christian", "christians", "jew", "jews", "hindu", "hindus",
                 "buddhist", "sikh", "sikhs", "atheist", "catholic", "mormon", "evangelical", "pagan",
                 "religious", "islam", "islamic", "judaism", "christianity", "hijab", "turban"),
    "sexual_orientation": ("gay", "gays", "lesbian", "lesbians", "bisexual", "bi", "queer", "straight",
                           "asexual", "pansexual", "homosexual", "heterosexual", "lgbt", "lgbtq",
                           "lgbtqia"),
    "gender_identity": ("trans", "transgender", "nonbinary", "enby", "cisgender", "cis", "genderqueer",
                        "genderfluid", "intersex", "transwoman", "transman"),
    "disability": ("disabled", "deaf", "blind", "autistic", "neurodivergent", "dyslexic", "adhd",
                   "wheelchair", "disability", "disabilities", "chronically", "ill", "paralyzed",
                   "stutter", "hearing", "impaired", "amputee"),
    "age": ("old", "older", "young", "younger", "elderly", "senior", "boomer", "millennial", "genz",
            "teenage", "retired", "aged"),
    "national_origin": ("immigrant", "immigrants", "refugee", "refugees", "migrant", "migrants",
                        "foreign", "foreigner", "expat", "citizen", "undocumented", "asylum"),
}

IDENTITY_TERMS: frozenset[str] = frozenset(t for terms in IDENTITY_GROUPS.values() for t in terms)

SLURS: tuple[str, ...] = (
    "nigger", "niggers", "nigga", "niggas", "faggot", "faggots", "fag", "fags", "kike", "kikes",
    "spic", "spics", "chink", "chinks", "wetback", "wetbacks", "tranny", "trannies", "dyke", "dykes",
    "raghead", "ragheads", "towelhead", "towelheads", "gook", "gooks", "beaner", "beaners", "coon",
    "coons", "sandnigger", "paki", "pakis", "shemale", "retards", "mongoloid", "gypsies", "kaffir",
    "jigaboo", "porchmonkey", "zipperhead", "camel jockey", "muzzie", "muzzies", "moslem", "moslems",
)

INSULTS: tuple[str, ...] = (
    "idiot", "moron", "stupid", "loser", "pathetic", "worthless", "useless", "dumb", "retard",
    "retarded", "bitch", "cunt", "clown", "failure", "trash", "garbage", "incompetent", "disgrace",
    "imbecile", "dumbass", "jackass", "asshole", "scum", "pig", "dipshit", "shithead", "fuckwit",
    "twat", "wanker", "prick", "dickhead", "douchebag", "douche", "whore", "slut", "hoe", "skank",
    "joke", "fraud", "parasite", "leech", "snake", "creep", "freak", "ugly", "fat", "cow",
    "piece of shit", "waste of space", "waste of oxygen", "nobody", "embarrassment", "bastard",
    "fool", "halfwit", "nitwit", "cretin", "simpleton", "psycho", "lunatic", "degenerate",
    "crybaby", "snowflake", "troll", "hack", "scumbag", "sleazeball", "weirdo", "numbskull",
)

# what a hateful generalisation says a group is: "<group> are ..."
GROUP_SLURS: tuple[str, ...] = (
    "animals", "vermin", "rats", "cockroaches", "roaches", "parasites", "subhuman", "savages", "scum", "filth",
    "a disease", "a plague", "a cancer", "inferior", "disgusting", "dirty", "criminals", "terrorists", "rapists",
    "monkeys", "apes", "dogs", "pigs", "trash", "garbage", "stupid", "lazy", "thieves", "evil", "greedy",
    "too emotional", "not fit", "unfit", "mentally ill", "a mental illness", "sick", "perverts", "degenerates",
    "groomers", "pedophiles", "worthless", "useless", "less than human", "a problem", "an abomination",
    "abominations", "robots", "scammers", "frauds", "liars", "cheats", "dumb", "idiots", "morons", "retarded",
    "freaks", "unnatural", "a burden", "leeches", "primitive", "barbaric", "backwards", "ugly", "incompetent",
    "not real", "not human", "a threat", "invaders", "a virus", "cowards", "weak", "hysterical", "dangerous",
)

EXPLICIT: tuple[str, ...] = (
    "porn", "porno", "xxx", "nudes", "nude", "naked", "dick pic", "dick pics", "blowjob", "blow job",
    "handjob", "onlyfans", "cumshot", "orgasm", "masturbate", "masturbating", "jerk off", "jerking off",
    "horny", "pussy", "cock", "tits", "titties", "boobs", "deepthroat", "anal", "threesome", "sexting",
    "camgirl", "escort", "erotic", "hentai", "milf", "nsfw",
)
