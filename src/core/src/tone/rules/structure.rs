//! `pressure` and `blame` by a sentence's structure (issue 14): social proof ("Most of our guests have already
//! confirmed"), guilt ("after everything we've done"), scarcity with a push, veiled consequences ("It would be a
//! shame if…"), condescension ("as we already explained twice") and the reproachful "if you had…". Each
//! structure is a few slots that must follow each other inside one sentence, each slot a set of alternatives
//! (`structures.txt`): a word list reaches one wording, the slots reach the many a person writes. The slots'
//! patterns live in the shared lexicon, so finding them costs no extra pass over the text. This rule kind
//! never reads the model; it only adds findings where no finding of the same rule covers the sentence.

use std::sync::OnceLock;

use super::{Draft, Rule, WordEntry, WordList};
use crate::lexicon::{Lexicon, Match};

/// One line of `structures.txt`.
#[derive(Debug)]
pub(super) struct Structure {
    rule: Rule,
    /// How many tokens may stand between one slot's match and the next one's, per step (the last repeats).
    gaps: Vec<usize>,
    slots: usize,
}

/// The parsed lines: the structures, and each pattern with its structure, slot (`None` = an exclusion).
type Parsed = (Vec<Structure>, Vec<(String, u16, Option<u8>)>);

fn parse(source: &str) -> Parsed {
    let mut structures = Vec::new();
    let mut patterns = Vec::new();
    for fields in crate::data::records(source) {
        let fields: Vec<&str> = fields.collect();
        let rule = match fields.first().copied() {
            Some("pressure") => Rule::Pressure,
            Some("blame") => Rule::Blame,
            _ => continue,
        };
        let gaps: Vec<usize> = fields
            .get(2)
            .map(|gaps| {
                gaps.split(',')
                    .filter_map(|gap| gap.trim().parse().ok())
                    .collect()
            })
            .unwrap_or_default();
        let Some(slots) = fields.get(3).filter(|_| !gaps.is_empty()) else {
            continue;
        };
        let Ok(index) = u16::try_from(structures.len()) else {
            break;
        };
        let slots: Vec<&str> = slots.split(';').collect();
        for (slot, alternatives) in slots.iter().enumerate() {
            for pattern in alternatives.split('|') {
                patterns.push((pattern.trim().to_string(), index, u8::try_from(slot).ok()));
            }
        }
        for pattern in fields.get(4).copied().unwrap_or("").split('|') {
            if !pattern.trim().is_empty() {
                patterns.push((pattern.trim().to_string(), index, None));
            }
        }
        structures.push(Structure {
            rule,
            gaps,
            slots: slots.len(),
        });
    }
    (structures, patterns)
}

fn parsed() -> &'static Parsed {
    static PARSED: OnceLock<Parsed> = OnceLock::new();
    PARSED.get_or_init(|| parse(include_str!("../structures.txt")))
}

/// Adds the slots' patterns to the default lexicon (built once).
pub(in crate::tone) fn add_structure_patterns(lexicon: &mut Lexicon<WordEntry>) {
    for (pattern, structure, slot) in &parsed().1 {
        lexicon.add(
            pattern,
            WordEntry {
                list: WordList::Structure {
                    structure: *structure,
                    slot: *slot,
                },
                replacement: None,
                lang: None,
            },
        );
    }
}

/// Sentence ends, as in the conditional-threat rule: a clause after `;` is judged on its own too.
fn is_sentence_end(ch: char) -> bool {
    matches!(ch, '.' | '!' | '?' | '。' | '！' | '？' | '\n' | ';' | '；')
}

