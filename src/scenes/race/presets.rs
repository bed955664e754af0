//! The race's presets (E8), in lecture order. Each caption says what the run really
//! shows, with the numbers the engine gives (the tests in `tests/experiments.rs`
//! assert every claim); where the seed's sentence is not what the update rules do,
//! the caption says what they do.

use super::config::RaceConfig;
use super::surface::SurfaceKind;
use crate::engine::clip::Clip;
use crate::engine::settings::Settings;

pub struct RacePreset {
    pub name: &'static str,
    pub title: &'static str,
    pub caption: &'static str,
    pub config: RaceConfig,
}

/// `RaceConfig::on(surface)` with `words` set (the presets' own tweaks).
fn on(surface: SurfaceKind, words: &[(&str, &str)]) -> RaceConfig {
    let mut c = RaceConfig::on(surface);
    for (k, v) in words {
        c.set(k, v).expect("a preset's settings are well formed");
    }
    c
}

pub fn all() -> Vec<RacePreset> {
    vec![
        RacePreset {
            name: "e8-saddle",
            title: "E8 optimizers at a saddle point: x² − y² from (1, 0.001)",
            caption: "At lr 0.01 plain SGD lingers: after 300 steps it has climbed only to y = 0.38. Momentum and Nesterov leave the plot first (steps 76 and 71), before Adam (108) and RMSProp (119).\nThe famous animation has momentum lingering; these update rules, from this start, do not.",
            config: RaceConfig::on(SurfaceKind::Saddle),
        },
        RacePreset {
            name: "e8-valley",
            title: "E8 optimizers in Rosenbrock's curved valley, from (−1.2, 1)",
            caption: "Momentum (μ 0.9) reaches (1, 1) at step 1027 and Adam at 1458; SGD at momentum's learning rate is still at (0.72, 0.52) after 2000 steps.\nAt this rate momentum rides the valley's floor, never past x = 1; at lr 0.002 it flies past the optimum to x = 1.29, as the seed says, then settles.",
            config: RaceConfig::on(SurfaceKind::Rosenbrock),
        },
        RacePreset {
            name: "e8-beale",
            title: "E8 optimizers on Beale's function, from (1, 1.5)",
            caption: "RMSProp is first within 0.01 of the minimum (3, 0.5), at step 406; momentum and Nesterov arrive near step 1165. SGD, AdaGrad and Adam are still on the flat shelf after 2000 steps.\nWatch the scoreboard: the fastest start is not the first finish.",
            config: RaceConfig::on(SurfaceKind::Beale),
        },
        RacePreset {
            name: "e8-ill-conditioned",
            title: "E8 an ill-conditioned bowl ½(x² + 50y²): where momentum pays",
            caption: "SGD must keep lr below 2/κ = 0.04 for the steep y, so it crawls along x: it reaches the bottom at step 286. Momentum takes 87 steps, Nesterov 15.\nAdaGrad (26) divides each coordinate by its own gradient history, which evens out the two curvatures.",
            config: RaceConfig::on(SurfaceKind::Quadratic),
        },
        RacePreset {
            name: "e8-noisy",
            title: "E8 noisy gradients: ½(x² + 10y²) with Gaussian noise σ = 1 on every gradient",
            caption: "With noise, no optimizer settles: over the last 200 steps AdaGrad stays nearest the bottom (its steps shrink as its sum of g² grows); SGD and Adam jitter 1.2–2.2 times as far.\nMomentum adds the noise up with the gradient and wanders farthest. Change the seed: the ranking holds.",
            config: on(
                SurfaceKind::Quadratic,
                &[
                    ("kappa", "10"),
                    ("noise", "1"),
                    ("steps", "1000"),
                    (
                        "optimizers",
                        "sgd:0.05,momentum:0.05,nesterov:0.05,adagrad:0.5,adadelta:1,rmsprop:0.02,adam:0.05",
                    ),
                ],
            ),
        },
        RacePreset {
            name: "e8-clipped-cliff",
            title: "E8 every optimizer meets E7's cliff, with gradient clipping at 0.1",
            caption: "Clipped at norm 0.1, no optimizer leaves the plot and five come within 0.01 of the target output; turn clipping off and momentum is thrown off the plot at step 3, Nesterov at step 22.\nDashed arrows are the steps the unclipped gradient would have taken.",
            config: RaceConfig {
                clip: Clip::Norm(0.1),
                ..RaceConfig::on(SurfaceKind::Cliff)
            },
        },
    ]
}

pub fn find(name: &str) -> Option<RacePreset> {
    all().into_iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_checks_and_names_are_unique() {
        let all = all();
        for p in &all {
            p.config
                .validate()
                .unwrap_or_else(|e| panic!("{}: {e}", p.name));
            assert!(p.caption.lines().count() == 2, "{}", p.name);
        }
        let mut names: Vec<_> = all.iter().map(|p| p.name).collect();
        names.dedup();
        assert_eq!(names.len(), all.len());
    }
}
