#!/usr/bin/env python3
"""
Converts a POLLUX judge (ai-forever/pollux-judge-7b or ai-forever/Pollux-4B-Judge) into MLC
weights that the pinned web-llm (0.2.86) runs with its *prebuilt* WebGPU library
(Qwen2-7B-Instruct / Qwen3-4B, `_cs1k`), then optionally uploads them to a Hugging Face repo.

Steps (see README.md next to this file, and the publish workflow
.github/workflows/publish-judges.yml that runs them on a hosted runner):
  1. download the model with huggingface_hub (only the files conversion needs: allow_patterns),
     recording the source commit;
  2. check the architecture against what the prebuilt library was compiled for (shapes, norms,
     rope_theta and rope_scaling, attention_bias, hidden_act, no sliding window, tied embeddings)
     and the vocab_size: pollux-judge-7b inherits T-lite's 151665 rows, the Qwen2-7B library
     expects 152064 -> pad embed_tokens and lm_head with zero rows and set vocab_size;
  3. `mlc_llm convert_weight` and `mlc_llm gen_config --conv-template qwen2
     --context-window-size 8192 --prefill-chunk-size 1024` per quantization;
  4. regenerate mlc-chat-config.json's conversation: explicit sampling defaults (temperature 0,
     top_p 1, repetition_penalty 1, no presence/frequency penalty) and the system block taken
     from the model's OWN chat template (tokenizer_config.json), then check that web-llm's
     rendering of a user turn equals `apply_chat_template(..., add_generation_prompt=True)` byte
     for byte, and that web-llm's segment-wise tokenization (each prompt segment encoded on its
     own, as web-llm prefills them) equals the tokenization of the whole rendered string. The
     template's `enable_thinking` switch (Qwen3) is detected and recorded; it fails loudly
     otherwise;
  5. upload to <hf-user>/<model_id> (HF_TOKEN or `hf auth login`) and, with --write-records,
     write the app's record and chat config with the weights' commit into model-configs/.

`--dry-run [CONFIG_JSON ...]` needs only the standard library and no network: it checks the
example configs (or the given ones) and the recipe's own pure steps (chat rendering, segments,
padding plan). The project's CI runs it.
"""
from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
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
# web-llm 0.2.86 prefills this after the assistant header when enable_thinking is false.
EMPTY_THINKING_BLOCK = "<think>\n\n</think>\n\n"
# Only what conversion needs: config, tokenizer files, weights (no .bin duplicates, no docs).
ALLOW_PATTERNS = ["*.json", "*.safetensors", "*.txt", "*.model", "*.jinja", "*.py"]
HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


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
    # Qwen2 has q/k/v biases built in (no config field); Qwen3 declares attention_bias false.
    attention_bias: bool | None


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
        attention_bias=None,
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
        attention_bias=False,
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
    # Baked into the library's kernels too: a scaled rope, another activation, biases the
    # library does not add, or a sliding window would all run -- and compute something else.
    if config.get("rope_scaling") not in (None, {}):
        problems.append(f"rope_scaling = {config.get('rope_scaling')!r}, the prebuilt library uses plain rope")
    if config.get("hidden_act", "silu") != "silu":
        problems.append(f"hidden_act = {config.get('hidden_act')!r}, the prebuilt library uses silu")
    if fam.attention_bias is not None and bool(config.get("attention_bias", False)) != fam.attention_bias:
        problems.append(f"attention_bias = {config.get('attention_bias')}, expected {fam.attention_bias}")
    if bool(config.get("use_sliding_window", False)):
        problems.append("use_sliding_window = true, the prebuilt library has no sliding window")
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
def webllm_segments(conv: dict, user_text: str, thinking_off: bool = False) -> list[str]:
    """
    The prompt segments web-llm 0.2.86 builds for [system?, user, assistant header]
    (Conversation.getPromptArray): the system block when it renders one, then
    role + role_content_sep + content + seps[0], then role + role_empty_sep -- or, when
    enable_thinking is false, role + role_content_sep + the empty thinking block. web-llm
    tokenizes each segment on its own.
    """
    segments = []
    msg = conv.get("system_message", "")
    if not (msg == "" and conv.get("render_empty_system_message") is False):
        system = conv.get("system_template", "").replace("{system_message}", msg)
        if system != "":
            segments.append(system)
    user_role = conv["roles"]["user"]
    asst_role = conv["roles"]["assistant"]
    segments.append(user_role + conv["role_content_sep"] + user_text + conv["seps"][0])
    if thinking_off:
        segments.append(asst_role + conv["role_content_sep"] + EMPTY_THINKING_BLOCK)
    else:
        segments.append(asst_role + conv["role_empty_sep"])
    return segments


