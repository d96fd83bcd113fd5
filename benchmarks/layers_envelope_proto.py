"""Features across a 2-D outflow layer: ridges against envelopes (a numpy prototype).

cd2d (benchmarks/layers/cd2d.py): -eps lap u + u_x + u_y = g(x) + g(y), eps = 0.005,
u = g(x) g(y) with g(s) = s - (exp((s - 1) / eps) - ...) / (...): layers of width eps at x = 1
and y = 1 and their corner. One least-squares solve of a tanh Box basis (steepness 2) on 6w
Sobol points and w + 1 grid points per face, the derivatives written out; a fraction of the
features either redrawn as pinnls' `layers` setting draws them (ridges steep across a face,
centred near it) or kept as drawn and multiplied by an envelope exp(-(1 - x_k) / d), d from
eps/2 to 2 eps (a shape pinnls does not have). Writes a JSON table::

    python benchmarks/layers_envelope_proto.py --json docs/figures/layers_envelope_proto.json
"""

import argparse
import json
import platform
import time
import warnings

import numpy as np
from scipy.stats import qmc

warnings.filterwarnings("ignore", message="The balance properties")
eps = 0.005


def g(s):
    return s - (np.exp((s - 1) / eps) - np.exp(-1 / eps)) / (1 - np.exp(-1 / eps))


def exact(x, y):
    return g(x) * g(y)


def src(x, y):
    return g(x) + g(y)


rng = np.random.default_rng(0)


def box(w, s):
    n = rng.normal(size=(w, 2))
    n /= np.linalg.norm(n, axis=1, keepdims=True)
    p = rng.uniform(size=(w, 2))
    corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    m = np.abs((corners[None] - p[:, None]) @ n[..., None])[..., 0].max(1)
    W = (s / m)[:, None] * n
    b = -(W * p).sum(1)
    return W, b


# features: tanh(W.x+b) * env, env = exp(-(1-x_k)/d) (k per feature) or 1
def feats(W, b, K, D, x, y):
    z = x[:, None] * W[:, 0] + y[:, None] * W[:, 1] + b
    th = np.tanh(z)
    s1 = 1 - th**2
    s2 = -2 * th * s1
    # envelope
    X = np.stack([x, y], 1)
    e = np.ones_like(z)
    ek = [np.zeros_like(z), np.zeros_like(z)]
    ekk = [np.zeros_like(z), np.zeros_like(z)]
    for k in (0, 1):
        m = K == k
        if m.any():
            ee = np.exp(-(1 - X[:, k][:, None]) / D[m])
            e[:, m] = ee
            ek[k][:, m] = ee / D[m]
            ekk[k][:, m] = ee / D[m] ** 2
    f = th * e
    fx = s1 * W[:, 0] * e + th * ek[0]
    fy = s1 * W[:, 1] * e + th * ek[1]
    fxx = s2 * W[:, 0] ** 2 * e + 2 * s1 * W[:, 0] * ek[0] + th * ekk[0]
    fyy = s2 * W[:, 1] ** 2 * e + 2 * s1 * W[:, 1] * ek[1] + th * ekk[1]
    return f, fx, fy, fxx, fyy


def solve(W, b, K, D, n):
    P = qmc.Sobol(2, seed=0).random(n)
    xi, yi = P[:, 0], P[:, 1]
    f, fx, fy, fxx, fyy = feats(W, b, K, D, xi, yi)
    A = -eps * (fxx + fyy) + fx + fy
    A = np.c_[A, np.zeros(len(xi))]
    r = src(xi, yi)
    As = [A / np.sqrt(len(xi))]
    rs = [r / np.sqrt(len(xi))]
    m = W.shape[0] + 1
    s = np.linspace(0, 1, m)
    for xx, yy in [(0 * s, s), (0 * s + 1, s), (s, 0 * s), (s, 0 * s + 1)]:
        F = feats(W, b, K, D, xx, yy)[0]
        As.append(np.c_[F, np.ones(len(xx))] / np.sqrt(m))
        rs.append(exact(xx, yy) / np.sqrt(m))
    A = np.vstack(As)
    r = np.concatenate(rs)
    sc = np.linalg.norm(A, axis=0)
    sc[sc == 0] = 1
    c, *_ = np.linalg.lstsq(A / sc, r, rcond=1e-13)
    c /= sc
    xe, ye = np.meshgrid(np.linspace(0, 1, 401), np.linspace(0, 1, 401))
    xe = xe.ravel()
    ye = ye.ravel()
    F = feats(W, b, K, D, xe, ye)[0]
    u = np.c_[F, np.ones(len(xe))] @ c
    ue = exact(xe, ye)
    return np.linalg.norm(u - ue) / np.linalg.norm(ue)


parser = argparse.ArgumentParser()
parser.add_argument("--json", required=True)
args = parser.parse_args()
rows = []
s = 2.0
for w, frac in [(512, 0), (512, 0.25), (512, 0.5), (1024, 0), (1024, 0.25), (1024, 0.5)]:
    k = int(frac * w)
    W, b = box(w, s)
    K = -np.ones(w, int)
    D = np.ones(w)
    # ridge layer features (as pinnls): steep across face, centered near face
    W2, b2 = W.copy(), b.copy()
    idx = np.arange(w - k, w)
    for j, i in enumerate(idx):
        ax = j % 2
        c = 1 - rng.uniform(0, 6 * eps)
        sl = (1 / eps) * 2 ** (rng.uniform(-1, 1)) * rng.choice([-1, 1])
        p = rng.uniform(size=2)
        p[ax] = c
        W2[i, ax] = sl
        b2[i] = -(W2[i] * p).sum()
    t0 = time.time()
    e1 = solve(W2, b2, K, D, 6 * w)
    # envelope features: box row times exp(-(1-x_k)/d)
    K3 = K.copy()
    D3 = D.copy()
    for j, i in enumerate(idx):
        K3[i] = j % 2
        D3[i] = eps * 2 ** (rng.uniform(-1, 1))
    e2 = solve(W, b, K3, D3, 6 * w)
    print(
        w, s, frac, f"ridge {e1:.2e}", f"envelope {e2:.2e}", f"{time.time() - t0:.1f}s", flush=True
    )
    rows.append({"width": w, "scale": s, "fraction": frac, "ridge": e1, "envelope": e2})
record = {
    "command": "python benchmarks/layers_envelope_proto.py --json " + args.json,
    "machine": platform.platform(),
    "rows": rows,
}
with open(args.json, "w") as handle:
    json.dump(record, handle, indent=1)
    handle.write("\n")
