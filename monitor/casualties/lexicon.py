"""Word lists that encode the annotation convention (/work/shared/casualties/README.md).

Everything here is lower-case and matched against single tokens (see :mod:`tokens`);
multi-word cues are tuples of tokens.  Keeping the vocabulary in one place makes the
rules in :mod:`extract` and :mod:`side` read as structure, not as spelling lists.
"""

from __future__ import annotations

# --------------------------------------------------------------------------- numbers
UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
NUMBER_WORDS = frozenset(UNITS) | frozenset(SCALES)

#: vague plurals -> (count, qualifier)
VAGUE = {
    "dozens": 24, "hundreds": 200, "thousands": 2000, "scores": 40,
    "tens": 20, "millions": 2_000_000,
}
VAGUE_PREFIX = frozenset({"several", "few"})  # "several hundred", "a few thousand"
INDEFINITE = frozenset({"several", "few", "handful", "many", "some", "numerous", "no", "dozens"})

MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec",
})

# --------------------------------------------------------------------------- qualifiers
#: token sequences immediately before a number -> qualifier (longest match wins)
QUALIFIER_PHRASES: dict[tuple[str, ...], str] = {
    ("at", "least"): "at_least", ("no", "fewer", "than"): "at_least",
    ("no", "less", "than"): "at_least", ("not", "less", "than"): "at_least",
    ("not", "fewer", "than"): "at_least", ("a", "minimum", "of"): "at_least",
    ("minimum", "of"): "at_least", ("at", "a", "minimum"): "at_least",
    ("more", "than"): "more_than", ("over",): "more_than", ("in", "excess", "of"): "more_than",
    ("upwards", "of"): "more_than", ("upward", "of"): "more_than", ("exceeded",): "more_than",
    ("exceeding",): "more_than", ("exceeds",): "more_than", ("well", "over"): "more_than",
    ("just", "over"): "more_than", ("above",): "more_than",
    ("about",): "about", ("around",): "about", ("roughly",): "about",
    ("approximately",): "about", ("approx",): "about", ("some",): "about",
    ("an", "estimated"): "about", ("estimated",): "about", ("nearly",): "about",
    ("almost",): "about", ("close", "to"): "about", ("circa",): "about",
    ("an", "approximate"): "about", ("as", "estimated"): "about",
    ("up", "to"): "up_to", ("as", "many", "as"): "up_to", ("no", "more", "than"): "up_to",
    ("at", "most"): "up_to", ("not", "more", "than"): "up_to", ("a", "maximum", "of"): "up_to",
    ("maximum", "of"): "up_to", ("at", "the", "most"): "up_to",
    ("fewer", "than"): "fewer_than", ("less", "than"): "fewer_than", ("under",): "fewer_than",
    ("below",): "fewer_than", ("just", "under"): "fewer_than",
}
QUALIFIER_MAXLEN = max(len(k) for k in QUALIFIER_PHRASES)

# --------------------------------------------------------------------------- categories
#: single tokens that trigger a category wherever they govern a number
TRIGGERS: dict[str, str] = {}
for _w in ("killed", "kill", "kills", "killing", "dead", "died", "die", "dies", "dying",
           "death", "deaths", "fatalities", "fatality", "perished", "perish", "martyred",
           "martyrs", "martyr", "martyrdom", "slain", "lives", "toll", "lost", "executed",
           "murdered", "shot"):
    TRIGGERS[_w] = "killed"
for _w in ("wounded", "wounding", "wound", "wounds", "injured", "injuring", "injure",
           "injuries", "injury", "hurt", "burns", "hospitalised", "hospitalized", "maimed"):
    TRIGGERS[_w] = "wounded"
for _w in ("missing", "unaccounted", "disappeared"):
    TRIGGERS[_w] = "missing"
for _w in ("captured", "capture", "captive", "captives", "prisoner", "prisoners", "pows",
           "pow", "hostage", "hostages", "detainees", "detainee", "detained", "held",
           "holding", "holds", "released", "freed", "swapped", "imprisoned", "abducted",
           "captivity", "jails", "prisons"):
    TRIGGERS[_w] = "captured"
