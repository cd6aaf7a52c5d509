//! Quotations and their speakers, as tables: one line per case.
//!
//! Paragraphs are separated by `\n`. In attribution cases a name in
//! brackets is a mention (`[Vladimir Putin]` a person, `[ORG Kremlin]` an
//! organisation, `[LOC Russia]` a place); persons sharing a last word are one
//! entity named by their longest form, so `[Putin]` prints "Vladimir Putin".

use dramatis::analysis::quotes::{attribute, find_quotes};
use dramatis::analysis::{Entity, EntityKind, Mention, Speaker, SpeakerStep};
use dramatis::span::Span;

/// Paragraph spans: the non-empty lines of `text`.
fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        if !line.trim().is_empty() {
            out.push(Span::new(start, start + line.len()));
        }
        start += line.len() + 1;
    }
    out
}

fn quote_texts(text: &str) -> Vec<String> {
    find_quotes(text, &paragraphs(text))
        .iter()
        .map(|q| q.text(text).to_string())
        .collect()
}

#[track_caller]
fn check_spans(input: &str, expected: &[&str]) {
    assert_eq!(quote_texts(input), expected, "quotes of {input:?}");
}

#[test]
fn quote_spans() {
    let cases: &[(&str, &[&str])] = &[
        // Curly and straight marks; the span excludes the marks.
        (
            "He said: “It will be a visit.” Then he left.",
            &["It will be a visit."],
        ),
        ("He said \"yes\" and \"no\".", &["yes", "no"]),
        ("„Guten Tag“, sagte er.", &["Guten Tag"]),
        // Two pairs around an attribution make two quotations.
        (
            "“We hear it,” Putin said. “Well, fine.”",
            &["We hear it,", "Well, fine."],
        ),
        ("\"A,\" he said, \"B.\"", &["A,", "B."]),
        // Partial quotes and scare quotes count.
        ("talks were “actively advancing.”", &["actively advancing."]),
        (
            "a train dubbed a “moving fortress” – which is armoured",
            &["moving fortress"],
        ),
        // Apostrophes are not quotation marks.
        ("Kim’s train isn’t slow, he said in the ’90s.", &[]),
        (
            "The girls' robot won 'courageous achievement' honours.",
            &["courageous achievement"],
        ),
        ("Reports: 'streamlined' UK asylum process", &["streamlined"]),
        ("the players’ union and the Smiths’ house", &[]),
        ("rock ’n’ roll from the '60s", &[]),
        // Nested single quotes stay inside the double quotation.
        (
            "“You call yourself my ‘faithful slave,’ I see,” she said.",
            &["You call yourself my ‘faithful slave,’ I see,"],
        ),
        (
            "\"these 'events' happen,\" he wrote",
            &["these 'events' happen,"],
        ),
        // Inches and stray closing marks open nothing.
        ("A 12\" pipe and a 3\" nail.", &[]),
        ("He left.” Then she came.", &[]),
        // An unclosed mark stops at the end of its paragraph.
        ("She said “never\nAnd then nothing.", &["never"]),
        ("“Open\nNext paragraph “closed” here.", &["Open", "closed"]),
        // A quotation reopened in the next paragraph: one span per piece.
        (
            "She said: “First part.\n“Second part.”\nAfter.",
            &["First part.", "Second part."],
        ),
        // A quotation closed in the next paragraph without reopening: one span.
        (
            "He said, \"I think so.\nIt was a day.\" Then.",
            &["I think so.\nIt was a day."],
        ),
        // Empty quotations are dropped.
        ("an empty \"\" pair", &[]),
    ];
    for (input, expected) in cases {
        check_spans(input, expected);
    }
}

#[test]
fn unbalanced_marks_never_swallow_the_text() {
    let mut book = String::from("“Open and never closed.\n");
    for _ in 0..200 {
        book.push_str("A plain paragraph with no marks.\n");
    }
    book.push_str("“Closed.”\n");
    assert_eq!(quote_texts(&book), ["Open and never closed.", "Closed."]);
}

