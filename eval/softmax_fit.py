"""Fitting a multinomial logistic model (L2, class weights) with numpy + scipy's L-BFGS; training only."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import minimize

from claimcheck.verification.linear import SoftmaxModel


def fit_softmax(
    rows: Sequence[Sequence[float]],
    gold: Sequence[str],
    labels: Sequence[str],
    features: Sequence[str],
    l2: float,
    balance: float = 1.0,
) -> SoftmaxModel:
    """Fit on (rows, gold); `balance` 1 weighs classes inversely to their frequency, 0 not at all."""
    x = np.asarray(rows, dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (x - mean) / scale
    index = {label: i for i, label in enumerate(labels)}
    y = np.array([index[g] for g in gold])
    counts = np.bincount(y, minlength=len(labels)).astype(np.float64)
    class_weight = (counts.sum() / (len(labels) * np.maximum(counts, 1))) ** balance
    sample_weight = class_weight[y]
    sample_weight /= sample_weight.mean()
    n, d = z.shape
    k = len(labels)
    onehot = np.eye(k)[y]

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w = theta[: k * d].reshape(k, d)
        b = theta[k * d :]
        logits = z @ w.T + b
        logits -= logits.max(axis=1, keepdims=True)
        log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
        value = -(sample_weight * (onehot * log_p).sum(axis=1)).sum() / n + l2 * (w * w).sum()
        p = np.exp(log_p)
        delta = (p - onehot) * sample_weight[:, None] / n
        grad_w = delta.T @ z + 2 * l2 * w
        grad_b = delta.sum(axis=0)
        return float(value), np.concatenate([grad_w.ravel(), grad_b])

    result = minimize(loss, np.zeros(k * d + k), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    w = result.x[: k * d].reshape(k, d)
    b = result.x[k * d :]
    return SoftmaxModel(
        labels=tuple(labels),
        features=tuple(features),
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        weights=tuple(tuple(float(v) for v in row) for row in w),
        bias=tuple(float(v) for v in b),
    )
