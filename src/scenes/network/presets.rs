//! The experiments of the lecture as named configs, each with a two-line caption
//! saying what to look at. Settings are those of `shared/experiments.md`.

use crate::engine::activation::Activation;
use crate::engine::clip::Clip;
use crate::engine::config::Config;
use crate::engine::data::inputs::Input;
use crate::engine::data::DataKind;
use crate::engine::digits;
use crate::engine::init::Init;
use crate::engine::optim::OptimizerKind;
use crate::scenes::network::cures;

#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// The word used in URLs and on the command line: `e2-deep-tanh`.
    pub name: &'static str,
    pub title: &'static str,
    /// Two lines: what happens, and what to look at.
    pub caption: &'static str,
    pub config: Config,
    /// The setting this experiment compares side by side on the page (E5: the
    /// activation); None for a single run.
    pub compares: Option<&'static str>,
}

/// E1: 20 → 25 ReLU → 1 on an unscaled regression target (std ≈ 150).
fn e1(clip: Clip) -> Config {
    Config {
        data: DataKind::Regression,
        samples: 1000,
        noise: 0.1,
        features: 20,
        informative: 10,
        hidden: vec![25],
        activation: Activation::Relu,
        init: Init::HeUniform,
        output_init: Init::GlorotUniform,
        optimizer: OptimizerKind::Momentum,
        lr: 0.01,
        momentum: 0.9,
        batch_size: 32,
        epochs: 100,
        clip,
        ..Config::default()
    }
}

/// E2: two circles, tanh layers of 5 with all-positive U(0, 1) weights.
fn e2(depth: usize, activation: Activation, init: Init, output_init: Init) -> Config {
    Config {
        data: DataKind::TwoCircles,
        samples: 1000,
        noise: 0.1,
        factor: 0.8,
        hidden: vec![5; depth],
        activation,
        init,
        output_init,
        optimizer: OptimizerKind::Momentum,
        lr: 0.01,
        momentum: 0.9,
        batch_size: 32,
        epochs: 500,
        ..Config::default()
    }
}

/// E3: spiral, 2 → 50 → 50 → 3, full-batch SGD, cross-entropy + 0.01·Σ‖W‖_F.
fn e3(activation: Activation) -> Config {
    Config {
        data: DataKind::Spiral,
        samples: 300,
        noise: 0.2,
        train_fraction: 1.0,
        hidden: vec![50, 50],
        activation,
        init: Init::FanInUniform,
        output_init: Init::FanInUniform,
        frobenius: 0.01,
        optimizer: OptimizerKind::Sgd,
        lr: 0.1,
        batch_size: 0,
        epochs: 5000,
        eval_every: 50,
        ..Config::default()
    }
}

/// E4 (and E5 on the digits): the source's deep sigmoid MLP on MNIST (1000-750-500,
/// momentum 0.99, lr 0.01, batch 100) scaled down to the 8×8 digits. Three layers of
/// 75 rather than a taper like 100-75-50: the page sets `hidden` as layers × width,
/// so a preset must be one its controls can show.
fn digits_net(activation: Activation, epochs: usize) -> Config {
    Config {
        data: DataKind::Digits,
        samples: digits::IMAGES,
        // The real images, no added noise.
        noise: 0.0,
        train_fraction: 0.7,
        hidden: vec![75; 3],
        activation,
        init: Init::GlorotUniform,
        output_init: Init::GlorotUniform,
        optimizer: OptimizerKind::Momentum,
        lr: 0.01,
        momentum: 0.99,
        batch_size: 100,
        epochs,
        ..Config::default()
    }
}

/// E5: one deep net on the spiral, trained with Adam, activation by activation.
fn e5(activation: Activation) -> Config {
    Config {
        data: DataKind::Spiral,
        samples: 300,
        noise: 0.2,
        train_fraction: 0.7,
        hidden: vec![32, 32, 32, 32],
        activation,
        init: Init::GlorotUniform,
        optimizer: OptimizerKind::Adam,
        lr: 0.003,
        batch_size: 32,
        epochs: 100,
        ..Config::default()
    }
}