#[test]
fn odd_input_never_panics() {
    for input in [
        "\"",
        "“",
        "”",
        "'",
        "’",
        "\"\"\"",
        "'''",
        "“”“",
        "a\"b\"c'd'e",
        "„",
        "«»",
        "\n\"\n\"\n",
    ] {
        let quotes = find_quotes(input, &paragraphs(input));
        for q in quotes {
            assert!(q.start <= q.end && q.end <= input.len(), "{input:?}");
        }
    }
}

/// The text without brackets, its mentions and entities.
fn annotated(input: &str) -> (String, Vec<Mention>, Vec<Entity>) {
    let mut text = String::new();
    let mut raw: Vec<(Span, EntityKind, String)> = Vec::new();
    let mut rest = input;
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let close = rest[open..].find(']').map_or(rest.len(), |c| open + c);
        let inner = &rest[open + 1..close];
        let (kind, name) = match inner.split_once(' ') {
            Some(("ORG", n)) => (EntityKind::Organization, n),
            Some(("LOC", n)) => (EntityKind::Place, n),
            _ => (EntityKind::Person, inner),
        };
        let start = text.len();
        text.push_str(name);
        raw.push((Span::new(start, text.len()), kind, name.to_string()));
        rest = &rest[(close + 1).min(rest.len())..];
    }
    text.push_str(rest);
    let mut entities: Vec<Entity> = Vec::new();
    let mut mentions = Vec::new();
    for (span, kind, name) in raw {
        // People sharing a surname are one unless their titles differ
        // (Mr. and Mrs. Harwick are two).
        let key = |n: &str| {
            let title = n.split_whitespace().next().filter(|w| w.ends_with('.'));
            let last = n.split_whitespace().last().unwrap_or("");
            format!("{} {last}", title.unwrap_or(""))
        };
        let found = entities.iter().position(|e| {
            e.kind == kind
                && (e.name == name || kind == EntityKind::Person && key(&e.name) == key(&name))
        });
        let id = found.unwrap_or_else(|| {
            entities.push(Entity {
                id: entities.len(),
                kind,
                name: name.clone(),
                mentions: vec![],
            });
            entities.len() - 1
        });
        if name.len() > entities[id].name.len() {
            entities[id].name = name;
        }
        entities[id].mentions.push(mentions.len());
        mentions.push(Mention {
            span,
            entity: id,
            reason: "test".into(),
        });
    }
    (text, mentions, entities)
}

/// The quotations of an annotated text: (quote text, speaker name or "-"
/// for none, the step that chose the speaker).
fn speakers_of(input: &str) -> Vec<(String, String, SpeakerStep)> {
    let (text, mentions, entities) = annotated(input);
    let paras = paragraphs(&text);
    let quotes = find_quotes(&text, &paras);
    attribute(&text, &paras, &quotes, &mentions, &entities)
        .iter()
        .map(|q| {
            let speaker = match &q.speaker {
                Speaker::Entity(id) => entities[*id].name.clone(),
                Speaker::Described(s) => s.clone(),
                Speaker::Unknown => "-".to_string(),
            };
            (q.span.text(&text).to_string(), speaker, q.step)
        })
        .collect()
}

/// Checks the quotations of an annotated text and their speakers: each
/// expected pair is (quote text, speaker name or "-" for none).
#[track_caller]
fn check_speakers(input: &str, expected: &[(&str, &str)]) {
    let got: Vec<(String, String)> = speakers_of(input)
        .into_iter()
        .map(|(q, s, _)| (q, s))
        .collect();
    let want: Vec<(String, String)> = expected
        .iter()
        .map(|(q, s)| (q.to_string(), s.to_string()))
        .collect();
    assert_eq!(got, want, "speakers in {input:?}");
}

