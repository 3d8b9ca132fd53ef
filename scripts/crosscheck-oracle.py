"""Independent oracle for `npm run crosscheck` and the cross-check test (numpy + scipy; scikit-learn if present).

usage: python3 crosscheck-oracle.py PIECE.mid DATA_DIR ENERGY

DATA_DIR holds neuromusic's results as raw little-endian arrays described by meta.json:
  roll.u8     P x T piano roll (0/1), row-major
  v.f64       T x k rows of V_k (the points K-means clustered)
  labels.i32  L x T frame labels, one labelling per K of the sweep

Prints JSON: the reference piano roll's P, T and density (../shared/reference/v2_patterns.py's own piano_roll on its
own MIDI reader), how many cells of neuromusic's roll differ from it, the full SVD's singular values (numpy LAPACK)
and the energy rank they give, and for each labelling the silhouette computed exactly by direct differences
(scipy cdist, every pair, duplicates exactly 0 apart) and, when scikit-learn is importable (and
NEUROMUSIC_ORACLE_SKLEARN is not 0), by silhouette_score.
"""
import json, os, sys
import numpy as np
from scipy.spatial.distance import cdist

piece, data_dir, energy = sys.argv[1], sys.argv[2], float(sys.argv[3])
ref_dir = os.environ.get("NEUROMUSIC_REFERENCE_DIR")
sys.path.insert(0, ref_dir)
from midi_notes import read_notes  # noqa: E402
from v2_patterns import piano_roll  # noqa: E402

meta = json.load(open(os.path.join(data_dir, "meta.json")))
P, T, k, L = meta["P"], meta["T"], meta["k"], meta["L"]
ours = np.fromfile(os.path.join(data_dir, "roll.u8"), dtype=np.uint8).reshape(P, T).astype(float)
V = np.fromfile(os.path.join(data_dir, "v.f64"), dtype="<f8").reshape(T, k)
labels = np.fromfile(os.path.join(data_dir, "labels.i32"), dtype="<i4").reshape(L, T)

M, pitches = piano_roll(read_notes(piece))
same_shape = M.shape == ours.shape
differing = int((M != ours).sum()) if same_shape else -1

sigma = np.linalg.svd(ours, compute_uv=False)
cum = np.cumsum(sigma ** 2) / (ours ** 2).sum()
k_full = int(np.argmax(cum >= energy * (1 - 1e-12)) + 1)


def exact_silhouettes(X, labellings, chunk=512):
    """Mean silhouette of each labelling; distances by direct differences, every pair."""
    n = len(X)
    onehots, counts = [], []
    for lab in labellings:
        K = lab.max() + 1
        oh = np.zeros((n, K))
        oh[np.arange(n), lab] = 1.0
        onehots.append(oh)
        counts.append(oh.sum(0))
    sums = [np.zeros((n, oh.shape[1])) for oh in onehots]
    for a in range(0, n, chunk):
        D = cdist(X[a:a + chunk], X)  # sqrt of summed squared differences
        for s, oh in zip(sums, onehots):
            s[a:a + chunk] = D @ oh
    out = []
    for lab, s, cnt in zip(labellings, sums, counts):
        own = cnt[lab]
        a_ = s[np.arange(n), lab] / np.maximum(own - 1, 1)
        other = s / np.where(cnt > 0, cnt, np.inf)
        other[:, cnt == 0] = np.inf
        other[np.arange(n), lab] = np.inf
        b_ = other.min(1)
        den = np.maximum(a_, b_)
        sil = np.where((own > 1) & (den > 0), (b_ - a_) / np.where(den > 0, den, 1), 0.0)
        out.append(float(sil.mean()))
    return out


exact = exact_silhouettes(V, labels)
sk = None
if os.environ.get("NEUROMUSIC_ORACLE_SKLEARN", "1") != "0":
    try:
        from sklearn.metrics import silhouette_score
        sk = [float(silhouette_score(V, lab)) for lab in labels]
    except ImportError:
        pass

print(json.dumps({
    "P": int(M.shape[0]), "T": int(M.shape[1]), "density": float(M.mean()), "pitches": [int(p) for p in pitches],
    "cellsDiffering": differing, "sigmaFull": [float(x) for x in sigma], "kFull": k_full,
    "silhouetteExact": exact, "silhouetteSklearn": sk,
}))