/// E9: a wide ReLU net on 180 noisy digits, trained far past its best epoch, so
/// the test loss turns up within seconds of play. Measured on seeds 1–5: the
/// test loss bottoms out at epoch 15–36 and ends 19–38 % above its minimum.
fn e9_overfit() -> Config {
    Config {
        data: DataKind::Digits,
        // 600 of the images, 180 of them to train on: few enough to memorize, and
        // a test set small enough to evaluate every epoch without stalling a frame.
        samples: 600,
        train_fraction: 0.3,
        noise: 0.1,
        hidden: vec![256, 256],
        activation: Activation::Relu,
        init: Init::HeUniform,
        output_init: Init::GlorotUniform,
        optimizer: OptimizerKind::Adam,
        lr: 0.001,
        batch_size: 16,
        epochs: 200,
        ..Config::default()
    }
}

/// `e9-overfit` with one of the cures laid over it.
fn e9(cure: &str) -> Config {
    cures::apply(&e9_overfit(), cure).expect("every cure applies to the E9 net")
}

/// E9's deep sigmoid pair: five sigmoid layers of 75 on the digits, plain SGD at a
/// rate of 0.5, with and without batch normalization.
fn e9_deep_sigmoid(batch_norm: bool) -> Config {
    Config {
        hidden: vec![75; 5],
        optimizer: OptimizerKind::Sgd,
        lr: if batch_norm { 0.5 } else { 0.1 },
        batch_size: 32,
        batch_norm,
        ..digits_net(Activation::Sigmoid, 30)
    }
}

/// The Playground's circle (500 points, no noise) with its defaults (SGD at 0.03,
/// batches of 10, tanh) and no hidden layer: a logistic regression on x1², x2².
fn features_circle() -> Config {
    Config {
        data: DataKind::PlaygroundCircle,
        samples: 500,
        noise: 0.0,
        inputs: vec![Input::X1Squared, Input::X2Squared],
        hidden: Vec::new(),
        optimizer: OptimizerKind::Sgd,
        lr: 0.03,
        batch_size: 10,
        epochs: 50,
        ..Config::default()
    }
}

/// Presets that show input features (TensorFlow Playground's feature toggles).
fn features() -> Vec<Preset> {
    vec![Preset {
        name: "pg-features-circle",
        title: "Playground: a circle from x₁² and x₂², no hidden layer",
        caption:
            "No hidden layer, inputs x₁² and x₂²: a line in that plane is a circle in the data's.
Seeds 1–5 reach test accuracy 1.00 in 50 epochs; on x₁, x₂ the same net stays at 0.35–0.61.",
        config: features_circle(),
        compares: None,
    }]
}

/// Every preset, in lecture order.
pub fn all() -> Vec<Preset> {
    let mut all = single_runs();
    all.extend(activations_side_by_side());
    all.extend(overfitting_and_cures());
    all.extend(features());
    all
}

