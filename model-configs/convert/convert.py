#!/usr/bin/env python3
"""
Converts a POLLUX judge (ai-forever/pollux-judge-7b or ai-forever/Pollux-4B-Judge) into MLC
weights that the pinned web-llm (0.2.86) runs with its *prebuilt* WebGPU library
(Qwen2-7B-Instruct / Qwen3-4B, `_cs1k`), then optionally uploads them to a Hugging Face repo.

Steps (see README.md next to this file for the exact commands):
  1. download the model with huggingface_hub;
  2. check the architecture against what the prebuilt library was compiled for, and the
     vocab_size: pollux-judge-7b inherits T-lite's 151665 rows, the Qwen2-7B library expects
     152064 -> pad embed_tokens and lm_head with zero rows (pad_vocab_rows) and set vocab_size;
  3. `mlc_llm convert_weight` and `mlc_llm gen_config --conv-template qwen2
     --context-window-size 8192 --prefill-chunk-size 1024` per quantization;
  4. patch mlc-chat-config.json: explicit sampling defaults (temperature 0, top_p 1,
     repetition_penalty 1, no presence/frequency penalty) and the system prompt handling taken
     from the model's OWN chat template, then verify that web-llm's ChatML rendering of a user
     message equals `apply_chat_template(..., add_generation_prompt=True)` byte for byte and
     token for token -- it fails loudly otherwise;
  5. `HfApi.upload_folder` to <hf-user>/<model_id> when --upload-to is given.

`--dry-run path/to/config.json` validates a local HF config.json (architecture, vocab, padding
plan) without downloading or converting anything; it needs only the standard library.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

CONTEXT_WINDOW = 8192
PREFILL_CHUNK = 1024
SAMPLING_DEFAULTS = {
    "temperature": 0.0,
    "top_p": 1.0,
    "repetition_penalty": 1.0,
    "presence_penalty": 0.0,
    "frequency_penalty": 0.0,
}
QWEN2_SYSTEM_TEMPLATE = "<|im_start|>system\n{system_message}<|im_end|>\n"


@dataclass(frozen=True)
class Family:
    key: str
    hf_repo: str
    model_id_prefix: str
    model_type: str
    target_vocab: int
    # Fields that become static shapes/constants of the prebuilt library and so must match.
    arch: dict
    tied_embeddings: bool


FAMILIES = {
    "pollux-judge-7b": Family(
        key="pollux-judge-7b",
        hf_repo="ai-forever/pollux-judge-7b",
        model_id_prefix="pollux-judge-7b",
        model_type="qwen2",
        target_vocab=152064,
        arch={
            "hidden_size": 3584,
            "intermediate_size": 18944,
            "num_hidden_layers": 28,
            "num_attention_heads": 28,
            "num_key_value_heads": 4,
            "rope_theta": 1000000.0,
            "rms_norm_eps": 1e-06,
        },
        tied_embeddings=False,
    ),
    "pollux-4b-judge": Family(
        key="pollux-4b-judge",
        hf_repo="ai-forever/Pollux-4B-Judge",
        model_id_prefix="Pollux-4B-Judge",
        model_type="qwen3",
        target_vocab=151936,
        arch={
            "hidden_size": 2560,
            "intermediate_size": 9728,
            "num_hidden_layers": 36,
            "num_attention_heads": 32,
            "num_key_value_heads": 8,
            "head_dim": 128,
            "rope_theta": 1000000,
            "rms_norm_eps": 1e-06,
        },
        tied_embeddings=True,
    ),
}


def fail(msg: str) -> "NoReturn":  # noqa: F821
    print(f"\nERROR: {msg}", file=sys.stderr)
    sys.exit(1)


# ---------------------------------------------------------------------------------------------
# Checks and the padding plan (standard library only: used by --dry-run)
# ---------------------------------------------------------------------------------------------
def check_config(config: dict, fam: Family) -> list[str]:
    """Problems that make the prebuilt library unusable for this checkpoint (empty = fine)."""
    problems = []
    if config.get("model_type") != fam.model_type:
        problems.append(f"model_type {config.get('model_type')!r}, expected {fam.model_type!r}")
    for k, want in fam.arch.items():
        got = config.get(k)
        if got is None and k == "head_dim":
            got = config["hidden_size"] // config["num_attention_heads"]
        if got is None or float(got) != float(want):
            problems.append(f"{k} = {got}, the prebuilt library needs {want}")
    tied = bool(config.get("tie_word_embeddings", False))
    if tied != fam.tied_embeddings:
        problems.append(f"tie_word_embeddings = {tied}, expected {fam.tied_embeddings}")
    vocab = config.get("vocab_size")
    if not isinstance(vocab, int):
        problems.append("vocab_size missing")
    elif vocab > fam.target_vocab:
        problems.append(f"vocab_size {vocab} > {fam.target_vocab}: cannot shrink, compile a library instead")
    return problems


def padding_plan(config: dict, fam: Family) -> int:
    """How many zero rows to append to the embedding (and untied lm_head)."""
    return fam.target_vocab - int(config["vocab_size"])


def pad_vocab_rows(weight, target_rows: int):
    """
    Appends zero rows to a [vocab, hidden] tensor so it has `target_rows` rows. Zero rows give
    the padded ids a logit of exactly 0 (far below real top logits), and the tokenizer never
    produces them; this is how Qwen2.5 itself ships 151665 real tokens in 152064 rows.
    Works on torch tensors (and numpy arrays, for testing).
    """
    rows = weight.shape[0]
    if rows == target_rows:
        return weight
    if rows > target_rows:
        raise ValueError(f"tensor has {rows} rows, more than the target {target_rows}")
    if hasattr(weight, "new_zeros"):  # torch
        import torch

        pad = weight.new_zeros((target_rows - rows, *weight.shape[1:]))
        return torch.cat([weight, pad], dim=0)
    import numpy as np

    return np.concatenate([weight, np.zeros((target_rows - rows, *weight.shape[1:]), dtype=weight.dtype)], axis=0)


# ---------------------------------------------------------------------------------------------
# Chat template: the browser must render exactly what apply_chat_template renders
# ---------------------------------------------------------------------------------------------
def webllm_render(conv: dict, user_text: str) -> str:
    """
    web-llm 0.2.86's Conversation.getPromptArray for [system?, user, assistant-header]
    (bundle getPromptArrayInternal): system block when non-empty, then
    role + role_content_sep + content + seps[0], then role + role_empty_sep.
    """
    system = ""
    tmpl = conv.get("system_template", "")
    msg = conv.get("system_message", "")
    if not (msg == "" and conv.get("render_empty_system_message") is False):
        system = tmpl.replace("{system_message}", msg)
    user_role = conv["roles"]["user"]
    asst_role = conv["roles"]["assistant"]
    sep = conv["seps"][0]
    return system + user_role + conv["role_content_sep"] + user_text + sep + asst_role + conv["role_empty_sep"]


def system_from_template(rendered: str) -> tuple[str, str]:
    """(system_template, system_message) that reproduce the chat template's system block."""
    head = "<|im_start|>system\n"
    if rendered.startswith(head):
        end = rendered.index("<|im_end|>\n")
        return QWEN2_SYSTEM_TEMPLATE, rendered[len(head):end]
    return "", ""


