//! A name the gazetteer knows for sure (a country, a region, a big city, a
//! listed organisation) takes the gazetteer's kind, unless an honorific
//! makes it a person ("Mrs Georgia").

use super::common::*;

pub(super) fn run(ctx: &DocContext<'_>, m: &mut RawMention) -> bool {
    let name = m.span.text(ctx.text);
    let honoured = m.kind == EntityKind::Person && honorific_before(ctx, m.first_token).is_some();
    if let Some(class) = Gazetteer::get().place(name)
        && let Some(kind) = sure_kind(class)
        && !honoured
    {
        if kind != m.kind {
            m.reason = Reason::by(
                RuleId::GazetteerKind,
                format!("gazetteer: {}", class.label()),
            );
        }
        m.kind = kind;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::tests::check_given;

    #[test]
    fn rows() {
        check_given("Talks in Canada ended.", "Canada:person", "Canada:place");
        check_given(
            "A statement from the Kremlin followed.",
            "Kremlin:place",
            "Kremlin:organization",
        );
    }
}
