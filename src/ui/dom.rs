//! Small DOM helpers: find, create, listen. Errors become `JsValue`s with a
//! message naming what was missing, so a broken page says why.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, Window};

pub fn window() -> Result<Window, JsValue> {
    web_sys::window().ok_or_else(|| JsValue::from_str("no window"))
}

pub fn document() -> Result<Document, JsValue> {
    window()?
        .document()
        .ok_or_else(|| JsValue::from_str("no document"))
}

/// The element with `id`, as type `T`.
pub fn by_id<T: JsCast>(id: &str) -> Result<T, JsValue> {
    document()?
        .get_element_by_id(id)
        .ok_or_else(|| JsValue::from_str(&format!("the page has no #{id}")))?
        .dyn_into::<T>()
        .map_err(|_| JsValue::from_str(&format!("#{id} is not the expected element")))
}

/// A new `tag` element with `class` (if not empty) and text (if not empty).
pub fn make(tag: &str, class: &str, text: &str) -> Result<HtmlElement, JsValue> {
    let e: HtmlElement = document()?.create_element(tag)?.dyn_into()?;
    if !class.is_empty() {
        e.set_class_name(class);
    }
    if !text.is_empty() {
        e.set_text_content(Some(text));
    }
    Ok(e)
}

/// Calls `f` on every `event` at `target`, for the page's lifetime.
pub fn listen<E: JsCast + 'static>(
    target: &web_sys::EventTarget,
    event: &str,
    f: impl FnMut(E) + 'static,
) -> Result<(), JsValue> {
    let mut f = f;
    listen_boxed(
        target,
        event,
        Box::new(move |e: web_sys::Event| {
            if let Ok(e) = e.dyn_into::<E>() {
                f(e);
            }
        }),
    )
}

/// [`listen`]'s one non-generic part: a `Closure` per listener type would compile
/// its JavaScript glue again for every listener of the page.
fn listen_boxed(
    target: &web_sys::EventTarget,
    event: &str,
    f: Box<dyn FnMut(web_sys::Event)>,
) -> Result<(), JsValue> {
    let closure = Closure::wrap(f);
    target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref())?;
    // The page lives as long as the document: the listener must too.
    closure.forget();
    Ok(())
}

/// Shows or hides an element.
pub fn show(e: &Element, visible: bool) {
    if let Some(h) = e.dyn_ref::<HtmlElement>() {
        h.set_hidden(!visible);
    }
}

/// Milliseconds from the page's start (performance.now()).
pub fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}