def patch_chat_config(out_dir: Path, hf_dir: Path) -> None:
    from transformers import AutoTokenizer

    path = out_dir / "mlc-chat-config.json"
    cfg = json.loads(path.read_text())
    cfg.update(SAMPLING_DEFAULTS)
    cfg["context_window_size"] = CONTEXT_WINDOW
    tok = AutoTokenizer.from_pretrained(hf_dir)
    probe = "### Задание для оценки:\nX"
    rendered = tok.apply_chat_template([{"role": "user", "content": probe}], add_generation_prompt=True, tokenize=False)
    conv = cfg["conv_template"]
    if isinstance(conv, str):
        fail(f"gen_config wrote conv_template as a name ({conv!r}); this recipe needs mlc_llm >= 0.1 (object form)")
    conv["system_template"], conv["system_message"] = system_from_template(rendered)
    browser = webllm_render(conv, probe)
    if browser != rendered:
        fail(
            "web-llm would render a different prompt than the model's chat template:\n"
            f"  apply_chat_template: {rendered!r}\n  web-llm conv_template: {browser!r}\n"
            "Adjust conv_template in mlc-chat-config.json by hand before uploading."
        )
    ids_hf = tok(rendered, add_special_tokens=False)["input_ids"]
    ids_browser = tok(browser, add_special_tokens=False)["input_ids"]
    if ids_hf != ids_browser:
        fail("token ids differ between the chat template and the web-llm rendering")
    path.write_text(json.dumps(cfg, indent=2, ensure_ascii=False) + "\n")
    print(f"  chat template OK; system_message = {conv['system_message']!r}")


# ---------------------------------------------------------------------------------------------
# Heavy steps (need torch, safetensors, transformers, huggingface_hub, mlc_llm)
# ---------------------------------------------------------------------------------------------
def download(fam: Family, revision: str, dest: Path) -> Path:
    from huggingface_hub import snapshot_download

    return Path(snapshot_download(fam.hf_repo, revision=revision, local_dir=dest / fam.key))


def padded_copy(src: Path, fam: Family, dest: Path) -> Path:
    """A copy of the checkpoint with embed_tokens / lm_head padded to the target vocab."""
    from safetensors.torch import load_file, save_file

    config = json.loads((src / "config.json").read_text())
    extra = padding_plan(config, fam)
    if extra == 0:
        print("  vocab_size already matches, no padding")
        return src
    out = dest / f"{fam.key}-v{fam.target_vocab}"
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(src, out, ignore=shutil.ignore_patterns("*.safetensors", ".cache"))
    names = {"model.embed_tokens.weight", "lm_head.weight"}
    padded = 0
    for f in sorted(src.glob("*.safetensors")):
        tensors = load_file(f)
        for n in names & tensors.keys():
            tensors[n] = pad_vocab_rows(tensors[n], fam.target_vocab).contiguous()
            padded += 1
        save_file(tensors, out / f.name, metadata={"format": "pt"})
    want = 1 if fam.tied_embeddings else 2
    if padded != want:
        fail(f"padded {padded} tensors, expected {want} (embed_tokens{'' if fam.tied_embeddings else ' + lm_head'})")
    config["vocab_size"] = fam.target_vocab
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    index = out / "model.safetensors.index.json"
    if index.exists():
        idx = json.loads(index.read_text())
        idx.setdefault("metadata", {})["total_size"] = sum(p.stat().st_size for p in out.glob("*.safetensors"))
        index.write_text(json.dumps(idx, indent=2) + "\n")
    print(f"  padded {padded} tensors by {extra} zero rows -> {out}")
    return out


