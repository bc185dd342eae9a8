//! The semantic tone banks: agent sentences that blame the customer, press them, or acknowledge a problem,
//! each with near misses that do not ("you should have a reference number", "we'll fix it as soon as we
//! can"). A sentence is judged by its nearest exemplars, and by the tone head (`tone_head.txt`): a softmax over
//! neutral, pressure and blame, trained on agent sentences written for this project in en, ru and zh
//! (`tests/corpora/train_tone_head.py`).

use std::sync::OnceLock;

use super::{Semantic, Vector};
use crate::encoder::cosine;
use crate::lang::Lang;
use crate::lexicon::Lexicon;
use crate::tone::{rule_message, Finding, Rule, Severity};

/// A bank of `tone.txt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ToneKind {
    Blame,
    NotBlame,
    Pressure,
    NotPressure,
    Empathy,
    NoEmpathy,
}

impl ToneKind {
    pub fn from_code(code: &str) -> Option<ToneKind> {
        Some(match code {
            "blame" => ToneKind::Blame,
            "not_blame" => ToneKind::NotBlame,
            "pressure" => ToneKind::Pressure,
            "not_pressure" => ToneKind::NotPressure,
            "empathy" => ToneKind::Empathy,
            "no_empathy" => ToneKind::NoEmpathy,
            _ => return None,
        })
    }
}

/// What the banks say about one sentence.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ToneVerdict {
    pub blame: bool,
    pub pressure: bool,
    pub empathy: bool,
}

/// What the tone head says about one sentence: whether it presses or blames the customer.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ToneHeadVerdict {
    pub pressure: bool,
    pub blame: bool,
}

/// How near the nearest exemplar of a kind must be, and by how much it must beat every other bank.
/// Chosen on real agent replies (tests/corpora, make eval) and paraphrases that no word list holds: lower
/// thresholds flagged ordinary thanks and offers of help as pressure.
const MIN_SIMILARITY: f32 = 0.65;
const MARGIN: f32 = 0.03;

/// How sure the tone head must be before a sentence gets `pressure` / `blame` by meaning. Chosen on the blind
/// drafts' half A, `structures.jsonl` and `dev.jsonl` (clean drafts left clean) and on real agent replies
/// (`make eval`): at 0.8 the head added 49 replies with a finding (friendly "can't wait to see you", apologies
/// that name what went wrong) and flagged 2 of 42 clean blind drafts; at 0.9, 15 replies and 1 of 72 clean
/// dev drafts, every set's expected findings kept; at 0.95 only 6 replies, but fewer paraphrases found.
/// Session 14 (the head also trained on public agent turns as neutral): at 0.9, 12 replies, every draft set as
/// before; at 0.85 / 0.8 (pressure / blame, with chatty neutral sentences) the second blind set gained 2 findings
/// but its clean drafts fell from 93.5 to 83.9% and dev half B's from 97.2 to 91.7%.
const PRESSURE_AT: f32 = 0.9;
const BLAME_AT: f32 = 0.9;

/// The head's second key (session 15): a sentence the head finds pressing (blaming) at least this sure, but below
/// [`PRESSURE_AT`] ([`BLAME_AT`]), gets the finding only when a word of its class in `tone_cues.txt` corroborates
/// it (a loss, a sanction, the reader told to decide, others who already did; the reader as the subject of a fault
/// or omission, a reproach marker). Chosen on 5-fold cross-validation of the head's training sentences, on
/// `tone_sentences_r3.tsv` (another hand's, the head not trained on them), and on the readable draft sets and real
/// replies: blame at 0.7 with a cue found 53.1% of the held-out blaming sentences at 90.2% precision (36.4% at 90.5%
/// with the sure line alone) and 26.8% of r3's (14.4%), with no new finding on real replies or clean drafts; blame
/// at 0.6 added findings on real replies. Pressure at 0.8 found 41.8% (39.1%) and 32.6% of r3's (23.9%); lower, and
/// with time words as cues, it flagged promises on real replies ("We will follow up with you again today").
const PRESSURE_WITH_CUE_AT: f32 = 0.8;
const BLAME_WITH_CUE_AT: f32 = 0.7;

/// A class of `tone_cues.txt`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ToneCue {
    Pressure,
    Blame,
}

/// The cue lists of `tone_cues.txt`, compiled once.
fn cue_lexicon() -> &'static Lexicon<ToneCue> {
    static LEXICON: OnceLock<Lexicon<ToneCue>> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut lexicon = Lexicon::new();
        for mut fields in crate::data::records(include_str!("tone_cues.txt")) {
            let cue = match fields.next() {
                Some("pressure") => ToneCue::Pressure,
                Some("blame") => ToneCue::Blame,
                _ => continue,
            };
            for pattern in fields.next().unwrap_or("").split('|') {
                lexicon.add(pattern, cue);
            }
        }
        lexicon
    })
}