def webllm_render(conv: dict, user_text: str, thinking_off: bool = False) -> str:
    return "".join(webllm_segments(conv, user_text, thinking_off))


def system_from_template(rendered: str) -> tuple[str, str]:
    """(system_template, system_message) that reproduce the chat template's system block."""
    head = "<|im_start|>system\n"
    if rendered.startswith(head):
        end = rendered.index("<|im_end|>\n")
        return QWEN2_SYSTEM_TEMPLATE, rendered[len(head):end]
    return "", ""


def thinking_switch(chat_template: str) -> bool | None:
    """
    Whether the template has Qwen3's `enable_thinking` switch, and the value the judge runs with:
    the template's own default (thinking on unless `enable_thinking is false`), which is how
    Pollux-4B-Judge was trained to answer (reasoning in <think>, then the bare number). None: no switch.
    """
    return True if "enable_thinking" in chat_template else None


def check_tokenization(encode, segments: list[str], rendered: str) -> None:
    """web-llm encodes each segment apart; the model saw the whole string encoded at once."""
    by_segment = [i for seg in segments for i in encode(seg)]
    whole = encode(rendered)
    if by_segment != whole:
        at = next((k for k, (a, b) in enumerate(zip(by_segment, whole)) if a != b), min(len(by_segment), len(whole)))
        fail(
            "web-llm's segment-wise tokenization differs from the whole prompt's at token "
            f"{at}: {by_segment[at:at + 5]} vs {whole[at:at + 5]}. The prompt would not be what the judge was trained on."
        )


def patch_chat_config(out_dir: Path, hf_dir: Path) -> dict:
    """Regenerates the conversation part of mlc-chat-config.json from the model's own chat template."""
    from transformers import AutoTokenizer

    path = out_dir / "mlc-chat-config.json"
    cfg = json.loads(path.read_text())
    cfg.update(SAMPLING_DEFAULTS)
    cfg["context_window_size"] = CONTEXT_WINDOW
    tok = AutoTokenizer.from_pretrained(hf_dir)
    # The template exactly as the model ships it in tokenizer_config.json (or chat_template.jinja).
    template = tok.chat_template if isinstance(tok.chat_template, str) else ""
    if template == "":
        fail(f"{hf_dir} has no chat template in tokenizer_config.json")
    thinking = thinking_switch(template)
    probe = "### Задание для оценки:\nX"
    kwargs = {"enable_thinking": thinking} if thinking is not None else {}
    rendered = tok.apply_chat_template([{"role": "user", "content": probe}], add_generation_prompt=True, tokenize=False, **kwargs)
    conv = cfg["conv_template"]
    if isinstance(conv, str):
        fail(f"gen_config wrote conv_template as a name ({conv!r}); this recipe needs mlc_llm >= 0.1 (object form)")
    conv["system_template"], conv["system_message"] = system_from_template(rendered)
    segments = webllm_segments(conv, probe, thinking_off=thinking is False)
    browser = "".join(segments)
    if browser != rendered:
        fail(
            "web-llm would render a different prompt than the model's chat template:\n"
            f"  apply_chat_template: {rendered!r}\n  web-llm conv_template: {browser!r}\n"
            "Adjust conv_template in mlc-chat-config.json by hand before uploading."
        )
    check_tokenization(lambda text: tok(text, add_special_tokens=False)["input_ids"], segments, rendered)
    path.write_text(json.dumps(cfg, indent=2, ensure_ascii=False) + "\n")
    print(f"  chat template OK; system_message = {conv['system_message']!r}; enable_thinking = {thinking}")
    return {"enable_thinking": thinking, "chat_template_sha256": hashlib.sha256(template.encode()).hexdigest()}