def run(cmd: list[str]) -> None:
    print("  $ " + " ".join(cmd))
    subprocess.run(cmd, check=True)


def convert(src: Path, fam: Family, quant: str, dest: Path) -> Path:
    model_id = f"{fam.model_id_prefix}-{quant}-MLC"
    out = dest / model_id
    run(["mlc_llm", "convert_weight", str(src), "--quantization", quant, "-o", str(out)])
    run([
        "mlc_llm", "gen_config", str(src), "--quantization", quant, "--conv-template", "qwen2",
        "--context-window-size", str(CONTEXT_WINDOW), "--prefill-chunk-size", str(PREFILL_CHUNK), "-o", str(out),
    ])
    # web-llm 0.2.86 requests only tensor-cache.json (older mlc_llm wrote ndarray-cache.json).
    old = out / "ndarray-cache.json"
    if old.exists() and not (out / "tensor-cache.json").exists():
        old.rename(out / "tensor-cache.json")
    if not (out / "tensor-cache.json").exists():
        fail(f"{out}/tensor-cache.json missing after convert_weight")
    if not (out / "tokenizer.json").exists():
        fail(f"{out}/tokenizer.json missing: web-llm needs it")
    cfg = json.loads((out / "mlc-chat-config.json").read_text())
    if cfg.get("vocab_size") != fam.target_vocab:
        fail(f"mlc-chat-config vocab_size {cfg.get('vocab_size')} != {fam.target_vocab}")
    if cfg.get("tokenizer_info", {}).get("token_postproc_method") != "byte_level":
        fail("tokenizer_info.token_postproc_method is not byte_level")
    patch_chat_config(out, src)
    return out


def upload(folder: Path, repo_prefix: str) -> None:
    from huggingface_hub import HfApi

    api = HfApi()
    repo_id = f"{repo_prefix}/{folder.name}"
    api.create_repo(repo_id, repo_type="model", exist_ok=True)
    api.upload_folder(folder_path=str(folder), repo_id=repo_id, repo_type="model",
                      commit_message="MLC q4 conversion for web-llm 0.2.86 (pollux-web recipe)")
    print(f"  uploaded -> https://huggingface.co/{repo_id}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", choices=sorted(FAMILIES), default="pollux-judge-7b")
    ap.add_argument("--revision", default="main", help="HF revision of the source model")
    ap.add_argument("--quant", action="append", choices=["q4f16_1", "q4f32_1"],
                    help="repeatable; default both")
    ap.add_argument("--work", type=Path, default=Path("dist/models"))
    ap.add_argument("--local", type=Path, help="use this local HF checkpoint instead of downloading")
    ap.add_argument("--upload-to", metavar="HF_USER_OR_ORG")
    ap.add_argument("--dry-run", type=Path, metavar="CONFIG_JSON",
                    help="only validate a local config.json (architecture, vocab, padding plan)")
    args = ap.parse_args()
    fam = FAMILIES[args.model]

    if args.dry_run:
        config = json.loads(args.dry_run.read_text())
        problems = check_config(config, fam)
        for p in problems:
            print(f"  problem: {p}")
        if problems:
            fail(f"{args.dry_run} cannot reuse the prebuilt {fam.model_type} library")
        extra = padding_plan(config, fam)
        print(f"OK: {fam.key}, vocab_size {config['vocab_size']} -> {fam.target_vocab} "
              f"({'pad ' + str(extra) + ' zero rows' if extra else 'no padding'})")
        return

    args.work.mkdir(parents=True, exist_ok=True)
    print(f"[1/5] source {fam.hf_repo}@{args.revision}")
    src = args.local or download(fam, args.revision, args.work)
    config = json.loads((src / "config.json").read_text())
    print("[2/5] checks")
    problems = check_config(config, fam)
    if problems:
        fail("; ".join(problems))
    src = padded_copy(src, fam, args.work)
    outs = []
    for quant in args.quant or ["q4f16_1", "q4f32_1"]:
        print(f"[3-4/5] {quant}")
        outs.append(convert(src, fam, quant, args.work))
    if args.upload_to:
        print("[5/5] upload")
        for o in outs:
            upload(o, args.upload_to)
    else:
        print("[5/5] skipped upload (no --upload-to)")
    for o in outs:
        print(f"done: {o}")


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main()
