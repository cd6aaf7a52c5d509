//! Data-driven tests of the entity tagger: annotated strings such as
//! `"[PER Kim Jong-un] arrived in [LOC Russia]"`, one case a line, and
//! tables of how mentions group into entities.

use dramatis::analysis::{Analysis, EntityKind, analyze};
use dramatis::span::Span;

/// Paragraphs of `text`: its non-empty lines.
fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.trim_end_matches('\n').len();
        if end > start {
            out.push(Span::new(start, end));
        }
        start += line.len();
    }
    out
}

fn run(text: &str) -> Analysis {
    analyze(text, &paragraphs(text), &mut |_| {})
}

/// Renders the analysis of `text` in the annotated-string notation.
fn annotate(text: &str, analysis: &Analysis) -> String {
    let mut out = String::new();
    let mut at = 0;
    for m in &analysis.mentions {
        let tag = match analysis.entities[m.entity].kind {
            EntityKind::Person => "PER",
            EntityKind::Place => "LOC",
            EntityKind::Organization => "ORG",
        };
        out.push_str(&text[at..m.span.start]);
        out.push_str(&format!("[{tag} {}]", m.span.text(text)));
        at = m.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Strips the annotations, giving the plain text.
fn plain(annotated: &str) -> String {
    let mut out = String::new();
    let mut rest = annotated;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let inner = &rest[open + 1..];
        let close = inner.find(']').expect("unclosed annotation");
        let body = &inner[..close];
        out.push_str(body.split_once(' ').map_or(body, |(_, name)| name));
        rest = &inner[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Tags every case and fails listing all mismatches, expected then got.
fn check_all(cases: &[&str]) {
    let mut failures = Vec::new();
    for &annotated in cases {
        let text = plain(annotated);
        let got = annotate(&text, &run(&text));
        if got != annotated {
            failures.push(format!("  want {annotated}\n   got {got}"));
        }
    }
    assert!(failures.is_empty(), "mismatches:\n{}", failures.join("\n"));
}

#[test]
fn tags_names_with_titles_possessives_and_determiners_outside() {
    check_all(&[
        "North Korean leader [PER Kim Jong-un] arrived in [LOC Russia] on Tuesday.",
        "He met President [PER Vladimir Putin] in [LOC Vladivostok].",
        "[PER Kim]’s train reached the [LOC Far East] after a long journey, [PER Kim Jong-un] said.",
        "[ORG Kremlin] spokesman [PER Dmitry Peskov] said the talks would go on.",
        "The [ORG New York Times] reported the visit.",
        "A brass band played as Mr [PER Trump] spoke at the [ORG White House].",
        "The [LOC US] accused [LOC Russia] of negotiating an arms deal with [LOC North Korea].",
        "Officials in [LOC Moscow] and [LOC Pyongyang] denied it.",
        "The train reached the [LOC Primorsky] region on Tuesday.",
        "She studied at the [ORG University of Sheffield] before moving to [LOC Canada].",
        "The [ORG Union of Rationalist Atheists] ([ORG UAAR]) launched a petition.",
        "[PER Angela Merkel] met [PER Emmanuel Macron] in [LOC Berlin] on Monday.",
        "Results were published by [ORG NASA] and the [ORG World Bank].",
    ]);
}

#[test]
fn leaves_out_demonyms_calendar_words_and_sentence_starts() {
    check_all(&[
        "Russian state media confirmed the visit.",
        "The North Korean dictator travelled at night.",
        "In August, officials met on a Monday in March.",
        "Chapter One\nIt was a cold day. Yesterday nobody came.",
        "Western support for Ukrainian forces grew.",
        "However, the Court said the State would pay.",
        "I think so, said A.",
        "I’ll go, I said to Him and Thy servant.",
        "[LOC Sweden] played at the FIFA World Cup and the Google Science Fair.",
        "The ICI system replaced the old scheme. BREAKING NEWSLETTER follows.",
        "[PER Amir Khan] said her son had been subject to Islamophobia and her campaign drew support.",
        "Critics said Thatcherism and Antisemitism grew, [PER Amir Khan] wrote.",
        "[PER Harry Kane] won the Carlsberg Man of the Match award and the Golden Boot trophy.",
        // A Roman numeral is no name, nor is an adjective cut from a longer name.
        "The forum thread \"Science vs. the Web, part XVII\" was posted by [PER Tom Rider].",
        "He chaired the National board. National pride grew, [PER Tom Rider] said.",
        // A word the text capitalises only to open sentences.
        "Saltpeter is mined in caves. Miners sell saltpeter cheaply. Saltpeter prices rose.",
        // … or otherwise only inside a longer name.
        "The [ORG Saltpeter Research Institute] met. Saltpeter levels were low, and saltpeter prices fell.",
        // Number words, captions' labels and a letter joined to a noun.
        "Three were hurt in [LOC Lyon].",
        "Volunteers lined the route.\nImage: [PER Dana Whitfield].\n\nFans cheered [PER Sam Ortiz] Image: [PER Dana Whitfield].",
        "He wore a [ORG NASA] T-shirt and an X-ray badge to school.",
    ]);
}

#[test]
fn recovers_repeated_names_and_splits_names_side_by_side() {
    check_all(&[
        "The ambassador to the [LOC United States] [PER Hamdullah Mohib] spoke. Later [PER Hamdullah Mohib] left.",
        "[PER Sergei Shoigu] visited. Then [PER Shoigu] went home.",
        "A boy from [LOC Irving], [LOC Texas] built a clock.",
        "Results of [ORG NCLAN] studies were published by the [LOC US] [ORG Department of Agriculture].",
        "[LOC US] [ORG National Science Foundation] staff met Mr. [PER Toccafondi].",
        // A country before words that name nothing is the place alone.
        "A [LOC Canada] Border Safety spokesperson declined to comment.",
        "Prince [PER Andrew] rode to [LOC Moscow] with Count [PER Rostov].",
        // After a preposition, a known place and a known surname are two names.
        "[PER Michael Kutúzov] rode off. From [LOC Vienna] [PER Kutúzov] wrote to a comrade.",
        "[PER Alphonse Berg] came. Soon after their arrival in [LOC Petersburg] [PER Berg] proposed. [LOC Petersburg] was cold.",
        "[PER Romelu Lukaku] scored, this time from [PER Eden Hazard]'s assist.",
        // Two countries side by side are two places.
        "A joint body for [LOC Australia] [LOC New Zealand] set the rules.",
    ]);
}

#[test]
fn keeps_sentence_openers_and_neighbouring_names_out_of_a_name() {
    check_all(&[
        "[PER Pierre] and [PER Natásha] went out.",
        "He saw [PER Pierre Bezúkhov] there.\n\nWhen [PER Pierre] came in, all rose.",
        "[PER Michael Kutúzov] rode off.\n\nThough [PER Kutúzov] had left, [PER Pierre] stayed.",
        "[PER Natásha Rostóva] sang. [PER Pierre Bezúkhov] listened. On seeing [PER Natásha] [PER Pierre] grew animated.",
        "[PER Pierre Bezúkhov] travelled. In [LOC Moscow] [PER Pierre] found some people.",
        "All [LOC Moscow] was talking. The duties given by [PER God] Himself are many.",
        "[PER Ahmed Mohamed] built a clock. His father [PER Mohamed El-Hassan] spoke.",
        // A name that ends with the word it starts with is one name.
        "[PER Ahmed Mohamed] built a clock. His father [PER Mohamed El-Hassan Mohamed] spoke.",
        "He scored a header from [PER Kevin De Groot]'s pass and [PER Marco Van Basten]'s cross.",
        "He scored a header from [PER Luuk De Jong]'s pass.",
        "“We are glad,” said [PER Vladimir Putin] to the crowd at the station in [LOC Russia].",
        // A post before a name is no name; the person after it is.
        "The minister was late.\nMinister of Transport [PER Marta Kowalczyk] said the line would reopen.",
        "The plan, said Secretary of Agriculture [PER Florence Ferrante], was sound.",
        // A rarer given name and a known surname after an organisation.
        "A lawyer for the [ORG Council on Fair Housing] [PER Alia Moreno] said the rules were clear.",
        "The plant in [LOC Vladimir] reopened, [PER Vladimir Putin] told reporters.",
    ]);
}

#[test]
fn tags_organisations_by_head_words_and_context() {
    check_all(&[
        // A one-word name spoken of as a body of people, twice, is an organisation.
        "[PER Daniel Moore], 19, a member of [ORG Subud] all his life, was arrested. [ORG Subud] officials say he stole files. He read about [ORG Subud] online.",
        "[PER Daniel Moore], 19, a friend of [PER Subud] all his life, was arrested. [PER Subud] say he stole files. He read about [PER Subud] online.",
        // Once is not enough, and a person's surname stays a person.
        // Head words: a publication, a corps, towers, a centre, and a centre for a purpose.
        "She told the [ORG Village Weekly] that [ORG Peace Corps] volunteers met at the [LOC Petronas Towers].",
        "The [ORG Centre for Policy Studies] held a talk at the [LOC Barbican Centre] in [LOC London].",
        // Letters with a version number are a product, and so are the bare letters beside them.
        "Many users of QX6 should move to a newer QX, the [ORG WHO] said. QX9 ships soon.",
        // A word for an organisation before a name; after a plural, names joined by "and" are several.
        "The case concerned the religious schools [ORG Santa Chiara] and [ORG Sacro Cuore] in [LOC Rome].",
        "He joined the organisation [ORG Sacro Cuore] in [LOC Rome].",
        // A station or a memorial named after a body or a person is a place; a district is a body.
        "Walk from [LOC City Hospital Station] to the [LOC Lincoln Memorial]; the [ORG Dallas School District] agreed.",
        "[PER Maria Lopez] spoke. [PER Lopez] staff were told. Members of [PER Lopez] family wept.",
        // A known name in capitals opening a sentence, though "who" is a common word.
        "Nobody knew who wrote it. [ORG WHO] say the shortage is serious.",
        // A role before "of the" stays outside the organisation's name.
        "[PER Ann Reid], Chairman of the [ORG Australian Centre for Control of Water Pollution], spoke.",
        // A person's full name joined by "and" to a place is two names.
        "It stars [PER Emily V. Gordon] and [LOC Silicon Valley] star [PER Kumail Nanjiani].",
        // A person, "of" and a body in one run of capitals are two names.
        "Writing online, [PER Matthew Reid] of the [ORG Globe and Mail] called it a skirmish.",
        // The body's word first, as other languages write it.
        "[ORG Istituto Manzoni], a school in [LOC Turin], closed. The [ORG Partido Verde] objected.",
    ]);
}

#[test]
fn tags_businesses_by_how_the_text_speaks_of_them() {
    check_all(&[
        // A name spoken of as a business: its drivers, "and its".
        "Stories about the taxi service [ORG Zipcart] were common. [ORG Zipcart] and its drivers were blamed. Why would [ORG Zipcart] drivers stay?",
        "Shoppers at [ORG Harbor Foods] saw prices fall. [ORG Harbor Foods] stores were full, and [ORG Harbor Foods] customers were happy.",
        "The chain [ORG Brightwell] said profits rose. [ORG Brightwell] stores were full, and [ORG Brightwell] shares rose.",
        "[ORG Quillpad] published its report. Key changes to [ORG Quillpad]’s platform were listed by the CEO of [ORG Quillpad].",
        "Prime Minister [PER Ana Ferro] said her [ORG Zelkova] party, which tried to rally voters, had won. [ORG Zelkova] won.",
        // Named among organisations, a name the model read as a person is one too.
        "Rent it on [ORG YouTube], [ORG Vexo], [ORG Netflix] and [ORG Google Play].",
        // The place a body is based in is a name of its own.
        "The [LOC Seattle]-based [ORG International Pacific Halibut Commission] set the quota. A [LOC Tacoma]-based firm objected.",
        // So is the name before "-born", "-backed", "-run"; an award's is none.
        "[ORG Kremlin]-backed separatists and [LOC Iran]-backed militias fought. The [LOC Moscow]-born writer left.",
        "[ORG Hamas]-run health officials and the first [LOC New York]-born leader spoke.",
        "Oscar-winning actor [PER Tom Hanks] spoke, as did Booker Prize-winner [PER Margaret Atwood].",
        // A body, a title and a person in one run.
        "On Monday, [ORG Palestinian Authority] President [PER Mahmoud Abbas] spoke at the [ORG United Nations].",
        // Institutions, and centres that work at something, are bodies;
        // a centre for visitors is a place.
        "Staff at the [ORG Brookings Institution] and the [ORG Tax Policy Center] disagreed. The [LOC Lakeside Visitors Center] stayed open.",
        // The first word of an organisation's name, alone.
        "The [ORG Roscosmos Space Agency] confirmed it. [ORG Roscosmos] said the crew was safe.",
        // Storms and holidays are no names; "Cape" begins a place; a place
        // in capitals opens a dateline.
        "[LOC MOSCOW] ([ORG AP]) — The launch from [LOC Cape Canaveral] was delayed by Hurricane Sandy until after Easter.",
    ]);
}

#[test]
fn tags_abbreviations_and_initials() {
    check_all(&[
        // Capitalised words in brackets spelling the upper-case word before them.
        "The [ORG ZEST Global] contest ([ORG Zeal for Engineering and Science Teams]) opened. The first [ORG ZEST Global] contest was in [LOC Lima].",
        // An abbreviation spelled out in lower case is a term, not a body.
        "Iron deficiency anaemia (IDA) is common in [LOC Chad]. IDA rates fell.",
        "The [ORG Water Quality Board] ([ORG WQB]) met. The [ORG WQB] said so.",
        // Initials before a surname, when the letters never stand alone.
        "The effect was first shown in a paper by [PER RM Dunleavy] in 1989; [PER KL Okafor] agreed.",
        "The [ORG BBC] said so. A report by [ORG BBC Marlow] followed.",
        // Technical abbreviations and degrees are no bodies; code is no name.
        "The console shows HDR video over HDMI at 60 FPS, said [PER Ann Reid], MD.",
        "Call apiCall with reqHeaders and a JSON body over HTTP.",
        "SELECT name AS label FROM users. Use it as you like. The AI team grew, as did the UI.",
    ]);
}

#[test]
fn tags_places_by_context() {
    check_all(&[
        // Untagged names in a list of places are places.
        "Trials ran in [LOC Kenya], [LOC Uganda], [LOC Tanzania], [LOC Northern Vorlandia] and [LOC Estravia] last year.",
        // States and provinces, and short forms of big cities.
        "[LOC Tasmania] was left out of the study; [LOC Queensland] was not.",
        "A deputy from the [LOC LA] Sheriff's office told the [ORG Globe and Mail] so.",
        // State abbreviations are places.
        "The study was led from [LOC NY] and [LOC Ontario].",
        // A word that starts place names joins the place.
        "Children in [LOC New South Wales] were tested. [LOC New South Wales] led.",
        // Not when the list has only one place.
        "The prize went to [LOC Kenya], Northern Vorlandia and Lower Estravia.",
    ]);
}

/// Expected entities: display name and the texts of its mentions, in order.
type Groups<'a> = &'a [(&'a str, &'a [&'a str])];

fn check_groups(text: &str, expected: Groups<'_>) {
    let analysis = run(text);
    let got: Vec<(String, Vec<String>)> = analysis
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .map(|e| {
            let mentions = analysis
                .mention_spans(e.id)
                .map(|s| s.text(text).to_string())
                .collect();
            (e.name.clone(), mentions)
        })
        .collect();
    let want: Vec<(String, Vec<String>)> = expected
        .iter()
        .map(|(name, ms)| (name.to_string(), ms.iter().map(|m| m.to_string()).collect()))
        .collect();
    assert_eq!(got, want, "grouping {text:?}");
}

#[test]
fn groups_aliases_with_their_full_name() {
    check_groups(
        "Kim Jong-un arrived. Later Kim Jong-Un spoke, and Kim left.",
        &[("Kim Jong-un", &["Kim Jong-un", "Kim Jong-Un", "Kim"])],
    );
    check_groups(
        "President Vladimir Putin waited. Putin smiled.",
        &[("Vladimir Putin", &["Vladimir Putin", "Putin"])],
    );
}

#[test]
fn keeps_people_who_share_a_name_apart() {
    check_groups(
        "Kim Min-woo scored first. Kim Shin-wook then scored, and Kim celebrated.",
        &[
            ("Kim Min-woo", &["Kim Min-woo"]),
            ("Kim Shin-wook", &["Kim Shin-wook", "Kim"]),
        ],
    );
    check_groups(
        "John Smith met John Brown. Smith left early.",
        &[
            ("John Smith", &["John Smith", "Smith"]),
            ("John Brown", &["John Brown"]),
        ],
    );
}

#[test]
fn every_mention_has_a_reason() {
    let text = "Kremlin spokesman Dmitry Peskov said Putin met Kim in Vladivostok.";
    let analysis = run(text);
    assert!(!analysis.mentions.is_empty());
    for m in &analysis.mentions {
        assert!(
            !m.reason.is_empty(),
            "no reason for {:?}",
            m.span.text(text)
        );
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text mixing names, punctuation, quotation marks, apostrophes and
    /// arbitrary Unicode, so the tokenizer meets its edge cases often.
    fn text_strategy() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("Kim Jong-un".to_string()),
            Just("President Vladimir Putin".to_string()),
            Just("the U.S.".to_string()),
            Just("’s".to_string()),
            Just("“".to_string()),
            Just("”".to_string()),
            Just("\"".to_string()),
            Just(" (UN) ".to_string()),
            Just(". ".to_string()),
            Just("\n".to_string()),
            Just("Mr. ".to_string()),
            Just("of the ".to_string()),
            "[A-Z][a-z]{0,8}".prop_map(|s| s + " "),
            "[a-z]{1,8}".prop_map(|s| s + " "),
            any::<String>(),
        ];
        proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn spans_are_in_bounds_sorted_and_disjoint(text in text_strategy()) {
            let analysis = run(&text);
            let mut last_end = 0;
            for m in &analysis.mentions {
                prop_assert!(m.span.start < m.span.end && m.span.end <= text.len());
                prop_assert!(text.is_char_boundary(m.span.start));
                prop_assert!(text.is_char_boundary(m.span.end));
                prop_assert!(m.span.start >= last_end, "mentions overlap or are unsorted");
                prop_assert!(m.entity < analysis.entities.len());
                prop_assert!(!m.reason.is_empty());
                last_end = m.span.end;
            }
            for e in &analysis.entities {
                prop_assert!(!e.mentions.is_empty());
                prop_assert!(e.mentions.windows(2).all(|w| w[0] < w[1]));
            }
            for q in &analysis.quotes {
                prop_assert!(q.span.start <= q.span.end && q.span.end <= text.len());
                prop_assert!(text.is_char_boundary(q.span.start));
                prop_assert!(text.is_char_boundary(q.span.end));
            }
            prop_assert!(analysis.quotes.windows(2).all(|w| w[0].span.start <= w[1].span.start));
        }
    }
}