/// E9: overfitting, its cures one by one (the comparison trains them side by side),
/// and batch normalization.
fn overfitting_and_cures() -> Vec<Preset> {
    let cured = |name, title, caption, cure| Preset {
        name,
        title,
        caption,
        config: e9(cure),
        compares: None,
    };
    vec![
        Preset {
            name: "e9-overfit",
            title: "E9 overfitting: 180 noisy digits, a 256-256 ReLU net, no cure",
            caption: "180 training images of the 8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0), with noise 0.1, 64 → 256 → 256 → 10 ReLU, Adam 1e-3, 200 epochs.\nOn seeds 1–5 the test loss bottoms out at epoch 15–36 and ends 19–38 % above it while the training loss keeps falling: from the turn on, the net memorizes.",
            config: e9_overfit(),
            compares: None,
        },
        cured(
            "e9-l2",
            "E9 cure: L2 (λ = 1e-4)",
            "The E9 net on the 8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0) with λ·Σw² added to the loss (λ = 1e-4): the weights stay small and alike.\nThe test loss ends below the uncured run's on seeds 1–5 (0.28–0.39 against 0.32–0.47); in the weights panel the norms stay lower.",
            "l2",
        ),
        cured(
            "e9-l1",
            "E9 cure: L1 (λ = 2e-4)",
            "The E9 net on the 8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0) with λ·Σ|w| added to the loss (λ = 2e-4): the weights go to zero unless the data needs them.\nAbout 80 % of the first layer's weights end below 1e-3 (L2 leaves about 5 %): the spike at 0 in the weights panel.",
            "l1",
        ),
        cured(
            "e9-elastic-net",
            "E9 cure: elastic net (L1 1e-4 + L2 1e-4)",
            "The E9 net on the 8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0) with both penalties at 1e-4: sparse like L1, small like L2.\nAbout 70 % of the first layer's weights end below 1e-3, and the test loss ends below the uncured run's.",
            "elastic-net",
        ),
        cured(
            "e9-dropout",
            "E9 cure: dropout (p = 0.5)",
            "The E9 net on the 8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0), dropping each hidden unit with p = 0.5 in training (the rest scaled by 2; nothing dropped at test time).\nThe turn comes later (epoch 45–63 instead of 15–36) and the test loss ends lower on 4 of 5 seeds, though it still rises: here dropout delays overfitting, it does not stop it.",
            "dropout",
        ),
        cured(
            "e9-early-stop",
            "E9 cure: early stopping (patience 20)",
            "The E9 net on the 8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0), stopped once the test loss has not improved for 20 evaluated epochs, with the best epoch's weights restored.\nOn seeds 1–5 it stops at epoch 35–56 with the test loss of its best epoch exactly: the loss panel marks the stop and the best epoch.",
            "early-stop",
        ),
        Preset {
            name: "e9-no-batch-norm",
            title: "E9 deep sigmoid net without batch norm: it stalls",
            caption: "64 → 75 ×5 → 10 sigmoid units on the 8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0), plain SGD at 0.1, batch 32.\nThe training accuracy stays near chance (≈ 0.1) for all 30 epochs: the gradient vanishes through five sigmoid layers.",
            config: e9_deep_sigmoid(false),
            compares: None,
        },
        Preset {
            name: "e9-batch-norm",
            title: "E9 the same net with batch norm at 5× the rate",
            caption: "The same net with batch normalization before every sigmoid, at 5× the rate (0.5; Ioffe & Szegedy's BN-x5) on the 8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0).\nIn 30 epochs its training accuracy reaches 0.89–1.00 (seeds 1–5) where the plain net stays at chance, even at a fifth of the rate.",
            config: e9_deep_sigmoid(true),
            compares: None,
        },
    ]
}