/// Which classes' cues occur in `sentence`: (pressure, blame).
fn cues_in(sentence: &str) -> (bool, bool) {
    let tokens = crate::text::tokenize(sentence);
    let lexicon = cue_lexicon();
    let (mut pressure, mut blame) = (false, false);
    lexicon.for_each_match(sentence, &tokens, |found| {
        match lexicon.payload(found.entry) {
            ToneCue::Pressure => pressure = true,
            ToneCue::Blame => blame = true,
        }
    });
    (pressure, blame)
}

/// The head's verdict from its probabilities `[neutral, pressure, blame]` and the sentence's cues: sure alone, or
/// at the lower line with a cue of the class.
fn head_decides(probabilities: [f32; 3], cues: (bool, bool)) -> ToneHeadVerdict {
    let [_, pressure, blame] = probabilities;
    ToneHeadVerdict {
        pressure: pressure >= PRESSURE_AT || (pressure >= PRESSURE_WITH_CUE_AT && cues.0),
        blame: blame >= BLAME_AT || (blame >= BLAME_WITH_CUE_AT && cues.1),
    }
}

impl Semantic {
    /// Judges one sentence of a draft against the tone banks.
    pub fn tone_verdict(&self, sentence: &Vector) -> ToneVerdict {
        // The nearest exemplar of the kind must beat the nearest of every other bank (the near misses, and
        // the other kinds, which cover ordinary service sentences) by a margin.
        let nearest = |wanted: &dyn Fn(ToneKind) -> bool| {
            self.tone
                .iter()
                .filter(|(k, _)| wanted(*k))
                .map(|(_, exemplar)| cosine(sentence, exemplar))
                .fold(f32::MIN, f32::max)
        };
        let decides = |kind: ToneKind| {
            let (yes, no) = (nearest(&|k| k == kind), nearest(&|k| k != kind));
            yes >= MIN_SIMILARITY && yes >= no + MARGIN
        };
        ToneVerdict {
            blame: decides(ToneKind::Blame),
            pressure: decides(ToneKind::Pressure),
            empathy: decides(ToneKind::Empathy),
        }
    }

    /// The tone head's probabilities for one sentence: neutral, pressure, blame.
    pub fn tone_probabilities(&self, sentence: &Vector) -> [f32; 3] {
        self.tone_head.probabilities(sentence)
    }

    /// Judges one sentence with the tone head: sure alone ([`PRESSURE_AT`], [`BLAME_AT`]), or less sure with a
    /// cue of the class in the sentence's words ([`PRESSURE_WITH_CUE_AT`], [`BLAME_WITH_CUE_AT`]).
    pub fn tone_head_verdict(&self, vector: &Vector, sentence: &str) -> ToneHeadVerdict {
        let probabilities = self.tone_probabilities(vector);
        let [_, pressure, blame] = probabilities;
        let needs_cues = (PRESSURE_WITH_CUE_AT..PRESSURE_AT).contains(&pressure)
            || (BLAME_WITH_CUE_AT..BLAME_AT).contains(&blame);
        let cues = if needs_cues {
            cues_in(sentence)
        } else {
            (false, false)
        };
        head_decides(probabilities, cues)
    }
}

/// Sentences shorter than this (in chars) are not judged: "Sure." says too little to compare.
const MIN_SENTENCE_CHARS: usize = 12;

impl Semantic {
    /// What the banks and the tone head add to the word lists' findings on `text`: a sentence that blames or
    /// presses the customer in other words gets a `blame` / `pressure` finding (unless one already covers it); an acknowledgement in other words ("that's
    /// not the experience we want for you") withdraws `no_empathy`.
    pub fn review_findings(&self, text: &str, findings: &mut Vec<Finding>, ui_lang: Lang) {
        let mut acknowledged = false;
        for (start, end, sentence) in sentences(text) {
            if sentence.chars().count() < MIN_SENTENCE_CHARS {
                continue;
            }
            let vector = self.embed(&sentence);
            let verdict = self.tone_verdict(&vector);
            let head = self.tone_head_verdict(&vector, &sentence);
            acknowledged |= verdict.empathy;
            // Pressure by meaning comes from the head alone: the bank's nearest exemplars ("thanks in advance
            // for paying today") pulled in "thanks for following up" and "I'll be glad to check for you"
            // (4 of 6 new findings were false alarms, make eval). Blame: the bank or the head.
            // "Reply STOP to stop receiving offers" is imperative, and the head reads it as a push: an opt-out
            // instruction is never pressure by meaning (session 14: the public tone sample's clean marketing draft).
            let pressure = head.pressure && !crate::tone::has_opt_out(&sentence);
            for (rule, fires) in [
                (Rule::Blame, verdict.blame || head.blame),
                (Rule::Pressure, pressure),
            ] {
                let covered = findings
                    .iter()
                    .any(|f| f.rule == rule && f.start < end && f.end > start);
                if fires && !covered {
                    let (message, suggestion) = rule_message(rule.id(), ui_lang);
                    let excerpt: String = sentence.chars().take(60).collect();
                    findings.push(Finding {
                        rule,
                        // A finding by meaning alone only suggests: on real agent replies none of the 15 the head
                        // added was plausible, nor any of the 12 session 14's head adds (friendly anticipation, a
                        // third party's mistake; make eval, judged/tone_findings.jsonl), and a rule under 80%
                        // measured precision does not warn by default (issue 14). The word lists' findings of the
                        // same rules keep their severity.
                        severity: Severity::Suggestion,
                        start,
                        end,
                        message: message.replacen("{}", &excerpt, 1).replacen("{}", "", 1),
                        suggestion: (!suggestion.is_empty()).then(|| suggestion.to_string()),
                        fix: None,
                    });
                }
            }
        }
        if acknowledged {
            findings.retain(|f| f.rule != Rule::NoEmpathy);
        }
        findings.sort_by_key(|f| (f.start, f.end));
    }
}