#[test]
fn speakers() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        // A reporting verb's subject before a colon, title and organisation included.
        (
            "[ORG Kremlin] spokesman [Dmitry Peskov] said: “It will be a visit.”",
            &[("It will be a visit.", "Dmitry Peskov")],
        ),
        // An unnamed speaker after the quotation, kept as written.
        (
            "“Talks are advancing,” a [LOC US] National Security spokesperson said.",
            &[(
                "Talks are advancing,",
                "a US National Security spokesperson",
            )],
        ),
        // A pronoun goes to the last named person before the quotation.
        (
            "Ahead of the meeting with [Kim], [Putin] warned that [LOC Britain] was provoking [LOC Russia].\n“Are they trying to provoke us?” he said.",
            &[("Are they trying to provoke us?", "Putin")],
        ),
        // … but not a name used to describe a thing ("the Cruise video").
        (
            "Writing online, [Ann Reid] praised the [Lopez] video. She called the [Lopez] video “a small step.”\n",
            &[("a small step.", "Ann Reid")],
        ),
        // A partial quotation in reported speech.
        (
            "The [LOC US] raised it, with [John Kirby] warning that negotiations were “actively advancing.”",
            &[("actively advancing.", "John Kirby")],
        ),
        // A nickname attributed to no one is a scare quote, not speech.
        (
            "[Kim] left his train, dubbed a “moving fortress” – which is armoured.",
            &[],
        ),
        // So are terms quoted in narration with no one to say them.
        (
            "The house had a “front hall” and a “back hall”, as [Vell] put it to nobody.",
            &[],
        ),
        // Two quotations around one attribution; the short form shows the full name.
        (
            "[Vladimir Putin] spoke.\n“We hear it,” [Putin] said. “Well, this is good.”",
            &[
                ("We hear it,", "Vladimir Putin"),
                ("Well, this is good.", "Vladimir Putin"),
            ],
        ),
        (
            "\"A,\" [Smith] said, \"B.\"",
            &[("A,", "Smith"), ("B.", "Smith")],
        ),
        // Inversion: said X.
        (
            "\"Seventeen years ago, this was impossible,\" said Ambassador [Mohib].",
            &[("Seventeen years ago, this was impossible,", "Mohib")],
        ),
        (
            "“Heavens!” replied the prince, not in the least disconcerted.",
            &[("Heavens!", "the prince")],
        ),
        // An appositive between subject and verb.
        (
            "[Claudio De Vincenti], undersecretary to the prime minister, said \"a table will open\".",
            &[("a table will open", "Claudio De Vincenti")],
        ),
        // According to.
        (
            "According to [Maria Lopez], \"the data is clear.\"",
            &[("the data is clear.", "Maria Lopez")],
        ),
        // An organisation as speaker; a phrase with a named modifier stays a phrase.
        (
            "The [ORG Straits Times] noted it had grown into a \"support movement\".",
            &[("support movement", "Straits Times")],
        ),
        (
            "The [ORG Home Office] letter reads \"we may extend it\", but no plans exist.",
            &[("we may extend it", "The Home Office letter")],
        ),
        // An agent phrase inside the subject is skipped.
        (
            "A leaked internal letter seen by [ORG Sky News] says \"failure may count\", but.",
            &[("failure may count", "A leaked internal letter")],
        ),
        // A colon ending the previous paragraph introduces the speaker.
        (
            "US President [Barack Obama] tweeted using his account:\n\"Cool clock, Ahmed.\"",
            &[("Cool clock, Ahmed.", "Barack Obama")],
        ),
        // A turn that continues in the next paragraph.
        (
            "\"First,\" said [Hamdullah Mohib].\n\"They represent our aspirations.\"",
            &[
                ("First,", "Hamdullah Mohib"),
                ("They represent our aspirations.", "Hamdullah Mohib"),
            ],
        ),
        (
            "[Caitlin Boswell] said: \"People need help.\n\"No one should suffer.\"",
            &[
                ("People need help.", "Caitlin Boswell"),
                ("No one should suffer.", "Caitlin Boswell"),
            ],
        ),
        // A speaker named in an earlier sentence of the paragraph.
        (
            "[Colette Heald] noted the findings matter. \"An air-quality cleanup would help.\"",
            &[("An air-quality cleanup would help.", "Colette Heald")],
        ),
        // Later quotations of one sentence keep its speaker.
        (
            "[Yvette Cooper] said it was \"damning\" after the [ORG UNHCR] \"recommended it.\"",
            &[
                ("damning", "Yvette Cooper"),
                ("recommended it.", "Yvette Cooper"),
            ],
        ),
        // A participle after a comma belongs to the sentence's subject.
        (
            "[Putin] backed [Donald Trump], describing the case as a “persecution.”",
            &[("persecution.", "Putin")],
        ),
        // A plural pronoun goes to the last described speaker.
        (
            "The authors say the results are clear. They call for \"urgent action.\"",
            &[("urgent action.", "The authors")],
        ),
        // Nouns that look like verbs are not reporting verbs: no one says this.
        (
            "to clear the nation's asylum claim 'legacy backlog' by the end",
            &[],
        ),
        // A passive report names its speaker after "by", or none.
        (
            "It has been described as \"heartbreaking\" by the conservation department.",
            &[("heartbreaking", "the conservation department")],
        ),
        (
            "A stranding that was described as \"unprecedented\" left them scrambling.",
            &[],
        ),
        // A middle initial does not cut the name.
        (
            "\"It was loved,\" said [Robert M. Danin], a senior fellow.",
            &[("It was loved,", "Robert M. Danin")],
        ),
        // The attribution closes a sentence that runs on after the quotation.
        (
            "\"Nothing could persuade them\" to hold up the plans, [Indyk] said.",
            &[("Nothing could persuade them", "Indyk")],
        ),
        (
            "\"Sickness and noise\" all contribute, according to [ORG Project Jonah].",
            &[("Sickness and noise", "Project Jonah")],
        ),
        // A turn runs on over a paragraph without names, not past another person.
        (
            "\"First,\" [Obama] said.\nHe defended the visits.\n\"Well, they are not ideal.\"",
            &[("First,", "Obama"), ("Well, they are not ideal.", "Obama")],
        ),
        // … and a short paragraph opening with another person (an action
        // beat) hands the turn to them.
        (
            "\"First,\" [Obama] said.\n[Ted Cruz] disagreed with the plan.\n\"Well, no.\"",
            &[("First,", "Obama"), ("Well, no.", "Ted Cruz")],
        ),
        (
            "\"First,\" [Obama] said.\nLater that week, the plan was dropped by [Ted Cruz] and others in a vote.\n\"Well, no.\"",
            &[("First,", "Obama"), ("Well, no.", "-")],
        ),
        // A mid-sentence quotation with the attribution closing the sentence.
        (
            "We need to \"make sure there is enough\" Ms [Lydia Buchtmann] said.",
            &[("make sure there is enough", "Lydia Buchtmann")],
        ),
        // Names and titles are no speech, so no quotations.
        (
            "[ORG Microsoft] says on \"The Countdown\" site that it is time.",
            &[],
        ),
        (
            "The team named their robot \"Robogee.\" Others had trouble.",
            &[],
        ),
        // An appositive between the quotation and the verb.
        (
            "\"The drug was in her system,\" her mother, [Fiona Parry], said in a statement.",
            &[("The drug was in her system,", "Fiona Parry")],
        ),
        // Titles with a full stop stay in the name as written.
        (
            "\"There will be another one,\" Mr. Frankel said.",
            &[("There will be another one,", "Mr. Frankel")],
        ),
        // "It said" with no organisation nearby is nobody, not the last person.
        (
            "\"We are concerned,\" said inspector [Jennifer Mattinson].\n\"We advise the public,\" it said.",
            &[
                ("We are concerned,", "Jennifer Mattinson"),
                ("We advise the public,", "-"),
            ],
        ),
        // "X of Y": the person, not the place.
        (
            "[Mitch McConnell] of [LOC Kentucky] called the deficit \"the transcendent issue\".",
            &[("the transcendent issue", "Mitch McConnell")],
        ),
        // A clause fragment is no speaker.
        (
            "If you'd just told me you \"tore your house apart\" I would know.",
            &[],
        ),
        // British style: single marks as the primary quotation marks.
        (
            "'We will not back down,' the minister said. 'It is right.'",
            &[
                ("We will not back down,", "the minister"),
                ("It is right.", "the minister"),
            ],
        ),
        (
            "The players' union said 'no' to the plan.",
            &[("no", "The players' union")],
        ),
        // A participle ends an inverted subject.
        (
            "“I’ve been sent back,” said the officers, turning away.",
            &[("I’ve been sent back,", "the officers")],
        ),
        // Common news shapes.
        (
            "In a statement, the ministry said: \"We will review it.\"",
            &[("We will review it.", "the ministry")],
        ),
        (
            "Speaking to the [ORG BBC], [Jane Smith] said the plan was \"unworkable\".",
            &[("unworkable", "Jane Smith")],
        ),
        (
            "\"It is over,\" [Smith], 45, said.",
            &[("It is over,", "Smith")],
        ),
        (
            "[Smith], who chairs the committee, said \"it failed\".",
            &[("it failed", "Smith")],
        ),
        (
            "The report, published on Monday, said \"risks remain\".",
            &[("risks remain", "The report")],
        ),
        (
            "\"We won,\" he told [ORG CNN] after [Tom Brady] scored.",
            &[("We won,", "-")],
        ),
        (
            "[Tom Brady] scored twice. \"We won,\" he told [ORG CNN].",
            &[("We won,", "Tom Brady")],
        ),
        (
            "\"It works,\" [Lee] said, adding that it was \"cheap\".",
            &[("It works,", "Lee"), ("cheap", "Lee")],
        ),
        (
            "Asked about the plan, [Ana Ruiz] replied: \"No comment.\"",
            &[("No comment.", "Ana Ruiz")],
        ),
        // A name the tagger missed is kept as written, without its titles.
        (
            "Minister of Education Stefania Giannini said a \"more general reflection\" is needed.",
            &[("more general reflection", "Stefania Giannini")],
        ),
        // A dash and a name after a quotation.
        (
            "\"It's a long game.\" - [Matthew Ingram]",
            &[("It's a long game.", "Matthew Ingram")],
        ),
    ];
    for (input, expected) in cases {
        check_speakers(input, expected);
    }
}

