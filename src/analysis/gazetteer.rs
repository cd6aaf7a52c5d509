//! Gazetteers and word lists: places, given names, surnames, titles, and the
//! heads that mark organisations and places.
//!
//! The large lists ship in `assets/data/` (see its README for sources and
//! licences) and are embedded in the binary; they are parsed once, on first
//! use, so start-up stays fast.

use std::sync::OnceLock;

use super::model::FastMap;

/// What a gazetteer says a name is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameClass {
    /// A country (GeoNames country list, or a common short form such as "US").
    Country,
    /// A state, province, continent or named area.
    Region,
    /// A city with at least 300,000 people.
    BigCity,
    /// A smaller city (at least 15,000 people).
    City,
    /// A well-known organisation, institution or media outlet.
    Organization,
}

impl NameClass {
    /// A short label for reasons shown to the reader.
    pub fn label(self) -> &'static str {
        match self {
            Self::Country => "country",
            Self::Region => "region",
            Self::BigCity => "city",
            Self::City => "town",
            Self::Organization => "organisation",
        }
    }
}

const PLACES_TSV: &str = include_str!("../../assets/data/places.tsv");
const GIVEN_NAMES_TXT: &str = include_str!("../../assets/data/given_names.txt");
const SURNAMES_TXT: &str = include_str!("../../assets/data/surnames.txt");

/// Common short or historical forms of country and region names, missing
/// from the GeoNames country list.
const PLACE_ALIASES: &[(&str, NameClass)] = &[
    ("US", NameClass::Country),
    ("U.S.", NameClass::Country),
    ("USA", NameClass::Country),
    ("U.S.A.", NameClass::Country),
    ("UK", NameClass::Country),
    ("U.K.", NameClass::Country),
    ("Britain", NameClass::Country),
    ("Great Britain", NameClass::Country),
    ("England", NameClass::Country),
    ("Scotland", NameClass::Country),
    ("Wales", NameClass::Country),
    ("Northern Ireland", NameClass::Country),
    ("America", NameClass::Country),
    ("DPRK", NameClass::Country),
    ("PRC", NameClass::Country),
    ("ROK", NameClass::Country),
    ("UAE", NameClass::Country),
    ("USSR", NameClass::Country),
    ("Soviet Union", NameClass::Country),
    ("Korea", NameClass::Country),
    ("Congo", NameClass::Country),
    ("Holland", NameClass::Country),
    ("Burma", NameClass::Country),
    ("Ivory Coast", NameClass::Country),
    ("Czech Republic", NameClass::Country),
    ("Vatican", NameClass::Country),
    ("Palestine", NameClass::Country),
    ("Gaza", NameClass::Region),
    ("West Bank", NameClass::Region),
    ("Far East", NameClass::Region),
    ("Middle East", NameClass::Region),
    ("Europe", NameClass::Region),
    ("Asia", NameClass::Region),
    ("Africa", NameClass::Region),
    ("Siberia", NameClass::Region),
    ("Crimea", NameClass::Region),
    ("Balkans", NameClass::Region),
    ("Caribbean", NameClass::Region),
    ("Scandinavia", NameClass::Region),
    ("Latin America", NameClass::Region),
    ("South America", NameClass::Region),
    ("North America", NameClass::Region),
    ("Central America", NameClass::Region),
    ("Southeast Asia", NameClass::Region),
    ("Washington D.C.", NameClass::BigCity),
    ("Washington, D.C.", NameClass::BigCity),
    ("D.C.", NameClass::BigCity),
    ("LA", NameClass::BigCity),
    ("L.A.", NameClass::BigCity),
    ("NYC", NameClass::BigCity),
    ("NY", NameClass::Region),
    // Provinces and territories of Canada and states and territories of
    // Australia (ISO 3166-2), as the US states are in the GeoNames data.
    ("Ontario", NameClass::Region),
    ("Quebec", NameClass::Region),
    ("Québec", NameClass::Region),
    ("British Columbia", NameClass::Region),
    ("Alberta", NameClass::Region),
    ("Manitoba", NameClass::Region),
    ("Saskatchewan", NameClass::Region),
    ("Nova Scotia", NameClass::Region),
    ("New Brunswick", NameClass::Region),
    ("Newfoundland and Labrador", NameClass::Region),
    ("Newfoundland", NameClass::Region),
    ("Prince Edward Island", NameClass::Region),
    ("Yukon", NameClass::Region),
    ("Northwest Territories", NameClass::Region),
    ("Nunavut", NameClass::Region),
    ("New South Wales", NameClass::Region),
    ("Queensland", NameClass::Region),
    ("South Australia", NameClass::Region),
    ("Western Australia", NameClass::Region),
    ("Tasmania", NameClass::Region),
    ("Northern Territory", NameClass::Region),
    ("Australian Capital Territory", NameClass::Region),
];

