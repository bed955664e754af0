"""Runs the optimizer race's reference in Keras itself, for tests/race.rs.

Every Keras 3 optimizer with its default constants (momentum and Nesterov as SGD with
momentum 0.9), 200 steps on Rosenbrock and Beale from the starts and learning rates
of tests/race.rs, handed the analytic gradient, in float64 and float32. Prints JSON:
the positions at every 10th step. Made with (outside the project):

    python3 -m venv kenv && kenv/bin/pip install keras "jax[cpu]" scipy
    JAX_ENABLE_X64=1 KERAS_BACKEND=jax kenv/bin/python tests/reference/keras_race.py \
        > tests/reference/keras_race.json
"""
import json

import keras
import numpy as np

RATES = {"sgd": 0.0005, "momentum": 0.0005, "nesterov": 0.0005, "adagrad": 0.1,
         "adadelta": 1.0, "rmsprop": 0.005, "adam": 0.01}
STARTS = {"rosenbrock": (-1.2, 1.0), "beale": (1.0, 1.5)}


def grad(surface, x, y):
    if surface == "rosenbrock":
        return np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
    a, b, c = 1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y ** 3
    return np.array([2 * (a * (y - 1) + b * (y * y - 1) + c * (y ** 3 - 1)),
                     2 * (a * x + b * 2 * x * y + c * 3 * x * y * y)])


def optimizer(name, lr):
    o = keras.optimizers
    return {
        "sgd": lambda: o.SGD(learning_rate=lr),
        "momentum": lambda: o.SGD(learning_rate=lr, momentum=0.9),
        "nesterov": lambda: o.SGD(learning_rate=lr, momentum=0.9, nesterov=True),
        "adagrad": lambda: o.Adagrad(learning_rate=lr),
        "adadelta": lambda: o.Adadelta(learning_rate=lr),
        "rmsprop": lambda: o.RMSprop(learning_rate=lr),
        "adam": lambda: o.Adam(learning_rate=lr),
    }[name]()


out = {"keras": keras.__version__, "backend": keras.backend.backend(), "runs": []}
for dtype in ["float64", "float32"]:
    for surface, start in STARTS.items():
        for name, lr in RATES.items():
            v = keras.Variable(np.array(start, dtype=dtype), dtype=dtype)
            opt = optimizer(name, lr)
            path = [[float(p) for p in np.asarray(v.numpy())]]
            for k in range(1, 201):
                x, y = (np.asarray(v.numpy(), dtype=dtype)).tolist()
                g = grad(surface, np.array(x, dtype=dtype), np.array(y, dtype=dtype)).astype(dtype)
                opt.apply([g], [v])
                if k % 10 == 0:
                    path.append([float(p) for p in np.asarray(v.numpy())])
            out["runs"].append({"dtype": dtype, "surface": surface, "optimizer": name, "lr": lr,
                                "every": 10, "path": path})
print(json.dumps(out))
