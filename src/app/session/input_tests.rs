//! The session with input features, the data controls and the model panel's view
//! switches: what the page's controls do, without the page.

use super::*;

fn session(hash: &str) -> Session {
    let (link, notes) = Link::parse(hash);
    assert!(notes.is_empty(), "{notes:?}");
    Session::new(link)
}

/// What a control change does: the scene's setting, applied as the page applies it.
fn press(s: &mut Session, id: &str, value: &str) -> Result<Applied, String> {
    let (key, value) = s.scene().control_setting(id, value);
    s.apply(&key, &value)
}

#[test]
fn toggling_a_feature_restarts_with_a_first_layer_that_wide() {
    let mut s = session("preset=e2-shallow-tanh");
    let hidden = s.scene().layer_widths()[1];
    assert_eq!(s.scene().layer_widths()[0], 2);
    assert_eq!(
        press(&mut s, "inputs", "x1,x2,x1sq"),
        Ok(Applied::Restarted)
    );
    assert_eq!(s.scene().layer_widths()[..2], [3, hidden]);
    assert_eq!(
        s.link().format(),
        "preset=e2-shallow-tanh&inputs=x1,x2,x1sq"
    );
    assert_eq!(s.scene().control_value("inputs"), "x1,x2,x1sq");
    press(&mut s, "inputs", "x2sq").unwrap();
    assert_eq!(s.scene().layer_widths()[0], 1);
    // Back to the raw columns: back to the preset's own link.
    press(&mut s, "inputs", "x1,x2").unwrap();
    assert_eq!(s.link().format(), "preset=e2-shallow-tanh");
    // Features on the digits are refused with the key named, and the run goes on.
    let mut d = session("preset=e4-digits-sigmoid");
    let e = d.apply("inputs", "x1sq").unwrap_err();
    assert!(e.contains("inputs: input features need 2-D points"), "{e}");
    assert!(!d.scene().control_applies("inputs"));
}

#[test]
fn regenerate_draws_new_data_and_each_press_moves_on() {
    let mut s = session("preset=e2-shallow-tanh");
    s.advance(3, |_| false);
    assert_eq!(press(&mut s, "regenerate", ""), Ok(Applied::Restarted));
    assert_eq!(s.scene().step(), 0);
    assert_eq!(s.link().format(), "preset=e2-shallow-tanh&data_seed=2");
    press(&mut s, "regenerate", "").unwrap();
    assert_eq!(s.link().format(), "preset=e2-shallow-tanh&data_seed=3");
}

#[test]
fn the_view_switches_are_page_settings_that_keep_the_run() {
    let mut s = session("preset=e2-shallow-tanh");
    s.advance(4, |_| false);
    assert_eq!(s.apply("test_points", "off"), Ok(Applied::Display));
    assert_eq!(s.apply("discretize", "on"), Ok(Applied::Display));
    assert_eq!(s.scene().step(), 4);
    let o = s.link().page.options();
    assert!(!o.test_points && o.discretize);
    assert_eq!(
        s.link().format(),
        "preset=e2-shallow-tanh&test_points=off&discretize=on"
    );
    let e = s.apply("test_points", "maybe").unwrap_err();
    assert!(e.contains("test_points is on or off"), "{e}");
}