/// Widely known organisations, institutions and media outlets, including
/// institutions named by their seat ("Kremlin", "White House").
const ORGANIZATIONS: &[&str] = &[
    "Kremlin",
    "White House",
    "Pentagon",
    "Elysee",
    "Élysée",
    "Downing Street",
    "Whitehall",
    "United Nations",
    "UN",
    "U.N.",
    "NATO",
    "EU",
    "European Union",
    "European Commission",
    "UNESCO",
    "UNICEF",
    "UNHCR",
    "WHO",
    "IMF",
    "World Bank",
    "OPEC",
    "WTO",
    "Red Cross",
    "Red Crescent",
    "Interpol",
    "Europol",
    "FIFA",
    "UEFA",
    "IOC",
    "NBA",
    "NFL",
    "NHL",
    "MLB",
    "Greenpeace",
    "Amnesty International",
    "Human Rights Watch",
    "Oxfam",
    "Google",
    "Facebook",
    "Twitter",
    "Apple",
    "Microsoft",
    "Instagram",
    "YouTube",
    "Wikipedia",
    "Wikinews",
    "Netflix",
    "Tesla",
    "IBM",
    "Intel",
    "Samsung",
    "Sony",
    "Toyota",
    "Boeing",
    "Airbus",
    "Reuters",
    "Associated Press",
    "AFP",
    "BBC",
    "CNN",
    "NBC",
    "CBS",
    "ABC",
    "Fox News",
    "NPR",
    "Al Jazeera",
    "Xinhua",
    "TASS",
    "Bloomberg",
    "Forbes",
    "Economist",
    "Guardian",
    "Telegraph",
    "Le Monde",
    "New York Times",
    "Washington Post",
    "Wall Street Journal",
    "NASA",
    "FBI",
    "CIA",
    "NSA",
    "KGB",
    "FSB",
    "MI5",
    "MI6",
    "Scotland Yard",
    "Taliban",
    "Hamas",
    "Hezbollah",
    "al-Qaeda",
    "Al-Qaeda",
    "al Qaeda",
    "ISIS",
    "Islamic State",
    "Labour",
    "Tories",
    "Bundestag",
    "Duma",
    "Knesset",
    "Politburo",
    "Vatican Bank",
];

/// Words that introduce a person's name without being part of it.
pub const TITLES: &[&str] = &[
    "President",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Dr",
    "Prof",
    "Professor",
    "General",
    "Gen",
    "Colonel",
    "Col",
    "Captain",
    "Capt",
    "Lieutenant",
    "Lt",
    "Sergeant",
    "Sgt",
    "Major",
    "Admiral",
    "Minister",
    "Secretary",
    "Senator",
    "Sen",
    "Governor",
    "Gov",
    "Mayor",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Lord",
    "Lady",
    "Sir",
    "Dame",
    "Pope",
    "Chancellor",
    "Ambassador",
    "Judge",
    "Justice",
    "Rep",
    "Representative",
    "Chairman",
    "Chairwoman",
    "Director",
    "Coach",
    "Chief",
    "Commissioner",
    "Count",
    "Countess",
    "Duke",
    "Duchess",
    "Emperor",
    "Empress",
    "Tsar",
    "Czar",
    "Bishop",
    "Archbishop",
    "Father",
    "Rabbi",
    "Imam",
    "Sheikh",
    "Officer",
    "Detective",
    "Inspector",
    "Constable",
    "Madam",
    "Mme",
    "Mlle",
    "Monsieur",
    "Sheriff",
    "Mamma",
    "Mama",
    "Papa",
    "Majesty",
    "Highness",
    "Excellency",
    "Lordship",
    "Ladyship",
    "Madame",
    "Mademoiselle",
    "Herr",
    "Frau",
    "Uncle",
    "Aunt",
    "Premier",
    "Councillor",
    "Councilman",
    "Congressman",
    "Congresswoman",
    "Reverend",
    "Rev",
    "Saint",
    "Prosecutor",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "Prime",
    "Shadow",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "CEO",
    "Deputy",
    "Vice",
    "Secretary-General",
    "leader",
    "minister",
    "president",
    "coach",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "forward",
    "captain",
    "chairman",
    "secretary",
    "director",
    "professor",
    "author",
    "researcher",
    "student",
    "officer",
    "ambassador",
    "senator",
    "governor",
    "mayor",
    "chief",
    "founder",
    "dictator",
    "manager",
];

