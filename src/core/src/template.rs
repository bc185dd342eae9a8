//! The company's reply template library: parsing, validation and rendering with placeholders.
//!
//! This module owns the library format of PRODUCT.md (`{"version": 1, "business": {...}, "templates": [...]}`),
//! its validation (every problem reported with the template id and field, not just the first), and rendering
//! `{{name}}` / `{{name|fallback}}` placeholders, reporting the ones left unfilled.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;

use super::classify::Category;
use super::lang::Lang;
use super::tone::MessageKind;

/// The default template library (`www/templates/library.json`), the one copy every artefact uses.
pub const DEFAULT_LIBRARY: &str = include_str!("../../../www/templates/library.json");

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub id: String,
    pub lang: Lang,
    pub category: Category,
    pub kind: MessageKind,
    pub title: String,
    pub shortcode: Option<String>,
    pub body: String,
    pub examples: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Library {
    pub business: String,
    pub templates: Vec<Template>,
}

/// One problem in a library file, located by template id (or index) and field.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{location}: {field}: {problem}")]
pub struct TemplateError {
    pub location: String,
    pub field: String,
    pub problem: String,
}

#[derive(Deserialize)]
struct RawLibrary {
    version: Option<u32>,
    #[serde(default)]
    business: Option<RawBusiness>,
    templates: Vec<RawTemplate>,
}

