//! Good files read as they should and come back from `to_csv` the same; the
//! malformed ones are in `tests/data/bad/` (tests/data_files.rs).

use super::*;
use crate::engine::data::{generate, DataKind, DataSpec};
use crate::engine::rng::Rng;

fn read(text: &str) -> Dataset {
    parse(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Parsing what `to_csv` writes gives the same data set.
fn round_trips(d: &Dataset) {
    let again = read(&to_csv(d));
    assert_eq!(&again, d, "{}", to_csv(d));
}

#[test]
fn two_classes_with_a_header_are_one_zero_one_column() {
    let d = read("x1,x2,label\n0.5,1,7\n-1,2,3\n2,-0.25,7\n3,3,3\n");
    assert_eq!(d.task, Task::Binary);
    assert_eq!(d.features(), 2);
    assert_eq!(d.x.row(1).to_vec(), vec![-1.0, 2.0]);
    // 3 and 7 sorted: 3 is class 0, 7 class 1.
    assert_eq!(d.y.column(0).to_vec(), vec![1.0, 0.0, 1.0, 0.0]);
    round_trips(&d);
}

#[test]
fn three_classes_without_a_header_are_one_hot() {
    let d = read("1,2,2\n3,4,0\n5,6,1\n7,8,2\n9,10,0\n");
    assert_eq!(d.task, Task::Multiclass(3));
    assert_eq!(d.y.row(0).to_vec(), vec![0.0, 0.0, 1.0]);
    assert_eq!(d.y.row(2).to_vec(), vec![0.0, 1.0, 0.0]);
    assert_eq!(d.len(), 5);
    round_trips(&d);
}

#[test]
fn regression_by_header_or_by_values() {
    // Named y: whole numbers stay a regression target.
    let named = read("a,b,c,y\n1,2,3,4\n2,3,4,5\n3,4,5,6\n4,5,6,7\n");
    assert_eq!(named.task, Task::Regression);
    assert_eq!(named.features(), 3);
    assert_eq!(named.y.column(0).to_vec(), vec![4.0, 5.0, 6.0, 7.0]);
    round_trips(&named);
    // No header, a target with fractions.
    let auto = read("1,0.5\n2,1.5\n3,2.25\n4,3\n");
    assert_eq!(auto.task, Task::Regression);
    round_trips(&auto);
    // More distinct whole numbers than classes: regression.
    let many: String = (0..20).map(|i| format!("{i},{i}\n")).collect();
    assert_eq!(read(&many).task, Task::Regression);
    for name in ["target", "VALUE"] {
        let d = read(&format!("x,{name}\n1,0\n2,1\n3,0\n4,1\n"));
        assert_eq!(d.task, Task::Regression, "{name}");
    }
}

#[test]
fn semicolons_tabs_decimal_commas_crlf_bom_comments_and_quotes() {
    let semi = read("# exported from a spreadsheet\n\"x1\"; \"x2\" ;\"class\"\r\n1,5;2;a\r\n\r\n-0,5;3;b\r\n# a comment\r\n2;4,25;a\r\n3;1;b\r\n");
    assert_eq!(semi.task, Task::Binary);
    assert_eq!(semi.x.column(0).to_vec(), vec![1.5, -0.5, 2.0, 3.0]);
    assert_eq!(semi.x.column(1).to_vec(), vec![2.0, 3.0, 4.25, 1.0]);
    assert_eq!(semi.y.column(0).to_vec(), vec![0.0, 1.0, 0.0, 1.0]);
    let tab = read("\u{feff}x1\tx2\ty\n 1 \t2\t0.5\n3\t4\t1.5\n5\t6\t2.5\n7\t8\t3.5\n");
    assert_eq!(tab.task, Task::Regression);
    assert_eq!(tab.x.row(0).to_vec(), vec![1.0, 2.0]);
}

#[test]
fn word_labels_with_a_label_header_sort_into_classes() {
    let d = read("w,h,label\n1,2,setosa\n2,3,virginica\n3,4,versicolor\n4,5,setosa\n");
    assert_eq!(d.task, Task::Multiclass(3));
    // setosa < versicolor < virginica
    assert_eq!(d.y.row(1).to_vec(), vec![0.0, 0.0, 1.0]);
    assert_eq!(d.y.row(2).to_vec(), vec![0.0, 1.0, 0.0]);
    round_trips(&d);
}

#[test]
fn generated_sets_round_trip_exactly() {
    for (kind, features) in [
        (DataKind::Spiral, 2),
        (DataKind::TwoCircles, 2),
        (DataKind::Regression, 5),
    ] {
        let spec = DataSpec {
            kind,
            samples: 90,
            noise: 0.1,
            features,
            informative: 3,
            factor: 0.5,
        };
        let d = generate(&spec, &mut Rng::new(7));
        round_trips(&d);
    }
}

#[test]
fn shape_is_what_the_config_takes() {
    let d = read("1,2,0\n3,4,1\n5,6,2\n7,8,0\n");
    assert_eq!(shape(&d), (2, 3, 4));
    let r = read("x,y\n1,0.5\n2,1\n3,2\n4,3\n");
    assert_eq!(shape(&r), (1, 0, 4));
}

#[test]
fn limits_at_the_edge_are_fine() {
    let wide: String = (0..MIN_ROWS)
        .map(|r| {
            let mut row: Vec<String> = (0..MAX_INPUTS).map(|j| (r * j).to_string()).collect();
            row.push((r % 2).to_string());
            row.join(",") + "\n"
        })
        .collect();
    assert_eq!(read(&wide).features(), MAX_INPUTS);
    let tall: String = (0..MAX_ROWS).map(|i| format!("{i},{}\n", i % 10)).collect();
    let d = read(&tall);
    assert_eq!((d.len(), d.task), (MAX_ROWS, Task::Multiclass(MAX_CLASSES)));
    assert_eq!(mebibytes(MAX_BYTES + 1), "2.1 MiB");
    assert_eq!(mebibytes(3 * 1024 * 1024 + 50_000), "3.1 MiB");
}