/// Last words of organisation names.
pub const ORG_HEADS: &[&str] = &[
    "Ministry",
    "Department",
    "Party",
    "Inc",
    "Ltd",
    "Corp",
    "Corporation",
    "Company",
    "Co",
    "University",
    "College",
    "School",
    "Institute",
    "Times",
    "News",
    "Post",
    "Journal",
    "Herald",
    "Tribune",
    "Guardian",
    "Gazette",
    "Press",
    "Council",
    "Agency",
    "Committee",
    "Commission",
    "Association",
    "Society",
    "Foundation",
    "Bank",
    "Church",
    "Court",
    "Parliament",
    "Senate",
    "Congress",
    "Assembly",
    "Organisation",
    "Organization",
    "Union",
    "League",
    "Club",
    "Group",
    "Office",
    "Service",
    "Services",
    "Board",
    "Authority",
    "Federation",
    "Alliance",
    "Front",
    "Army",
    "Navy",
    "Police",
    "Bureau",
    "Network",
    "Airlines",
    "Airways",
    "Motors",
    "FC",
    "Trust",
    "Fund",
    "Academy",
    "Administration",
    "Forces",
    "Force",
    "Reuters",
    "Television",
    "Radio",
    "Magazine",
    "Review",
    "Records",
    "Studios",
    "Labs",
    "Laboratory",
    "Laboratories",
    "Systems",
    "Technologies",
    "Group",
    "Holdings",
    "Partners",
    "Associates",
    "Cabinet",
    "Government",
    "Brigade",
    "Regiment",
    "Municipality",
    "Departments",
    "Ministries",
    "Agencies",
    "Councils",
    "Conference",
    "Observatory",
    "Hospital",
    "Prison",
    "Orchestra",
    "Choir",
    "Org",
    "Corps",
    "Weekly",
    "Daily",
    "Mail",
    "Institution",
];

/// Last words of place names.
pub const PLACE_HEADS: &[&str] = &[
    "Street",
    "Road",
    "Avenue",
    "River",
    "Mountain",
    "Mountains",
    "Lake",
    "Island",
    "Islands",
    "Ocean",
    "Sea",
    "Bay",
    "Valley",
    "County",
    "Province",
    "Region",
    "City",
    "Square",
    "Bridge",
    "Airport",
    "Stadium",
    "Arena",
    "Hall",
    "Coast",
    "Desert",
    "Peninsula",
    "Gulf",
    "Strait",
    "Canal",
    "District",
    "Republic",
    "Kingdom",
    "Hill",
    "Hills",
    "Heights",
    "Beach",
    "Park",
    "Station",
    "Palace",
    "Castle",
    "Cathedral",
    "Tower",
    "Towers",
    "Memorial",
    "Centre",
    "Center",
    "Falls",
    "Forest",
    "Harbour",
    "Harbor",
    "Port",
    "Village",
    "Town",
    "Oblast",
    "Krai",
    "Prefecture",
    "Territory",
    "State",
];