#[derive(Deserialize)]
struct RawBusiness {
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
struct RawTemplate {
    #[serde(default)]
    id: String,
    #[serde(default)]
    lang: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    shortcode: Option<String>,
    #[serde(default)]
    body: String,
    #[serde(default)]
    examples: Vec<String>,
}

/// Parses and validates a library. All problems are returned together; a library with any is refused whole.
pub fn parse_library(json: &str) -> Result<Library, Vec<TemplateError>> {
    let error = |location: &str, field: &str, problem: String| TemplateError {
        location: location.to_string(),
        field: field.to_string(),
        problem,
    };
    let raw: RawLibrary =
        serde_json::from_str(json).map_err(|e| vec![error("library", "json", e.to_string())])?;
    let mut errors = Vec::new();
    if raw.version != Some(1) {
        errors.push(error(
            "library",
            "version",
            format!("expected 1, found {:?}", raw.version),
        ));
    }
    let mut ids = HashSet::new();
    let mut shortcodes = HashSet::new();
    let mut templates = Vec::new();
    for (index, raw) in raw.templates.into_iter().enumerate() {
        let location = if raw.id.trim().is_empty() {
            format!("template #{}", index + 1)
        } else {
            format!("template '{}'", raw.id)
        };
        let before = errors.len();
        if raw.id.trim().is_empty() {
            errors.push(error(&location, "id", "is missing".into()));
        } else if !ids.insert(raw.id.clone()) {
            errors.push(error(&location, "id", "is used by another template".into()));
        }
        let lang = Lang::from_code(&raw.lang).filter(|lang| *lang != Lang::Other);
        if lang.is_none() {
            errors.push(error(
                &location,
                "lang",
                format!("'{}' is not en, ru or zh", raw.lang),
            ));
        }
        let category = Category::from_code(&raw.category);
        if category.is_none() {
            errors.push(error(
                &location,
                "category",
                format!(
                    "'{}' is not one of inquiry, complaint, support, order, campaign, other",
                    raw.category
                ),
            ));
        }
        let kind = match raw.kind.as_deref() {
            None => Some(MessageKind::Service),
            Some(code) => MessageKind::from_code(code),
        };
        if kind.is_none() {
            errors.push(error(
                &location,
                "kind",
                format!(
                    "'{}' is not service, marketing or template",
                    raw.kind.unwrap_or_default()
                ),
            ));
        }
        if raw.body.trim().is_empty() {
            errors.push(error(&location, "body", "is empty".into()));
        } else if let Err(problem) = placeholders(&raw.body) {
            errors.push(error(&location, "body", problem));
        }
        if let Some(code) = &raw.shortcode {
            if code.is_empty() || code.chars().any(char::is_whitespace) {
                errors.push(error(
                    &location,
                    "shortcode",
                    "must be one word without spaces".into(),
                ));
            } else if !shortcodes.insert(code.to_lowercase()) {
                errors.push(error(
                    &location,
                    "shortcode",
                    format!("'{code}' is used by another template"),
                ));
            }
        }
        if errors.len() == before {
            if let (Some(lang), Some(category), Some(kind)) = (lang, category, kind) {
                templates.push(Template {
                    id: raw.id,
                    lang,
                    category,
                    kind,
                    title: raw.title,
                    shortcode: raw.shortcode,
                    body: raw.body,
                    examples: raw.examples,
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(Library {
            business: raw.business.map(|b| b.name).unwrap_or_default(),
            templates,
        })
    } else {
        Err(errors)
    }
}

/// A template as the library file writes it (`version: 1` format), for export and for edits.
pub fn template_to_json(template: &Template) -> serde_json::Value {
    let mut value = serde_json::json!({
        "id": template.id, "lang": template.lang.code(), "category": template.category.code(), "kind": template.kind.code(),
        "title": template.title, "body": template.body, "examples": template.examples,
    });
    if let Some(code) = &template.shortcode {
        value["shortcode"] = serde_json::Value::String(code.clone());
    }
    value
}

/// The library as a file [`parse_library`] reads back to the same library.
pub fn library_to_json(library: &Library) -> String {
    let value = serde_json::json!({
        "version": 1,
        "business": {"name": library.business},
        "templates": library.templates.iter().map(template_to_json).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// The library with one template added (`replacing: None`) or replaced, validated exactly as an imported file is.
pub fn with_template(
    library: &Library,
    replacing: Option<&str>,
    template: serde_json::Value,
) -> Result<Library, Vec<TemplateError>> {
    let mut templates: Vec<serde_json::Value> =
        library.templates.iter().map(template_to_json).collect();
    match replacing.and_then(|id| library.templates.iter().position(|t| t.id == id)) {
        Some(position) => templates[position] = template,
        None => templates.push(template),
    }
    let value = serde_json::json!({"version": 1, "business": {"name": library.business}, "templates": templates});
    parse_library(&value.to_string())
}

/// A placeholder in a body: its name, its fallback, and where it is (chars).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholder {
    pub name: String,
    pub fallback: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// Finds the placeholders of a body, or says what is unbalanced.
pub fn placeholders(body: &str) -> Result<Vec<Placeholder>, String> {
    let chars: Vec<char> = body.chars().collect();
    let mut found = Vec::new();
    let mut index = 0;
    while index < chars.len() {
        if chars[index] == '{' && chars.get(index + 1) == Some(&'{') {
            let Some(length) = chars[index + 2..]
                .windows(2)
                .position(|pair| pair == ['}', '}'])
            else {
                return Err(format!(
                    "'{{{{' at character {index} is never closed with '}}}}'"
                ));
            };
            let inner: String = chars[index + 2..index + 2 + length].iter().collect();
            if inner.contains('{') {
                return Err(format!(
                    "'{{{{' at character {index} is never closed with '}}}}'"
                ));
            }
            let (name, fallback) = match inner.split_once('|') {
                Some((name, fallback)) => (name.trim().to_string(), Some(fallback.to_string())),
                None => (inner.trim().to_string(), None),
            };
            if name.is_empty() {
                return Err(format!("the placeholder at character {index} has no name"));
            }
            found.push(Placeholder {
                name,
                fallback,
                start: index,
                end: index + length + 4,
            });
            index += length + 4;
        } else if chars[index] == '}' && chars.get(index + 1) == Some(&'}') {
            return Err(format!("'}}}}' at character {index} has no opening '{{{{'"));
        } else {
            index += 1;
        }
    }
    Ok(found)
}

/// A rendered body and the placeholders still empty (kept as `{{name}}` in the text for the agent to fill).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub unfilled: Vec<String>,
}

/// Fills placeholders from `vars`; a missing or empty variable uses the fallback, else stays `{{name}}`.
pub fn render(body: &str, vars: &BTreeMap<String, String>) -> Rendered {
    let Ok(found) = placeholders(body) else {
        return Rendered {
            text: body.to_string(),
            unfilled: Vec::new(),
        };
    };
    let chars: Vec<char> = body.chars().collect();
    let mut text = String::with_capacity(body.len());
    let mut unfilled = Vec::new();
    let mut last = 0;
    for placeholder in found {
        text.extend(&chars[last..placeholder.start]);
        match vars
            .get(&placeholder.name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            Some(value) => text.push_str(value),
            None => match &placeholder.fallback {
                Some(fallback) => text.push_str(fallback),
                None => {
                    text.push_str(&format!("{{{{{}}}}}", placeholder.name));
                    unfilled.push(placeholder.name.clone());
                }
            },
        }
        last = placeholder.end;
    }
    text.extend(&chars[last..]);
    Rendered { text, unfilled }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_with_values_and_fallbacks() {
        let vars = BTreeMap::from([("name".to_string(), "Anna".to_string())]);
        assert_eq!(
            render("Hi {{name}}, {{day|soon}}!", &vars),
            Rendered {
                text: "Hi Anna, soon!".into(),
                unfilled: vec![]
            }
        );
        assert_eq!(
            render("Hi {{ name }} on {{date}}.", &BTreeMap::new()),
            Rendered {
                text: "Hi {{name}} on {{date}}.".into(),
                unfilled: vec!["name".into(), "date".into()]
            }
        );
        assert_eq!(render("{{客户姓名|您}}好", &BTreeMap::new()).text, "您好");
    }

    #[test]
    fn unbalanced_braces_are_reported() {
        assert!(placeholders("Hi {{name, see you")
            .unwrap_err()
            .contains("never closed"));
        assert!(placeholders("Hi name}} there")
            .unwrap_err()
            .contains("no opening"));
        assert!(placeholders("Hi {{}}").unwrap_err().contains("no name"));
    }

    #[test]
    fn every_problem_is_reported_with_id_and_field() {
        let json = r#"{"version": 1, "templates": [
            {"id": "a", "lang": "en", "category": "inquiry", "body": "Hello."},
            {"id": "a", "lang": "fr", "category": "gossip", "body": ""},
            {"id": "b", "lang": "ru", "category": "order", "body": "Привет {{name"}]}"#;
        let errors: Vec<String> = parse_library(json)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(errors, vec![
            "template 'a': id: is used by another template",
            "template 'a': lang: 'fr' is not en, ru or zh",
            "template 'a': category: 'gossip' is not one of inquiry, complaint, support, order, campaign, other",
            "template 'a': body: is empty",
            "template 'b': body: '{{' at character 7 is never closed with '}}'",
        ]);
        assert!(parse_library("{not json").is_err());
    }

    #[test]
    fn a_library_round_trips_and_edits_are_validated_like_imports() {
        let library = parse_library(DEFAULT_LIBRARY).unwrap();
        assert_eq!(parse_library(&library_to_json(&library)).unwrap(), library);
        let mut edited = template_to_json(&library.templates[0]);
        edited["body"] = serde_json::Value::String("Hello {{name}}, we are open 9–5.".into());
        let changed =
            with_template(&library, Some(&library.templates[0].id), edited.clone()).unwrap();
        assert_eq!(changed.templates.len(), library.templates.len());
        assert_eq!(
            changed.templates[0].body,
            "Hello {{name}}, we are open 9–5."
        );
        let duplicate = with_template(&library, None, edited).unwrap_err();
        assert!(duplicate.iter().any(|e| e.field == "id"), "{duplicate:?}");
        let mut added = serde_json::json!({"id": "new-one", "lang": "en", "category": "other", "title": "New", "body": "Thanks!"});
        assert_eq!(
            with_template(&library, None, added.clone())
                .unwrap()
                .templates
                .len(),
            library.templates.len() + 1
        );
        added["lang"] = "fr".into();
        assert!(with_template(&library, None, added)
            .unwrap_err()
            .iter()
            .any(|e| e.field == "lang"));
    }
}