for _w in ("bodies", "body", "remains", "corpses"):
    TRIGGERS[_w] = "bodies_returned"
for _w in ("fled", "flee", "fleeing", "flees", "displaced", "refugees", "refugee",
           "evacuated", "evacuees", "uprooted", "homeless", "exodus"):
    TRIGGERS[_w] = "displaced"
for _w in ("casualties", "casualty"):
    TRIGGERS[_w] = "casualties"

#: triggers that are nouns: a number whose noun phrase ends in one takes its category
CATEGORY_NOUNS = frozenset({
    "deaths", "death", "fatalities", "fatality", "dead", "lives", "martyrs", "casualties",
    "casualty", "bodies", "body", "remains", "corpses", "refugees", "evacuees", "prisoners",
    "prisoner", "pows", "pow", "hostages", "captives", "detainees", "injuries", "wounded",
    "injured", "missing",
})
#: verbs that precede their object ("killed 21 civilians", "lost 11 servicemen")
TRANSITIVE: dict[str, str] = {
    "killed": "killed", "kill": "killed", "kills": "killed", "killing": "killed",
    "lost": "killed", "claimed": "killed", "martyred": "killed", "slew": "killed",
    "buried": "killed",  # "mourners buried six villagers": the dead (README §5)
    "eliminated": "killed", "neutralised": "killed", "neutralized": "killed",
    "eliminating": "killed",  # military usage: "eliminated 30 enemy soldiers"
    "wounded": "wounded", "injured": "wounded", "wounding": "wounded", "injuring": "wounded",
    "hurt": "wounded", "injures": "wounded", "wounds": "wounded",
    "captured": "captured", "capturing": "captured", "captures": "captured",
    "holding": "captured", "held": "captured", "holds": "captured", "released": "captured",
    "freed": "captured", "swapped": "captured", "releasing": "captured", "exchanged": "captured",
    "returned": "captured", "repatriated": "captured", "handed": "captured",
    "detained": "captured", "took": "captured", "seized": "captured",
    "displaced": "displaced", "evacuated": "displaced", "uprooted": "displaced",
    "displacing": "displaced", "forced": "displaced", "forcing": "displaced",
}
#: verbs that need a victim noun (not a bare number) to count as the governing verb
WEAK_TRANSITIVE = frozenset({"lost", "claimed", "buried", "holding", "held", "holds", "returned",
                             "repatriated", "handed", "took", "seized", "forced", "exchanged",
                             "forcing"})
TOLL_WORDS = frozenset({"toll", "tally", "count", "number", "total", "figure", "list"})
UPDATE_VERBS = frozenset({
    "raised", "rose", "risen", "rise", "rises", "raising", "increased", "increase",
    "climbed", "climb", "jumped", "revised", "updated", "grew", "grown", "reached",
    "surpassed", "soared", "bringing", "brought", "brings", "went",
})
INCREMENT_WORDS = frozenset({"more", "new", "additional", "further", "extra"})
HYPOTHETICAL = frozenset({
    "could", "would", "might", "if", "unless", "threatens", "threatened", "threaten",
    "risk", "risks", "forecast", "forecasts", "projected", "potential", "potentially",
    "warned", "predicted", "predicts", "hypothetical", "should", "may", "will",
})
NEGATORS = frozenset({"no", "zero", "none", "nobody", "not", "without"})

