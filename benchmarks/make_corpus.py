"""Write a deterministic synthetic workbook for measuring speed at scale.

Usage:
    python benchmarks/make_corpus.py --sources 1000 --claims 100000 --seed 1 --out /tmp/corpus
    python -m analysis validate --claims-dir /tmp/corpus
    python -m analysis build --claims-dir /tmp/corpus --output /tmp/corpus-reports

Each source is a text of generated sentences naming vocabulary terms; each claim quotes
one of its source's sentences, so every quote is found. Claims per source and the terms
they use follow a Zipf-like skew, as real collections do (a few long articles, many
short ones; depression and probiotics far more often than ADHD and FMT), and every
vocabulary term is used at least once.
"""

import argparse
import csv
import hashlib
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from analysis.common import paths  # noqa: E402
from analysis.workbook.rules import RULES_FILE  # noqa: E402
from analysis.workbook.validate import CLAIM_COLUMNS, SOURCE_COLUMNS  # noqa: E402
from analysis.workbook.vocabulary import load_vocabulary  # noqa: E402

TEMPLATES = [
    ("{study} found that {intervention} reduced {condition} in adults.", "direct_causal", "none"),
    ("{study} suggest that {intervention} may improve {condition}.", "conditional_causal", "speculative"),
    ("People with {condition} were more likely to report low {intervention}, {study} found.", "correlational", "none"),
    (
        "Early results hint that {intervention} could ease {condition}, but more trials are needed.",
        "conditional_causal",
        "speculative;preliminary;needs-more-trials",
    ),
    ("{intervention} had no effect on {condition} in {study}.", "no_relationship", "none"),
    ("Try {intervention} every day to protect yourself from {condition}.", "direct_causal", "none"),
]
STUDIES = {
    "meta-analysis": "A meta-analysis of twelve trials",
    "rct": "A randomised controlled trial",
    "controlled-trial": "A placebo-controlled trial",
    "clinical-trial": "A clinical trial",
    "uncontrolled-trial": "A pilot study without a control group",
    "observational": "A cohort study",
    "narrative-review": "A recent review",
    "case-report": "A case report of two patients",
    "animal": "Experiments in mice",
    "in-vitro": "Laboratory studies of gut cells",
    "unspecified-studies": "Studies",
    "expert-opinion": "One leading psychiatrist",
    "anecdote": "My neighbour's experience",
    "none": "Nothing at all",
}


def zipf_choice(rng: random.Random, items: list, s: float = 1.1):
    """Return one of `items`, the first far more often than the last."""
    weights = [1 / (i + 1) ** s for i in range(len(items))]
    return rng.choices(items, weights=weights, k=1)[0]


def claims_per_source(rng: random.Random, n_sources: int, n_claims: int) -> list[int]:
    """Split `n_claims` over `n_sources` with a skew, each source getting at least one."""
    weights = [rng.paretovariate(1.5) for _ in range(n_sources)]
    counts = [1 + int((n_claims - n_sources) * w / sum(weights)) for w in weights]
    counts[0] += n_claims - sum(counts)
    return counts


def make_sentences(rng, vocabulary, n: int, first_terms) -> list[dict]:
    """Return `n` generated sentences, each with the labels a curator would give it."""
    conditions, interventions = vocabulary.terms("conditions"), vocabulary.terms("interventions")
    levels = vocabulary.terms("evidence_levels")
    sentences = []
    for i in range(n):
        template, relation, hedging = TEMPLATES[i % len(TEMPLATES)]
        condition, intervention = (
            first_terms[i] if i < len(first_terms) else (zipf_choice(rng, conditions), zipf_choice(rng, interventions))
        )
        level = zipf_choice(rng, levels[::-1], 0.6)
        text = (
            template.format(
                study=STUDIES[level], condition=condition.replace("-", " "), intervention=intervention.replace("-", " ")
            )
            + f" (Finding {i + 1}.)"
        )
        sentences.append(
            {
                "text": text[0].upper() + text[1:],
                "condition": condition,
                "intervention": intervention,
                "relation": relation,
                "hedging": hedging,
                "evidence_level": level,
                "advice": "yes" if template.startswith("Try") else "no",
            }
        )
    return sentences


def write_corpus(out: Path, n_sources: int, n_claims: int, seed: int) -> None:
    """Write the synthetic workbook into `out` (which must not exist yet)."""
    rng = random.Random(seed)
    vocabulary = load_vocabulary()
    out.mkdir(parents=True)
    (out / "sources").mkdir()
    for name in (paths.VOCABULARY_FILE, paths.LEXICON_FILE, RULES_FILE):
        shutil.copy(paths.CLAIMS_DIR / name, out / name)
    every = _every_pair_once(vocabulary)
    sources, claims, next_id = [], [], 1
    for s, count in enumerate(claims_per_source(rng, n_sources, n_claims)):
        source_id = f"synthetic-{s + 1:05d}"
        first = every[: max(1, count // 2)] if every else []
        every = every[len(first) :]
        sentences = make_sentences(rng, vocabulary, max(1, count // 2 + 1), first)
        text = f"Synthetic article {s + 1}\n\n" + "\n".join(x["text"] for x in sentences) + "\n"
        path = out / "sources" / f"{source_id}.txt"
        path.write_text(text, encoding="utf-8")
        sources.append(_source_row(source_id, s, path))
        for c in range(count):
            claims.append(_claim_row(next_id, source_id, sentences[c % len(sentences)]))
            next_id += 1
    _write_csv(out / paths.SOURCES_FILE, SOURCE_COLUMNS, sources)
    _write_csv(out / paths.CLAIMS_FILE, CLAIM_COLUMNS, claims)


def _every_pair_once(vocabulary) -> list[tuple[str, str]]:
    conditions, interventions = vocabulary.terms("conditions"), vocabulary.terms("interventions")
    longest = max(len(conditions), len(interventions))
    return [(conditions[i % len(conditions)], interventions[i % len(interventions)]) for i in range(longest)]


def _source_row(source_id, s, path) -> dict:
    return {
        "source_id": source_id,
        "title": f"Synthetic article {s + 1}",
        "kind": "blog",
        "publisher": "",
        "author": "",
        "url": "",
        "published": "",
        "accessed": "",
        "path": f"sources/{path.name}",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "notes": "generated by make_corpus.py",
    }


def _claim_row(number, source_id, sentence) -> dict:
    return {
        "claim_id": f"C{number:06d}",
        "source_id": source_id,
        "quote": sentence["text"],
        "claim": f"{sentence['intervention']} and {sentence['condition']}",
        "conditions": sentence["condition"],
        "interventions": sentence["intervention"],
        "mechanisms": "",
        "direction": "unspecified",
        "relation": sentence["relation"],
        "evidence_level": sentence["evidence_level"],
        "hedging": sentence["hedging"],
        "citation": "",
        "population": "humans",
        "advice": sentence["advice"],
        "notes": "",
    }


def _write_csv(path: Path, columns, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=1000, help="number of documents (default 1000)")
    parser.add_argument("--claims", type=int, default=100_000, help="number of claims (default 100000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed writes the same files")
    parser.add_argument("--out", type=Path, required=True, help="folder to create (must not exist)")
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists; choose a new folder")
    if args.claims < args.sources:
        parser.error("--claims must be at least --sources")
    write_corpus(args.out, args.sources, args.claims, args.seed)
    print(f"wrote {args.sources} sources and {args.claims} claims to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
