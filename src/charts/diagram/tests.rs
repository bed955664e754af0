use super::layout::{layout, Hit, LINKS_SHOWN, WIDE};
use super::*;
use crate::charts::axis::test_support::{text_problems, texts, trained};
use crate::charts::{svg_of, Options, Panel, ThemeKind};
use crate::scenes::network::history::History;
use crate::scenes::network::snapshot::Snapshot;

fn view<'a>(h: &'a History, s: &'a Snapshot, which: DiagramView) -> View<'a> {
    View {
        history: h,
        snapshot: Some(s),
        options: Options {
            diagram: which,
            ..Options::default()
        },
    }
}

fn svg(v: &View, theme: &Theme, size: (u32, u32)) -> String {
    svg_of(size, |root| {
        crate::charts::draw(Panel::Diagram, root, v, theme)
    })
    .unwrap()
}

#[test]
fn every_view_and_theme_draws_readable_text_at_lecture_sizes() {
    for preset in [
        "e2-deep-tanh",
        "e2-shallow-tanh",
        "e3-relu",
        "e4-digits-sigmoid",
        "e1-no-clip",
    ] {
        let (h, s) = trained(preset, 3);
        for which in [DiagramView::Weights, DiagramView::Gradients] {
            for kind in [ThemeKind::Default, ThemeKind::Projector] {
                let theme = Theme::new(kind, 1.0);
                for size in [(1200, 520), (640, 420), (360, 420)] {
                    let out = svg(&view(&h, &s, which), &theme, size);
                    let problems = text_problems(&out, size);
                    assert!(
                        problems.is_empty(),
                        "{preset} {which:?} {kind:?} {size:?}: {problems:#?}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_gradient_bands_show_the_layers_mean_gradient_and_the_weights_their_mean_weight() {
    let (h, s) = trained("e2-deep-tanh", 1);
    let d = &s.diagram;
    let theme = Theme::new(ThemeKind::Default, 1.0);
    let g = texts(&svg(
        &view(&h, &s, DiagramView::Gradients),
        &theme,
        (1200, 520),
    ));
    for l in 0..d.params.len() {
        assert!(
            g.contains(&sig3(d.mean_abs_gradient(l))),
            "layer {l}: {g:?}"
        );
    }
    assert!(
        g.iter().any(|t| t == "10⁻⁸") && g.iter().any(|t| t == "10⁴"),
        "{g:?}"
    );
    let w = texts(&svg(
        &view(&h, &s, DiagramView::Weights),
        &theme,
        (1200, 520),
    ));
    assert!(w.contains(&sig3(d.mean_abs_weight(0))), "{w:?}");
    assert!(
        w.iter().any(|t| t == "x₁") && w.iter().any(|t| t == "out · sigmoid"),
        "{w:?}"
    );
}

#[test]
fn a_narrow_net_draws_every_link_and_a_wide_one_says_what_it_leaves_out() {
    let theme = Theme::new(ThemeKind::Default, 1.0);
    let (_, s) = trained("e2-deep-tanh", 1);
    let lay = layout(&theme, (1200, 520), &s.diagram, DiagramView::Weights);
    let all: usize = s.diagram.widths.windows(2).map(|w| w[0] * w[1]).sum();
    assert_eq!(lay.links.len(), all);
    assert_eq!(lay.units.len(), s.diagram.widths.iter().sum::<usize>());
    let (h, s) = trained("e4-digits-sigmoid", 1);
    assert!(s.diagram.widths.iter().any(|&w| w > WIDE));
    let lay = layout(&theme, (1200, 520), &s.diagram, DiagramView::Gradients);
    assert!(lay
        .counts
        .iter()
        .all(|&(all, shown)| shown == all.min(LINKS_SHOWN)));
    let text = texts(&svg(
        &view(&h, &s, DiagramView::Gradients),
        &theme,
        (1200, 520),
    ))
    .join(" ");
    assert!(text.contains("strongest links"), "{text}");
    // The drawn links of a wide layer are its strongest by |∂L/∂w|.
    let p = &s.diagram.params[0];
    let mut g: Vec<f64> = p.grad_w.iter().map(|v| v.abs()).collect();
    g.sort_unstable_by(|a, b| b.total_cmp(a));
    let weakest_drawn = lay
        .links
        .iter()
        .filter(|l| l.layer == 1)
        .map(|l| p.grad_w[l.from * p.outputs + l.to].abs())
        .fold(f64::INFINITY, f64::min);
    assert_eq!(weakest_drawn, g[LINKS_SHOWN - 1]);
}

#[test]
fn a_pointer_on_a_link_or_unit_names_it_and_offers_its_edit() {
    let theme = Theme::new(ThemeKind::Default, 1.0);
    let (h, s) = trained("e2-deep-tanh", 1);
    let v = view(&h, &s, DiagramView::Gradients);
    let size = (1200, 520);
    let lay = layout(&theme, size, &s.diagram, DiagramView::Gradients);
    // The middle of the first drawn link that no unit covers.
    let l = lay.links[3];
    let mid = ((l.a.0 + l.b.0) / 2, (l.a.1 + l.b.1) / 2);
    assert_eq!(lay.hit(&theme, mid), Some(Hit::Link(l)));
    let crate::scenes::Pointed { text, edit, .. } = point(&v, &theme, size, mid).unwrap();
    let key = format!("w.{}.{}.{}", l.layer, l.from + 1, l.to + 1);
    let p = &s.diagram.params[l.layer - 1];
    let w = p.w[l.from * p.outputs + l.to];
    assert_eq!(edit, Some((key, w)));
    assert!(text.contains(&sig3(w)), "{text}");
    let u = lay
        .units
        .iter()
        .find(|u| u.layer == 2 && u.unit == 1)
        .unwrap();
    let centre = ((u.x0 + u.x1) / 2, (u.y0 + u.y1) / 2);
    let crate::scenes::Pointed { text, edit, focus } = point(&v, &theme, size, centre).unwrap();
    assert_eq!(focus, Some((2, 1)));
    assert_eq!(edit.unwrap().0, "b.2.2");
    assert!(text.contains("training points"), "{text}");
    assert_eq!(point(&v, &theme, size, (2, 2)), None);
}

#[test]
fn three_significant_figures() {
    assert_eq!(sig3(0.51234), "0.512");
    assert_eq!(sig3(12.345), "12.3");
    assert_eq!(sig3(1234.5), "1.23e3");
    assert_eq!(sig3(-0.0012345), "-0.00123");
    assert_eq!(sig3(0.000123456), "1.23e-4");
    assert_eq!(sig3(0.0), "0");
    assert_eq!(gradient_t(1e-8), 0.0);
    assert_eq!(gradient_t(1e4), 1.0);
    assert!((gradient_t(1e-2) - 0.5).abs() < 1e-12);
}

#[test]
fn the_model_panel_shows_a_pointed_unit_large() {
    let (h, s) = trained("e2-shallow-tanh", 2);
    let theme = Theme::new(ThemeKind::Default, 1.0);
    let mut v = view(&h, &s, DiagramView::Weights);
    v.options.focus = Some((1, 2));
    let out = svg_of((600, 500), |root| {
        crate::charts::draw(Panel::Model, root, &v, &theme)
    })
    .unwrap();
    let t = texts(&out).join(" ");
    assert!(t.contains("layer 1 unit 3 · tanh output"), "{t}");
}
