//! Data the page fetches beside its wasm rather than carrying inside it: the digits'
//! images (see `engine::digits`) and the catalogs of the languages other than English
//! (see `crate::lang`). A fetch that fails leaves the page working: only the digits
//! presets then say why they cannot start, and the page stays in English.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use web_sys::Response;

use crate::engine::digits;
use crate::lang::{self, Lang};

/// Fetches the digits, hands them to the engine, then calls `then` once: with None, or
/// with the sentence to show when they could not be had.
pub fn fetch_digits(then: impl FnOnce(Option<String>) + 'static) -> Result<(), JsValue> {
    fetch(digits::FILE, move |bytes| {
        then(match bytes {
            Ok(b) => digits::provide(b).err(),
            Err(why) => Some(crate::t!(
                "page.digits-failed",
                file = digits::FILE,
                why = why
            )),
        })
    })
}

/// The file a language's catalog is fetched from, beside the wasm.
pub fn catalog_file(l: Lang) -> String {
    format!("lang/{}.txt", l.word())
}

/// Fetches `l`'s catalog and installs it, then calls `then` once: with None, or with
/// the sentence to show when it could not be had.
pub fn fetch_catalog(l: Lang, then: impl FnOnce(Option<String>) + 'static) -> Result<(), JsValue> {
    let file = catalog_file(l);
    let name = file.clone();
    fetch(&file, move |bytes| {
        let installed = bytes.and_then(|b| {
            let text = String::from_utf8(b).map_err(|e| e.to_string())?;
            lang::install(l, &text)
        });
        then(installed.err().map(|why| {
            if lang::is_available(lang::current()) {
                crate::t!("page.lang-failed", lang = l.name(), file = name, why = why)
            } else {
                // No catalog to say it in.
                format!("the page's texts ({name}) could not be loaded: {why}")
            }
        }))
    })
}

/// Fetches `url` (relative to the page) and calls `then` once with its bytes, or with
/// why not.
fn fetch(url: &str, then: impl FnOnce(Result<Vec<u8>, String>) + 'static) -> Result<(), JsValue> {
    fetch_boxed(url, Box::new(then))
}

/// [`fetch`]'s one non-generic part: its promise glue compiled once, not per caller.
fn fetch_boxed(url: &str, then: Box<dyn FnOnce(Result<Vec<u8>, String>)>) -> Result<(), JsValue> {
    let window = super::dom::window()?;
    let then = Rc::new(RefCell::new(Some(then)));
    let done = move |r: Result<Vec<u8>, String>| {
        if let Some(f) = then.borrow_mut().take() {
            f(r);
        }
    };
    let fail = {
        let done = done.clone();
        callback(move |e: JsValue| {
            done(Err(e.as_string().unwrap_or_else(|| format!("{e:?}"))));
        })
    };
    let bytes = {
        let done = done.clone();
        callback(move |buffer: JsValue| done(Ok(Uint8Array::new(&buffer).to_vec())))
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
            done(Err(problem));
        })
    };
    let _ = window
        .fetch_with_str(url)
        .then2(&response.borrow(), &fail.borrow());
    // The promises hold the callbacks from here on; each runs once.
    std::mem::forget(response);
    Ok(())
}

type Callback = Rc<RefCell<Closure<dyn FnMut(JsValue)>>>;

/// A JS callback kept alive until the page goes (a fetch runs it once).
fn callback(f: impl FnMut(JsValue) + 'static) -> Callback {
    let c = Closure::wrap(Box::new(f) as Box<dyn FnMut(JsValue)>);
    let c = Rc::new(RefCell::new(c));
    std::mem::forget(c.clone());
    c
}