/// Adds a finding for each sentence where a structure's slots all match in order.
/// `slotted`: each slot match with its structure and slot (`None` = an exclusion).
pub(super) fn structure_rules(draft: &mut Draft<'_>, mut slotted: Vec<(Match, u16, Option<u8>)>) {
    if slotted.is_empty() {
        return;
    }
    slotted.sort_by_key(|(m, structure, _)| (*structure, m.start));
    let structures = &parsed().0;
    let sentences = Sentences::new(&draft.chars);
    let mut found: Vec<(Rule, usize, usize)> = Vec::new();
    let mut at = 0;
    while at < slotted.len() {
        let structure = slotted[at].1;
        let end = at
            + slotted[at..]
                .iter()
                .take_while(|(_, s, _)| *s == structure)
                .count();
        // Most structures end here: one of their slots has no match anywhere in the draft.
        let present = slotted[at..end]
            .iter()
            .filter_map(|(_, _, slot)| *slot)
            .fold(0u64, |mask, slot| {
                mask | 1u64.checked_shl(u32::from(slot)).unwrap_or(0)
            });
        let shape = structures
            .get(usize::from(structure))
            .filter(|shape| (0..shape.slots).all(|slot| present & (1u64 << slot.min(63)) != 0));
        if let Some(shape) = shape {
            found.extend(
                shape_spans(&sentences, shape, &slotted[at..end])
                    .into_iter()
                    .map(|(start, end)| (shape.rule, start, end)),
            );
        }
        at = end;
    }
    found.sort();
    for (rule, start, end) in found {
        let (from, to) = sentences.around(start, end);
        let covered = draft
            .findings
            .iter()
            .any(|f| f.rule == rule && f.start < to && f.end > from);
        if covered || draft.is_masked(start, end) {
            continue;
        }
        let excerpt: String = draft.chars[start..end].iter().take(60).collect();
        draft.push(rule, rule.id(), start, end, &excerpt, None);
    }
}

/// The sentence ends of a draft, found once.
struct Sentences {
    ends: Vec<usize>,
    len: usize,
}

impl Sentences {
    fn new(chars: &[char]) -> Sentences {
        let ends = (0..chars.len())
            .filter(|&at| is_sentence_end(chars[at]))
            .collect();
        Sentences {
            ends,
            len: chars.len(),
        }
    }

    /// The char range of the sentence holding `start..end`.
    fn around(&self, start: usize, end: usize) -> (usize, usize) {
        let before = self.ends.partition_point(|&at| at < start);
        let from = before.checked_sub(1).map_or(0, |i| self.ends[i] + 1);
        let after = self.ends.partition_point(|&at| at < end);
        let to = self.ends.get(after).copied().unwrap_or(self.len);
        (from, to)
    }
}

/// The spans (first slot's start to last slot's end) where one structure matches, at most one per sentence.
fn shape_spans(
    sentences: &Sentences,
    shape: &Structure,
    slotted: &[(Match, u16, Option<u8>)],
) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for (first, _, slot) in slotted {
        if *slot != Some(0) {
            continue;
        }
        let (from, to) = sentences.around(first.start, first.end);
        if spans.iter().any(|&(a, _)| a >= from && a < to) {
            continue;
        }
        let in_sentence = |m: &Match| m.start >= from && m.end <= to;
        let excluded = slotted
            .iter()
            .any(|(m, _, slot)| slot.is_none() && in_sentence(m));
        if excluded {
            continue;
        }
        // Each slot's reachable matches: those that start after one of the previous slot's, within the gap.
        let mut reached: Vec<&Match> = vec![first];
        for next in 1..shape.slots {
            let gap = shape.gaps[(next - 1).min(shape.gaps.len() - 1)];
            reached = slotted
                .iter()
                .filter(|(m, _, slot)| *slot == u8::try_from(next).ok() && in_sentence(m))
                .map(|(m, _, _)| m)
                .filter(|m| {
                    reached.iter().any(|before| {
                        m.first_token >= before.last_token
                            && m.first_token - before.last_token <= gap
                    })
                })
                .collect();
            if reached.is_empty() {
                break;
            }
        }
        if let Some(last) = reached.iter().map(|m| m.end).min() {
            spans.push((first.start, last));
        }
    }
    spans
}