proptest::proptest! {
    /// On any text, quotations are sorted, disjoint, on char boundaries and
    /// inside the paragraphs, the speech among them keeps its spans, and
    /// every speaker is a person of the document or words of the text.
    #[test]
    fn quotes_are_well_formed(input in "([a-zA-Z]{1,8}|[ ,.:;!?]|[\"'“”‘’„«»]|\n|\n\n|\n— |é|—|[Hh]e said|I said|said [A-Z][a-z]+|said his wife|the [a-z]{2,6} said){0,80}") {
        let (text, mentions, entities) = annotated(&capitalised_as_people(&input));
        let paras = paragraphs(&text);
        let quotes = find_quotes(&text, &paras);
        let mut last_end = 0;
        for q in &quotes {
            proptest::prop_assert!(q.start < q.end && q.end <= text.len());
            proptest::prop_assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
            proptest::prop_assert!(q.start >= last_end, "overlap at {q:?}");
            proptest::prop_assert!(paras.iter().any(|p| p.contains(q.start)));
            last_end = q.end;
        }
        let attributed = attribute(&text, &paras, &quotes, &mentions, &entities);
        // Speech is a subsequence of the quoted spans (scare quotes drop out).
        let mut rest = quotes.iter();
        for a in &attributed {
            proptest::prop_assert!(rest.any(|q| *q == a.span), "{:?} is no quoted span", a.span);
            // A speaker is a person of the document or words of the text.
            match &a.speaker {
                Speaker::Entity(id) => proptest::prop_assert!(*id < entities.len()),
                Speaker::Described(words) => {
                    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    proptest::prop_assert!(
                        words == "the narrator" || flat.contains(words.as_str()),
                        "{words:?} is not in the text"
                    );
                }
                Speaker::Unknown => {}
            }
        }
    }
}