# --------------------------------------------------------------------------- victims
SOLDIER_NOUNS = frozenset({
    "soldiers", "soldier", "servicemen", "serviceman", "servicemembers", "servicemember",
    "troops", "trooper", "troopers", "forces", "fighters", "fighter", "personnel",
    "conscripts", "conscript", "reservists", "reservist", "volunteers", "volunteer",
    "guards", "guard", "officers", "officer", "crew", "crewmen", "crewman", "peacekeepers",
    "peacekeeper", "pows", "pow", "sailors", "pilots", "pilot", "commanders", "commander",
    "militants", "militant", "combatants", "combatant", "sergeant", "sergeants", "privates",
    "marines", "paratroopers", "sappers", "snipers", "gunners", "mercenaries", "mercenary",
    "military", "army", "servicewomen", "contractors", "policemen", "policeman",
    "servicepeople", "saboteurs", "saboteur", "scouts", "commandos", "militiamen",
    "partisans", "guerrillas", "insurgents", "paramilitaries", "gunmen", "comrades",
})
CIVILIAN_NOUNS = frozenset({
    "civilians", "civilian", "residents", "resident", "villagers", "villager", "children",
    "child", "schoolchildren", "schoolchild", "kids", "women", "woman", "girl", "girls",
    "boy", "boys", "grandson", "granddaughter", "son", "daughter", "mother", "father",
    "journalists", "journalist", "reporters", "reporter", "cameraman", "deminers", "deminer",
    "sapper", "driver", "drivers", "shepherd", "shepherds", "farmer", "farmers", "official",
    "officials", "teenager", "teenagers", "pensioner", "pensioners", "elderly", "infant",
    "infants", "baby", "babies", "worker", "workers", "medics", "medic", "doctor", "doctors",
    "nurse", "nurses", "teacher", "teachers", "students", "student", "pupils", "man", "men",
    "husband", "wife", "family", "families", "herder", "herders", "inhabitants", "employees",
    "employee", "paramedics", "volunteer-medics", "locals", "grandmother", "grandfather",
    "brother", "sister", "labourer", "labourers", "builders", "engineers", "grandchild",
    "nephew", "niece", "uncle", "aunt", "cousin", "neighbour", "neighbor", "neighbours",
    "neighbors", "schoolboy", "schoolgirl", "schoolboys", "schoolgirls", "grandchildren",
    "grandsons", "granddaughters", "sons", "daughters", "staff", "staffers", "aid",
})
#: occupations and other non-combatant persons (singular; plurals added below)
OCCUPATION_NOUNS = frozenset((
    "surgeon", "paramedic", "physician", "pharmacist", "dentist", "midwife", "priest", "imam",
    "monk", "nun", "schoolteacher", "lecturer", "professor", "lawyer", "judge", "clerk",
    "electrician", "plumber", "builder", "bricklayer", "carpenter", "welder", "technician",
    "cook", "baker", "waiter", "waitress", "shopkeeper", "vendor", "trader", "merchant",
    "salesman", "saleswoman", "cashier", "accountant", "postman", "cleaner", "caretaker",
    "janitor", "watchman", "gardener", "forester", "fisherman", "hunter", "beekeeper",
    "musician", "artist", "writer", "poet", "activist", "correspondent", "blogger",
    "rescuer", "firefighter", "laborer", "housewife", "homemaker", "widow", "widower",
    "toddler", "pupil", "granny", "grandparent", "schoolchild", "mayor", "headman",
    "tractorist", "photographer", "videographer", "interpreter", "translator", "chairman",
    "chairwoman", "administrator",
))
CIVILIAN_NOUNS = CIVILIAN_NOUNS | OCCUPATION_NOUNS | frozenset(
    w + "s" for w in OCCUPATION_NOUNS if not w.endswith(("man", "woman", "ny"))) | frozenset({
    "fishermen", "salesmen", "saleswomen", "postmen", "watchmen", "headmen", "grannies",
    "waitresses"})
PEOPLE_NOUNS = frozenset({
    "people", "persons", "person", "individuals", "individual", "armenians", "azerbaijanis",
    "azeris", "citizens", "citizen", "refugees", "refugee", "displaced", "detainees",
    "detainee", "prisoners", "prisoner", "captives", "captive", "hostages", "hostage",
    "lives", "evacuees", "nationals", "others", "victims", "victim", "leaders", "leader",
    "passengers", "bodies", "body", "remains", "casualties", "deaths", "dead", "fatalities",
    "souls", "ethnic",
})
#: modifiers that colour a category noun ("military deaths", "civilian fatalities")
SOLDIER_MODIFIERS = frozenset({"military", "servicemen", "army", "combat", "soldiers"})
CIVILIAN_MODIFIERS = frozenset({"civilian", "civil", "non-combatant", "noncombatant"})