/// E1–E4: one run each.
fn single_runs() -> Vec<Preset> {
    let u01 = Init::Uniform(0.0, 1.0);
    vec![
        Preset {
            name: "e1-no-clip",
            title: "E1 exploding gradients, no clipping",
            caption: "An unscaled regression target (std ≈ 150) makes the first gradients huge.\nWatch the gradient norms shoot up until the run diverges within the first epoch.",
            config: e1(Clip::None),
            compares: None,
        },
        Preset {
            name: "e1-clipnorm",
            title: "E1 with clipnorm 1.0",
            caption: "The same net, each gradient tensor clipped to norm 1 (Keras clipnorm=1.0).\nThe loss falls from ≈20 000 to below 100 within 20 epochs.",
            config: e1(Clip::Norm(1.0)),
            compares: None,
        },
        Preset {
            name: "e1-clipvalue",
            title: "E1 with clipvalue 5.0",
            caption: "Each gradient element clamped to ±5 (Keras clipvalue=5.0).\nIt also converges, to a loss of tens to about a hundred.",
            config: e1(Clip::Value(5.0)),
            compares: None,
        },
        Preset {
            name: "e1-global-norm",
            title: "E1 with global-norm clipping 1.0",
            caption: "All gradients scaled together so their joint norm is at most 1.\nThe direction of the step is kept; only its length is bounded.",
            config: e1(Clip::GlobalNorm(1.0)),
            compares: None,
        },
        Preset {
            name: "e2-shallow-tanh",
            title: "E2 shallow tanh net on two circles",
            caption: "One hidden tanh layer of 5, weights U(0, 1), learns the circles to ≈ 0.8 accuracy.\nThe gradient reaching the first layer stays within reach of the last layer's.",
            config: e2(1, Activation::Tanh, u01, u01),
            compares: None,
        },
        Preset {
            name: "e2-deep-tanh",
            title: "E2 deep tanh net: vanishing gradients",
            caption: "Five tanh layers with all-positive U(0, 1) weights: accuracy stalls near 0.55.\nThe hidden layers next to the output get 10–100× less gradient than the output; the first, fed by unsaturated inputs, gets more than the middle ones (diagram → gradients).",
            config: e2(5, Activation::Tanh, u01, u01),
            compares: None,
        },
        Preset {
            name: "e2-deep-relu",
            title: "E2 deep ReLU net with He init: the fix",
            caption: "The same five layers with ReLU and He uniform init train again (≈ 0.82–0.85).\nGradients reach every layer at comparable size.",
            config: e2(5, Activation::Relu, Init::HeUniform, Init::GlorotUniform),
            compares: None,
        },
        Preset {
            name: "e3-sigmoid",
            title: "E3 sigmoid net on the spiral",
            caption: "2 → 50 → 50 → 3 with sigmoid units, full-batch SGD.\nThe layer farthest from the loss gets the smallest gradient (σ' ≤ 0.25 per layer).",
            config: e3(Activation::Sigmoid),
            compares: None,
        },
        Preset {
            name: "e3-relu",
            title: "E3 ReLU net on the spiral",
            caption: "The same net with ReLU units.\nGradients are larger and closer together across layers; the spiral is learned.",
            config: e3(Activation::Relu),
            compares: None,
        },
        Preset {
            name: "e3-tanh",
            title: "E3 tanh net on the spiral",
            caption: "The same net with tanh units (tanh' ≤ 1, zero-centred).\nCompare the spread of the layers' gradients with sigmoid and ReLU.",
            config: e3(Activation::Tanh),
            compares: None,
        },
        Preset {
            name: "e3-leaky-relu",
            title: "E3 Leaky ReLU net on the spiral",
            caption: "The same net with Leaky ReLU (α = 0.2): no unit can die.\nGradients stay close together across layers, like ReLU's.",
            config: e3(Activation::LeakyRelu(0.2)),
            compares: None,
        },
        Preset {
            name: "e4-digits-sigmoid",
            title: "E4 deep sigmoid net on the digits: weight change per layer",
            caption: "64 → 75 → 75 → 75 → 10 sigmoid units, momentum 0.99, on the 8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0).\nIn the weight-change panel the layers nearest the input change least; the loss sits near 2.30 before it falls.",
            config: digits_net(Activation::Sigmoid, 60),
            compares: None,
        },
    ]
}