/// The sentences of `text` as `(start, end, text)` in chars, split after `.`, `!`, `?` (and their
/// full-width forms) and at line breaks.
fn sentences(text: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut start = 0;
    for (index, &ch) in chars.iter().enumerate() {
        let ends = matches!(ch, '.' | '!' | '?' | '。' | '！' | '？' | '\n')
            && chars
                .get(index + 1)
                .is_none_or(|next| next.is_whitespace() || !ch.is_ascii());
        if ends || index + 1 == chars.len() {
            let piece: String = chars[start..=index].iter().collect();
            let lead = piece.len() - piece.trim_start().len();
            let lead_chars = piece[..lead].chars().count();
            let trimmed = piece.trim().to_string();
            if !trimmed.is_empty() {
                let from = start + lead_chars;
                found.push((from, from + trimmed.chars().count(), trimmed));
            }
            start = index + 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_name_a_loss_or_a_fault_in_every_language() {
        for (sentence, expected) in [
            (
                "Wait any longer and you'll lose the deposit.",
                (true, false),
            ),
            ("Если не оплатите, бонусы сгорят.", (true, false)),
            ("再不处理，积分就清零了。", (true, false)),
            (
                "The parcel went back because you never collected it.",
                (false, true),
            ),
            ("Об этом вам уже говорили на прошлой неделе.", (false, true)),
            ("这个问题早就跟您说过了。", (false, true)),
            // A time limit alone is no cue: agents promise by time as often as they press by it.
            ("We will follow up with you today.", (false, false)),
            ("Мы перезвоним сегодня до шести.", (false, false)),
            ("我们今天之内给您回电话。", (false, false)),
        ] {
            assert_eq!(cues_in(sentence), expected, "{sentence}");
        }
    }

    #[test]
    fn a_less_sure_head_needs_a_cue_of_its_class() {
        let verdict = |pressure: f32, blame: f32, cues| {
            let v = head_decides([1.0 - pressure - blame, pressure, blame], cues);
            (v.pressure, v.blame)
        };
        // Sure: no cue needed.
        assert_eq!(verdict(0.93, 0.0, (false, false)), (true, false));
        assert_eq!(verdict(0.0, 0.92, (false, false)), (false, true));
        // Less sure: only with a cue of the same class.
        assert_eq!(verdict(0.85, 0.0, (true, false)), (true, false));
        assert_eq!(verdict(0.85, 0.0, (false, true)), (false, false));
        assert_eq!(verdict(0.0, 0.75, (false, true)), (false, true));
        assert_eq!(verdict(0.0, 0.75, (true, false)), (false, false));
        // Under the lower lines nothing fires, cue or not.
        assert_eq!(verdict(0.75, 0.0, (true, true)), (false, false));
        assert_eq!(verdict(0.0, 0.65, (true, true)), (false, false));
    }

    #[test]
    fn sentences_keep_their_char_offsets() {
        let text = "Привет! Ваш заказ в пути.  Where is it? 马上到。好的";
        let found = sentences(text);
        let pieces: Vec<&str> = found.iter().map(|(_, _, s)| s.as_str()).collect();
        assert_eq!(
            pieces,
            [
                "Привет!",
                "Ваш заказ в пути.",
                "Where is it?",
                "马上到。",
                "好的"
            ]
        );
        let chars: Vec<char> = text.chars().collect();
        for (start, end, sentence) in &found {
            assert_eq!(&chars[*start..*end].iter().collect::<String>(), sentence);
        }
        assert_eq!(
            sentences("v1.2 is out").len(),
            1,
            "a dot inside a word does not end a sentence"
        );
    }
}