/// Nationality and group adjectives: never places on their own.
pub const DEMONYMS: &[&str] = &[
    "Russian",
    "American",
    "British",
    "English",
    "French",
    "German",
    "Chinese",
    "Japanese",
    "Korean",
    "Ukrainian",
    "Italian",
    "Spanish",
    "Afghan",
    "Indian",
    "Pakistani",
    "Iranian",
    "Iraqi",
    "Syrian",
    "Israeli",
    "Palestinian",
    "Egyptian",
    "Turkish",
    "Greek",
    "Polish",
    "Swedish",
    "Norwegian",
    "Danish",
    "Finnish",
    "Dutch",
    "Belgian",
    "Swiss",
    "Austrian",
    "Canadian",
    "Mexican",
    "Brazilian",
    "Argentine",
    "Argentinian",
    "Australian",
    "African",
    "European",
    "Asian",
    "Western",
    "Eastern",
    "Northern",
    "Southern",
    "Arab",
    "Arabic",
    "Muslim",
    "Christian",
    "Jewish",
    "Catholic",
    "Protestant",
    "Soviet",
    "Saudi",
    "Tunisian",
    "Moroccan",
    "Algerian",
    "Libyan",
    "Nigerian",
    "Kenyan",
    "Ethiopian",
    "Somali",
    "Sudanese",
    "Vietnamese",
    "Thai",
    "Filipino",
    "Indonesian",
    "Malaysian",
    "Scottish",
    "Welsh",
    "Irish",
    "Portuguese",
    "Hungarian",
    "Czech",
    "Romanian",
    "Bulgarian",
    "Serbian",
    "Croatian",
    "Belarusian",
    "Armenian",
    "Kurdish",
    "Swede",
    "Swedes",
    "Russians",
    "Americans",
    "Europeans",
    "Africans",
    "Asians",
    "Germans",
    "Italians",
    "Belgians",
    "Panamanian",
    "Colombian",
    "Peruvian",
    "Chilean",
    "Venezuelan",
    "Cuban",
    "Haitian",
    "Jamaican",
    "Icelandic",
    "Estonian",
    "Latvian",
    "Lithuanian",
    "Slovak",
    "Slovenian",
    "Bosnian",
    "Albanian",
    "Macedonian",
    "Georgian",
    "Azerbaijani",
    "Kazakh",
    "Uzbek",
    "Mongolian",
    "Tibetan",
    "Taiwanese",
    "Singaporean",
    "Bangladeshi",
    "Nepalese",
    "Sri Lankan",
    "Eritrean",
    "Yemeni",
    "Lebanese",
    "Jordanian",
    "Emirati",
    "Qatari",
    "Kuwaiti",
    "Democrat",
    "Democrats",
    "Republican",
    "Republicans",
    "Communist",
    "Communists",
    "Islamic",
    "Islamist",
    "Sunni",
    "Shia",
    "Shiite",
    "Hindu",
    "Buddhist",
    "Sikh",
    "Latino",
    "Hispanic",
    "Caucasian",
    "Asiatic",
    "Occidental",
    "Oriental",
    "Cossack",
    "Cossacks",
    "Frenchman",
    "Frenchmen",
    "Englishman",
    "Englishmen",
    "Dutchman",
    "Scotsman",
];

/// Holidays and seasons of the year, never entities either.
pub const HOLIDAYS: &[&str] = &[
    "Easter",
    "Christmas",
    "Thanksgiving",
    "Ramadan",
    "Passover",
    "Hanukkah",
    "Diwali",
    "Halloween",
    "Lent",
];

/// Month names (first, in order) and weekdays: never entities.
pub const CALENDAR: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

/// Parsed gazetteers.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// Place and organisation names by their exact written form.
    pub places: FastMap<&'static str, NameClass>,
    /// The most words in any place name.
    pub max_place_words: usize,
    /// Given names with their popularity rank (0 is most common).
    pub given_names: FastMap<&'static str, u32>,
    /// Surnames with their popularity rank (0 is most common).
    pub surnames: FastMap<&'static str, u32>,
}

impl Gazetteer {
    /// The shared gazetteer, parsed on first use.
    pub fn get() -> &'static Gazetteer {
        static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
        GAZETTEER.get_or_init(Gazetteer::parse)
    }

    fn parse() -> Gazetteer {
        let mut places = FastMap::with_capacity_and_hasher(40_000, Default::default());
        for line in PLACES_TSV.lines() {
            let mut parts = line.split('\t');
            let (Some(name), Some(class)) = (parts.next(), parts.next()) else {
                continue;
            };
            let class = match class {
                "country" => NameClass::Country,
                "region" => NameClass::Region,
                "bigcity" => NameClass::BigCity,
                _ => NameClass::City,
            };
            places.entry(name).or_insert(class);
        }
        for &(name, class) in PLACE_ALIASES {
            places.insert(name, class);
        }
        for &name in ORGANIZATIONS {
            places.insert(name, NameClass::Organization);
        }
        let max_place_words = places
            .keys()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(1)
            .min(5);
        let ranked = |text: &'static str| -> FastMap<&'static str, u32> {
            text.lines()
                .enumerate()
                .map(|(i, n)| (n, u32::try_from(i).unwrap_or(u32::MAX)))
                .collect()
        };
        Gazetteer {
            places,
            max_place_words,
            given_names: ranked(GIVEN_NAMES_TXT),
            surnames: ranked(SURNAMES_TXT),
        }
    }

    /// The class of an exact name, if listed, also found with its accents
    /// folded ("Smolénsk" as "Smolensk").
    pub fn place(&self, name: &str) -> Option<NameClass> {
        match self.places.get(name) {
            Some(&class) => Some(class),
            None if !name.is_ascii() => with_folded_accents(name, |n| self.places.get(n).copied()),
            None => None,
        }
    }

    /// The popularity rank of a given name, accents folded ("Natásha").
    pub fn given_rank(&self, word: &str) -> Option<u32> {
        match self.given_names.get(word) {
            Some(&rank) => Some(rank),
            None if !word.is_ascii() => {
                with_folded_accents(word, |w| self.given_names.get(w).copied())
            }
            None => None,
        }
    }
}