/// Brackets every capitalised word so the property test has people to find.
fn capitalised_as_people(input: &str) -> String {
    let clean: String = input.chars().filter(|c| *c != '[' && *c != ']').collect();
    let mut out = String::new();
    for (i, word) in clean.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        if word.len() > 1
            && word.chars().all(|c| c.is_ascii_alphabetic())
            && word.starts_with(|c: char| c.is_ascii_uppercase())
        {
            out.push('[');
            out.push_str(word);
            out.push(']');
        } else {
            out.push_str(word);
        }
    }
    out
}

/// Conversations in novels: the turns of a dialogue (one paragraph each)
/// give speakers to the lines that name none.
#[test]
fn dialogue_speakers() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        // Unattributed turns alternate between the last two speakers.
        (
            "“Is the ferry late?” asked [Odile Marchetti].\n“An hour at least,” said [Tobias Wren].\n“Then we walk.”\n“In this rain?”",
            &[
                ("Is the ferry late?", "Odile Marchetti"),
                ("An hour at least,", "Tobias Wren"),
                ("Then we walk.", "Odile Marchetti"),
                ("In this rain?", "Tobias Wren"),
            ],
        ),
        // Read backwards too: turns before the first named one.
        (
            "“Who is there?”\n“Only me,” said [Tobias].\n“Come in, then,” said [Odile].",
            &[
                ("Who is there?", "Odile"),
                ("Only me,", "Tobias"),
                ("Come in, then,", "Odile"),
            ],
        ),
        // A name addressed in a line is not its speaker; it answers next.
        (
            "[Brannock] and [Mirelle] sat by the fire.\n“[Mirelle], are you cold?”\n“Not at all.”",
            &[
                ("Mirelle, are you cold?", "Brannock"),
                ("Not at all.", "Mirelle"),
            ],
        ),
        // A paragraph is one turn: the second line shares the speaker.
        (
            "“Wait,” said [Tobias Wren]. “I forgot the lamp.”",
            &[
                ("Wait,", "Tobias Wren"),
                ("I forgot the lamp.", "Tobias Wren"),
            ],
        ),
        // “she said” goes to the woman of the conversation, by title or given name.
        (
            "Mr. [Quillby] looked up from his paper.\n“Where is Mrs. [Aldous]?” asked [Quillby].\n“Gone out,” said [Margaret Fenn].\n“When?”\n“At noon,” she said.",
            &[
                ("Where is Mrs. Aldous?", "Quillby"),
                ("Gone out,", "Margaret Fenn"),
                ("When?", "Quillby"),
                ("At noon,", "Margaret Fenn"),
            ],
        ),
        // “he continued”: the last speaker goes on.
        (
            "“Sit,” said [Tobias Wren].\n“Thank you,” said [Odile Marchetti].\n“Now,” he continued, “the letter.”",
            &[
                ("Sit,", "Tobias Wren"),
                ("Thank you,", "Odile Marchetti"),
                ("Now,", "Tobias Wren"),
                ("the letter.", "Tobias Wren"),
            ],
        ),
        // An action beat names the next speaker.
        (
            "“It is late,” said [Tobias Wren].\n[Odile Marchetti] shrugged.\n“Then go home.”",
            &[
                ("It is late,", "Tobias Wren"),
                ("Then go home.", "Odile Marchetti"),
            ],
        ),
        // The narrator is the one the others address.
        (
            "“Sit down, [Corwin],” said [Hesper].\n“Thank you,” I said.\n“[Corwin], you look tired,” said [Hesper].\n“I am,” I said.\n“[Corwin] is a name I know.”",
            &[
                ("Sit down, Corwin,", "Hesper"),
                ("Thank you,", "Corwin"),
                ("Corwin, you look tired,", "Hesper"),
                ("I am,", "Corwin"),
                ("Corwin is a name I know.", "Hesper"),
            ],
        ),
        // Dialogue written with dashes: a line runs to its attribution.
        (
            "[Odile Marchetti] came in.\n— Is the ferry late? she asked.\n— An hour at least, said [Tobias Wren], — and the wind is up.\n— Then we walk.\n— In this rain?",
            &[
                ("Is the ferry late?", "Odile Marchetti"),
                ("An hour at least,", "Tobias Wren"),
                ("and the wind is up.", "Tobias Wren"),
                ("Then we walk.", "Odile Marchetti"),
                ("In this rain?", "Tobias Wren"),
            ],
        ),
        // British editions: single marks, apostrophes left alone.
        (
            "'Is the ferry late?' asked [Odile Marchetti].\n'An hour at least,' said [Tobias Wren]. 'The wind's against it.'\n'Then we walk.'\n'In this rain? The girls' shoes won't last.'",
            &[
                ("Is the ferry late?", "Odile Marchetti"),
                ("An hour at least,", "Tobias Wren"),
                ("The wind's against it.", "Tobias Wren"),
                ("Then we walk.", "Odile Marchetti"),
                ("In this rain? The girls' shoes won't last.", "Tobias Wren"),
            ],
        ),
        // News: a paragraph of quotation after one attributed line goes on
        // with the same speaker when no conversation shows another.
        (
            "“We are ready,” said Minister [Ilse Varga].\n“The vote will be held in May and the result will stand.”",
            &[
                ("We are ready,", "Ilse Varga"),
                (
                    "The vote will be held in May and the result will stand.",
                    "Ilse Varga",
                ),
            ],
        ),
        // A person narrated before a line someone else speaks is the
        // listener, whose turn comes next; one short aside that names no
        // one does not end the conversation.
        (
            "“Did the letter come?” asked [Odile Marchetti].\n[Tobias Wren] said nothing.\n“It came, then,” cried [Odile].\n“I burned it.”\nThe clock struck.\n“Unread?”\n“Every word read.”",
            &[
                ("Did the letter come?", "Odile Marchetti"),
                ("It came, then,", "Odile"),
                ("I burned it.", "Tobias Wren"),
                ("Unread?", "Odile"),
                ("Every word read.", "Tobias Wren"),
            ],
        ),
    ];
    for (input, expected) in cases {
        check_speakers(input, expected);
    }
}

