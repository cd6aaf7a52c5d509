//! Sets of token indices at one bit a token.
//!
//! A book has a token every five bytes or so, and only a few of them are
//! ever candidates for a name: a `bool` or an index a token would make the
//! tables about those few cost more than the text. [`Bits`] marks tokens;
//! [`TokenSet`] also gives each member its rank, so that tables about the
//! members alone can be indexed by it.

/// One bit a token.
#[derive(Clone, Debug, Default)]
pub struct Bits {
    /// Bit `i % 64` of word `i / 64` is token `i`'s.
    words: Vec<u64>,
}

impl Bits {
    /// `len` tokens, none set.
    pub fn new(len: usize) -> Self {
        Self {
            words: vec![0; len.div_ceil(64)],
        }
    }

    /// True when token `i` is set (false past the end).
    pub fn get(&self, i: usize) -> bool {
        self.words
            .get(i / 64)
            .is_some_and(|w| w >> (i % 64) & 1 == 1)
    }

    /// Sets or clears token `i`; past the end it does nothing.
    pub fn set(&mut self, i: usize, on: bool) {
        if let Some(w) = self.words.get_mut(i / 64) {
            let bit = 1 << (i % 64);
            if on {
                *w |= bit;
            } else {
                *w &= !bit;
            }
        }
    }
}

/// A fixed set of tokens, each member with its rank: how many members come
/// before it.
#[derive(Clone, Debug, Default)]
pub struct TokenSet {
    bits: Bits,
    /// Per word of `bits`: the members in the words before it.
    before: Vec<usize>,
}

impl TokenSet {
    /// The set of the tokens set in `bits`.
    pub fn new(bits: Bits) -> Self {
        let mut count = 0;
        let before = bits
            .words
            .iter()
            .map(|w| {
                let here = count;
                count += w.count_ones() as usize;
                here
            })
            .collect();
        Self { bits, before }
    }

    /// True when token `i` is a member.
    pub fn contains(&self, i: usize) -> bool {
        self.bits.get(i)
    }

    /// The rank of token `i` among the members, if it is one.
    pub fn rank(&self, i: usize) -> Option<usize> {
        let word = *self.bits.words.get(i / 64)?;
        let bit = i % 64;
        if word >> bit & 1 == 0 {
            return None;
        }
        let lower = word & ((1 << bit) - 1);
        Some(self.before[i / 64] + lower.count_ones() as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_count_the_members_before() {
        let members = [0, 5, 63, 64, 65, 200];
        let mut bits = Bits::new(201);
        for &i in &members {
            bits.set(i, true);
        }
        bits.set(7, true);
        bits.set(7, false);
        let set = TokenSet::new(bits);
        for i in 0..220 {
            let rank = members.iter().position(|&m| m == i);
            assert_eq!(set.rank(i), rank, "{i}");
            assert_eq!(set.contains(i), rank.is_some(), "{i}");
        }
    }
}