/// E5: one net per activation, compared side by side on the page.
fn activations_side_by_side() -> Vec<Preset> {
    vec![
        Preset {
            name: "e5-sigmoid",
            title: "E5 sigmoid",
            caption: "A four-layer net trained with Adam, sigmoid units.\nThe loss barely moves for the first epochs: compare with the other E5 presets.",
            config: e5(Activation::Sigmoid),
            compares: Some("activation"),
        },
        Preset {
            name: "e5-tanh",
            title: "E5 tanh",
            caption: "The same net with tanh units.\nZero-centred and with a larger derivative, it starts learning sooner than sigmoid.",
            config: e5(Activation::Tanh),
            compares: Some("activation"),
        },
        Preset {
            name: "e5-relu",
            title: "E5 ReLU",
            caption: "The same net with ReLU units.\nThe loss falls from the first epoch.",
            config: e5(Activation::Relu),
            compares: Some("activation"),
        },
        Preset {
            name: "e5-leaky-relu",
            title: "E5 Leaky ReLU",
            caption: "The same net with Leaky ReLU (α = 0.2).\nLike ReLU, and no unit can die.",
            config: e5(Activation::LeakyRelu(0.2)),
            compares: Some("activation"),
        },
        Preset {
            name: "e5-elu",
            title: "E5 ELU",
            caption: "The same net with ELU (α = 1): smooth, with negative outputs.\nLike ReLU, the loss falls from the start.",
            config: e5(Activation::Elu(1.0)),
            compares: Some("activation"),
        },
        Preset {
            name: "e5-digits-sigmoid",
            title: "E5 on the digits: sigmoid",
            caption: "E4's deep net on the 8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0), sigmoid units.\nThe loss stays near 2.30 (chance for 10 classes) for the first 10 epochs: compare with the other e5-digits presets.",
            config: digits_net(Activation::Sigmoid, 10),
            compares: Some("activation"),
        },
        Preset {
            name: "e5-digits-tanh",
            title: "E5 on the digits: tanh",
            caption: "The same net on the 8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0), tanh units.\nThe loss falls within the first epochs, where sigmoid's has not moved.",
            config: digits_net(Activation::Tanh, 10),
            compares: Some("activation"),
        },
        Preset {
            name: "e5-digits-relu",
            title: "E5 on the digits: ReLU",
            caption: "The same net on the 8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0), ReLU units.\nThe loss falls from the first epoch: compare its curve with sigmoid's plateau.",
            config: digits_net(Activation::Relu, 10),
            compares: Some("activation"),
        },
        Preset {
            name: "e5-digits-leaky-relu",
            title: "E5 on the digits: Leaky ReLU",
            caption: "The same net on the 8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0), Leaky ReLU (α = 0.2).\nLike ReLU, the loss falls from the start; compare with sigmoid's plateau.",
            config: digits_net(Activation::LeakyRelu(0.2), 10),
            compares: Some("activation"),
        },
        Preset {
            name: "e5-digits-elu",
            title: "E5 on the digits: ELU",
            caption: "The same net on the 8×8 digits: UCI, Alpaydin & Kaynak 1998 (CC BY 4.0), ELU (α = 1).\nLike ReLU and tanh, the loss falls from the start; sigmoid's stays flat.",
            config: digits_net(Activation::Elu(1.0), 10),
            compares: Some("activation"),
        },
    ]
}

/// The preset with this name.
pub fn find(name: &str) -> Option<Preset> {
    let name = name.trim().to_ascii_lowercase();
    all().into_iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::settings::Settings;

    #[test]
    fn every_preset_is_valid_and_named_uniquely() {
        let all = all();
        for p in &all {
            p.config
                .validate()
                .unwrap_or_else(|e| panic!("{}: {e}", p.name));
            assert_eq!(p.caption.lines().count(), 2, "{}: two-line caption", p.name);
            assert_eq!(find(p.name).as_ref(), Some(p));
        }
        let mut names: Vec<_> = all.iter().map(|p| p.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all.len());
        assert!(find("nope").is_none());
    }

    #[test]
    fn digits_presets_name_their_source() {
        let on_digits: Vec<_> = all()
            .into_iter()
            .filter(|p| p.config.data == DataKind::Digits)
            .collect();
        assert_eq!(on_digits.len(), 14);
        for p in on_digits {
            assert!(p.caption.contains(digits::SOURCE), "{}", p.name);
        }
    }
}
