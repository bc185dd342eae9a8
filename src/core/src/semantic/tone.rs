//! The semantic tone banks: agent sentences that blame the customer, press them, or acknowledge a problem,
//! each with near misses that do not ("you should have a reference number", "we'll fix it as soon as we
//! can"). A sentence is judged by its nearest exemplars.

use super::{Semantic, Vector};
use crate::encoder::cosine;

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

/// How near the nearest exemplar of a kind must be, and by how much it must beat the nearest near miss.
const MIN_SIMILARITY: f32 = 0.62;
const MARGIN: f32 = 0.06;

impl Semantic {
    /// Judges one sentence of a draft against the tone banks.
    pub fn tone_verdict(&self, sentence: &Vector) -> ToneVerdict {
        let nearest = |kind: ToneKind| {
            self.tone
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, exemplar)| cosine(sentence, exemplar))
                .fold(f32::MIN, f32::max)
        };
        let decides = |yes: ToneKind, no: ToneKind| {
            let (yes, no) = (nearest(yes), nearest(no));
            yes >= MIN_SIMILARITY && yes >= no + MARGIN
        };
        ToneVerdict {
            blame: decides(ToneKind::Blame, ToneKind::NotBlame),
            pressure: decides(ToneKind::Pressure, ToneKind::NotPressure),
            empathy: decides(ToneKind::Empathy, ToneKind::NoEmpathy),
        }
    }
}
