//! `Intl` through the browser's own data: country names (`Intl.DisplayNames`) and a language's sort order
//! (`Intl.Collator`), so the bundle carries no name or collation tables. Where the browser lacks them, codes and
//! the given order stand.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Country names in `locale` from `Intl.DisplayNames` (the browser's own, so no name tables in the bundle);
/// the code itself where the browser has none.
pub fn region_names(locale: &str, codes: &[&str]) -> Vec<String> {
    let name_of = (|| -> Option<(JsValue, js_sys::Function)> {
        let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
        let constructor = js_sys::Reflect::get(&intl, &JsValue::from_str("DisplayNames"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let options = js_sys::Object::new();
        js_sys::Reflect::set(
            &options,
            &JsValue::from_str("type"),
            &JsValue::from_str("region"),
        )
        .ok()?;
        let names = js_sys::Reflect::construct(
            &constructor,
            &js_sys::Array::of2(&JsValue::from_str(locale), &options),
        )
        .ok()?;
        let of = js_sys::Reflect::get(&names, &JsValue::from_str("of"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        Some((names, of))
    })();
    codes
        .iter()
        .map(|code| {
            name_of
                .as_ref()
                .and_then(|(names, of)| of.call1(names, &JsValue::from_str(code)).ok()?.as_string())
                .unwrap_or_else(|| code.to_string())
        })
        .collect()
}

/// Sorts `names` as the visitor's language orders them (`Intl.Collator`), returning the new order as indexes.
pub fn collate(locale: &str, names: &[String]) -> Vec<usize> {
    let fallback = || (0..names.len()).collect::<Vec<_>>();
    let sorted = (|| -> Option<Vec<String>> {
        let intl = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
        let constructor = js_sys::Reflect::get(&intl, &JsValue::from_str("Collator"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let collator = js_sys::Reflect::construct(
            &constructor,
            &js_sys::Array::of1(&JsValue::from_str(locale)),
        )
        .ok()?;
        let compare = js_sys::Reflect::get(&collator, &JsValue::from_str("compare"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        let array: js_sys::Array = names.iter().map(|name| JsValue::from_str(name)).collect();
        let sort = js_sys::Reflect::get(&array, &JsValue::from_str("sort"))
            .ok()?
            .dyn_into::<js_sys::Function>()
            .ok()?;
        sort.call1(&array, &compare).ok()?;
        Some(array.iter().filter_map(|value| value.as_string()).collect())
    })();
    let Some(sorted) = sorted else {
        return fallback();
    };
    // Back to indexes by a scan (a few hundred names, once per dialog) rather than a `HashMap`, whose hashing
    // and table code the dialog would carry for this one call (issue 15).
    let mut taken = vec![false; names.len()];
    sorted
        .iter()
        .filter_map(|name| {
            let index = (0..names.len()).find(|&i| !taken[i] && names[i] == *name)?;
            taken[index] = true;
            Some(index)
        })
        .collect()
}
