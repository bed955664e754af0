//! Data the page fetches beside its wasm rather than carrying inside it: the digits'
//! images (see `engine::digits`). A fetch that fails leaves the page working; only the
//! digits presets then say why they cannot start.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use web_sys::Response;

use crate::engine::digits;

/// Fetches the digits, hands them to the engine, then calls `then` once: with None, or
/// with the sentence to show when they could not be had.
pub fn fetch_digits(then: impl FnOnce(Option<String>) + 'static) -> Result<(), JsValue> {
    let window = super::dom::window()?;
    let then = Rc::new(RefCell::new(Some(then)));
    let done = move |problem: Option<String>| {
        if let Some(f) = then.borrow_mut().take() {
            f(problem);
        }
    };
    let fail = {
        let done = done.clone();
        callback(move |e: JsValue| {
            let why = e.as_string().unwrap_or_else(|| format!("{e:?}"));
            done(Some(format!(
                "the digits ({}) could not be loaded: {why}",
                digits::FILE
            )));
        })
    };
    let bytes = {
        let done = done.clone();
        callback(move |buffer: JsValue| {
            done(digits::provide(Uint8Array::new(&buffer).to_vec()).err())
        })
    };
    let response = {
        let fail = fail.clone();
        callback(move |r: JsValue| {
            let problem = match r.dyn_into::<Response>() {
                Ok(r) if r.ok() => match r.array_buffer() {
                    Ok(p) => {
                        let _ = p.then2(&bytes.borrow(), &fail.borrow());
                        return;
                    }
                    Err(e) => format!("{e:?}"),
                },
                Ok(r) => format!("HTTP {}", r.status()),
                Err(_) => "no response".into(),
            };
            done(Some(format!(
                "the digits ({}) could not be loaded: {problem}",
                digits::FILE
            )));
        })
    };
    let _ = window
        .fetch_with_str(digits::FILE)
        .then2(&response.borrow(), &fail.borrow());
    // The promises hold the callbacks from here on; they run once per page.
    std::mem::forget(response);
    Ok(())
}

type Callback = Rc<RefCell<Closure<dyn FnMut(JsValue)>>>;

/// A JS callback kept alive for the page's life (the fetch runs once).
fn callback(f: impl FnMut(JsValue) + 'static) -> Callback {
    let c = Closure::wrap(Box::new(f) as Box<dyn FnMut(JsValue)>);
    let c = Rc::new(RefCell::new(c));
    std::mem::forget(c.clone());
    c
}