# ---------------------------------------------------------------------------------------------
# Heavy steps (need torch, safetensors, transformers, huggingface_hub, mlc_llm)
# ---------------------------------------------------------------------------------------------
def download(fam: Family, revision: str, dest: Path) -> tuple[Path, str]:
    """The checkpoint (only the files conversion needs) and the commit it was downloaded at."""
    from huggingface_hub import HfApi, snapshot_download

    commit = HfApi().model_info(fam.hf_repo, revision=revision).sha or revision
    path = snapshot_download(fam.hf_repo, revision=commit, local_dir=dest / fam.key, allow_patterns=ALLOW_PATTERNS)
    return Path(path), commit


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
    chat = patch_chat_config(out, src)
    (out / ".recipe.json").write_text(json.dumps(chat) + "\n")
    return out


def upload(folder: Path, repo_prefix: str, source: str) -> tuple[str, str]:
    """Uploads with the token of HF_TOKEN or `hf auth login`; returns (repo id, commit of the upload)."""
    from huggingface_hub import HfApi

    api = HfApi()
    repo_id = f"{repo_prefix}/{folder.name}"
    api.create_repo(repo_id, repo_type="model", exist_ok=True)
    info = api.upload_folder(folder_path=str(folder), repo_id=repo_id, repo_type="model",
                             ignore_patterns=[".recipe.json"],
                             commit_message=f"MLC q4 conversion for web-llm 0.2.86 of {source} (pollux-web recipe)")
    commit = info.oid
    print(f"  uploaded -> https://huggingface.co/{repo_id} at {commit}")
    return repo_id, commit


def write_records(folder: Path, repo_id: str, commit: str, source: str) -> None:
    """The app's record and chat config for the uploaded weights, pinned to their commit."""
    model_id = folder.name
    rec_path = REPO / "model-configs" / "records" / f"{model_id}.json"
    rec = json.loads(rec_path.read_text())
    rec["record"]["model"] = f"https://huggingface.co/{repo_id}/resolve/{commit}/"
    shards = sum(p.stat().st_size for p in folder.glob("params_shard_*.bin"))
    chat = json.loads((folder / ".recipe.json").read_text())
    rec["app"].update({
        "weightsCommit": commit,
        "downloadMB": round(shards / 1024 / 1024),
        "enableThinking": chat["enable_thinking"],
        "convertedFrom": source,
        "chatTemplateSha256": chat["chat_template_sha256"],
    })
    rec_path.write_text(json.dumps(rec, indent=2, ensure_ascii=False) + "\n")
    cfg_dir = REPO / "model-configs" / "configs" / model_id
    cfg_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(folder / "mlc-chat-config.json", cfg_dir / "mlc-chat-config.json")
    print(f"  wrote {rec_path.relative_to(REPO)} and {cfg_dir.relative_to(REPO)}/mlc-chat-config.json")


def check_toolchain() -> str:
    """The installed MLC toolchain against mlc-pin.json; returns a one-line description of it."""
    import mlc_llm
    import tvm

    pin = json.loads((HERE / "mlc-pin.json").read_text())
    tvm_commit = str(tvm.support.libinfo().get("GIT_COMMIT_HASH", "?"))
    used = f"mlc_llm {getattr(mlc_llm, '__version__', '?')}, tvm {getattr(tvm, '__version__', '?')} at {tvm_commit}"
    want = pin.get("tvm_commit")
    if want and not tvm_commit.startswith(want[:12]):
        fail(f"the installed TVM is at {tvm_commit}, but mlc-pin.json pins {want} (the build of {pin['libraries']})")
    if not want:
        print(f"  WARNING: mlc-pin.json pins no TVM commit yet; converting with {used}")
    return used


