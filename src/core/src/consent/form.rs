//! The opt-in form's checks: the number read for the chosen country, at least one purpose ticked; and the
//! country the phone field starts with (the visitor's region from their languages, a language→country table).

use crate::phone::{normalize_phone, PhoneError, E164};
use crate::widget_config::Purpose;

/// What is wrong with a submitted opt-in form, per field, as error codes (`i18n::error_text` words them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OptInErrors {
    /// The phone error's code (`PhoneError::code`).
    pub phone: Option<&'static str>,
    /// `no_purpose` when no box is ticked.
    pub purposes: Option<&'static str>,
}

impl OptInErrors {
    pub fn is_empty(&self) -> bool {
        self.phone.is_none() && self.purposes.is_none()
    }
}

/// Everything the form gathered, checked: the number read for the chosen country and the purposes ticked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOptIn {
    pub phone: E164,
    pub purposes: Vec<String>,
}

/// Checks the form. `ticked` are the checkbox ids ticked (`*` for the single checkbox, meaning every purpose).
pub fn validate_opt_in(
    phone_input: &str,
    region: &str,
    ticked: &[String],
    purposes: &[Purpose],
) -> Result<ValidOptIn, OptInErrors> {
    let phone = normalize_phone(phone_input, Some(region).filter(|r| !r.is_empty()));
    let chosen: Vec<String> = if ticked.iter().any(|id| id == "*") {
        purposes.iter().map(|purpose| purpose.id.clone()).collect()
    } else {
        purposes
            .iter()
            .filter(|purpose| ticked.contains(&purpose.id))
            .map(|purpose| purpose.id.clone())
            .collect()
    };
    let errors = OptInErrors {
        phone: phone.as_ref().err().map(PhoneError::code),
        purposes: chosen.is_empty().then_some("no_purpose"),
    };
    match phone {
        Ok(number) if errors.is_empty() => Ok(ValidOptIn {
            phone: number,
            purposes: chosen,
        }),
        _ => Err(errors),
    }
}

/// The country the phone field starts with: the config's `region`, else the region of the browser's first language
/// that names one (`en-GB` → GB), else the country a language is mostly spoken in (`ru` → RU, `zh` → CN), else
/// the business's own country.
pub fn default_visitor_region(
    config_region: Option<&str>,
    browser_languages: &[String],
    business_region: &str,
) -> String {
    if let Some(region) = config_region {
        return region.to_ascii_uppercase();
    }
    let known = |code: &str| crate::phone::calling_code_of(code).is_some() && code != "001";
    for language in browser_languages {
        let parts: Vec<&str> = language.split(['-', '_']).collect();
        if let Some(region) = parts
            .iter()
            .skip(1)
            .map(|part| part.to_ascii_uppercase())
            .find(|part| part.len() == 2 && known(part))
        {
            return region;
        }
    }
    let by_language = browser_languages.first().and_then(|language| {
        match language.split(['-', '_']).next().unwrap_or("") {
            "ru" => Some("RU"),
            "zh" => Some("CN"),
            "uk" => Some("UA"),
            "kk" => Some("KZ"),
            "de" => Some("DE"),
            "fr" => Some("FR"),
            "es" => Some("ES"),
            "it" => Some("IT"),
            _ => None,
        }
    });
    by_language.unwrap_or(business_region).to_string()
}

/// The countries the phone field offers: `(region, calling code)`, every region with a calling code of its own.
/// Known without any region's line, so a build without the embedded table (`fetched-tables`) offers them all.
pub fn selectable_regions() -> Vec<(&'static str, u16)> {
    crate::phone::regions_and_calling_codes()
        .filter(|(region, _)| *region != "001")
        .collect()
}