/// Bit flags for a word's membership in the small hand-written lists.
pub mod flags {
    /// A title or role word ("President", "Mr", "spokesman").
    pub const TITLE: u8 = 1;
    /// A word that ends organisation names.
    pub const ORG_HEAD: u8 = 2;
    /// A word that ends place names.
    pub const PLACE_HEAD: u8 = 4;
    /// A nationality or group adjective.
    pub const DEMONYM: u8 = 8;
    /// A month or weekday name.
    pub const CALENDAR: u8 = 16;
}

fn word_flags_table() -> &'static FastMap<&'static str, u8> {
    static TABLE: OnceLock<FastMap<&'static str, u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = FastMap::default();
        for (list, flag) in [
            (TITLES, flags::TITLE),
            (ORG_HEADS, flags::ORG_HEAD),
            (PLACE_HEADS, flags::PLACE_HEAD),
            (DEMONYMS, flags::DEMONYM),
            (CALENDAR, flags::CALENDAR),
            (HOLIDAYS, flags::CALENDAR),
        ] {
            for &w in list {
                *table.entry(w).or_insert(0) |= flag;
            }
        }
        table
    })
}

/// The list flags (see [`flags`]) of a word as written.
pub fn word_flags(word: &str) -> u8 {
    word_flags_table().get(word).copied().unwrap_or(0)
}

/// True for a title or role word ("President", "Mr", "spokesman").
pub fn is_title(word: &str) -> bool {
    word_flags(word) & flags::TITLE != 0
}

/// True for a word that ends organisation names.
pub fn is_org_head(word: &str) -> bool {
    word_flags(word) & flags::ORG_HEAD != 0
}

/// True for a word that ends place names.
pub fn is_place_head(word: &str) -> bool {
    word_flags(word) & flags::PLACE_HEAD != 0
}

/// True for a nationality or group adjective.
pub fn is_demonym(word: &str) -> bool {
    word_flags(word) & flags::DEMONYM != 0
}

/// True for a month or weekday name.
pub fn is_calendar(word: &str) -> bool {
    word_flags(word) & flags::CALENDAR != 0
}

/// `word` with the accents of Latin letters removed ("Natásha" → "Natasha",
/// "Balashëv" → "Balashev"); other characters are kept.
pub fn fold_accents(word: &str) -> String {
    word.chars().map(fold_accent).collect()
}

/// Calls `f` with [`fold_accents`] of `word`, built on the stack for a word
/// of ordinary length: names are looked up folded many times in a book.
fn with_folded_accents<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    let mut len = 0;
    for c in word.chars() {
        let c = fold_accent(c);
        if len + c.len_utf8() > buf.len() {
            return f(&fold_accents(word));
        }
        len += c.encode_utf8(&mut buf[len..]).len();
    }
    // Whole UTF-8 encodings were written, so this cannot fail.
    f(std::str::from_utf8(&buf[..len]).unwrap_or_default())
}

/// A Latin letter without its accent; any other character as it is.
fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' => 'A',
        'é' | 'è' | 'ê' | 'ë' | 'ē' | 'ě' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' | 'Ē' | 'Ě' => 'E',
        'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
        'Í' | 'Ì' | 'Î' | 'Ï' | 'Ī' => 'I',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' | 'Ō' => 'O',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
        'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ū' => 'U',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        'ñ' | 'ń' => 'n',
        'Ñ' | 'Ń' => 'N',
        'ç' | 'č' | 'ć' => 'c',
        'Ç' | 'Č' | 'Ć' => 'C',
        'š' | 'ś' => 's',
        'Š' | 'Ś' => 'S',
        'ž' | 'ź' | 'ż' => 'z',
        'Ž' | 'Ź' | 'Ż' => 'Z',
        other => other,
    }
}