def self_test() -> None:
    """The recipe's pure steps on literal inputs (standard library only; CI runs it)."""
    conv = {
        "system_template": QWEN2_SYSTEM_TEMPLATE, "system_message": "You are a helpful assistant.",
        "roles": {"user": "<|im_start|>user", "assistant": "<|im_start|>assistant"},
        "seps": ["<|im_end|>\n"], "role_content_sep": "\n", "role_empty_sep": "\n",
    }
    qwen25 = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nX<|im_end|>\n<|im_start|>assistant\n"
    assert webllm_render(conv, "X") == qwen25, webllm_render(conv, "X")
    assert system_from_template(qwen25) == (QWEN2_SYSTEM_TEMPLATE, "You are a helpful assistant.")
    # Qwen3 renders no system block; with thinking off, web-llm adds the empty thinking block.
    qwen3 = {**conv, "system_template": "", "system_message": ""}
    assert webllm_segments(qwen3, "X") == ["<|im_start|>user\nX<|im_end|>\n", "<|im_start|>assistant\n"]
    assert webllm_render(qwen3, "X", thinking_off=True).endswith("<|im_start|>assistant\n<think>\n\n</think>\n\n")
    assert thinking_switch("{%- if enable_thinking is defined and enable_thinking is false %}") is True
    assert thinking_switch("{{ messages }}") is None
    # A tokenizer that merges across a segment boundary ("a|b" -> one token) is caught; one
    # whose merges stay inside segments passes.
    def merging(text: str) -> list[int]:
        return [ord(c) for c in text.replace("ab", "\x01")]
    check_tokenization(merging, ["xab", "cd"], "xabcd")
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            check_tokenization(merging, ["xa", "by"], "xaby")
        raise AssertionError("segment-wise tokenization difference not caught")
    except SystemExit:
        pass
    fam = FAMILIES["pollux-4b-judge"]
    bad = {**json.loads((HERE / "examples" / "qwen3-4b.config.json").read_text()), "rope_scaling": {"type": "yarn", "factor": 4}, "hidden_act": "gelu", "attention_bias": True, "use_sliding_window": True}
    problems = " ".join(check_config(bad, fam))
    for field in ("rope_scaling", "hidden_act", "attention_bias", "use_sliding_window"):
        assert field in problems, (field, problems)
    print("self-test OK: chat rendering, segments, thinking switch, tokenization check, config checks")


def dry_run(paths: list[Path]) -> None:
    examples = {"pollux-judge-7b": HERE / "examples" / "t-lite-it-1.0.config.json", "pollux-4b-judge": HERE / "examples" / "qwen3-4b.config.json"}
    jobs = [(key, p) for key, p in examples.items()] if not paths else [(None, p) for p in paths]
    for key, path in jobs:
        config = json.loads(path.read_text())
        fam = FAMILIES[key] if key else next((f for f in FAMILIES.values() if f.model_type == config.get("model_type")), None)
        if fam is None:
            fail(f"{path}: model_type {config.get('model_type')!r} matches no judge family")
        problems = check_config(config, fam)
        for p in problems:
            print(f"  problem: {p}")
        if problems:
            fail(f"{path} cannot reuse the prebuilt {fam.model_type} library")
        extra = padding_plan(config, fam)
        print(f"OK: {path.name} -> {fam.key}, vocab_size {config['vocab_size']} -> {fam.target_vocab} "
              f"({'pad ' + str(extra) + ' zero rows' if extra else 'no padding'})")
    self_test()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", choices=sorted(FAMILIES), default="pollux-judge-7b")
    ap.add_argument("--revision", default="main", help="HF revision of the source model")
    ap.add_argument("--quant", action="append", choices=["q4f16_1", "q4f32_1"],
                    help="repeatable; default both")
    ap.add_argument("--work", type=Path, default=Path("dist/models"))
    ap.add_argument("--local", type=Path, help="use this local HF checkpoint instead of downloading")
    ap.add_argument("--upload-to", metavar="HF_USER_OR_ORG")
    ap.add_argument("--write-records", action="store_true",
                    help="after the upload, write model-configs/records and configs for the uploaded commit")
    ap.add_argument("--dry-run", nargs="*", type=Path, metavar="CONFIG_JSON",
                    help="no network: check the example configs (or these) and the recipe's pure steps")
    args = ap.parse_args()
    fam = FAMILIES[args.model]

    if args.dry_run is not None:
        dry_run(args.dry_run)
        return

    args.work.mkdir(parents=True, exist_ok=True)
    print(f"[0/5] toolchain: {check_toolchain()}")
    print(f"[1/5] source {fam.hf_repo}@{args.revision}")
    if args.local:
        src, source_commit = args.local, args.revision
    else:
        src, source_commit = download(fam, args.revision, args.work)
    source = f"{fam.hf_repo}@{source_commit}"
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
            repo_id, commit = upload(o, args.upload_to, source)
            if args.write_records:
                write_records(o, repo_id, commit, source)
    else:
        print("[5/5] skipped upload (no --upload-to)")
    for o in outs:
        print(f"done: {o}")


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main()