/// Each step of the speaker sieve, one row or more: the quotation, its
/// speaker and the step that chose it (`analyze --json` gives the step as
/// the `reason`).
#[test]
fn sieve_steps() {
    use SpeakerStep::*;
    /// A text and its quotations: (quotation, speaker, step).
    type Row<'a> = (&'a str, &'a [(&'a str, &'a str, SpeakerStep)]);
    let cases: &[Row] = &[
        // A speech verb with its subject, after or before the quotation.
        (
            "“The river is high,” said [Tobias Wren].",
            &[("The river is high,", "Tobias Wren", Named)],
        ),
        (
            "[Tobias Wren] replied: “Then we wait.”",
            &[("Then we wait.", "Tobias Wren", Named)],
        ),
        // A speaker named only after the quotation, past an apposition.
        (
            "“We will rebuild,” [Ilse Varga], the mayor of the town, said on Monday.",
            &[("We will rebuild,", "Ilse Varga", Named)],
        ),
        (
            "The plan will fail, according to [Ilse Varga]. “It has no money,” she added.",
            &[("It has no money,", "Ilse Varga", Pronoun)],
        ),
        // A pronoun, read by gender: the woman, not the man named last.
        (
            "[Odile Marchetti] watched [Mr. Harwick] mend the gate.\n“It will not hold,” she said.",
            &[("It will not hold,", "Odile Marchetti", Pronoun)],
        ),
        // A relation: "his wife" is Mrs. Harwick when "his" is Mr. Harwick.
        (
            "[Mr. Harwick] read by the fire.\n“You are late,” said his wife.\n[Mrs. Harwick] took off her gloves.",
            &[("You are late,", "Mrs. Harwick", Relation)],
        ),
        // … and the husband addressed in the line she interrupts.
        (
            "“My dear [Mr. Harwick],” said his wife, “the fire is out.”\n[Mrs. Harwick] sat down.",
            &[
                ("My dear Mr. Harwick,", "Mrs. Harwick", Relation),
                ("the fire is out.", "Mrs. Harwick", Relation),
            ],
        ),
        // A rank: "the count" is the Count named before.
        (
            "[Count Orlov] came in from the snow.\n“Sit down, all of you,” said the count.",
            &[("Sit down, all of you,", "Count Orlov", Relation)],
        ),
        // An unnamed speaker, as the text describes them.
        (
            "“No comment,” a police spokeswoman said.",
            &[("No comment,", "a police spokeswoman", Described)],
        ),
        // An interrupted line: the verb between the halves names both.
        (
            "“Wait,” said [Tobias Wren], “I forgot the lamp.”",
            &[
                ("Wait,", "Tobias Wren", Named),
                ("I forgot the lamp.", "Tobias Wren", Named),
            ],
        ),
        // The same turn: a paragraph's next sentence of speech.
        (
            "“Wait,” said [Tobias Wren]. “I forgot the lamp.”",
            &[
                ("Wait,", "Tobias Wren", Named),
                ("I forgot the lamp.", "Tobias Wren", SameTurn),
            ],
        ),
        // The previous paragraph's speaker going on, in news.
        (
            "“We are ready,” said Minister [Ilse Varga].\n“The vote will be held in May and the result will stand.”",
            &[
                ("We are ready,", "Ilse Varga", Named),
                (
                    "The vote will be held in May and the result will stand.",
                    "Ilse Varga",
                    Carried,
                ),
            ],
        ),
        // Six unattributed turns alternate between the two speakers.
        (
            "“Is the ferry late?” asked [Odile Marchetti].\n“An hour at least,” said [Tobias Wren].\n“Then we walk.”\n“In this rain?”\n“Why not?”\n“Your shoes.”\n“They will dry.”\n“Not by morning.”",
            &[
                ("Is the ferry late?", "Odile Marchetti", Named),
                ("An hour at least,", "Tobias Wren", Named),
                ("Then we walk.", "Odile Marchetti", TurnTaking),
                ("In this rain?", "Tobias Wren", TurnTaking),
                ("Why not?", "Odile Marchetti", TurnTaking),
                ("Your shoes.", "Tobias Wren", TurnTaking),
                ("They will dry.", "Odile Marchetti", TurnTaking),
                ("Not by morning.", "Tobias Wren", TurnTaking),
            ],
        ),
        // A vocative names the listener, who answers next.
        (
            "[Brannock] and [Mirelle] sat by the fire.\n“[Mirelle], are you cold?”\n“Not at all.”",
            &[
                ("Mirelle, are you cold?", "Brannock", ActionBeat),
                ("Not at all.", "Mirelle", Addressed),
            ],
        ),
        // The one addressed is never the speaker, even when named last.
        (
            "[Brannock] looked at [Mirelle].\n“Go home, [Mirelle].”",
            &[("Go home, Mirelle.", "Brannock", ActionBeat)],
        ),
        // The person the narration of the line's paragraph is about.
        (
            "[Ilse Varga] stood at the window, thinking of the harbour. “Nobody is coming.”",
            &[("Nobody is coming.", "Ilse Varga", Narration)],
        ),
        // An action beat names the next speaker.
        (
            "“It is late,” said [Tobias Wren].\n[Odile Marchetti] shrugged.\n“Then go home.”",
            &[
                ("It is late,", "Tobias Wren", Named),
                ("Then go home.", "Odile Marchetti", ActionBeat),
            ],
        ),
        // A first-person narrator with no name in sight.
        (
            "“Thank you,” I said, and closed the door.",
            &[("Thank you,", "the narrator", Narrator)],
        ),
        // The narrator's line after "I said:" closing the paragraph before,
        // not a phrase of the narration further back.
        (
            "The offer suggested a quiet winter in the town. So I said:\n“I will go, if the ship sails by spring.”",
            &[(
                "I will go, if the ship sails by spring.",
                "the narrator",
                Narrator,
            )],
        ),
        // Words said by no one we can name.
        ("“Fire!”\nThe street emptied.", &[("Fire!", "-", Unknown)]),
    ];
    for (input, expected) in cases {
        let got = speakers_of(input);
        let want: Vec<(String, String, SpeakerStep)> = expected
            .iter()
            .map(|(q, s, step)| (q.to_string(), s.to_string(), *step))
            .collect();
        assert_eq!(got, want, "steps in {input:?}");
    }
}
