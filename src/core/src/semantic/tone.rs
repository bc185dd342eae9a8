//! The semantic tone banks: agent sentences that blame the customer, press them, or acknowledge a problem,
//! each with near misses that do not ("you should have a reference number", "we'll fix it as soon as we
//! can"). A sentence is judged by its nearest exemplars, and by the tone head (`tone_head.txt`): a softmax over
//! neutral, pressure and blame, trained on agent sentences written for this project in en, ru and zh
//! (`tests/corpora/train_tone_head.py`).

use super::{Semantic, Vector};
use crate::encoder::cosine;
use crate::lang::Lang;
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
/// Session 15: a blind set shaped like the acceptance set (`blind3.jsonl`: every rule twice a language, 40% clean
/// drafts) showed the head's cost where few drafts press or blame: at 0.9 it found one more expected finding of 84
/// and flagged three more clean drafts of 54 (98.8% / 92.6%, against 97.6% / 98.1% lexical). The line was chosen by
/// a rule fixed before measuring — the lowest of 0.9, 0.95 and 0.97 at which that set keeps ≥ 90% of its expected
/// findings and ≥ 95% of its clean drafts clean — which is 0.95 (97.6% / 98.1%); the sets that are mostly
/// pressure and blame pay for it (blind half B 80.0 → 75.0%, blind2 74.2 → 68.2% expected; clean 96.7%, 93.5 →
/// 96.8%), and the head's findings on real replies fall from 6 + 6 to 3 + 2 (pressure + blame).
const PRESSURE_AT: f32 = 0.95;
const BLAME_AT: f32 = 0.95;

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

    /// Judges one sentence with the tone head ([`PRESSURE_AT`], [`BLAME_AT`]).
    pub fn tone_head_verdict(&self, sentence: &Vector) -> ToneHeadVerdict {
        let [_, pressure, blame] = self.tone_probabilities(sentence);
        ToneHeadVerdict {
            pressure: pressure >= PRESSURE_AT,
            blame: blame >= BLAME_AT,
        }
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
            let head = self.tone_head_verdict(&vector);
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
