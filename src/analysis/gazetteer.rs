//! Gazetteers and word lists: places, given names, surnames, titles, and the
//! heads that mark organisations and places.
//!
//! The large lists ship in `assets/data/` (see its README for sources and
//! licences) and are embedded in the binary; they are parsed once, on first
//! use, so start-up stays fast.

use std::sync::OnceLock;

use super::model::{FastMap, FastSet};
use super::word_list::{WordList, entries};

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
    /// The class a place list names in its second column (`country`,
    /// `region`, `bigcity`; anything else is a town).
    fn parse(class: &str) -> NameClass {
        match class {
            "country" => NameClass::Country,
            "region" => NameClass::Region,
            "bigcity" => NameClass::BigCity,
            _ => NameClass::City,
        }
    }

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
const PLACE_ALIASES_TSV: &str = include_str!("../../assets/data/place_aliases.tsv");

/// Oceans, seas, rivers, mountains and other natural features, read as
/// regions.
const NATURAL_FEATURES: &str = include_str!("../../assets/data/natural_features.txt");

/// Widely known organisations, institutions and media outlets, including
/// institutions named by their seat ("Kremlin", "White House").
static COMPANIES: WordList = WordList::new(include_str!("../../assets/data/companies.txt"));

static ORGANIZATIONS: WordList = WordList::new(include_str!(
    "../../assets/data/gazetteer_organizations.txt"
));

/// Words that introduce a person's name without being part of it.
pub static TITLES: WordList = WordList::new(include_str!("../../assets/data/gazetteer_titles.txt"));

/// Last words of organisation names.
pub static ORG_HEADS: WordList =
    WordList::new(include_str!("../../assets/data/gazetteer_org_heads.txt"));

/// Last words of place names.
pub static PLACE_HEADS: WordList =
    WordList::new(include_str!("../../assets/data/gazetteer_place_heads.txt"));

/// Nationality and group adjectives: never places on their own.
pub static DEMONYMS: WordList =
    WordList::new(include_str!("../../assets/data/gazetteer_demonyms.txt"));

/// Holidays and seasons of the year, never entities either.
pub static HOLIDAYS: WordList =
    WordList::new(include_str!("../../assets/data/gazetteer_holidays.txt"));

/// Month names (first, in order) and weekdays: never entities.
pub static CALENDAR: WordList =
    WordList::new(include_str!("../../assets/data/gazetteer_calendar.txt"));

/// Parsed gazetteers.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// Place and organisation names by their exact written form.
    pub places: FastMap<&'static str, NameClass>,
    /// The most words in any place name.
    pub max_place_words: usize,
    /// One-word names known only from the list of companies ("Toyota").
    pub one_word_companies: FastSet<&'static str>,
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
            places.entry(name).or_insert(NameClass::parse(class));
        }
        for name in entries(NATURAL_FEATURES) {
            places.entry(name).or_insert(NameClass::Region);
        }
        for line in entries(PLACE_ALIASES_TSV) {
            let Some((name, class)) = line.split_once('\t') else {
                continue;
            };
            places.insert(name, NameClass::parse(class));
        }
        for &name in ORGANIZATIONS.words() {
            places.insert(name, NameClass::Organization);
        }
        // Listed companies never displace a place of the same name.
        let mut companies = FastSet::default();
        for &name in COMPANIES.words() {
            if let std::collections::hash_map::Entry::Vacant(e) = places.entry(name) {
                e.insert(NameClass::Organization);
                if !name.contains(' ') {
                    companies.insert(name);
                }
            }
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
            one_word_companies: companies,
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

    /// True for a given name that is no common surname ("Edith", not
    /// "Morgan").
    pub fn is_given_name_only(&self, word: &str) -> bool {
        self.given_rank(word).is_some() && !self.surnames.contains_key(word)
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
            (&TITLES, flags::TITLE),
            (&ORG_HEADS, flags::ORG_HEAD),
            (&PLACE_HEADS, flags::PLACE_HEAD),
            (&DEMONYMS, flags::DEMONYM),
            (&CALENDAR, flags::CALENDAR),
            (&HOLIDAYS, flags::CALENDAR),
        ] {
            for &w in list.words() {
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