#: words allowed between a number and its head noun ("49 Armenian soldiers")
NP_MODIFIERS = frozenset({
    "armenian", "azerbaijani", "azeri", "karabakh", "nagorno", "artsakh", "russian",
    "turkish", "french", "iranian", "georgian", "syrian", "foreign", "ethnic", "local",
    "civilian", "military", "more", "other", "additional", "new", "further", "young",
    "elderly", "old", "unarmed", "innocent", "wounded", "injured", "dead", "killed", "fatal",
    "border", "contract", "regular", "reserve", "active", "former", "fellow", "female",
    "male", "enlisted", "crew", "peacekeeping", "frontline", "front", "armed", "army",
    "defence", "defense", "special", "elite", "senior", "junior", "ordinary", "serving",
    "conscript", "volunteer", "mostly", "mainly", "mine", "missing", "captured", "seriously",
    "severely", "lightly", "critically", "badly", "combat", "battlefield", "confirmed",
    "reported", "registered", "identified", "recorded", "total", "national", "state",
    "government", "police", "its", "their", "our", "his", "her", "the", "them", "those",
    "these", "of", "whom", "nagorno-karabakh", "retreating", "surrendering", "captive",
    "detained", "imprisoned", "armenia", "azerbaijan", "fallen", "deceased", "young",
    "teenage", "underage", "adult", "schoolage", "and", "ethnically", "displaced",
    "internally", "forcibly", "non", "combatant", "slain", "cross", "own",
    "tv", "television", "radio",
})

RANKS = frozenset({
    "private", "corporal", "sergeant", "lieutenant", "captain", "major", "colonel",
    "general", "ensign", "junior", "senior", "lance", "staff", "warrant", "officer",
    "soldier", "serviceman", "conscript", "commander",
})

# --------------------------------------------------------------------------- sides
ARMENIA_WORDS = frozenset({
    "armenia", "armenian", "armenians", "yerevan", "karabakh", "artsakh", "stepanakert",
    "pashinyan", "pashinian", "sarkissian", "harutyunyan", "grigoryan", "kocharyan",
    "sargsyan", "tonoyan", "papikyan", "nkr",
})
AZERBAIJAN_WORDS = frozenset({
    "azerbaijan", "azerbaijani", "azerbaijanis", "azeri", "azeris", "baku", "aliyev",
    "hajiyev", "bayramov", "hasanov",
})
THIRD_PARTY = frozenset({
    "russian", "russians", "french", "turkish", "iranian", "georgian", "syrian", "british",
    "american", "european", "peacekeepers", "peacekeeper", "peacekeeping", "foreign",
    "israeli", "ukrainian", "german", "un", "osce", "eu", "icrc", "red",
})
ORG_WORDS = frozenset({
    "'", "’", "s", "the", "defence", "defense", "ministry", "health", "interior", "foreign",
    "emergency", "emergencies", "situations", "army", "authorities", "officials", "official",
    "president", "presidential", "government", "prime", "minister", "military", "police",
    "ombudsman", "prosecutor", "prosecutors", "general", "office", "service", "agency",
    "mine", "action", "national", "security", "human", "rights", "defender", "council",
    "spokesman", "spokeswoman", "spokesperson", "aide", "to", "of", "in", "nikol", "ilham",
    "state", "committee", "parliament", "commission", "separatist", "de", "facto",
    "leadership", "leader", "administration", "sources", "media", "news", "outlets",
    "nagorno", "-", "nagorno-karabakh", "'s", "authority", "cabinet", "s’", "medics",
    "doctors", "hospital", "local", "regional", "ethnic", "armenian", "azerbaijani",
    "republic", "head", "secretary", "adviser", "advisor", "staff", "chief", "deputy",
    "investigative", "border", "guard", "services", "department", "apparatus", "figures",
    "data", "statistics", "sources", "channel", "press", "commander", "governor", "mayor",
    "envoy", "ambassador", "representative", "side", "affairs",
})
REPORT_VERBS = frozenset({
    "said", "says", "say", "saying", "reported", "reports", "report", "reporting",
    "announced", "announces", "stated", "states", "claimed", "claims", "claim", "told",
    "confirmed", "confirms", "raised", "raises", "put", "puts", "estimated", "estimates",
    "denied", "denies", "acknowledged", "acknowledges", "admitted", "admits", "listed",
    "revised", "updated", "added", "insisted", "released", "published", "informed",
    "declared", "counted", "recorded", "registered", "tallied", "wrote", "noted",
    "according", "show", "shows", "showed", "indicate", "indicated", "blamed", "accused",
    "dismissed", "dismisses", "rejected", "rejects", "disputed", "disputes",
    "informs", "inform", "condemns", "condemned", "condemn",
})
ATTACK_NOUNS = frozenset({
    "shelling", "shell", "shells", "attack", "attacks", "strike", "strikes", "fire",
    "gunfire", "artillery", "drone", "drones", "missile", "missiles", "rocket", "rockets",
    "forces", "troops", "army", "sniper", "snipers", "bombardment", "bombardments",
    "offensive", "assault", "units", "soldiers", "military", "airstrike", "airstrikes",
    "bombing", "bombs", "shells", "mortar", "mortars", "side", "servicemen",
    "operation", "operations", "incursion", "raid", "raids", "aggression", "advance",
})
AZ_PLACES = frozenset({
    "ganja", "barda", "tartar", "terter", "beylagan", "aghjabadi", "agjabadi", "aghdam",
    "agdam", "fuzuli", "fizuli", "kalbajar", "kelbajar", "mingachevir", "goranboy",
    "naftalan", "gadabay", "tovuz", "jabrayil", "zangilan", "gubadli", "qubadli", "shusha",
    "nakhchivan", "horadiz", "khizi", "sabirabad",
})
ARM_PLACES = frozenset({
    "stepanakert", "khankendi", "martuni", "martakert", "shushi", "jermuk", "sotk", "goris",
    "kapan", "vardenis", "tegh", "askeran", "hadrut", "berdzor",
    "chartar", "ijevan", "kornidzor", "kashatagh", "karvachar", "talish",
})
BOTH_PHRASES: tuple[tuple[str, ...], ...] = (
    ("both", "sides"), ("two", "sides"), ("both", "armenia", "and", "azerbaijan"),
    ("both", "azerbaijan", "and", "armenia"), ("both", "countries"), ("both", "armies"),
    ("either", "side"), ("each", "side"), ("both", "parties"), ("two", "countries"),
    ("two", "parties"),
    ("combined",),
    ("both", "nations"), ("two", "armies"),
    ("between", "armenian", "and", "azerbaijani"), ("between", "azerbaijani", "and", "armenian"),
    ("between", "armenia", "and", "azerbaijan"), ("between", "azerbaijan", "and", "armenia"),
)
WAR_NOUNS = frozenset({
    "war", "wars", "conflict", "fighting", "hostilities", "campaign", "flare-up", "clashes",
    "escalation",
})

#: a line label before its number in a casualty box or list ("Dead: 5,856", "Wounded: 20,000")
LABEL_CATEGORIES: dict[str, str] = {
    "dead": "killed", "killed": "killed", "deaths": "killed", "fatalities": "killed",
    "died": "killed", "wounded": "wounded", "injured": "wounded", "injuries": "wounded",
    "missing": "missing", "captured": "captured", "prisoners": "captured", "pows": "captured",
    "detained": "captured", "displaced": "displaced", "refugees": "displaced",
    "casualties": "casualties",
}

#: words that make bodies or remains a handover, return or recovery (README §5): without
#: one in the sentence, "68 bodies" counts the dead ("Of the 68 bodies, 21 were identified")
RETURN_WORDS = frozenset({
    "handed", "hand", "hands", "handing", "handover", "handovers", "returned", "return",
    "returns", "returning", "repatriated", "repatriation", "repatriate", "exchanged",
    "exchange", "exchanges", "swapped", "swap", "swaps", "passed", "transferred",
    "transfer", "recovered", "recovery", "retrieved", "retrieve", "brought", "received",
    "receive", "sent", "delivered", "collected", "evacuated", "removed", "taken", "gave",
    "give", "turned", "released", "release", "trade", "traded", "search", "searching",
    "found", "discovered", "exhumed", "unearthed", "buried", "over", "back",
})
